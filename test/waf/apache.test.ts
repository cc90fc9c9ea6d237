/**
 * Acceptance: a real WAF. Debian's Apache with mod_security2 and the Core Rule Set, on 127.0.0.1,
 * writes its audit log in three ways at once (one virtual host each): the native serial format
 * (RelevantOnly), JSON in one serial file (every transaction), and JSON in the Concurrent
 * directory tree. A fixed set of requests — SQL injection, XSS, path traversal, a scanner's
 * User-Agent, clean requests, and one request repeated from three client addresses — goes to each.
 * The rule ids and counts netdoctor reads from each audit log must equal those in ModSecurity's own
 * error-log lines (`[id "942100"]`) for the same requests, and the exclusion snippet it proposes
 * must pass `apache2 -t` and, once loaded, stop the rule on that parameter.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { summarizeWafLog } from '../../src/waf/index.js';
import { type ApacheWaf, apacheWafSkip, startApacheWaf } from '../harness/apache.js';
import { runCliCaptured } from '../harness/cli.js';

interface Req {
  path: string;
  method?: string;
  body?: string;
  ua?: string;
  from?: string;
}

const HOST = 'shop.example.test';
const REQUESTS: readonly Req[] = [
  { path: "/?id=1'%20or%201=1--" },
  { path: '/?q=%3Cscript%3Ealert(1)%3C/script%3E' },
  { path: '/?file=../../../../etc/passwd' },
  { path: '/', ua: 'Nikto/2.1.6' },
  { path: '/', method: 'POST', body: 'comment=hello%20union%20select%20password%20from%20users' },
  { path: '/' },
  { path: '/index.html' },
  { path: '/search/?q=shoes' },
  { path: "/search/?q=1'%20or%20'1'='1", from: '127.0.0.2' },
  { path: "/search/?q=1'%20or%20'1'='1", from: '127.0.0.3' },
  { path: "/search/?q=1'%20or%20'1'='1", from: '127.0.0.4' },
];

function send(port: number, r: Req): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: r.path,
        method: r.method ?? 'GET',
        localAddress: r.from ?? '127.0.0.1',
        headers: {
          Host: HOST,
          'User-Agent': r.ua ?? 'Mozilla/5.0 (X11; Linux x86_64) netdoctor-test',
          Accept: 'text/html',
          ...(r.body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** ModSecurity's own count per rule id: its error-log lines `ModSecurity: … [id "942100"] …`. */
function errorLogCounts(file: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('ModSecurity: ')) continue;
    const m = /\[id "(\d+)"\]/.exec(line);
    if (m) counts[m[1] as string] = (counts[m[1] as string] ?? 0) + 1;
  }
  return counts;
}

const VHOSTS = [
  {
    name: 'serial',
    audit: 'SecAuditEngine RelevantOnly\nSecAuditLogType Serial\nSecAuditLog {dir}/modsec_audit.log',
    input: 'modsec_audit.log',
    format: 'v2-serial',
  },
  {
    name: 'json',
    audit:
      'SecAuditEngine On\nSecAuditLogType Serial\nSecAuditLogFormat JSON\nSecAuditLog {dir}/modsec_audit.json',
    input: 'modsec_audit.json',
    format: 'v2-json',
  },
  {
    name: 'concurrent',
    audit:
      'SecAuditEngine RelevantOnly\nSecAuditLogType Concurrent\nSecAuditLogFormat JSON\nSecAuditLogStorageDir {dir}/store\nSecAuditLog {dir}/index.log',
    input: 'store',
    format: 'v2-json',
  },
] as const;

