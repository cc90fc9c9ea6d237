/**
 * Packet-tools benchmark: `netdoctor pcap find --filter` against `tshark -r FILE -Y FILTER` on the
 * generated capture of "Capture analysis I" (bench/.out/office.pcap, > 1 GB; generated once by
 * bench/capture/generate.ts when missing, git-ignored), same filters, in one run: wall time, the
 * count each tool found (they must agree), the ratio and peak memory.
 *
 * Target (issue 8): ≥ 10× faster than tshark -Y with the same result count.
 * Usage: npm run bench -- capture-tools      (BYTES=1.6e9 for a bigger file)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generate } from '../capture/generate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = `${ROOT}bench/.out`;
const FILE = `${OUT}/office.pcap`;
const BYTES = Number(process.env.BYTES ?? 1.1e9);
const DIST = `${OUT}/tools/dist`;
const BIN = `${DIST}/cli/bin.js`;

const FILTERS = [
  'tcp.flags.reset == 1 or (udp.port == 53 and ip.addr == 192.168.1.1)',
  'ip.addr == 192.168.1.129 and not tcp.port in {80, 443}',
];

interface Run {
  seconds: number;
  maxRssMiB: number;
  stdout: string;
}

function timed(cmd: string, args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', 'ND_TIME %e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    cwd: ROOT,
  });
  const m = /ND_TIME ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`could not time ${cmd}: ${r.stderr.slice(0, 500)}`);
  return { seconds: Number(m[1]), maxRssMiB: Number(m[2]) / 1024, stdout: r.stdout };
}

/** netdoctor as users run it: compiled by tsc, into its own folder under bench/.out. */
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
  if (!existsSync(BIN)) throw new Error(`build failed: ${t.stdout.slice(0, 2000)}`);
  // cli/version.js reads ../../package.json, as it does in an installed package.
  copyFileSync(`${ROOT}package.json`, `${OUT}/tools/package.json`);
}

mkdirSync(OUT, { recursive: true });
if (!existsSync(FILE) || statSync(FILE).size < BYTES) {
  console.log(`generating ${FILE} (${(BYTES / 1e9).toFixed(2)} GB) …`);
  generate(FILE, BYTES);
}
build();
console.log(`capture: ${FILE}, ${(statSync(FILE).size / 1e9).toFixed(2)} GB`);
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs`,
);

let failed = 0;
for (const filter of FILTERS) {
  const tshark = timed('tshark', ['-n', '-r', FILE, '-Y', filter, '-T', 'fields', '-e', 'frame.number']);
  const mine = timed(process.execPath, [BIN, 'pcap', 'find', FILE, '--filter', filter, '--count', '--json']);
  const tsharkCount = tshark.stdout.split('\n').filter(Boolean).length;
  const mineCount = (JSON.parse(mine.stdout) as { matched: number }).matched;
  const ratio = tshark.seconds / mine.seconds;
  const ok = ratio >= 10 && tsharkCount === mineCount;
  if (!ok) failed++;
  console.log(`filter: ${filter}`);
  console.log(
    `  tshark -Y          ${tshark.seconds.toFixed(2).padStart(7)} s  ${tshark.maxRssMiB.toFixed(0).padStart(6)} MiB  ${tsharkCount} packets`,
  );
  console.log(
    `  netdoctor find     ${mine.seconds.toFixed(2).padStart(7)} s  ${mine.maxRssMiB.toFixed(0).padStart(6)} MiB  ${mineCount} packets`,
  );
  console.log(
    `  find: ${ratio.toFixed(1)}× faster than tshark -Y (target ≥ 10×), counts ${tsharkCount === mineCount ? 'equal' : 'DIFFER'} — ${ok ? 'PASS' : 'MISS'}`,
  );
}
process.exit(failed ? 1 : 0);
