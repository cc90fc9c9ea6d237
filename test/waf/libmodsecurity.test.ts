/**
 * The v3 shapes, from libmodsecurity 3 itself. Its regression cases (owasp-modsecurity/ModSecurity
 * test/test-cases/regression, Apache-2.0, in the shared corpus: every case with an audit-log
 * expectation) are run through the real engine with their own rules, the audit log moved into a
 * temporary folder and written once natively and once as JSON: upstream's own expectation must
 * hold on what was written (so this is the v3 shape upstream asserts), and the rule ids netdoctor
 * reads must be those the engine logged. Then the Core Rule Set on v3: SQL injection, XSS, path
 * traversal, a scanner and clean requests; netdoctor's rule counts must equal the engine's
 * server-log lines (`[id "942100"]`, what nginx's error log holds).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { summarizeWafLog } from '../../src/waf/index.js';
import { corpusDir, corpusSkip } from '../harness/corpus.js';
import { buildModsec3, type Modsec3, type Modsec3Request, modsec3Skip } from '../harness/libmodsecurity.js';

const CASE_FILES = ['auditlog.json', 'action-ctl_audit_engine.json', 'issue-2000.json', 'issue-2196.json'];

interface RegressionCase {
  enabled?: number;
  title: string;
  client: { ip: string };
  request: { headers: Record<string, string>; uri: string; method: string };
  rules: string[];
  expected: { audit_log?: string; http_code?: number };
}

/**
 * The corpus is upstream's 3.0.13 snapshot; Debian's engine may be older. The differences between
 * them are allowed by rule, not by case, and only when the engine is older than 3.0.13: before
 * that version the H part of a rule that carries tags with multiMatch or logdata lacks its
 * `[tag "…"]` fields, and for a chain the starter's msg, logdata and severity are written empty.
 * So on such an engine an expectation may hold with those four fields relaxed — tags left out, msg,
 * data and severity of any value — and only when the log then holds no tag at all; every other
 * failure fails the test. (Netdoctor's reading is still checked on every case below.)
 */
function engineBefore3013(): boolean {
  try {
    // "libmodsecurity3<TAB>3.0.9-1+deb12u2"
    const line = execFileSync('dpkg-query', ['-W', 'libmodsecurity3'], { encoding: 'utf8' });
    const [major, minor, patch] = (line.split('\t')[1] ?? '').split(/[.+-]/).map(Number);
    return major === 3 && minor === 0 && (patch as number) < 13;
  } catch {
    return false;
  }
}
const OLDER_ENGINE = engineBefore3013();
const TAG_FIELD = /(?:\\s|\s)?\\\[tag "[^"]*"\\\]/g;
const CHAIN_FIELDS = /\\\[(msg|data|severity) "[^"]*"\\\]/g;

function holdsOnOlderEngine(expectation: string, text: string): boolean {
  if (!OLDER_ENGINE || text.includes('[tag "')) return false;
  const relaxed = expectation.replace(TAG_FIELD, '').replace(CHAIN_FIELDS, '\\[$1 "[^"]*"\\]');
  return relaxed !== expectation && upstreamRegex(relaxed).test(text);
}

/** Upstream's expectations are PCRE (regex_search): \A and \z are JavaScript's ^ and $ without the m flag. */
function upstreamRegex(re: string): RegExp {
  return new RegExp(re.replace(/\\A/g, '^').replace(/\\z/g, '$'));
}

function idCounts(lines: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const m = /\[id "(\d+)"\]/.exec(line);
    if (m && line.includes('ModSecurity: ')) counts[m[1] as string] = (counts[m[1] as string] ?? 0) + 1;
  }
  return counts;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const skip = modsec3Skip() || corpusSkip('modsecurity-regression');

