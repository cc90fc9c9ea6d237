import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanBytes, isGroup, isLocal } from './diagnose-hosts.js';

test('humanBytes: byte counts for people', () => {
  const rows: [number, string][] = [
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [437_378, '437 kB'],
    [1_500_000, '1.5 MB'],
    [25_000_000, '25 MB'],
    [1_100_000_000, '1.1 GB'],
  ];
  for (const [n, text] of rows) assert.equal(humanBytes(n), text, String(n));
});

test('isLocal: the admin-side addresses', () => {
  for (const a of [
    '10.0.2.15',
    '192.168.1.129',
    '172.16.42.216',
    '172.31.0.1',
    '127.0.0.1',
    '169.254.1.1',
    '100.64.0.1',
    'fe80::1',
    'fd00::84',
    '::1',
  ])
    assert.equal(isLocal(a), true, a);
  for (const a of ['104.156.226.72', '172.32.0.1', '8.8.8.8', '2001:db8::1', '100.128.0.1'])
    assert.equal(isLocal(a), false, a);
});

test('isGroup: multicast and broadcast are not hosts', () => {
  for (const a of ['224.0.0.252', '239.255.255.250', '255.255.255.255', 'ff02::c', 'FF05::1:3'])
    assert.equal(isGroup(a), true, a);
  for (const a of ['192.168.1.255', '10.0.2.15', 'fe80::1']) assert.equal(isGroup(a), false, a);
});
