/**
 * The WAF log reader by tables: rule messages of each version, the target a rule matched, CRS
 * families, the exclusion snippets' escaping, and the assembler's counting of damaged entries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, RuleHit } from './entry.js';
import { parseRuleMessage } from './entry.js';
import { exclusionFor } from './exclusions.js';
import { ruleFamily } from './families.js';
import { type AuditLayout, EntryAssembler } from './formats/serial.js';
import { anomalyScore } from './summary.js';

describe('rule messages', () => {
  const cases: [string, string, Partial<RuleHit>][] = [
    [
      'v2 pattern match',
      'Warning. Pattern match "(?i)<script[^>]*>[\\\\s\\\\S]*?" at ARGS:q. [file "/usr/share/modsecurity-crs/rules/REQUEST-941-APPLICATION-ATTACK-XSS.conf"] [line "83"] [id "941110"] [msg "XSS Filter - Category 1: Script Tag Vector"] [data "Matched Data: <script> found within ARGS:q: <script>alert(1)</script>"] [severity "CRITICAL"] [ver "OWASP_CRS/3.3.4"] [tag "attack-xss"]',
      { id: '941110', target: 'ARGS:q', severity: 'CRITICAL', disruptive: false },
    ],
    [
      'v2 libinjection (target only in data)',
      'Warning. detected SQLi using libinjection with fingerprint \'s&1c\' [file "x.conf"] [line "66"] [id "942100"] [msg "SQL Injection Attack Detected via libinjection"] [data "Matched Data: s&1c found within ARGS:id: 1\' or 1=1--"] [severity "CRITICAL"]',
      { id: '942100', target: 'ARGS:id', msg: 'SQL Injection Attack Detected via libinjection' },
    ],
    [
      'v2 blocking evaluation',
      'Access denied with code 403 (phase 2). Operator GE matched 5 at TX:anomaly_score. [file "x.conf"] [line "94"] [id "949110"] [msg "Inbound Anomaly Score Exceeded (Total Score: 8)"] [severity "CRITICAL"]',
      { id: '949110', target: 'TX:anomaly_score', disruptive: true },
    ],
    [
      'v3 native, numeric severity',
      'Warning. Matched "Operator `PmFromFile\' with parameter `scanners-user-agents.data\' against variable `REQUEST_HEADERS:User-Agent\' (Value: `Nikto/2.1.6\' ) [file "x.conf"] [line "34"] [id "913100"] [rev ""] [msg "Found User-Agent associated with security scanner"] [data "Matched Data: nikto found within REQUEST_HEADERS:User-Agent: nikto/2.1.6"] [severity "2"]',
      { id: '913100', target: 'REQUEST_HEADERS:User-Agent', severity: 'CRITICAL' },
    ],
    [
      'v3 native, disruptive, no data',
      'Access denied with code 403 (phase 1). Matched "Operator `Contains\' with parameter `test\' against variable `ARGS:param2\' (Value: `test2\' ) [file "c.conf"] [line "3"] [id "1556"] [rev ""] [msg ""] [data ""] [severity "0"]',
      { id: '1556', target: 'ARGS:param2', severity: 'EMERGENCY', disruptive: true },
    ],
    [
      'a quoted [id "…"] inside the pattern is not the rule id',
      'Warning. Pattern match "\\\\[id \\"999\\"\\\\]" at ARGS:x. [file "x.conf"] [line "1"] [id "1234"] [msg "m"]',
      { id: '1234', target: 'ARGS:x' },
    ],
  ];
  for (const [name, text, want] of cases)
    it(name, () => {
      const hit = parseRuleMessage(text);
      assert.ok(hit);
      for (const [k, v] of Object.entries(want)) assert.equal(hit[k as keyof typeof hit], v, k);
    });
  it('a message without a rule id is no hit', () => {
    assert.equal(parseRuleMessage('Audit log: Failed to lock global mutex'), undefined);
    assert.equal(parseRuleMessage('Warning. [id "abc"] [msg "x"]'), undefined);
  });
});

describe('CRS families', () => {
  const table: [string, string][] = [
    ['911100', '911'],
    ['913100', '913'],
    ['920350', '920'],
    ['921110', '921'],
    ['930110', '930'],
    ['931100', '931'],
    ['932160', '932'],
    ['933100', '933'],
    ['934100', '934'],
    ['941100', '941'],
    ['942100', '942'],
    ['943100', '943'],
    ['944100', '944'],
    ['949110', '949'],
    ['951100', '951'],
    ['955100', '955'],
    ['959100', '959'],
    ['980130', '980'],
    ['9002100', '903'],
    ['200002', 'recommended'],
    ['1556', 'local'],
    ['907000', '9xx'],
  ];
  for (const [id, code] of table) it(`${id} → ${code}`, () => assert.equal(ruleFamily(id).code, code));
  it('only 930–944 are inbound attacks', () => {
    assert.ok(ruleFamily('942100').attack && ruleFamily('930100').attack);
    assert.ok(!ruleFamily('920350').attack && !ruleFamily('949110').attack && !ruleFamily('913100').attack);
  });
});

describe('exclusion snippets', () => {
  it('both forms for a plain parameter', () => {
    assert.deepEqual(exclusionFor({ ruleId: '942100', path: '/search/', target: 'ARGS:q' }, 10000), {
      runtime:
        'SecRule REQUEST_FILENAME "@beginsWith /search/" "id:10000,phase:1,pass,nolog,ctl:ruleRemoveTargetById=942100;ARGS:q"',
      configure: 'SecRuleUpdateTargetById 942100 "!ARGS:q"',
    });
  });
  it('without a target: the rule removed on that path only', () => {
    assert.deepEqual(exclusionFor({ ruleId: '920350', path: '/health', target: '' }, 7), {
      runtime:
        'SecRule REQUEST_FILENAME "@beginsWith /health" "id:7,phase:1,pass,nolog,ctl:ruleRemoveById=920350"',
    });
  });
  it('names and paths that could break out of the directive get no snippet', () => {
    for (const target of [
      'ARGS:a"b',
      'ARGS:a,b',
      'ARGS:a;b',
      'ARGS:a b',
      'ARGS:a\nSecRuleEngine Off',
      'args:q',
    ])
      assert.equal(exclusionFor({ ruleId: '942100', path: '/x', target }, 1), undefined, target);
    for (const path of ['/a"b', '/a b', '/a,b', 'relative', '/a\n'])
      assert.equal(exclusionFor({ ruleId: '942100', path, target: 'ARGS:q' }, 1), undefined, path);
  });
});

describe('anomaly score', () => {
  const hit = (id: string, severity: string, msg = '') => ({
    id,
    severity,
    msg,
    target: '',
    data: '',
    disruptive: false,
  });
  it('as CRS logged it', () =>
    assert.equal(
      anomalyScore([
        hit('942100', 'CRITICAL'),
        hit('949110', 'CRITICAL', 'Inbound Anomaly Score Exceeded (Total Score: 18)'),
      ]),
      18,
    ));
  it('else the sum of the detections', () =>
    assert.equal(
      anomalyScore([hit('942100', 'CRITICAL'), hit('920350', 'WARNING'), hit('1234', 'CRITICAL')]),
      8,
    ));
});

/** A libmodsecurity 3 JSON entry with one detection. */
const V3_DOC = {
  transaction: {
    client_ip: '192.0.2.9',
    time_stamp: 'Sun Dec  6 21:34:36 2026',
    unique_id: 'x',
    request: { method: 'GET', uri: '/' },
    response: { http_code: 403 },
    messages: [{ message: 'm', details: { ruleId: '942100', match: '', data: '' } }],
  },
};

