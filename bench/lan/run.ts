/**
 * Bench: the LAN inventory and the ARP watch.
 *
 *  (a) 10,000 devices render every target (dhcpd, Kea, dnsmasq, forward and reverse zones, hosts,
 *      lmhosts, arpalert, ethers): once into absent files (skeletons) and once over the files
 *      written by the first pass (markers spliced, zones parsed and compared for the serial).
 *      Measured inside the process (the render itself), 5 runs, median: must stay under 1 s of
 *      CPU time (user + system, which is the wall time of this single-threaded work on an idle
 *      machine; the wall time and the load average are printed too, since the bench machine is
 *      shared).
 *  (b) `netdoctor lan watch` (built, whole process under GNU time) reads a 1,000,000-packet ARP
 *      capture: median of 5 runs under 2 s (CPU time, as above; wall printed), and flat memory — peak RSS on 1,000,000 packets at
 *      most 25 MiB above the peak on 100,000.
 *  (c) Side by side with arpwatch 2.1a15 (`arpwatch -d -r`) on the 100,000-packet capture, 5 runs
 *      alternating: both exit 0 and report the same events before the ratio is printed. arpwatch
 *      looks up a host name per report, so it runs in a network namespace of its own (loopback
 *      only: no query leaves the machine); skipped with a message where namespaces are refused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { applyPlan, parseInventory, planTargets } from '../../src/lan/index.js';
import { arpFrame, pcapHeader, pcapRecord } from '../../test/harness/arp-pcap.js';
import { buildNetdoctor, ROOT, timed } from '../harness.js';

const RUNS = 5;
const work = mkdtempSync(path.join(tmpdir(), 'nd-bench-lan-'));
let missed = 0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

// ------------------------------------------------------------------ (a) render 10,000 devices

function inventoryText(n: number): string {
  const lines = [
    'site:',
    '  domain: bench.example',
    '  nameservers: [ns1]',
    '  subnets:',
    '    - cidr: 10.20.0.0/16',
    '      pool: 10.20.250.1-10.20.250.254',
    '      reverse-file: out/db.10.20',
    '    - cidr: 2001:db8:20::/48',
    '      reverse-file: out/db.2001-db8-20',
    '  targets:',
    ...['dhcpd', 'kea', 'dnsmasq', 'zone', 'hosts', 'lmhosts', 'arpalert', 'ethers'].map(
      (t) => `    ${t}: out/${t}`,
    ),
    'devices:',
    '  - name: ns1\n    mac: 00:16:3e:ff:00:01\n    ipv4: 10.20.255.1',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  - name: host${i}`,
      `    mac: 02:60:8c:${hex2(i >> 16)}:${hex2((i >> 8) & 255)}:${hex2(i & 255)}`,
      `    ipv4: 10.20.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      ...(i % 2 === 0 ? [`    ipv6: 2001:db8:20::${i.toString(16)}`] : []),
      ...(i % 10 === 0 ? [`    aliases: [alias${i}]`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

function benchRender(): void {
  const d = path.join(work, 'render');
  mkdirSync(path.join(d, 'out'), { recursive: true });
  const file = path.join(d, 'lan.yaml');
  const text = inventoryText(10_000);
  writeFileSync(file, text);
  const fresh: number[] = [];
  const over: number[] = [];
  const freshWall: number[] = [];
  const overWall: number[] = [];
  const cpu = (since: NodeJS.CpuUsage) => {
    const c = process.cpuUsage(since);
    return (c.user + c.system) / 1e6;
  };
  let parseMs = 0;
  for (let i = 0; i < RUNS; i++) {
    rmSync(path.join(d, 'out'), { recursive: true, force: true });
    mkdirSync(path.join(d, 'out'));
    const t0 = performance.now();
    const inv = parseInventory(text, file);
    parseMs = performance.now() - t0;
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const plan = planTargets(inv);
    fresh.push(cpu(c1));
    freshWall.push((performance.now() - t1) / 1000);
    applyPlan(plan, { validate: false, backup: false });
    const t2 = performance.now();
    const c2 = process.cpuUsage();
    const again = planTargets(inv);
    over.push(cpu(c2));
    overWall.push((performance.now() - t2) / 1000);
    if (again.some((f) => f.changed))
      throw new Error('a second render over the written files changed something');
  }
  console.log(
    `(a) 10,000 devices, 10 target files; YAML read ${parseMs.toFixed(0)} ms wall; load average ${loadavg()[0]?.toFixed(1)}`,
  );
  console.log(
    `    render into absent files: CPU median ${median(fresh).toFixed(3)} s (${spread(fresh)}), wall ${median(freshWall).toFixed(3)} s`,
  );
  console.log(
    `    render over live files:   CPU median ${median(over).toFixed(3)} s (${spread(over)}), wall ${median(overWall).toFixed(3)} s`,
  );
  if (median(fresh) >= 1 || median(over) >= 1) {
    console.log('    MISS: rendering every target must take under 1 s');
    missed++;
  }
}

// ------------------------------------------------------------------ (b)/(c) the ARP watch

/** A capture of `n` ARP packets from 5,000 stations; 1 in 2,000 packets moves an address to another MAC. */
function writeCapture(file: string, n: number): void {
  const fd = openSync(file, 'w');
  writeSync(fd, pcapHeader());
  const batch: Buffer[] = [];
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const frames = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    const station = rand() % 5000;
    const moved = rand() % 2000 === 0 ? 1 : 0;
    const mac = `00:16:3e:${hex2(moved)}:${hex2(station >> 8)}:${hex2(station & 255)}`;
    const ip = `10.30.${station >> 8}.${(station & 255) + 1}`;
    const key = `${mac} ${ip}`;
    let f = frames.get(key);
    if (!f) {
      f = arpFrame(i & 1 ? 2 : 1, mac, ip, '10.30.0.1');
      frames.set(key, f);
    }
    batch.push(pcapRecord(f, 1_700_000_000 + Math.floor(i / 1000), (i % 1000) * 1000));
    if (batch.length === 10_000) {
      writeSync(fd, Buffer.concat(batch));
      batch.length = 0;
    }
  }
  if (batch.length) writeSync(fd, Buffer.concat(batch));
  closeSync(fd);
}

