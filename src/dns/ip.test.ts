import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arpaName, canonicalAddress, expandIPv6, sameAddress } from './ip.js';

test('arpaName for IPv4 and IPv6 (RFC 1035 §3.5, RFC 3596 §2.5)', () => {
  assert.equal(arpaName('192.0.2.25'), '25.2.0.192.in-addr.arpa');
  assert.equal(
    arpaName('2001:db8::567:89ab'),
    'b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
  );
  assert.throws(() => arpaName('example.org'), /not an IPv4 or IPv6 address/);
});

test('IPv6 forms compare equal; canonical form is compressed like inet_ntop', () => {
  assert.equal(expandIPv6('::1'), '0000:0000:0000:0000:0000:0000:0000:0001');
  assert.equal(expandIPv6('::ffff:192.0.2.1'), '0000:0000:0000:0000:0000:ffff:c000:0201');
  assert.ok(sameAddress('2001:DB8:0:0::25', '2001:db8::25'));
  assert.ok(!sameAddress('2001:db8::25', '2001:db8::26'));
  assert.ok(!sameAddress('192.0.2.1', '::ffff:192.0.2.1'));
  assert.equal(canonicalAddress('2001:0db8:0000:0000:0000:0000:0000:0025'), '2001:db8::25');
  assert.equal(canonicalAddress('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1');
  assert.equal(canonicalAddress('2001:db8:1:0:1:0:1:0'), '2001:db8:1:0:1:0:1:0');
  assert.equal(canonicalAddress('192.0.2.1'), '192.0.2.1');
});
