import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { NetdoctorError } from '../core/errors.js';
import { parseAggregateXml, parseTlsReport } from './parse.js';

const FIX = new URL('../../test/fixtures/dmarc/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIX));

test('a 1.0 report: metadata, policy and every record with its results', () => {
  const r = parseAggregateXml(read('reporter.example!example.test!1700000000!1700086399.xml'), 'r.xml');
  assert.equal(r.schema, '1.0');
  assert.equal(r.orgName, 'reporter.example');
  assert.equal(r.reportId, 'rx-2023-11-14-0001');
  assert.deepEqual([r.begin, r.end], [1700000000, 1700086399]);
  assert.deepEqual(r.policy, {
    domain: 'example.test',
    p: 'none',
    sp: 'none',
    adkim: 'r',
    aspf: 'r',
    pct: 100,
  });
  assert.deepEqual(
    r.records.map((x) => [x.sourceIp, x.count, x.dkim, x.spf]),
    [
      ['198.51.100.10', 120, 'pass', 'pass'],
      ['198.51.100.20', 7, 'fail', 'fail'],
      ['198.51.100.30', 15, 'pass', 'fail'],
      ['203.0.113.5', 4, 'fail', 'fail'],
    ],
  );
  assert.deepEqual(r.records[3]?.authDkim, [{ domain: 'mailer.example', selector: 'k1', result: 'pass' }]);
  assert.deepEqual(r.records[1]?.authDkim, []);
});

test('RFC 9990 namespaced report with prefixes: schema 2.0, np, scope', () => {
  const r = parseAggregateXml(read('ns.reporter.example!example.test!1700086400!1700172799.xml'), 'ns.xml');
  assert.equal(r.schema, '2.0');
  assert.equal(r.policy.np, 'reject');
  assert.equal(r.policy.adkim, 'r', 'RFC 7489 default alignment when absent');
  assert.equal(r.records[0]?.authSpf[0]?.scope, 'mfrom');
  assert.equal(r.records[0]?.count, 33);
});

test('the draft schema (no <version>) and upper-case results are read', () => {
  const xml = `<feedback><report_metadata><org_name>Old</org_name><email>a@b</email><report_id>1</report_id>
    <date_range><begin>1</begin><end>2</end></date_range></report_metadata>
    <policy_published><domain>Example.TEST</domain><p>None</p></policy_published>
    <record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition>
    <dkim>Pass</dkim><spf>FAIL</spf></policy_evaluated></row><identifiers><header_from>example.test</header_from></identifiers>
    <auth_results></auth_results></record></feedback>`;
  const r = parseAggregateXml(xml, 'draft.xml');
  assert.equal(r.schema, 'draft');
  assert.equal(r.policy.domain, 'example.test');
  assert.deepEqual([r.records[0]?.dkim, r.records[0]?.spf, r.policy.p], ['pass', 'fail', 'none']);
});

const refused: [string, RegExp][] = [
  ['billion-laughs.xml', /DOCTYPE/],
  ['xxe.xml', /DOCTYPE/],
  ['not-dmarc.xml', /not a DMARC aggregate report \(root element <rss>/],
];
for (const [file, message] of refused) {
  test(`refused with a one-line error naming the file: ${file}`, () => {
    assert.throws(
      () => parseAggregateXml(read(file), file),
      (e: unknown) =>
        e instanceof NetdoctorError &&
        e.input === file &&
        message.test(e.message) &&
        !e.message.includes('\n'),
    );
  });
}

test('XXE: the external file never appears in anything we return', () => {
  assert.throws(() => parseAggregateXml(read('xxe.xml'), 'xxe.xml'), /refused/);
});

function report(records: string, begin = 1700000000, end = 1700086399): string {
  return `<feedback><report_metadata><org_name>R</org_name><report_id>1</report_id><date_range><begin>${begin}</begin><end>${end}</end></date_range></report_metadata><policy_published><domain>d.test</domain><p>none</p></policy_published>${records}</feedback>`;
}
function rec(ip: string, count: string, verdict = 'fail'): string {
  return `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>${verdict}</dkim><spf>${verdict}</spf></policy_evaluated></row><identifiers><header_from>d.test</header_from></identifiers></record>`;
}
const NOW = { now: 1700100000 };

test('history poisoning: impossible counts and addresses that are not addresses are refused record by record', () => {
  const r = parseAggregateXml(
    report(
      [
        rec('192.0.2.1', '7'),
        rec('192.0.2.66', '99999999999999999999999', 'pass'),
        rec('192.0.2.67', '4294967296', 'pass'),
        rec('not-an-address', '5', 'pass'),
        rec('192.0.2.300', '5', 'pass'),
        rec('192.0.2.68', '-5', 'pass'),
        rec('192.0.2.69', '1.5e3', 'pass'),
        rec('2001:db8::1', '4294967295'),
        rec('192.0.2.70', '000000000000012'),
      ].join(''),
    ),
    'poison.xml',
    NOW,
  );
  assert.deepEqual(
    r.records.map((x) => [x.sourceIp, x.count]),
    [
      ['192.0.2.1', 7],
      ['2001:db8::1', 4294967295],
      ['192.0.2.70', 12],
    ],
  );
  assert.deepEqual(
    r.refused.map((x) => [x.record, x.sourceIp]),
    [
      [2, '192.0.2.66'],
      [3, '192.0.2.67'],
      [4, 'not-an-address'],
      [5, '192.0.2.300'],
      [6, '192.0.2.68'],
      [7, '192.0.2.69'],
    ],
  );
  assert.match(r.refused[0]?.reason ?? '', /<count> "99999999999999999999999" is beyond 4294967295/);
  assert.match(r.refused[2]?.reason ?? '', /<source_ip> "not-an-address" is not an IP address/);
  assert.match(r.refused[4]?.reason ?? '', /<count> "-5" is not a whole number/);
});

test('one record with an empty <source_ip/> is refused; the report keeps its other records, reporter and period', () => {
  const r = parseAggregateXml(
    report(
      `${rec('192.0.2.1', '3', 'pass')}${rec('', '4')}`.replace('<source_ip></source_ip>', '<source_ip/>'),
    ),
    'empty-ip.xml',
    NOW,
  );
  assert.equal(r.orgName, 'R');
  assert.deepEqual([r.begin, r.end], [1700000000, 1700086399]);
  assert.deepEqual(
    r.records.map((x) => x.sourceIp),
    ['192.0.2.1'],
  );
  assert.deepEqual(r.refused, [{ record: 2, sourceIp: '', reason: 'no <source_ip>' }]);
});

test('a period in the year 5138 or one that ends before it begins: every record refused, with the reason', () => {
  const future = parseAggregateXml(
    report(rec('192.0.2.1', '3', 'pass'), 1700000000, 99999999999),
    'f.xml',
    NOW,
  );
  assert.deepEqual(future.records, []);
  assert.match(future.refused[0]?.reason ?? '', /ends in the future \(year 5138\)/);
  const backwards = parseAggregateXml(
    report(rec('192.0.2.1', '3', 'pass'), 1700086399, 1700000000),
    'b.xml',
    NOW,
  );
  assert.deepEqual(backwards.records, []);
  assert.match(backwards.refused[0]?.reason ?? '', /begins \(1700086399\) after it ends \(1700000000\)/);
  // a day of clock skew is allowed: a period ending an hour from "now" is believed
  assert.equal(
    parseAggregateXml(report(rec('192.0.2.1', '3'), 1700000000, 1700103600), 's.xml', NOW).records.length,
    1,
  );
});

test('deep nesting is an error, not a crash', () => {
  const deep = `<feedback>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</feedback>`;
  assert.throws(() => parseAggregateXml(deep, 'deep.xml'), /nested deeper than 64/);
});

test('SMTP TLS report (RFC 8460)', () => {
  const json = JSON.stringify({
    'organization-name': 'Company-X',
    'date-range': { 'start-datetime': '2016-04-01T00:00:00Z', 'end-datetime': '2016-04-01T23:59:59Z' },
    'report-id': 'r1',
    policies: [
      {
        policy: { 'policy-type': 'sts', 'policy-domain': 'Example.TEST' },
        summary: { 'total-successful-session-count': 10, 'total-failure-session-count': 2 },
        'failure-details': [{ 'result-type': 'certificate-expired', 'failed-session-count': 2 }],
      },
    ],
  });
  const r = parseTlsReport(json, 't.json');
  assert.equal(r.begin, Date.UTC(2016, 3, 1) / 1000);
  assert.deepEqual(r.policies[0]?.failureDetails, [
    { resultType: 'certificate-expired', failedSessionCount: 2 },
  ]);
  assert.equal(r.policies[0]?.policyDomain, 'example.test');
  assert.throws(() => parseTlsReport('{"a":1}', 'x.json'), /not an SMTP TLS report/);
});