function ourEvents(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.includes('"evidence"') && l.includes('"kind"'))
    .map((l) => {
      const e = JSON.parse(l).evidence as { kind: string; ip: string; mac: string };
      return `${e.kind} ${e.ip} ${e.mac}`;
    })
    .sort();
}

const WORDS: Record<string, string> = {
  'new station': 'new-station',
  'changed ethernet address': 'changed-ethernet',
  'flip flop': 'flip-flop',
  'reused old ethernet address': 'reused-ethernet',
};

function arpwatchEvents(out: string): string[] {
  const lines = out.split('\n');
  const events: string[] = [];
  lines.forEach((l, i) => {
    const m = /^Subject: (.+?) \((\S+)\)/.exec(l);
    const reused = /^arpwatch: reused old ethernet address (\S+) (\S+)/.exec(l);
    if (m && WORDS[m[1] as string]) {
      const mac = lines.slice(i + 1, i + 12).find((x) => /^\s*ethernet address:/.test(x));
      events.push(`${WORDS[m[1] as string]} ${m[2]} ${mac?.split(': ')[1]?.trim()}`);
    } else if (reused) events.push(`reused-ethernet ${reused[1]} ${reused[2]}`);
  });
  return events.sort();
}

function benchWatch(): void {
  // Built inside the repository (bench/.out), where node_modules resolves as for an installed package.
  const bin = buildNetdoctor(path.join(ROOT, 'bench', '.out', 'lan-dist', 'dist'));
  const big = path.join(work, 'arp-1m.pcap');
  const small = path.join(work, 'arp-100k.pcap');
  writeCapture(big, 1_000_000);
  writeCapture(small, 100_000);
  const watch = (file: string) =>
    timed(process.execPath, [
      bin,
      'lan',
      'watch',
      file,
      '--json',
      '--conflict-seconds',
      '0',
      '--net',
      '10.30.0.0/16',
    ]);
  const secs: number[] = [];
  const wall: number[] = [];
  const rss: number[] = [];
  const rssSmall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = watch(big);
    if (r.status !== 0 && r.status !== 1) throw new Error(`lan watch exited ${r.status}`);
    secs.push(r.cpuSeconds);
    wall.push(r.seconds);
    rss.push(r.maxRssMiB);
    rssSmall.push(watch(small).maxRssMiB);
  }
  console.log(
    `(b) lan watch, 1,000,000 ARP packets: CPU median ${median(secs).toFixed(2)} s (${spread(secs)}), wall ${median(wall).toFixed(2)} s, peak RSS ${median(rss).toFixed(0)} MiB (100,000 packets: ${median(rssSmall).toFixed(0)} MiB)`,
  );
  if (median(secs) >= 2) {
    console.log('    MISS: 1,000,000 packets must take under 2 s');
    missed++;
  }
  if (median(rss) - median(rssSmall) > 25) {
    console.log('    MISS: memory grows with the capture (should stay flat)');
    missed++;
  }
  // (c) arpwatch on the 100,000-packet capture, in a namespace of its own.
  const ns = `ndbench${process.pid}`;
  const made = spawnSync('ip', ['netns', 'add', ns]);
  if (made.status !== 0) {
    console.log(
      '(c) skipped: network namespaces are refused here (arpwatch must not send its DNS look-ups out)',
    );
    return;
  }
  try {
    execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    const theirs: number[] = [];
    const ours: number[] = [];
    let same = true;
    for (let i = 0; i < RUNS; i++) {
      const dat = path.join(work, 'arp.dat');
      writeFileSync(dat, '');
      const a = timed('ip', ['netns', 'exec', ns, 'arpwatch', '-d', '-r', small, '-f', dat]);
      const b = watch(small);
      if (a.status !== 0) throw new Error(`arpwatch exited ${a.status}`);
      theirs.push(a.cpuSeconds);
      ours.push(b.cpuSeconds);
      const x = arpwatchEvents(a.stdout);
      const y = ourEvents(b.stdout).filter((e) => !e.startsWith('duplicate-ip'));
      if (x.join('\n') !== y.join('\n')) same = false;
      if (i === 0) console.log(`    events: arpwatch ${x.length}, lan watch ${y.length}`);
    }
    if (!same) {
      console.log('(c) MISS: arpwatch and lan watch disagree on the events; no ratio');
      missed++;
      return;
    }
    console.log(
      `(c) 100,000 packets, same events, CPU seconds (start-up included): arpwatch ${median(theirs).toFixed(2)} s (${spread(theirs)}), lan watch ${median(ours).toFixed(2)} s (${spread(ours)}), ${(median(theirs) / median(ours)).toFixed(1)}× `,
    );
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

try {
  benchRender();
  benchWatch();
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(missed ? 1 : 0);
