/**
 * Bench: `netdoctor scan` side by side with `nmap -sT -T4 -n` (Debian nmap), both as whole
 * processes (Node's start-up included, as nmap's is), through the shared harness: the same port
 * states on both sides before a ratio is printed, 5 alternating runs, median and min–max.
 * Traffic goes to 127.0.0.1 and to network namespaces this bench creates.
 *
 *  (a) 127.0.0.1, all 65,535 ports, with 30 listeners on random high ports: both find the same
 *      of them open (other programs' listeners on this shared machine come and go between two
 *      scans, so only the bench's own are compared), at least as fast as nmap.
 *  (b) a host in its own network namespace (a veth pair between two namespaces the bench creates,
 *      addresses of their own), whose nftables firewall accepts 4 ports, rejects 1000-1999 with
 *      a TCP RST and silently drops the rest; ports PORTS_B (default 1-10000, so that nmap's five
 *      runs stay short): the same open / closed / filtered sets, ≥ 5× faster. Skipped with a
 *      message where namespaces cannot be created (not root, no CAP_NET_ADMIN).
 *
 * Usage: npm run bench -- scan   (BENCH_SCAN_ONLY=a or b for one scenario)
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  buildNetdoctor,
  type ComparisonResult,
  compareRuns,
  finish,
  machineLine,
  ROOT,
  type Side,
} from '../harness.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const PORTS_B = process.env.PORTS_B ?? '1-10000';
const BIN = buildNetdoctor(`${ROOT}bench/.out/scan/dist`);

interface Scan {
  states: Record<'open' | 'closed' | 'filtered', number[]>;
}

function expand(ranges: string): number[] {
  return ranges
    .split(',')
    .filter(Boolean)
    .flatMap((r) => {
      const [lo, hi] = r.split('-').map(Number) as [number, number | undefined];
      return Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i);
    });
}

/** Port states from nmap's XML: listed ports plus the extraports' ranges. */
function nmapStates(xml: string): Scan['states'] {
  const states: Scan['states'] = { open: [], closed: [], filtered: [] };
  for (const m of xml.matchAll(/<port protocol="tcp" portid="(\d+)"><state state="(\w+)"/g)) {
    states[m[2] as keyof Scan['states']]?.push(Number(m[1]));
  }
  for (const m of xml.matchAll(/<extraports state="(\w+)"[^>]*>([\s\S]*?)<\/extraports>/g)) {
    for (const r of (m[2] as string).matchAll(/ports="([^"]+)"/g)) {
      states[m[1] as keyof Scan['states']]?.push(...expand(r[1] as string));
    }
  }
  for (const k of Object.keys(states) as (keyof Scan['states'])[]) states[k].sort((a, b) => a - b);
  return states;
}

function prefix(ns: string | undefined, cmd: string[]): [string, string[]] {
  return ns ? ['ip', ['netns', 'exec', ns, ...cmd]] : [cmd[0] as string, cmd.slice(1)];
}

type States = Scan['states'];

/** netdoctor's --json port states: listed ports plus the extra ports' ranges. */
function ourStates(stdout: string): States {
  const doc = JSON.parse(stdout) as {
    hosts: { ports: { port: number; state: string }[]; extraPorts: { state: string; ports: string }[] }[];
  };
  const h = doc.hosts[0];
  const states: States = { open: [], closed: [], filtered: [] };
  for (const p of h?.ports ?? []) states[p.state as keyof States]?.push(p.port);
  for (const e of h?.extraPorts ?? []) states[e.state as keyof States]?.push(...expand(e.ports));
  for (const k of Object.keys(states) as (keyof States)[]) states[k].sort((a, b) => a - b);
  return states;
}

function nmapSide(target: string, ports: string, answer: (s: States) => unknown, ns?: string): Side {
  const [cmd, args] = prefix(ns, ['nmap', '-sT', `-p${ports}`, '-T4', '-n', '-oX', '-', target]);
  return { name: 'nmap -sT -T4', cmd, args, answer: (out) => answer(nmapStates(out)) };
}

function ourSide(target: string, ports: string, answer: (s: States) => unknown, ns?: string): Side {
  const [cmd, args] = prefix(ns, [
    process.execPath,
    BIN,
    'scan',
    target,
    '-p',
    ports,
    '--no-probe',
    '--json',
  ]);
  // 1: a finding of severity fail (a risky open port) — the scan is done; 2 is an error.
  return { name: 'netdoctor scan', cmd, args, okStatus: [0, 1], answer: (out) => answer(ourStates(out)) };
}

function startListeners(args: string[], ns?: string): Promise<{ child: ChildProcess; ports: number[] }> {
  const [cmd, argv] = prefix(ns, [process.execPath, here('./listen.mjs'), ...args]);
  const child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve({ child, ports: JSON.parse(buf) });
    });
    child.once('exit', (code) => reject(new Error(`listeners exited with ${code}`)));
  });
}

