/**
 * Packet-tools benchmark: `netdoctor pcap find --filter F --count` against `tshark -Y F`, the same
 * filter on the office capture of bench/capture (BYTES, default 100 MB). Both sides must select
 * the same number of packets before a ratio is printed (bench/harness.ts).
 *
 * Usage: npm run bench -- capture-tools
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { generate } from '../capture/generate.js';
import { buildNetdoctor, compareRuns, finish, machineLine, netdoctorSide, ROOT } from '../harness.js';

const OUT = `${ROOT}bench/.out`;
const FILE = `${OUT}/office.pcap`;
const BYTES = Number(process.env.BYTES ?? 1e8);
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
console.log(`capture: ${FILE}, ${(statSync(FILE).size / 1e9).toFixed(2)} GB; ${machineLine()}`);

finish(
  FILTERS.map((filter) =>
    compareRuns({
      title: `find --filter '${filter}'`,
      peer: {
        name: 'tshark -Y',
        cmd: 'tshark',
        args: ['-n', '-r', FILE, '-Y', filter, '-T', 'fields', '-e', 'frame.number'],
        answer: (out) => out.split('\n').filter(Boolean).length,
      },
      ours: netdoctorSide(
        BIN,
        'netdoctor pcap find',
        ['pcap', 'find', FILE, '--filter', filter, '--count', '--json'],
        (out) => (JSON.parse(out) as { matched: number }).matched,
      ),
      target: { minRatio: 10 },
    }),
  ),
);
