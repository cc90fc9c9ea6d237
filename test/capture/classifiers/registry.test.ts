/**
 * The classifier registry is a sorted static list: a forgotten line would fail silently, so this
 * compares it with the folder (every `<proto>.ts` registered, nothing registered twice, ids sorted).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLASSIFIERS } from '../../../src/capture/classifiers/index.js';

const FOLDER = fileURLToPath(new URL('../../../src/capture/classifiers/', import.meta.url));
/** Files in the folder that are not classifiers: the definition and the engine. */
const NOT_CLASSIFIERS = new Set(['classifier.ts', 'index.ts']);

test('every classifier file is registered, and the registry is sorted by id', () => {
  const files = readdirSync(FOLDER)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_CLASSIFIERS.has(f))
    .map((f) => f.slice(0, -3))
    .sort();
  const ids = CLASSIFIERS.map((c) => c.id);
  assert.deepEqual(ids, files, 'CLASSIFIERS in classifiers/index.ts must list exactly the files <id>.ts');
  assert.deepEqual(ids, [...ids].sort());
});

test('every classifier declares a sane shape', () => {
  for (const c of CLASSIFIERS) {
    assert.match(c.id, /^[a-z0-9]+$/, c.id);
    assert.ok(c.name.length > 0, c.id);
    assert.ok(c.transports.length > 0, c.id);
    assert.ok(c.maxDepth >= 1 && c.maxDepth <= 16, `${c.id}: maxDepth`);
    for (const p of c.ports) assert.ok(Number.isInteger(p) && p > 0 && p < 65536, `${c.id}: port ${p}`);
  }
});

test('the registry holds every protocol issue 7 names', () => {
  const want = [
    'bittorrent',
    'dhcp',
    'dns',
    'edonkey',
    'ftp',
    'gnutella',
    'http',
    'imap',
    'isakmp',
    'l2tp',
    'llmnr',
    'mdns',
    'ntp',
    'openvpn',
    'pop',
    'quic',
    'rdp',
    'smb',
    'smtp',
    'snmp',
    'ssdp',
    'ssh',
    'syslog',
    'tls',
  ];
  assert.deepEqual(
    CLASSIFIERS.map((c) => c.id),
    want,
  );
});
