/**
 * The ARP watch against the real arpwatch (Debian 2.1a15):
 * - offline: one crafted capture (new station, changed, flip flop, reused, mismatch, broadcast MAC,
 *   an RFC 5227 probe) read by `arpwatch -r` and by `lan watch` gives the same events;
 * - live: scenarios played in network namespaces this test creates (a new host, MAC changes, a
 *   flip flop, a reused MAC, an address outside the subnet, a known device on a wrong address)
 *   while arpwatch and `lan watch --interface` listen on the same veth; the same event kinds for
 *   the same (IP, MAC) pairs, plus the inventory's events; the traffic saved by tcpdump gives the
 *   same events offline, and `arpwatch -r` on it agrees too.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ARPWATCH_WORDS,
  type ArpEvent,
  ArpWatch,
  parseCidr,
  parseInventory,
  watchCaptureFile,
} from '../../src/lan/index.js';
import { arpFrame, pcapOf } from '../harness/arp-pcap.js';
import { createNamespaces, netnsSkipReason, peerSkipReason } from '../harness/netns.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'nd-lan-arpwatch-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

const WORD_TO_KIND = new Map(Object.entries(ARPWATCH_WORDS).map(([k, w]) => [w, k]));

/** arpwatch -d's reports (mail blocks) and syslog lines as `kind ip mac` strings. */
function arpwatchEvents(stderr: string): string[] {
  const out: string[] = [];
  const lines = stderr.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const subject = /^Subject: (.+?) \((\d+\.\d+\.\d+\.\d+)\)/.exec(line);
    if (subject) {
      const mac = lines.slice(i + 1, i + 12).find((l) => /^\s*ethernet address:/.test(l));
      out.push(
        `${WORD_TO_KIND.get(subject[1] as string) ?? subject[1]} ${subject[2]} ${mac?.split(': ')[1]?.trim()}`,
      );
      continue;
    }
    const log = /^arpwatch: (.+?) (\d+\.\d+\.\d+\.\d+) ([0-9a-f:]+)(?: \(([0-9a-f:]+)\))?/.exec(line);
    if (log && WORD_TO_KIND.has(log[1] as string)) {
      const kind = WORD_TO_KIND.get(log[1] as string);
      // "ethernet mismatch IP SEA (SHA)": our event carries the ARP sender MAC.
      const mac = kind === 'ethernet-mismatch' ? log[4] : log[3];
      out.push(`${kind} ${log[2]} ${mac}`);
    }
  }
  return out;
}

const ARPWATCH_KINDS = new Set(Object.keys(ARPWATCH_WORDS));
const ours = (events: ArpEvent[]) =>
  events
    .filter((e) => ARPWATCH_KINDS.has(e.kind))
    .map((e) => `${e.kind} ${e.ip} ${e.mac}`)
    .sort();

/**
 * `arpwatch -r` on a capture. arpwatch looks up a host name for every report (gethostbyaddr, so
 * DNS to the system's resolver): it runs inside a namespace of its own, where only loopback
 * exists and no query leaves the machine.
 */
async function arpwatchRead(pcap: string, state?: string): Promise<string[]> {
  const dat = state ?? path.join(dir, `r-${path.basename(pcap)}.dat`);
  if (!state) writeFileSync(dat, '');
  const ns = await createNamespaces(['offline']);
  try {
    // Reports go to stdout (buffered), syslog lines to stderr: the order between them is lost, so
    // the comparisons sort.
    const { stdout, stderr } = await ns.run('offline', ['arpwatch', '-d', '-r', pcap, '-f', dat]);
    return arpwatchEvents(`${stdout}\n${stderr}`).sort();
  } finally {
    await ns.destroy();
  }
}