/** TCP ports a scan of 127.0.0.1 can reach right now: listeners on 127.0.0.1 or a wildcard address. */
function _loopbackListeners(): Set<number> {
  const out = spawnSync('ss', ['-Htln'], { encoding: 'utf8' }).stdout ?? '';
  const ports = new Set<number>();
  for (const line of out.split('\n')) {
    const m = /^\S+\s+\d+\s+\d+\s+(\S+):(\d+)\s/.exec(line);
    if (m && /^(127\.0\.0\.1|0\.0\.0\.0|\*|\[::\]|\[::ffff:127\.0\.0\.1\])$/.test(m[1] as string))
      ports.add(Number(m[2]));
  }
  return ports;
}

async function loopback(): Promise<ComparisonResult | undefined> {
  console.log('\n(a) 127.0.0.1, 30 listeners on random high ports, all 65535 ports');
  const { child, ports } = await startListeners(['127.0.0.1', '30']);
  try {
    // The bench's own 30 listeners are what is compared: on a shared machine other programs'
    // listeners come and go between two scans (seen: test servers living a second).
    const ours = new Set(ports);
    const open = (s: States) => s.open.filter((p) => ours.has(p));
    const r = compareRuns({
      title: '(a) scan -p all of 127.0.0.1 vs nmap -sT -p-',
      peer: nmapSide('127.0.0.1', '-', open),
      ours: ourSide('127.0.0.1', 'all', open),
      target: { minRatio: 1 },
    });
    if (r.outcome !== 'fail' && ports.length !== 30)
      return { ...r, outcome: 'fail', reason: 'the 30 listeners did not start' };
    return r;
  } finally {
    child.stdin?.end();
    child.kill();
  }
}

const RULESET = `
table inet bench {
  chain input {
    type filter hook input priority 0; policy drop;
    iif lo accept
    ct state established,related accept
    tcp dport { 22, 80, 443, 8080 } accept
    tcp dport 1000-1999 reject with tcp reset
  }
}`;

async function namespaces(): Promise<ComparisonResult | undefined> {
  console.log(
    '\n(b) a firewalled host in a network namespace: 4 ports accepted, 1000-1999 RST, the rest dropped',
  );
  const id = String(process.pid % 100000);
  const scanner = `ndscan-a-${id}`;
  const target = `ndscan-b-${id}`;
  const sh = (args: string[], input?: string) =>
    execFileSync(args[0] as string, args.slice(1), { input, stdio: ['pipe', 'ignore', 'pipe'] });
  try {
    sh(['ip', 'netns', 'add', scanner]);
  } catch (e) {
    console.log(
      `  skipped: cannot create a network namespace here (${String((e as Error).message).split('\n')[0]}); run as root with CAP_NET_ADMIN`,
    );
    return undefined;
  }
  let listeners: ChildProcess | undefined;
  // Interrupted (Ctrl-C, timeout): still remove the namespaces, which also removes the veth pair.
  const cleanUp = () => {
    for (const ns of [scanner, target]) spawnSync('ip', ['netns', 'del', ns]);
    process.exit(130);
  };
  process.once('SIGINT', cleanUp);
  process.once('SIGTERM', cleanUp);
  try {
    sh(['ip', 'netns', 'add', target]);
    sh([
      'ip',
      'link',
      'add',
      `nda${id}`,
      'netns',
      scanner,
      'type',
      'veth',
      'peer',
      'name',
      `ndb${id}`,
      'netns',
      target,
    ]);
    for (const [ns, dev, addr] of [
      [scanner, `nda${id}`, '10.201.0.1/30'],
      [target, `ndb${id}`, '10.201.0.2/30'],
    ] as const) {
      sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      sh(['ip', '-n', ns, 'addr', 'add', addr, 'dev', dev]);
      sh(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    }
    sh(['ip', 'netns', 'exec', target, 'nft', '-f', '-'], RULESET);
    const started = await startListeners(['10.201.0.2', '--ports', '22,80,443,8080'], target);
    listeners = started.child;
    return compareRuns({
      title: `(b) scan -p ${PORTS_B} of a firewalled namespace host vs nmap -sT`,
      peer: nmapSide('10.201.0.2', PORTS_B, (x) => x, scanner),
      ours: ourSide('10.201.0.2', PORTS_B, (x) => x, scanner),
      target: { minRatio: 5 },
    });
  } finally {
    listeners?.stdin?.end();
    listeners?.kill();
    for (const ns of [scanner, target]) spawnSync('ip', ['netns', 'del', ns]);
    process.off('SIGINT', cleanUp);
    process.off('SIGTERM', cleanUp);
    console.log('  namespaces removed');
  }
}

console.log(machineLine());
const only = process.env.BENCH_SCAN_ONLY; // 'a' or 'b' to run one scenario
const a = only === 'b' ? undefined : await loopback();
const b = only === 'a' ? undefined : await namespaces();
finish([a, b]);
