/**
 * `dns lint --server` and `dns check` against real BIND servers on loopback, all on one port:
 * the parent (127.0.0.9, zone test.), the primary (127.0.0.1: live.test. and its reverse zone),
 * a secondary (127.0.0.2), a secondary left stale (127.0.0.3: started before the primary's
 * serial was raised), a secondary with open recursion (127.0.0.4, forwarding only to the
 * primary so nothing leaves loopback), and ns5 (127.0.0.5) where nothing listens.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Resolver } from '../../src/dns/resolver.js';
import { lintZoneFiles } from '../../src/dns/zone/lint/index.js';
import { compareZonesWithServer } from '../../src/dns/zone/live/compare.js';
import { checkDomain } from '../../src/dns/zone/live/delegation.js';
import { namedPath } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';
import { insideNetns, rerunInNetns } from '../harness/netns-rerun.js';
import {
  LIVE_ADDRESSES,
  type LiveServers,
  ORIGINAL_ZONE,
  startLiveServers,
  withSerial,
} from './live-servers.js';

// The servers need addresses of their own: outside the namespace, this file re-runs itself inside one.
if (!insideNetns()) rerunInNetns(import.meta.url, LIVE_ADDRESSES);
let skip: string | boolean = !insideNetns();
try {
  namedPath();
} catch (e) {
  if (!process.env.CI) skip = (e as Error).message;
}

let live: LiveServers;
let port = 0;
let dir = '';
let liveFile = '';
const ORIGINAL = ORIGINAL_ZONE;

before(async () => {
  if (skip) return;
  live = await startLiveServers(53);
  ({ port, dir, liveFile } = live);
});
after(async () => live?.stop());

function lintWith(text: string) {
  const f = path.join(dir, `copy-${Math.random().toString(36).slice(2)}.db`);
  writeFileSync(f, text);
  return lintZoneFiles([{ file: f }]);
}

const ids = (fs: { id: string }[]) => fs.map((f) => f.id).sort();

test('lint --server: the file as served is in sync; the stale secondary and the dead ns5 are named', {
  skip,
}, async () => {
  const r = await compareZonesWithServer(lintWith(readFileSync(liveFile, 'utf8')), `127.0.0.1:${port}`);
  assert.equal(r.zones[0]?.method, 'axfr');
  assert.deepEqual(ids(r.findings), [
    'zone.secondary.in-sync',
    'zone.secondary.in-sync',
    'zone.secondary.stale',
    'zone.secondary.unreachable',
    'zone.server.in-sync',
  ]);
  const stale = r.findings.find((f) => f.id === 'zone.secondary.stale');
  assert.deepEqual(stale?.params, {
    ns: 'ns3.live.test.',
    address: `127.0.0.3:${port}`,
    zone: 'live.test.',
    serial: 2026120601,
    expected: 2026120602,
  });
});

test('lint --server: serial raised in the file but not on the server → edited, not reloaded', {
  skip,
}, async () => {
  const r = await compareZonesWithServer(
    lintWith(`${withSerial(ORIGINAL, 2026120603)}new     IN A    127.0.0.81\nnewer IN A 127.0.0.82\n`),
    `127.0.0.1:${port}`,
  );
  const f = r.findings.find((x) => x.id === 'zone.server.not-reloaded');
  assert.equal(f?.severity, 'fail');
  assert.deepEqual([f?.params?.serverSerial, f?.params?.fileSerial], [2026120602, 2026120603]);
});

test('lint --server: same serial, a changed record → edited, serial not raised (found by AXFR and by queries)', {
  skip,
}, async () => {
  const edited = `${withSerial(ORIGINAL, 2026120602).replace('127.0.0.80', '127.0.0.88')}new     IN A    127.0.0.81\n`;
  for (const server of [`127.0.0.1:${port}`, `127.0.0.2:${port}`]) {
    const r = await compareZonesWithServer(lintWith(edited), server, {
      today: new Date(Date.UTC(2026, 11, 6)),
    });
    const f = r.findings.find((x) => x.id === 'zone.server.serial-not-bumped');
    assert.ok(f, `${server}: ${JSON.stringify(r.findings.map((x) => x.id))}`);
    assert.equal(f.params?.next, 2026120603);
    assert.match(String(f.params?.sample), /www\.live\.test\. 3600 A 127\.0\.0\.88/);
    assert.equal(r.zones[0]?.method, server.startsWith('127.0.0.1') ? 'axfr' : 'queries');
  }
});

test('dns check: lame ns5, stale ns3, open recursion on ns4, NS sets and glue differ, mx2 without PTR', {
  skip,
}, async () => {
  const resolver = new Resolver({ servers: [`127.0.0.1:${port}`], timeoutMs: 1000, retries: 0 });
  const r = await checkDomain('live.test', {
    resolver,
    parent: [`127.0.0.9:${port}`],
    nsPort: port,
    timeoutMs: 1000,
  });
  assert.equal(r.parentZone, 'test.');
  assert.deepEqual(r.parentNs, ['ns1.live.test.', 'ns2.live.test.', 'ns3.live.test.', 'ns4.live.test.']);
  assert.deepEqual(ids(r.findings), [
    'dns.check.glue-mismatch',
    'dns.check.lame',
    'dns.check.lame',
    'dns.check.mail-ptr',
    'dns.check.ns-mismatch',
    'dns.check.open-recursion',
    'dns.check.serial-mismatch',
  ]);
  const lame = r.findings.filter((f) => f.id === 'dns.check.lame').map((f) => f.params?.address);
  assert.deepEqual(lame.sort(), [`127.0.0.22:${port}`, `127.0.0.5:${port}`]);
  assert.equal(
    r.findings.find((f) => f.id === 'dns.check.open-recursion')?.params?.address,
    `127.0.0.4:${port}`,
  );
  assert.equal(r.findings.find((f) => f.id === 'dns.check.mail-ptr')?.params?.host, 'mx2.live.test.');
  assert.deepEqual(r.findings.find((f) => f.id === 'dns.check.ns-mismatch')?.params?.onlyZone, [
    'ns5.live.test.',
  ]);
});

test('CLI: dns lint --server and dns check print --json with exit 1', { skip }, async () => {
  const env = { LANG: 'C' };
  const a = await runCliCaptured(['dns', 'lint', liveFile, '--server', `127.0.0.1:${port}`, '--json'], {
    env,
  });
  assert.equal(a.status, 1, a.err);
  const doc = JSON.parse(a.out) as { live: { zones: { method: string }[] }; findings: { id: string }[] };
  assert.equal(doc.live.zones[0]?.method, 'axfr');
  const b = await runCliCaptured(
    [
      'dns',
      'check',
      'live.test',
      '--server',
      `127.0.0.1:${port}`,
      '--parent',
      `127.0.0.9:${port}`,
      '--ns-port',
      String(port),
      '--timeout',
      '1',
      '--lang',
      'ja',
    ],
    { env },
  );
  assert.equal(b.status, 1, b.err);
  assert.match(b.out, /オープンリゾルバー/);
});