describe('log waf against a real ModSecurity 2 with the Core Rule Set', { skip: apacheWafSkip() }, () => {
  let waf: ApacheWaf;
  const statuses: Record<string, number[]> = {};

  before(async () => {
    waf = await startApacheWaf(VHOSTS.map((v) => ({ name: v.name, audit: v.audit })));
    for (const v of VHOSTS) {
      statuses[v.name] = [];
      for (const r of REQUESTS) statuses[v.name]?.push(await send(waf.ports[v.name] as number, r));
    }
    // The audit log is written after the response; give the last entries a moment.
    await new Promise((r) => setTimeout(r, 300));
  });

  after(async () => {
    await waf?.stop();
  });

  for (const v of VHOSTS) {
    it(`${v.name}: rule ids and counts equal ModSecurity's error log; blocks equal the 403s`, async () => {
      const dir = waf.vhostDir(v.name);
      const want = errorLogCounts(path.join(dir, 'error.log'));
      assert.ok(Object.keys(want).length >= 8, `few rules fired: ${JSON.stringify(want)}`);
      for (const id of ['942100', '941100', '930110', '913100', '949110']) assert.ok(want[id], `${id} fired`);
      const r = await summarizeWafLog([path.join(dir, v.input)], { top: 100_000 });
      const got = Object.fromEntries(r.summary.rules.map((x) => [x.id, x.hits]));
      assert.deepEqual(got, want);
      const s = r.summary;
      assert.equal(s.totals.unparsed, 0);
      assert.deepEqual(Object.keys(s.formats), [v.format]);
      const forbidden = (statuses[v.name] ?? []).filter((x) => x === 403).length;
      assert.ok(forbidden >= 7, `403s: ${statuses[v.name]}`);
      assert.equal(s.totals.blocked, forbidden);
      // Every transaction is logged with SecAuditEngine On; RelevantOnly leaves out the clean ones.
      if (v.name === 'json') assert.equal(s.totals.entries, REQUESTS.length);
      else assert.ok(s.totals.entries >= forbidden && s.totals.entries < REQUESTS.length);
      assert.equal(s.statuses.find((x) => x.key === '403')?.entries, forbidden);
      assert.deepEqual(s.sources.map((x) => x.key).sort(), [
        '127.0.0.1',
        '127.0.0.2',
        '127.0.0.3',
        '127.0.0.4',
      ]);
      const fams = new Set(s.families.map((f) => f.family));
      for (const f of ['913', '930', '941', '942', '949']) assert.ok(fams.has(f), `family ${f}`);
      assert.ok(s.maxScore >= 5);
      assert.ok(r.findings.some((f) => f.id === 'waf.scanner.seen'));
    });
  }

  it('the triage finds the rule × path × parameter cluster from three clients, with snippets Apache accepts', async () => {
    const r = await summarizeWafLog([path.join(waf.vhostDir('json'), 'modsec_audit.json')], {
      ruleIdBase: 10100,
    });
    const c = r.clusters.find((x) => x.suspect && x.ruleId === '942100');
    assert.ok(c, JSON.stringify(r.clusters.filter((x) => x.suspect)));
    assert.equal(c.path, '/search/');
    assert.equal(c.target, 'ARGS:q');
    assert.equal(c.sources, 3);
    assert.equal(c.host, HOST);
    assert.ok(c.exclusion);
    assert.match(
      c.exclusion.runtime,
      /^SecRule REQUEST_FILENAME "@beginsWith \/search\/" "id:101\d\d,phase:1,pass,nolog,ctl:ruleRemoveTargetById=942100;ARGS:q"$/,
    );
    assert.equal(c.exclusion.configure, 'SecRuleUpdateTargetById 942100 "!ARGS:q"');
    const fp = r.findings.find(
      (f) => f.id === 'waf.fp.candidate' && (f.evidence as { ruleId: string }).ruleId === '942100',
    );
    assert.ok(fp);
    // Every snippet proposed is valid configuration for this very Apache.
    const all = r.clusters.flatMap((x) =>
      x.exclusion ? [x.exclusion.runtime, x.exclusion.configure ?? ''] : [],
    );
    assert.equal(await waf.configTest(all.join('\n')), undefined);
  });

  it('the runtime snippet, loaded, stops the rule on that parameter of that path and nowhere else', async () => {
    const file = path.join(waf.vhostDir('json'), 'modsec_audit.json');
    const r = await summarizeWafLog([file]);
    const c = r.clusters.find((x) => x.suspect && x.ruleId === '942100');
    assert.ok(c?.exclusion);
    const conf = path.join(waf.dir, 'exclusions.conf');
    writeFileSync(conf, `${c.exclusion.runtime}\n`);
    await waf.reload(`Include ${conf}`);
    const port = waf.ports.json as number;
    const errorLog = path.join(waf.vhostDir('json'), 'error.log');
    const before = errorLogCounts(errorLog)['942100'] ?? 0;
    await send(port, { path: "/search/?q=1'%20or%20'1'='1", from: '127.0.0.5' });
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(
      errorLogCounts(errorLog)['942100'] ?? 0,
      before,
      '942100 no longer fires on ARGS:q at /search/',
    );
    await send(port, { path: "/?id=1'%20or%201=1--", from: '127.0.0.5' });
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(errorLogCounts(errorLog)['942100'] ?? 0, before + 1, '942100 still fires elsewhere');
  });

  it('the CLI: --json carries the same counts, --csv the rule rows, --exclusions a reviewable file', async () => {
    const input = path.join(waf.vhostDir('serial'), 'modsec_audit.log');
    const j = await runCliCaptured(['log', 'waf', input, '--json']);
    assert.ok(j.status === 0 || j.status === 1, j.err);
    const doc = JSON.parse(j.out) as {
      summary: { rules: { id: string; hits: number }[] };
      findings: unknown[];
    };
    const want = errorLogCounts(path.join(waf.vhostDir('serial'), 'error.log'));
    assert.deepEqual(Object.fromEntries(doc.summary.rules.map((x) => [x.id, x.hits])), want);
    const c = await runCliCaptured(['log', 'waf', input, '--csv']);
    assert.match(c.out, /^rule,942100,942,\d+,/m);
    const out = path.join(waf.dir, 'review.conf');
    const x = await runCliCaptured(['log', 'waf', input, '--exclusions', out]);
    assert.ok(x.status === 0 || x.status === 1, x.err);
    assert.match(readFileSync(out, 'utf8'), /ctl:ruleRemoveTargetById=942100;ARGS:q/);
  });
});
