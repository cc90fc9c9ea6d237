import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lintZones } from '../lint/index.js';
import { parseZoneText } from '../parse.js';
import { ZONE_CHECKS } from './index.js';

test('the check registry lists every file of checks/, sorted by finding id, each id named after its file', () => {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('zone.') && f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  const ids = ZONE_CHECKS.map((c) => c.meta.id);
  assert.deepEqual(ids, files);
  assert.deepEqual([...ids].sort(), ids);
});

const HEAD =
  '$TTL 1h\n@ SOA ns1 hostmaster ( 2026120601 3h 15m 2w 1h )\n NS ns1\n NS ns2.example.net.\nns1 A 192.0.2.53\n';
const lint = (body: string, origin = 'example.org') =>
  lintZones([parseZoneText(HEAD + body, { origin, file: 'z.db', onError: 'collect' })], {
    today: new Date(Date.UTC(2026, 11, 6)),
  });
const ids = (body: string, origin?: string) =>
  lint(body, origin)
    .findings.filter((f) => f.severity !== 'ok' && f.id !== 'zone.reverse.zone-missing')
    .map((f) => `${f.id}@${(f.evidence as { line?: number }).line ?? ''}`)
    .sort();

const KEY_B64 = '1+OREDHB0F8VDFQ1C+FHs+o5O+yS44m73zN55uTNtXYp6Wt5/aBo/wgNbGcm/MKbUQbd3t568A4UcF0ddyayVQ==';
const KEY = `@ DNSKEY 257 3 13 ${KEY_B64}\n`;

const TABLE: { body: string; ids: string[]; origin?: string }[] = [
  { body: '', ids: [] },
  { body: 'www CNAME ns1\nwww TXT "x"\n', ids: ['zone.cname.other-data@6'] },
  { body: 'www CNAME ns1\nwww CNAME ns2.example.net.\n', ids: ['zone.cname.other-data@6'] },
  {
    body: 'www CNAME ns1\nwww RRSIG A 8 3 3600 20270101000000 20261201000000 1 example.org. AAAA\n',
    ids: [],
  },
  { body: '@ MX 10 mail\nmail CNAME ns1\n', ids: ['zone.target.cname@6'] },
  { body: '@ MX 10 mail\n', ids: ['zone.target.no-address@6'] },
  { body: '_sip._tcp SRV 0 0 5060 sip\n', ids: ['zone.target.no-address@6'] },
  { body: 'sub NS ns.sub\nns.sub A 192.0.2.9\nwww.sub A 192.0.2.10\n', ids: ['zone.data.occluded@8'] },
  { body: 'ns1 A 192.0.2.53\n', ids: ['zone.record.duplicate@6'] },
  { body: 'x 0 MX 10 ns1\n', ids: ['zone.ttl.unusual@6'] },
  { body: 'x 4w A 192.0.2.1\n', ids: ['zone.ttl.unusual@6'] },
  { body: 'x 3000000000 A 192.0.2.1\n', ids: ['zone.ttl.unusual@6'] },
  { body: '$GENERATE 1-3 h$ A 192.0.2.$\n', ids: ['zone.generate.used@6'] },
  { body: '_dmarc TXT "v=DMARC1; p=bogus"\n', ids: ['zone.txt.policy-invalid@6'] },
  { body: '@ TXT "v=spf1 -all"\n@ TXT "v=spf1 mx -all"\n', ids: ['zone.txt.policy-invalid@6'] },
  { body: '_mta-sts TXT "v=STSv1; id=2026-12-06"\n', ids: ['zone.txt.policy-invalid@6'] },
  { body: '_smtp._tls TXT "v=TLSRPTv1;"\n', ids: ['zone.txt.policy-invalid@6'] },
  { body: 'www CNAME host.example.net\n', ids: ['zone.name.missing-dot@6'] },
  { body: 'www CNAME host.example.org\n', ids: ['zone.name.missing-dot@6'] },
  { body: 'www.example.org A 192.0.2.7\n', ids: ['zone.name.missing-dot@6'] },
  { body: 'x A 192.0.2.1\n@ DS 1 8 2 ABCD\n', ids: ['zone.ds.at-apex@7'] },
  { body: 'bad A 192.0.2.999\nok A 192.0.2.1\n', ids: ['zone.syntax.error@6'] },
  // CDS/CDNSKEY against the apex DNSKEY; the CDS was made by BIND's dnssec-dsfromkey -2 -C.
  {
    body: `${KEY}@ CDS 21669 13 2 333C27C227E9E10A5846ADEB84435C521A6A97DEF16453557D6AF8E6C88CA2FB\n`,
    ids: [],
  },
  {
    body: `${KEY}@ CDS 21669 13 2 333C27C227E9E10A5846ADEB84435C521A6A97DEF16453557D6AF8E6C88CA2FA\n`,
    ids: ['zone.cds.mismatch@7'],
  },
  { body: `${KEY}@ CDNSKEY 257 3 13 ${KEY_B64}\n`, ids: [] },
  { body: `${KEY}@ CDNSKEY 256 3 13 ${KEY_B64}\n`, ids: ['zone.cds.mismatch@7'] },
  { body: '@ CDS 0 0 0 00\n@ CDNSKEY 0 3 0 AA==\n', ids: [] },
  { body: '@ CDS 1 8 2 ABCD\n', ids: ['zone.cds.mismatch@6'] },
  { body: 'cpnmuaaa NSEC3 1 1 12 AABB IMQ912BREQP1POLAH3RMONGUED541ASU A\n', ids: [] },
  { body: 'x NSEC3 1 1 12 AABB IMQ912BREQP1POLAH3RMONGUED541ASU A\n', ids: ['zone.nsec3.bad-owner@6'] },
  { body: 'svc SVCB 1 _x.example.net. alpn=h2\n', ids: ['zone.name.not-hostname@6'] },
  { body: 'svc HTTPS 0 _x.example.net.\n', ids: [] },
];

for (const c of TABLE) {
  test(`zone check table: ${JSON.stringify(c.body)} → ${c.ids.join(', ') || 'nothing'}`, () => {
    assert.deepEqual(ids(c.body, c.origin), c.ids);
  });
}

test('SOA checks: timers, future serial, bad-date serial, missing NS and SOA', () => {
  const z = (text: string) =>
    lintZones([parseZoneText(text, { origin: 'example.org', file: 'z.db' })], {
      today: new Date(Date.UTC(2026, 11, 6)),
    }).findings.map((f) => f.id);
  assert.ok(
    z('$TTL 1h\n@ SOA ns1 h 2026120601 60 120 3600 2d\n NS ns1\nns1 A 192.0.2.1\n').includes(
      'zone.soa.timers',
    ),
  );
  assert.ok(
    z('$TTL 1h\n@ SOA ns1 h 2027013101 3h 15m 2w 1h\n NS ns1\nns1 A 192.0.2.1\n').includes(
      'zone.serial.future',
    ),
  );
  assert.ok(
    z('$TTL 1h\n@ SOA ns1 h 2026133101 3h 15m 2w 1h\n NS ns1\nns1 A 192.0.2.1\n').includes(
      'zone.serial.bad-date',
    ),
  );
  assert.ok(z('$TTL 1h\n@ SOA ns1 h 1 3h 15m 2w 1h\nns1 A 192.0.2.1\n').includes('zone.ns.missing'));
  assert.ok(z('$TTL 1h\nns1 A 192.0.2.1\n').includes('zone.soa.missing'));
});
