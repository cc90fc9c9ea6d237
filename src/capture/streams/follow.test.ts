import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEndpoints } from './follow.js';

test('flows are named as conversations prints them, IPv6 with or without brackets', () => {
  assert.deepEqual(parseEndpoints('192.0.2.25:25-198.51.100.7:51234'), {
    a: '192.0.2.25',
    aPort: 25,
    b: '198.51.100.7',
    bPort: 51234,
  });
  const v6 = { a: '2001:db8::1', aPort: 443, b: '2001:db8::2', bPort: 51000 };
  assert.deepEqual(parseEndpoints('[2001:db8::1]:443-[2001:db8::2]:51000'), v6);
  assert.deepEqual(parseEndpoints('2001:db8::1:443-2001:DB8:0:0:0:0:0:2:51000'), v6);
  assert.equal(parseEndpoints('192.0.2.25:25'), undefined);
  assert.equal(parseEndpoints('host:25-192.0.2.1:99999'), undefined);
});
