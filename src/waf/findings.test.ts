/** Which findings a summary gives, by table: each finding id from the entries that must raise it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AuditEntry, emptyEntry, type RuleHit } from './entry.js';
import { triage, wafFindings } from './findings.js';
import type { AuditInputReport } from './read.js';
import { WafSummary } from './summary.js';

const hit = (id: string, target = 'ARGS:q', severity = 'CRITICAL'): RuleHit => ({
  id,
  msg: id === '949110' ? 'Inbound Anomaly Score Exceeded (Total Score: 5)' : `rule ${id}`,
  severity,
  target,
  data: '',
  disruptive: id === '949110',
});

function entry(o: Partial<AuditEntry> & { hits: RuleHit[] }): AuditEntry {
  return {
    ...emptyEntry('v2-serial'),
    time: Date.UTC(2026, 11, 6, 10),
    client: '192.0.2.1',
    host: 'app.example',
    method: 'GET',
    uri: '/search?q=x',
    status: 403,
    intercepted: true,
    engineMode: 'ENABLED',
    ...o,
  };
}

const INPUT: AuditInputReport = {
  name: 'modsec_audit.log',
  files: 1,
  bytes: 1,
  entries: 1,
  unparsed: 0,
  cutLines: 0,
  problems: [],
  problemCount: 0,
};

function ids(entries: AuditEntry[], o: Parameters<typeof wafFindings>[4] = {}): string[] {
  const s = new WafSummary();
  for (const e of entries) s.add(e);
  const r = s.result();
  return wafFindings(r, [INPUT], triage(r, o), new Map(), o).map((f) => `${f.id}:${f.severity}`);
}

describe('WAF findings', () => {
  it('nothing fired: quiet, ok', () => {
    assert.deepEqual(ids([entry({ hits: [], status: 200, intercepted: false })]), ['waf.quiet:ok']);
  });
  it('no entries at all', () => {
    assert.deepEqual(ids([]), ['waf.no-entries:warn']);
  });
  it('an attack rule fired but the request went through', () => {
    assert.deepEqual(ids([entry({ hits: [hit('942100')], status: 200, intercepted: false })]), [
      'waf.attack.passed:warn',
      'waf.blocked:info',
    ]);
  });
  it('DetectionOnly', () => {
    const got = ids([
      entry({ hits: [hit('942100')], status: 200, intercepted: false, engineMode: 'DETECTION_ONLY' }),
    ]);
    assert.ok(got.includes('waf.engine.detection-only:warn'));
  });
  it('a source blocked 20 times, named once; a scanner', () => {
    const many = Array.from({ length: 20 }, () =>
      entry({ hits: [hit('942100'), hit('949110', 'TX:anomaly_score')] }),
    );
    const scanner = entry({
      client: '198.51.100.7',
      userAgent: 'Nikto',
      hits: [hit('913100', 'REQUEST_HEADERS:User-Agent')],
    });
    assert.deepEqual(ids([...many, scanner]), [
      'waf.source.heavy:warn',
      'waf.scanner.seen:info',
      'waf.blocked:info',
    ]);
  });
  it('a false-positive suspect from 3 clients on one parameter of one path, not from 2', () => {
    const from = (ip: string) => entry({ client: ip, hits: [hit('942100')] });
    assert.ok(
      ids([from('192.0.2.1'), from('192.0.2.2'), from('192.0.2.3')]).includes('waf.fp.candidate:info'),
    );
    assert.ok(
      !ids([from('192.0.2.1'), from('192.0.2.2'), from('192.0.2.2')]).includes('waf.fp.candidate:info'),
    );
    assert.ok(
      ids([from('192.0.2.1'), from('192.0.2.2')], { minSources: 2, minHits: 2 }).includes(
        'waf.fp.candidate:info',
      ),
    );
  });
  it('blocking-evaluation rules and TX targets make no cluster', () => {
    const s = new WafSummary();
    s.add(entry({ hits: [hit('949110', 'TX:anomaly_score'), hit('980130', 'TX:inbound_anomaly_score')] }));
    assert.deepEqual(s.result().clusters, []);
  });
});
