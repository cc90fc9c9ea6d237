/**
 * Capture benchmark: `netdoctor pcap conversations --by ip` against `tshark -q -z conv,ip`, the
 * same job on a generated office capture (BYTES, default 100 MB: 5 runs of tshark each fit in a
 * couple of minutes on a shared machine; BYTES=1.1e9 for the big one). Both sides must list the
 * same IPv4 conversations with the same frame counts before a ratio is printed (bench/harness.ts).
 *
 * Usage: npm run bench -- capture
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { buildNetdoctor, compareRuns, finish, machineLine, netdoctorSide, ROOT } from '../harness.js';
import { generate } from './generate.js';

const OUT = `${ROOT}bench/.out`;
const FILE = `${OUT}/office.pcap`;
const BYTES = Number(process.env.BYTES ?? 1e8);
const DIST = `${OUT}/dist`;

/** `a b frames`, the pair in sorted order, one per IPv4 conversation: what both tools must agree on. */
function pairs(list: [string, string, number][]): string[] {
  const sum = new Map<string, number>();
  for (const [a, b, frames] of list) {
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    sum.set(key, (sum.get(key) ?? 0) + frames);
  }
  return [...sum].map(([k, n]) => `${k} ${n}`).sort();
}

/** tshark's conv,ip table: `a <-> b  f← n unit  f→ n unit  frames n unit …`. */
export function tsharkConversations(stdout: string): string[] {
  const rows: [string, string, number][] = [];
  for (const line of stdout.split('\n')) {
    const t = line.trim().split(/\s+/);
    if (t[1] !== '<->') continue;
    rows.push([t[0] as string, t[2] as string, Number((t[9] ?? '').replace(/,/g, ''))]);
  }
  if (rows.length === 0) throw new Error('no conversation rows');
  return pairs(rows);
}

/** netdoctor's --json conversations (by IP pair and transport), IPv4 only as tshark's conv,ip. */
export function netdoctorConversations(stdout: string): string[] {
  const doc = JSON.parse(stdout) as { conversations: { a: string; b: string; packets: number }[] };
  return pairs(doc.conversations.filter((c) => !c.a.includes(':')).map((c) => [c.a, c.b, c.packets]));
}

mkdirSync(OUT, { recursive: true });
if (!existsSync(FILE) || statSync(FILE).size < BYTES) {
  console.log(`generating ${FILE} (${(BYTES / 1e9).toFixed(2)} GB) …`);
  const g = generate(FILE, BYTES);
  console.log(`  ${g.packets.toLocaleString('en-US')} packets`);
}
const BIN = buildNetdoctor(DIST);
console.log(`capture: ${FILE}, ${(statSync(FILE).size / 1e9).toFixed(2)} GB; ${machineLine()}`);

finish([
  compareRuns({
    title: 'pcap conversations vs tshark -z conv,ip',
    peer: {
      name: 'tshark -q -z conv,ip',
      cmd: 'tshark',
      args: ['-n', '-q', '-r', FILE, '-z', 'conv,ip'],
      answer: tsharkConversations,
    },
    ours: netdoctorSide(
      BIN,
      'netdoctor pcap conversations',
      ['pcap', 'conversations', FILE, '--by', 'ip', '--json', '--top', '0'],
      netdoctorConversations,
    ),
    target: { minRatio: 10, maxRssMiB: 200 },
  }),
]);