describe('log waf against libmodsecurity 3 (v3 native and JSON)', { skip }, () => {
  let ms: Modsec3;
  before(async () => {
    ms = await buildModsec3();
  });
  after(() => ms?.remove());

  it("upstream's audit-log regression cases: its expectation holds, netdoctor reads the same rule ids", async () => {
    const root = path.join(corpusDir('modsecurity-regression') as string, 'regression');
    let checked = 0;
    const misses: string[] = [];
    const untagged: string[] = [];
    let checkedParallel = 0;
    for (const file of CASE_FILES) {
      const cases = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as RegressionCase[];
      for (const [i, c] of cases.entries()) {
        if (c.enabled === 0) continue;
        for (const format of ['Native', 'JSON'] as const) {
          const tag = `${file.replace(/\.json$/, '')}-${i}-${format}`;
          const log = path.join(ms.dir, `${tag}.log`);
          const store = path.join(ms.dir, `${tag}-store`);
          const rules = c.rules
            .map((r) =>
              r
                .replace(/^SecAuditLog\s+\S+/, `SecAuditLog ${log}`)
                .replace(/^SecAuditLogStorageDir\s+\S+/, `SecAuditLogStorageDir ${store}`),
            )
            .filter((r) => !r.startsWith('SecAuditLogFormat'));
          if (!rules.some((r) => r.startsWith('SecAuditLog '))) rules.push(`SecAuditLog ${log}`);
          rules.push(`SecAuditLogFormat ${format}`);
          mkdirSync(store, { recursive: true });
          const req: Modsec3Request = {
            ip: c.client.ip,
            method: c.request.method,
            uri: c.request.uri,
            ua: c.request.headers['User-Agent'] ?? '-',
            host: c.request.headers.Host ?? 'localhost',
          };
          const r = await ms.run(`${rules.join('\n')}\n`, [req]);
          if (c.expected.http_code !== undefined) assert.equal(r.statuses[0], c.expected.http_code, tag);
          const parallel = rules.some((x) => /^SecAuditLogType\s+Parallel/.test(x));
          const written = parallel ? filesUnder(store) : existsSync(log) ? [log] : [];
          const text = written.map((f) => readFileSync(f, 'utf8')).join('');
          // Upstream's expectation (a regex searched in the log) — for the native format it describes.
          if (
            format === 'Native' &&
            c.expected.audit_log &&
            !upstreamRegex(c.expected.audit_log).test(text)
          ) {
            if (holdsOnOlderEngine(c.expected.audit_log, text)) untagged.push(`${file}#${i}`);
            else misses.push(`${file}#${i}: ${c.expected.audit_log} not in ${text.slice(0, 2000)}`);
          }
          if (text.trim() === '') continue; // nolog,pass: nothing written (issue-2196)
          const result = await summarizeWafLog(parallel ? [store] : [log], { top: 1000 });
          assert.equal(
            result.summary.totals.unparsed,
            0,
            `${tag}: unparsed ${result.summary.unparsedExamples}`,
          );
          assert.equal(result.summary.totals.entries, 1, tag);
          assert.deepEqual(
            Object.keys(result.summary.formats),
            [format === 'JSON' ? 'v3-json' : 'v3-serial'],
            tag,
          );
          const want = [...text.matchAll(/(?:\[id \\?"|"ruleId":")(\d+)/g)].map((m) => m[1] as string);
          const got = result.summary.rules.flatMap((x) => Array(x.hits).fill(x.id) as string[]);
          assert.deepEqual(got.sort(), want.sort(), tag);
          checked++;
          if (parallel) checkedParallel++;
        }
      }
    }
    assert.deepEqual(misses, [], 'upstream expectations that do not hold on this libmodsecurity');
    if (untagged.length > 0)
      console.log(
        `# held with the fields libmodsecurity before 3.0.13 does not write relaxed: ${untagged.join(', ')}`,
      );
    assert.ok(checked >= 10, `cases checked: ${checked}`);
    assert.ok(checkedParallel >= 2, `Parallel (one file per entry) cases checked: ${checkedParallel}`);
  });

  const CRS_REQUESTS: Modsec3Request[] = [
    { ip: '127.0.0.1', method: 'GET', uri: "/?id=1'%20or%201=1--", ua: 'Mozilla/5.0' },
    { ip: '127.0.0.1', method: 'GET', uri: '/?q=%3Cscript%3Ealert(1)%3C/script%3E', ua: 'Mozilla/5.0' },
    { ip: '127.0.0.1', method: 'GET', uri: '/?file=../../../../etc/passwd', ua: 'Mozilla/5.0' },
    { ip: '127.0.0.1', method: 'GET', uri: '/', ua: 'Nikto/2.1.6' },
    { ip: '127.0.0.1', method: 'GET', uri: '/index.html', ua: 'Mozilla/5.0' },
    { ip: '127.0.0.2', method: 'GET', uri: "/search/?q=1'%20or%20'1'='1", ua: 'Mozilla/5.0' },
    { ip: '127.0.0.3', method: 'GET', uri: "/search/?q=1'%20or%20'1'='1", ua: 'Mozilla/5.0' },
    { ip: '127.0.0.4', method: 'GET', uri: "/search/?q=1'%20or%20'1'='1", ua: 'Mozilla/5.0' },
  ].map((r) => ({ ...r, host: 'shop.example.test' }));

  for (const format of ['Native', 'JSON'] as const) {
    it(`the Core Rule Set on v3, ${format}: rule ids and counts equal the engine's server log`, async () => {
      const log = path.join(ms.dir, `crs-${format}.log`);
      const rules = [
        'SecRuleEngine On',
        'SecRequestBodyAccess On',
        'SecAuditEngine RelevantOnly',
        'SecAuditLogRelevantStatus "^(?:5|4(?!04))"',
        'SecAuditLogParts ABIJDEFHZ',
        'SecAuditLogType Serial',
        `SecAuditLogFormat ${format}`,
        `SecAuditLog ${log}`,
        'Include /etc/modsecurity/crs/crs-setup.conf',
        'Include /usr/share/modsecurity-crs/rules/*.conf',
      ].join('\n');
      const r = await ms.run(`${rules}\n`, CRS_REQUESTS);
      const want = idCounts(r.serverLog);
      for (const id of ['942100', '941100', '930110', '913100', '949110']) assert.ok(want[id], `${id} fired`);
      const result = await summarizeWafLog([log], { top: 1000 });
      const s = result.summary;
      assert.deepEqual(Object.fromEntries(s.rules.map((x) => [x.id, x.hits])), want);
      assert.equal(s.totals.unparsed, 0);
      const forbidden = r.statuses.filter((x) => x === 403).length;
      assert.equal(s.totals.blocked, forbidden);
      assert.equal(s.statuses.find((x) => x.key === '403')?.entries, forbidden);
      const c = result.clusters.find((x) => x.suspect && x.ruleId === '942100');
      assert.equal(c?.target, 'ARGS:q');
      assert.equal(c?.path, '/search/');
      assert.equal(c?.sources, 3);
      assert.ok(result.findings.some((f) => f.id === 'waf.scanner.seen'));
    });
  }
});