describe('the assembler counts damaged entries and reads on', () => {
  const entry = (b: string, id: string, extra = true) =>
    [
      `--${b}-A--`,
      `[06/Dec/2026:21:13:22 +0000] U${id} 192.0.2.${id} 5000 127.0.0.1 80`,
      `--${b}-B--`,
      'GET /x?q=1 HTTP/1.1',
      'Host: app.example',
      '',
      `--${b}-H--`,
      `Message: Warning. Pattern match "x" at ARGS:q. [file "f"] [line "1"] [id "${id}"] [msg "m"]`,
      ...(extra ? [`--${b}-Z--`, ''] : []),
    ].join('\n');
  function run(text: string, only?: AuditLayout): { entries: AuditEntry[]; unparsed: string[] } {
    const entries: AuditEntry[] = [];
    const unparsed: string[] = [];
    const a = new EntryAssembler({ entry: (e) => entries.push(e), unparsed: (k) => unparsed.push(k) }, only);
    for (const line of text.split('\n')) a.line(line, false);
    a.end();
    return { entries, unparsed };
  }
  it('whole entries', () => {
    const r = run(entry('aaaa0001', '1') + entry('aaaa0002', '2'));
    assert.deepEqual(
      r.entries.map((e) => e.hits[0]?.id),
      ['1', '2'],
    );
    assert.deepEqual(r.unparsed, []);
  });
  it('a missing Z: that entry unparsed, the next read', () => {
    const r = run(`${entry('aaaa0001', '1', false)}\n${entry('aaaa0002', '2')}`);
    assert.deepEqual(
      r.entries.map((e) => e.hits[0]?.id),
      ['2'],
    );
    assert.deepEqual(r.unparsed, ['cut-entry']);
  });
  it('a file cut in the middle of an entry', () => {
    const r = run(`${entry('aaaa0001', '1')}${entry('aaaa0002', '2').slice(0, 120)}`);
    assert.deepEqual(
      r.entries.map((e) => e.hits[0]?.id),
      ['1'],
    );
    assert.deepEqual(r.unparsed, ['cut-entry']);
  });
  it("another entry's part inside an entry, a Z without an A, stray text, bad JSON", () => {
    const r = run(
      `--aaaa0001-A--\n[06/Dec/2026:21:13:22 +0000] U1 192.0.2.1 1 127.0.0.1 80\n--bbbb0002-H--\n--cccc0003-Z--\nhello\n{"not":"an entry"}\n{"transaction":\n${entry('aaaa0004', '4')}`,
    );
    assert.deepEqual(
      r.entries.map((e) => e.hits[0]?.id),
      ['4'],
    );
    assert.deepEqual(r.unparsed, ['cut-entry', 'cut-entry', 'stray-text', 'bad-json', 'bad-json']);
  });
  it('a beautified JSON document over several lines (early libmodsecurity 3)', () => {
    const doc = JSON.stringify(V3_DOC, null, 2);
    const r = run(doc);
    assert.equal(r.entries[0]?.format, 'v3-json');
    assert.equal(r.entries[0]?.time, Date.UTC(2026, 11, 6, 21, 34, 36));
    assert.equal(r.entries[0]?.hits[0]?.id, '942100');
  });
  it('a forced format (--format): entries of the other format are stray text, counted as unparsed', () => {
    const json = JSON.stringify(V3_DOC);
    const mixed = `${entry('aaaa0001', '1')}${json}\n`;
    const any = run(mixed);
    assert.deepEqual(
      any.entries.map((e) => e.format),
      ['v2-serial', 'v3-json'],
    );
    const serial = run(mixed, 'serial');
    assert.deepEqual(
      serial.entries.map((e) => e.hits[0]?.id),
      ['1'],
    );
    assert.deepEqual(serial.unparsed, ['stray-text']);
    const onlyJson = run(mixed, 'json');
    assert.deepEqual(
      onlyJson.entries.map((e) => e.hits[0]?.id),
      ['942100'],
    );
    assert.ok(onlyJson.unparsed.length > 0 && onlyJson.unparsed.every((k) => k === 'stray-text'));
  });
});
