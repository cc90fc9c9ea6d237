/**
 * Bench: `netdoctor scan -p all` side by side with `nmap -sT -p- -T4 -n` (Debian nmap), in the
 * same run, ratio printed. Traffic goes to 127.0.0.1 and to network namespaces this bench creates.
 *
 *  (a) 127.0.0.1 with 30 listeners on random high ports: same open set, at least as fast as nmap.
 *  (b) a host in its own network namespace (a veth pair between two namespaces the bench creates,
 *      addresses of their own), whose nftables firewall accepts 4 ports, rejects 1000-1999 with
 *      a TCP RST and silently drops the rest: same open / closed / filtered sets, ≥ 5× faster.
 *      Skipped with a message where namespaces cannot be created (not root, no CAP_NET_ADMIN).
 *
 * netdoctor's time is the scan itself, measured inside its process (Node and tsx start-up are
 * printed apart); nmap's is its wall-clock time.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Scan {
  ms: number;
  wallMs: number;
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

function runNmap(target: string, ns?: string): Scan {
  const [cmd, args] = prefix(ns, ['nmap', '-sT', '-p-', '-T4', '-n', '-oX', '-', target]);
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`nmap failed: ${r.stderr}`);
  return { ms: wallMs, wallMs, states: nmapStates(r.stdout) };
}

function runOurs(target: string, ns?: string): Scan {
  const [cmd, args] = prefix(ns, [
    process.execPath,
    '--import',
    'tsx',
    here('./scan-once.ts'),
    target,
    'all',
  ]);
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`netdoctor scan failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { ms: number; states: Scan['states'] };
  return { ms: out.ms, wallMs, states: out.states };
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** TCP ports a scan of 127.0.0.1 can reach right now: listeners on 127.0.0.1 or a wildcard address. */
function loopbackListeners(): Set<number> {
  const out = spawnSync('ss', ['-Htln'], { encoding: 'utf8' }).stdout ?? '';
  const ports = new Set<number>();
  for (const line of out.split('\n')) {
    const m = /^\S+\s+\d+\s+\d+\s+(\S+):(\d+)\s/.exec(line);
    if (m && /^(127\.0\.0\.1|0\.0\.0\.0|\*|\[::\]|\[::ffff:127\.0\.0\.1\])$/.test(m[1] as string))
      ports.add(Number(m[2]));
  }
  return ports;
}

/**
 * Compares the two scans' sets. `transient` are ports whose listener other programs on this machine
 * opened or closed while the round ran (seen in only one of the ss snapshots around it): they are
 * left out of the comparison, since nmap and netdoctor looked at different moments.
 */
function compare(label: string, nmap: Scan, ours: Scan, transient: ReadonlySet<number> = new Set()): boolean {
  let ok = true;
  if (transient.size > 0)
    console.log(
      `  ${label} left out, opened or closed by other programs meanwhile: ${[...transient].join(', ')}`,
    );
  const keep = (xs: number[]) => xs.filter((p) => !transient.has(p));
  for (const state of ['open', 'closed', 'filtered'] as const) {
    const equal = same(keep(nmap.states[state]), keep(ours.states[state]));
    ok &&= equal;
    console.log(
      `  ${label} ${state.padEnd(8)} nmap ${String(nmap.states[state].length).padStart(5)}  netdoctor ${String(ours.states[state].length).padStart(5)}  ${equal ? 'same set' : 'DIFFERENT'}`,
    );
  }
  return ok;
}

async function loopback(): Promise<boolean | undefined> {
  console.log('\n(a) 127.0.0.1, 30 listeners on random high ports, all 65535 ports');
  const { child, ports } = await startListeners(['127.0.0.1', '30']);
  try {
    const nm: Scan[] = [];
    const us: Scan[] = [];
    let transient = new Set<number>();
    for (let i = 0; i < RUNS; i++) {
      const before = loopbackListeners();
      nm.push(runNmap('127.0.0.1'));
      us.push(runOurs('127.0.0.1'));
      const after = loopbackListeners();
      transient = new Set([...before, ...after].filter((p) => !(before.has(p) && after.has(p))));
    }
    const last = (xs: Scan[]) => xs[xs.length - 1] as Scan;
    const ok = compare('', last(nm), last(us), transient);
    const ours = median(us.map((s) => s.ms));
    const theirs = median(nm.map((s) => s.ms));
    const allListed = ports.every((p) => last(us).states.open.includes(p));
    console.log(
      `  runs ${RUNS}; median: nmap ${fmt(theirs)}  netdoctor ${fmt(ours)} (process wall ${fmt(median(us.map((s) => s.wallMs)))})`,
    );
    console.log(
      `  ratio nmap/netdoctor: ${(theirs / ours).toFixed(2)}× ${theirs >= ours ? '(at least as fast: ok)' : '(SLOWER)'}`,
    );
    console.log(`  the 30 listeners found: ${allListed ? 'yes' : 'NO'}`);
    return ok && allListed && theirs >= ours;
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

async function namespaces(): Promise<boolean | undefined> {
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
    const ours = runOurs('10.201.0.2', scanner);
    const nmap = runNmap('10.201.0.2', scanner);
    const ok = compare('', nmap, ours);
    console.log(`  nmap ${fmt(nmap.ms)}  netdoctor ${fmt(ours.ms)} (process wall ${fmt(ours.wallMs)})`);
    const ratio = nmap.ms / ours.ms;
    console.log(`  ratio nmap/netdoctor: ${ratio.toFixed(1)}× ${ratio >= 5 ? '(≥ 5×: ok)' : '(below 5×)'}`);
    return ok && ratio >= 5;
  } finally {
    listeners?.stdin?.end();
    listeners?.kill();
    for (const ns of [scanner, target]) spawnSync('ip', ['netns', 'del', ns]);
    process.off('SIGINT', cleanUp);
    process.off('SIGTERM', cleanUp);
    console.log('  namespaces removed');
  }
}

const only = process.env.BENCH_SCAN_ONLY; // 'a' or 'b' to run one scenario
const a = only === 'b' ? undefined : await loopback();
const b = only === 'a' ? undefined : await namespaces();
console.log(
  `\nscan bench: (a) ${a === undefined ? 'skipped' : a ? 'ok' : 'MISSED'}; (b) ${b === undefined ? 'skipped' : b ? 'ok' : 'MISSED'}`,
);