async function watchFile(pcap: string, nets: string[] = [], inventory?: string): Promise<ArpEvent[]> {
  const events: ArpEvent[] = [];
  const inv = inventory ? parseInventory(readFileSync(inventory, 'utf8'), inventory) : undefined;
  const w = new ArpWatch((e) => events.push(e), {
    ...(inv ? { inventory: inv } : {}),
    localNets: nets.map((n) => parseCidr(n) as NonNullable<ReturnType<typeof parseCidr>>),
  });
  await watchCaptureFile(pcap, w);
  return events;
}

const peers = peerSkipReason(['arpwatch', 'tcpdump', 'busybox'], 'arpwatch, tcpdump, busybox');

test('offline: arpwatch -r and lan watch give the same events for a crafted capture', {
  skip: peers,
}, async () => {
  const t = 1_700_000_000;
  const B = '00:16:3e:00:00:0b';
  const C = '00:16:3e:00:00:0c';
  const D = '00:16:3e:00:00:0d';
  const frames = [
    arpFrame(1, '00:16:3e:00:00:01', '10.9.0.1', '10.9.0.2'),
    arpFrame(1, B, '10.9.0.5', '10.9.0.1'),
    arpFrame(2, B, '10.9.0.5', '10.9.0.1'),
    arpFrame(1, C, '10.9.0.5', '10.9.0.1'),
    arpFrame(1, B, '10.9.0.5', '10.9.0.1'),
    arpFrame(1, D, '10.9.0.5', '10.9.0.1'),
    arpFrame(1, C, '10.9.0.5', '10.9.0.1'),
    arpFrame(1, '00:16:3e:00:00:0f', '10.9.0.6', '10.9.0.1', '00:16:3e:00:00:10'),
    arpFrame(1, '00:16:3e:00:00:11', '0.0.0.0', '10.9.0.7'),
    arpFrame(2, '00:00:00:00:00:00', '10.9.0.8', '10.9.0.7'),
    arpFrame(1, '02:60:8c:00:00:01', '10.9.0.9', '10.9.0.7'),
  ].map((data, i) => ({ t: t + i, data }));
  const file = path.join(dir, 'crafted.pcap');
  writeFileSync(file, pcapOf(frames));
  const theirs = await arpwatchRead(file);
  const mine = ours(await watchFile(file));
  assert.deepEqual(mine, theirs);
  // arp.dat both ways: arpwatch's database as our state, and ours as arpwatch's. Replaying the
  // capture over either raises no new station and no changed address.
  const theirDat = path.join(dir, 'r-crafted.pcap.dat');
  assert.match(readFileSync(theirDat, 'utf8'), /^00:16:3e:00:00:0c\t10\.9\.0\.5\t1700000006\t\t/m);
  const replay = await run(process.execPath, [
    '--import',
    'tsx',
    BIN,
    'lan',
    'watch',
    file,
    '--state',
    theirDat,
    '--json',
  ]).catch((e: { stdout: string }) => e);
  const replayKinds = replay.stdout
    .split('\n')
    .filter((l) => l.includes('"kind"'))
    .map((l) => JSON.parse(l).evidence.kind);
  assert.ok(!replayKinds.includes('new-station'), replayKinds.join(' '));
  const ourDat = path.join(dir, 'ours-crafted.dat');
  await run(process.execPath, [
    '--import',
    'tsx',
    BIN,
    'lan',
    'watch',
    file,
    '--state',
    ourDat,
    '--quiet',
  ]).catch(() => {});
  assert.match(
    readFileSync(ourDat, 'utf8'),
    /^00:16:3e:00:00:0c\t10\.9\.0\.5\t1700000006\t\t\(from file\)$/m,
  );
  const theirReplay = await arpwatchRead(file, ourDat);
  assert.ok(!theirReplay.some((l) => l.startsWith('new-station')), theirReplay.join(' | '));
  assert.deepEqual([...new Set(mine.map((l) => l.split(' ')[0]))].sort(), [
    'changed-ethernet',
    'ethernet-broadcast',
    'ethernet-mismatch',
    'flip-flop',
    'new-station',
    'reused-ethernet',
  ]);
});

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (d) => {
    text += d;
  });
  child.stderr?.on('data', (d) => {
    text += d;
  });
  return () => text;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill(signal);
  await new Promise((r) => child.once('close', r));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('live in namespaces: arpwatch and lan watch see the same events; the saved pcap agrees offline', {
  skip: peers || netnsSkipReason(),
  timeout: 120_000,
}, async () => {
  const ns = await createNamespaces(['mon', 'lan']);
  const inventory = path.join(dir, 'lan.yaml');
  writeFileSync(
    inventory,
    `site:
  domain: watch.test
  subnets:
    - cidr: 10.9.0.0/24
devices:
  - name: monitor
    mac: 00:16:3e:09:00:01
    ipv4: 10.9.0.1
  - name: printer
    mac: 00:16:3e:09:00:14
    ipv4: 10.9.0.20
  - name: old-phone
    mac: 00:16:3e:09:00:66
    allowed: false
`,
  );
  const children: ChildProcess[] = [];
  try {
    await ns.veth('mon', 'eth0', '10.9.0.1/24', 'lan', 'eth0', '10.9.0.5/24', '00:16:3e:09:00:0b');
    await run('ip', ['-n', ns.name('mon'), 'link', 'set', 'eth0', 'address', '00:16:3e:09:00:01']);
    const dat = path.join(dir, 'live.dat');
    writeFileSync(dat, '');
    const pcap = path.join(dir, 'live.pcap');
    const exec = (argv: string[]) =>
      spawn('ip', ['netns', 'exec', ns.name('mon'), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    const arpwatch = exec(['arpwatch', '-d', '-i', 'eth0', '-f', dat]);
    const tcpdump = exec(['tcpdump', '-i', 'eth0', '-U', '-n', '-w', pcap, 'arp']);
    const watch = exec([
      process.execPath,
      '--import',
      'tsx',
      BIN,
      'lan',
      'watch',
      '--interface',
      'eth0',
      '--inventory',
      inventory,
      '--json',
      '--state',
      path.join(dir, 'ours.dat'),
    ]);
    children.push(arpwatch, tcpdump, watch);
    const arpwatchText = collect(arpwatch);
    const watchText = collect(watch);
    collect(tcpdump);
    const lan = (argv: string[]) => ns.run('lan', argv);
    const as = async (macAddr: string, addr: string) => {
      await lan(['ip', 'link', 'set', 'eth0', 'down']);
      await lan(['ip', 'link', 'set', 'eth0', 'address', macAddr]);
      await lan(['ip', 'link', 'set', 'eth0', 'up']);
      await lan(['busybox', 'arping', '-U', '-c', '1', '-w', '1', '-I', 'eth0', '-s', addr, addr]).catch(
        () => {},
      );
      await sleep(400);
    };
    // Warm up until lan watch (tsx start-up, tcpdump) reports a station: every listener is ready.
    await lan(['ip', 'addr', 'add', '10.9.0.99/24', 'dev', 'eth0']);
    for (let i = 0; i < 60 && !watchText().includes('10.9.0.99'); i++)
      await as('00:16:3e:09:00:99', '10.9.0.99');
    assert.ok(watchText().includes('10.9.0.99'), `lan watch never started: ${watchText()}`);
    await sleep(500);
    await as('00:16:3e:09:00:0b', '10.9.0.5'); // new station
    await as('00:16:3e:09:00:0c', '10.9.0.5'); // changed ethernet address
    await as('00:16:3e:09:00:0b', '10.9.0.5'); // flip flop
    await as('00:16:3e:09:00:0d', '10.9.0.5'); // changed ethernet address
    await as('00:16:3e:09:00:0c', '10.9.0.5'); // reused old ethernet address
    await lan(['ip', 'addr', 'add', '192.0.2.7/32', 'dev', 'eth0']);
    await as('00:16:3e:09:00:0e', '192.0.2.7'); // bogon: outside 10.9.0.0/24
    await lan(['ip', 'addr', 'add', '10.9.0.50/24', 'dev', 'eth0']);
    await as('00:16:3e:09:00:14', '10.9.0.50'); // the printer on a wrong address
    await lan(['ip', 'addr', 'add', '10.9.0.60/24', 'dev', 'eth0']);
    await as('00:16:3e:09:00:66', '10.9.0.60');
    await lan(['ip', 'addr', 'add', '10.9.0.20/24', 'dev', 'eth0']);
    await as('00:16:3e:09:00:77', '10.9.0.20'); // someone claims the printer's fixed address
    await sleep(1500);
    await stop(watch, 'SIGINT');
    await stop(tcpdump);
    await stop(arpwatch);
    const liveTheirs = arpwatchEvents(arpwatchText()).sort();
    const lines = watchText()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const liveEvents = lines.filter((l) => l.evidence?.kind).map((l) => l.evidence as ArpEvent);
    const liveOurs = ours(liveEvents);
    // The monitor's own answers may or may not be seen by both; compare the scenario's addresses.
    const scenario = (l: string) => !l.includes(' 10.9.0.1 ') && !l.includes(' 10.9.0.99 ');
    assert.deepEqual(
      liveOurs.filter(scenario),
      liveTheirs.filter(scenario),
      `ours ${liveOurs.join(' | ')}\ntheirs ${liveTheirs.join(' | ')}`,
    );
    for (const kind of ['new-station', 'changed-ethernet', 'flip-flop', 'reused-ethernet', 'bogon']) {
      assert.ok(
        liveTheirs.some((l) => l.startsWith(`${kind} `)),
        `arpwatch reported ${kind}: ${liveTheirs.join(' | ')}`,
      );
    }
    const inventoryKinds = new Set(liveEvents.map((e) => e.kind));
    for (const kind of ['unknown-mac', 'wrong-address', 'not-allowed', 'claimed-address', 'duplicate-ip']) {
      assert.ok(inventoryKinds.has(kind as ArpEvent['kind']), `lan watch reported ${kind}`);
    }
    assert.ok(
      liveEvents.some(
        (e) => e.kind === 'wrong-address' && e.ip === '10.9.0.50' && e.expected === '10.9.0.20',
      ),
    );
    assert.ok(
      liveEvents.some((e) => e.kind === 'claimed-address' && e.ip === '10.9.0.20' && e.name === 'printer'),
    );
    // The saved capture, offline: the same events as live (same local net), and arpwatch -r agrees
    // with lan watch given no local net (arpwatch -r makes no bogon check).
    const offline = await watchFile(pcap, ['10.9.0.0/24'], inventory);
    assert.deepEqual(
      offline.map((e) => `${e.kind} ${e.ip} ${e.mac}`),
      liveEvents.map((e) => `${e.kind} ${e.ip} ${e.mac}`),
    );
    assert.deepEqual(ours(await watchFile(pcap)), await arpwatchRead(pcap));
    // State survives a restart: the same capture again with the saved state raises nothing new.
    // (exit status 1: the capture holds warn events such as the bogon)
    const again = await run(process.execPath, [
      '--import',
      'tsx',
      BIN,
      'lan',
      'watch',
      pcap,
      '--state',
      path.join(dir, 'ours.dat'),
      '--json',
      '--net',
      '10.9.0.0/24',
    ]).catch((e: { stdout: string; code: number }) => {
      assert.equal(e.code, 1);
      return e;
    });
    assert.match(
      readFileSync(path.join(dir, 'ours.dat'), 'utf8'),
      /^00:16:3e:09:00:0c\t10\.9\.0\.5\t\d+\t\t/m,
    );
    const rerun = again.stdout.split('\n').filter((l) => l.startsWith('{') && l.includes('"evidence"'));
    assert.deepEqual(
      rerun
        .map((l) => JSON.parse(l).evidence?.kind)
        .filter((k: string) => k === 'new-station' || k === 'changed-ethernet'),
      [],
    );
  } finally {
    for (const c of children) await stop(c);
    await ns.destroy();
  }
});
