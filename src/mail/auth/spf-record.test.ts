import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSpfRecord, parseSpf } from './spf-record.js';

test('isSpfRecord: exactly "v=spf1", then a space or the end (RFC 7208 §4.5)', () => {
  assert.equal(isSpfRecord('v=spf1 -all'), true);
  assert.equal(isSpfRecord('v=spf1'), true);
  assert.equal(isSpfRecord('V=SPF1 mx'), true);
  assert.equal(isSpfRecord('v=spf10 -all'), false);
  assert.equal(isSpfRecord('spf2.0/pra -all'), false);
});

test('parseSpf: mechanisms with qualifiers, values and prefix lengths', () => {
  const p = parseSpf(
    'v=spf1 +mx a:mail.example.org/28 ip6:2001:db8::/32 ~include:_spf.example.net redirect=x.example.org',
  );
  assert.deepEqual(p.errors, []);
  assert.deepEqual(
    p.terms.map((t) => (t.kind === 'mechanism' ? [t.qualifier, t.name, t.value, t.cidr] : [t.name, t.value])),
    [
      ['+', 'mx', undefined, undefined],
      ['+', 'a', 'mail.example.org', '/28'],
      ['+', 'ip6', '2001:db8::', '/32'],
      ['~', 'include', '_spf.example.net', undefined],
      ['redirect', 'x.example.org'],
    ],
  );
});

test('parseSpf: syntax errors, one table row each', () => {
  const rows: [string, RegExp][] = [
    ['v=spf1 ip4:192.0.2.300 -all', /not an IPv4 address/],
    ['v=spf1 ip4:192.0.2.0/33', /bad prefix length/],
    ['v=spf1 include: -all', /empty value/],
    ['v=spf1 foo:bar -all', /unknown mechanism/],
    ['v=spf1 -all:foo', /all takes no value/],
    ['v=spf1 a:example.-com', /top-level label/],
    ['v=spf1 redirect=a.example.org redirect=b.example.org', /appears twice/],
    ['v=spf1 exists:%{q}.example.org', /bad macro/],
    ['v=spf1 -all exp=%{r}.example.org', /only in exp= text/],
    ['v=spf1 ptr/24', /ptr takes no prefix length/],
  ];
  for (const [record, want] of rows) {
    const { errors } = parseSpf(record);
    assert.ok(
      errors.some((e) => want.test(e)),
      `${record}: ${errors.join('; ') || 'no error'}`,
    );
  }
});
