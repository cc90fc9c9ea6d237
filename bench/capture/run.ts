/**
 * Capture benchmark: on a generated capture of more than 1 GB (bench/.out/office.pcap, realistic
 * office mix, > 1 million packets; generated once, git-ignored), `netdoctor pcap conversations`
 * and `netdoctor pcap diagnose` side by side with `tshark -q -z conv,ip` on the same file, in one
 * run: wall time, the ratio, and the peak memory (max RSS) of each process. When the filter
 * engineer's `pcap find` exists, `find --filter` against `tshark -Y` too.
 *
 * Targets (issue 7): ≥ 20× faster than tshark, peak memory < 200 MB.
 * Usage: npm run bench -- capture      (BYTES=1.6e9 for a bigger file)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = `${ROOT}bench/.out`;
const FILE = `${OUT}/office.pcap`;
const BYTES = Number(process.env.BYTES ?? 1.1e9);
const DIST = `${OUT}/dist`;
const BIN = `${DIST}/cli/bin.js`;

interface Run {
  seconds: number;
  maxRssMiB: number;
  status: number | null;
  stdout: string;
}

/** Runs a command under GNU time for its wall time and max RSS. */
function timed(cmd: string, args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', 'ND_TIME %e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    cwd: ROOT,
  });
  const m = /ND_TIME ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`could not time ${cmd}: ${r.stderr.slice(0, 500)}`);
  if (r.status !== 0 && r.status !== 1) console.error(r.stderr.slice(0, 1000));
  return { seconds: Number(m[1]), maxRssMiB: Number(m[2]) / 1024, status: r.status, stdout: r.stdout };
}

/** netdoctor as users run it: compiled by tsc (as `npm run build` does), into bench/.out/dist. */
function build(): void {
  const t = spawnSync(
    process.execPath,
    [
      `${ROOT}node_modules/typescript/bin/tsc`,
      '-p',
      `${ROOT}tsconfig.build.json`,
      '--outDir',
      DIST,
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
    { encoding: 'utf8', cwd: ROOT },
  );
  // tsc still emits when another module has a type error; only a missing CLI is fatal.
  if (!existsSync(BIN)) throw new Error(`build failed: ${t.stdout.slice(0, 2000)}`);
}

const netdoctor = (...args: string[]) => timed(process.execPath, [BIN, ...args]);

function row(name: string, r: Run): string {
  return `${name.padEnd(44)} ${r.seconds.toFixed(2).padStart(7)} s  ${r.maxRssMiB.toFixed(0).padStart(6)} MiB`;
}

mkdirSync(OUT, { recursive: true });
if (!existsSync(FILE) || statSync(FILE).size < BYTES) {
  console.log(`generating ${FILE} (${(BYTES / 1e9).toFixed(2)} GB) …`);
  const g = generate(FILE, BYTES);
  console.log(`  ${g.packets.toLocaleString('en-US')} packets`);
}
build();
const size = statSync(FILE).size;
console.log(`capture: ${FILE}, ${(size / 1e9).toFixed(2)} GB`);
// Both tools run one after the other on the same machine; a busy machine slows both.
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs`,
);

const tshark = timed('tshark', ['-n', '-q', '-r', FILE, '-z', 'conv,ip']);
const conv = netdoctor('pcap', 'conversations', FILE, '--json', '--top', '0');
const diag = netdoctor('pcap', 'diagnose', FILE, '--json');
console.log(row('tshark -q -z conv,ip', tshark));
console.log(row('netdoctor pcap conversations --top 0 --json', conv));
console.log(row('netdoctor pcap diagnose --json', diag));
const results: [string, number, number][] = [
  ['conversations', tshark.seconds / conv.seconds, conv.maxRssMiB],
  ['diagnose', tshark.seconds / diag.seconds, diag.maxRssMiB],
];
let failed = 0;
for (const [name, ratio, mem] of results) {
  const ok = ratio >= 20 && mem < 200;
  if (!ok) failed++;
  console.log(
    `${name}: ${ratio.toFixed(1)}× faster than tshark (target ≥ 20×), peak memory ${mem.toFixed(0)} MiB (target < 200) — ${ok ? 'PASS' : 'MISS'}`,
  );
}
console.log(`tshark peak memory: ${tshark.maxRssMiB.toFixed(0)} MiB`);

// The filter engineer's `pcap find`, when present: the same filter in both tools.
if (existsSync(`${ROOT}src/cli/commands/pcap-tools.ts`)) {
  const filter = 'tcp.flags.reset == 1 or (udp.port == 53 and ip.addr == 192.168.1.1)';
  const tf = timed('tshark', ['-n', '-r', FILE, '-Y', filter, '-T', 'fields', '-e', 'frame.number']);
  const nf = netdoctor('pcap', 'find', FILE, '--filter', filter, '--count', '--json');
  console.log(row('tshark -Y <filter> -T fields', tf));
  console.log(row('netdoctor pcap find --filter <filter> --count', nf));
  console.log(
    `find: ${(tf.seconds / nf.seconds).toFixed(1)}× faster than tshark -Y, peak memory ${nf.maxRssMiB.toFixed(0)} MiB`,
  );
}
process.exit(failed ? 1 : 0);
