import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildNetdoctor, ROOT, type TimedRun, timed } from '../harness.js';
import { generate } from './generate.js';

const OUT = `${ROOT}bench/.out`;
const FILE = `${OUT}/office.pcap`;
const BYTES = Number(process.env.BYTES ?? 1.1e9);
const DIST = `${OUT}/dist`;

const netdoctor = (...args: string[]) => timed(process.execPath, [BIN, ...args]);

function row(name: string, r: TimedRun): string {
  return `${name.padEnd(44)} ${r.seconds.toFixed(2).padStart(7)} s  ${r.maxRssMiB.toFixed(0).padStart(6)} MiB`;
}

mkdirSync(OUT, { recursive: true });
if (!existsSync(FILE) || statSync(FILE).size < BYTES) {
  console.log(`generating ${FILE} (${(BYTES / 1e9).toFixed(2)} GB) …`);
  const g = generate(FILE, BYTES);
  console.log(`  ${g.packets.toLocaleString('en-US')} packets`);
}
const BIN = buildNetdoctor(DIST);
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
