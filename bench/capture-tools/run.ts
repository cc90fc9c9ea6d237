import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { generate } from '../capture/generate.js';
import { buildNetdoctor, ROOT, timed } from '../harness.js';

const OUT = `${ROOT}bench/.out`;
const FILE = `${OUT}/office.pcap`;
const BYTES = Number(process.env.BYTES ?? 1.1e9);
const DIST = `${OUT}/tools/dist`;

const FILTERS = [
  'tcp.flags.reset == 1 or (udp.port == 53 and ip.addr == 192.168.1.1)',
  'ip.addr == 192.168.1.129 and not tcp.port in {80, 443}',
];

mkdirSync(OUT, { recursive: true });
if (!existsSync(FILE) || statSync(FILE).size < BYTES) {
  console.log(`generating ${FILE} (${(BYTES / 1e9).toFixed(2)} GB) …`);
  generate(FILE, BYTES);
}
const BIN = buildNetdoctor(DIST);
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
