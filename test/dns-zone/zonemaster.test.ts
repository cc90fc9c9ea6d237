/**
 * `dns check` against Zonemaster (Debian zonemaster-cli, run with --ns at the same loopback
 * servers, inside the test's own network namespace with root hints pointing at 127.0.0.9 so no
 * query leaves it): the same verdicts for the tests both run — SOA serials agree
 * (Consistency01), no recursion on authoritative servers (Nameserver01), every server answers
 * (Connectivity01).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Resolver } from '../../src/dns/resolver.js';
import { checkDomain } from '../../src/dns/zone/live/delegation.js';
import { namedPath } from '../harness/bind.js';
import { insideNetns, rerunInNetns } from '../harness/netns-rerun.js';
import { LIVE_ADDRESSES, type LiveServers, startLiveServers } from './live-servers.js';

if (!insideNetns()) rerunInNetns(import.meta.url, LIVE_ADDRESSES, 600_000);
const ZONEMASTER = ['/usr/bin/zonemaster-cli', '/usr/local/bin/zonemaster-cli'].find((p) => existsSync(p));
let skip: string | boolean = !insideNetns();
if (insideNetns() && !process.env.CI) {
  try {
    namedPath();
    if (!ZONEMASTER) skip = 'zonemaster-cli (Debian zonemaster-cli) is not installed';
  } catch (e) {
    skip = (e as Error).message;
  }
}

let live: LiveServers;
before(async () => {
  if (!skip) live = await startLiveServers(53);
});
after(async () => live?.stop());

const NS = [1, 2, 3, 4, 5].map((i) => ({ name: `ns${i}.live.test`, address: `127.0.0.${i}` }));

interface ZmMessage {
  level: string;
  testcase: string;
  tag: string;
  args?: Record<string, string>;
}

test('dns check agrees with zonemaster-cli --ns on serials, recursion and reachability', {
  skip,
  timeout: 600_000,
}, async () => {
  assert.ok(ZONEMASTER, 'zonemaster-cli is not installed: run bash scripts/install-peers.sh');
  const hints = path.join(live.dir, 'root.hints');
  writeFileSync(hints, '. 3600000 NS ns.test.\nns.test. 3600000 A 127.0.0.9\n');
  const zm = spawnSync(
    ZONEMASTER,
    [
      'live.test',
      '--hints',
      hints,
      '--no-ipv6',
      '--raw',
      '--json',
      '--show-testcase',
      '--level',
      'INFO',
      ...NS.flatMap((n) => ['--ns', `${n.name}/${n.address}`]),
      ...['Consistency/consistency01', 'Nameserver/nameserver01', 'Connectivity/connectivity01'].flatMap(
        (t) => ['--test', t],
      ),
    ],
    { encoding: 'utf8', timeout: 540_000, maxBuffer: 64 << 20 },
  );
  assert.equal(zm.status, 0, zm.stderr);
  const msgs = (JSON.parse(zm.stdout) as ZmMessage[]).filter((m) => m.testcase !== 'UNSPECIFIED');
  const has = (tag: string) => msgs.filter((m) => m.tag === tag);

  const resolver = new Resolver({ servers: ['127.0.0.1:53'], timeoutMs: 1000, retries: 0 });
  const ours = await checkDomain('live.test', {
    resolver,
    parent: ['127.0.0.9:53'],
    nsPort: 53,
    timeoutMs: 1000,
  });
  const ids = (id: string) => ours.findings.filter((f) => f.id === id);

  // Consistency01: several serials ⇔ dns.check.serial-mismatch, naming the same late server.
  assert.equal(has('MULTIPLE_SOA_SERIALS').length > 0, ids('dns.check.serial-mismatch').length > 0);
  const late = has('SOA_SERIAL').find((m) => m.args?.serial === '2026120601')?.args?.ns_list ?? '';
  assert.match(late, /127\.0\.0\.3/);
  assert.match(String(ids('dns.check.serial-mismatch')[0]?.params?.behind), /127\.0\.0\.3/);

  // Nameserver01: the servers Zonemaster calls recursors are the ones we call open.
  const recursors = has('IS_A_RECURSOR')
    .map((m) => m.args?.ns?.split('/')[1])
    .sort();
  const open = ids('dns.check.open-recursion')
    .map((f) => String(f.params?.address).split(':')[0])
    .sort();
  assert.deepEqual(open, recursors);
  assert.deepEqual(recursors, ['127.0.0.4']);

  // Connectivity01: of the addresses Zonemaster was given, the silent ones are our lame ones.
  const silent = msgs.filter((m) => /NO_RESPONSE/.test(m.tag)).map((m) => m.args?.ns?.split('/')[1]);
  const lame = new Set(ids('dns.check.lame').map((f) => String(f.params?.address).split(':')[0]));
  for (const n of NS) assert.equal(lame.has(n.address), silent.includes(n.address), `${n.name} ${n.address}`);
});
