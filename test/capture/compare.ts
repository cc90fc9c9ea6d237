/**
 * Compares netdoctor's reading of a capture with tshark's: totals, per-endpoint, per IP pair, per
 * TCP and UDP conversation. Returns the differences as sentences (empty: they agree). How tshark
 * is made to count frame by frame (no IP reassembly, custom blocks apart) is in tshark.ts.
 *
 * A file cut short in the middle of a packet: netdoctor reports ND_CAPTURE_TRUNCATED and counts
 * the packets before the cut record; tshark shows the partial last frame with the length its
 * record header claims (a 239-byte fuzz file becomes 524 kB of data), which would mislead an admin
 * reading totals. The rule, for any such file: both must say the file is cut short (tshark's
 * "cut short in the middle of a packet", netdoctor's truncation error), and netdoctor's counts must
 * equal tshark's over every frame it read, or over all but the partial last one (`tshark -c`).
 * Any other read error on netdoctor's side is a difference.
 */
import { analyzeCapture, conversations, endpoints } from '../../src/capture/index.js';
import { tsharkView } from './tshark.js';

/** What the rules of tshark.ts and this file set apart in one capture, for the suite's summary. */
export interface CompareNotes {
  /** pcapng Custom Blocks tshark listed as frames, left out of its totals. */
  customBlocks: number;
  /** 1 when the file is cut short and tshark's partial last frame was left out, else 0. */
  partialFrames: number;
  /** IPv6 fragments past the first, added to tshark's IPv6 tables from its per-frame fields. */
  laterFragments: number;
  /** tshark conversation rows summed into an earlier row of the same pair. */
  summedRows: number;
}

export async function compareWithTshark(file: string, notes?: CompareNotes): Promise<string[]> {
  const [ours, all] = await Promise.all([analyzeCapture(file), tsharkView(file)]);
  let theirs = all;
  const diffs: string[] = [];
  const truncated = ours.error?.code === 'ND_CAPTURE_TRUNCATED';
  if (ours.error && !(truncated && all.cutShort)) diffs.push(`read error: ${ours.error.oneLine()}`);
  if (all.cutShort && !truncated) diffs.push(`tshark: ${all.failed}; netdoctor reports no truncation`);
  if (all.cutShort && truncated && ours.counters.packets === all.packets - 1) {
    theirs = await tsharkView(file, all.packets + all.customBlocks - 1);
    if (notes) notes.partialFrames++;
  }
  if (notes) {
    notes.customBlocks += theirs.customBlocks;
    notes.laterFragments += theirs.laterFragments;
    notes.summedRows += theirs.summedRows;
  }
  const c = ours.counters;
  if (c.packets !== theirs.packets) diffs.push(`packets ${c.packets} vs tshark ${theirs.packets}`);
  if (c.bytes !== theirs.bytes) diffs.push(`bytes ${c.bytes} vs tshark ${theirs.bytes}`);
  const flows = ours.flows();
  // Per endpoint.
  const eps = new Map(endpoints(flows).map((e) => [e.address, e]));
  for (const [addr, t] of theirs.endpoints) {
    const e = eps.get(addr);
    if (!e) {
      diffs.push(`endpoint ${addr} missing (tshark: ${t.packets} packets)`);
      continue;
    }
    const mine = [e.packets, e.bytes, e.packetsSent, e.bytesSent, e.packetsReceived, e.bytesReceived];
    const want = [t.packets, t.bytes, t.txPackets, t.txBytes, t.rxPackets, t.rxBytes];
    if (mine.join() !== want.join())
      diffs.push(`endpoint ${addr}: ${mine.join('/')} vs tshark ${want.join('/')}`);
  }
  for (const addr of eps.keys())
    if (!theirs.endpoints.has(addr)) diffs.push(`endpoint ${addr} not in tshark`);
  // Per IP pair: tshark's IPv4/IPv6 conversation tables (packets exact, bytes rounded above 1 kB).
  const pairs = new Map(
    conversations(flows, 'ip').map((p) => [p.a < p.b ? `${p.a} ${p.b}` : `${p.b} ${p.a}`, p] as const),
  );
  for (const [key, t] of theirs.ipConversations) {
    const p = pairs.get(key);
    const bytesOk = (b: number) =>
      t.approx ? Math.abs(b - t.bytes) <= t.bytes * 0.05 + 1000 : b === t.bytes;
    if (!p) diffs.push(`ip pair ${key} missing (tshark: ${t.packets} packets)`);
    else if (p.packets !== t.packets || !bytesOk(p.bytes)) {
      diffs.push(
        `ip pair ${key}: ${p.packets}/${p.bytes} vs tshark ${t.packets}/${t.bytes}${t.approx ? '~' : ''}`,
      );
    }
  }
  for (const key of pairs.keys())
    if (!theirs.ipConversations.has(key)) diffs.push(`ip pair ${key} not in tshark`);
  // The first IP header of each frame, exactly (tshark -T fields): outer pairs, exact bytes.
  for (const [key, t] of theirs.ipPairs) {
    const p = pairs.get(key);
    if (p && p.bytes < t.bytes)
      diffs.push(`ip pair ${key}: ${p.bytes} bytes, fewer than tshark's frames ${t.bytes}`);
  }
  // Per TCP / UDP conversation.
  for (const kind of ['tcp', 'udp'] as const) {
    const mine = new Map<string, { packets: number; bytes: number }>();
    for (const cv of conversations(flows, kind)) {
      const x = `${cv.a}:${cv.aPort}`;
      const y = `${cv.b}:${cv.bPort}`;
      mine.set(x < y ? `${x} ${y}` : `${y} ${x}`, cv);
    }
    for (const t of theirs[kind]) {
      const x = `${t.a}:${t.aPort}`;
      const y = `${t.b}:${t.bPort}`;
      const key = x < y ? `${x} ${y}` : `${y} ${x}`;
      const m = mine.get(key);
      mine.delete(key);
      if (!m) {
        diffs.push(`${kind} ${key} missing (tshark: ${t.packets} packets)`);
        continue;
      }
      const bytesOk = t.approx ? Math.abs(m.bytes - t.bytes) <= t.bytes * 0.05 + 1000 : m.bytes === t.bytes;
      if (m.packets !== t.packets || !bytesOk) {
        diffs.push(
          `${kind} ${key}: ${m.packets}/${m.bytes} vs tshark ${t.packets}/${t.bytes}${t.approx ? '~' : ''}`,
        );
      }
    }
    for (const key of mine.keys()) diffs.push(`${kind} ${key} not in tshark`);
  }
  return diffs;
}
