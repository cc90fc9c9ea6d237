/**
 * The `find` shorthands that need state across packets, which a display filter cannot express:
 * `--retransmissions` (a TCP segment carrying data the same direction already sent) and
 * `--dns-unanswered` (a DNS query over UDP, on whatever port, that no response with the same id and addresses
 * answered by the end of the capture). `--rst` is plain `tcp.flags.reset == 1`.
 *
 * Both keep one small entry per conversation or pending query, capped (the oldest are dropped and
 * counted) so that memory stays bounded on captures of any size.
 */
import { questionName } from '../classifiers/dns.js';
import { layerLabel } from './app-fields.js';
import type { PacketView } from './packet-view.js';

export const MAX_TRACKED = 1_000_000;

function addrKey(v: PacketView, ip: number, src: boolean): string {
  const d = v.data;
  if (d[ip]! >> 4 === 4) return String(v.u32(ip + (src ? 12 : 16)));
  const at = ip + (src ? 8 : 24);
  return `${v.u32(at).toString(16)}:${v.u32(at + 4).toString(16)}:${v.u32(at + 8).toString(16)}:${v.u32(at + 12).toString(16)}`;
}

/** Most sent ranges remembered per direction; beyond it the oldest two are merged (conservative). */
const MAX_RANGES = 64;

/**
 * Retransmissions: a TCP segment (with data, SYN or FIN) that carries no byte this direction has
 * not already sent: every byte lies in ranges seen before. A segment that fills a hole is
 * out-of-order, not a retransmission, and one carrying new bytes is not one either (tshark's
 * `tcp.analysis.retransmission` says the same for both); a one-byte segment just below the highest
 * sequence number is a keep-alive.
 */
export class RetransmissionTracker {
  /** Per direction: the first sequence number and the sent ranges relative to it, sorted, merged. */
  private readonly flows = new Map<string, { base: number; ranges: number[] }>();
  dropped = 0;

  isRetransmission(v: PacketView): boolean {
    if (v.tcpOff.length === 0 || v.tcpHdr[0] === 0) return false;
    const l4 = v.tcpOff[0]!;
    const ip = v.tcpIp[0]!;
    const flags = v.data[l4 + 13]!;
    const len = v.tcpLen[0]! + (flags & 0x02 ? 1 : 0) + (flags & 0x01 ? 1 : 0);
    if (len <= 0 || flags & 0x04) return false;
    const key = `${addrKey(v, ip, true)}/${v.u16(l4)}>${addrKey(v, ip, false)}/${v.u16(l4 + 2)}`;
    const seq = v.u32(l4 + 4);
    let flow = this.flows.get(key);
    if (flow === undefined) {
      if (this.flows.size >= MAX_TRACKED) {
        this.flows.clear();
        this.dropped++;
      }
      flow = { base: seq, ranges: [] };
      this.flows.set(key, flow);
    }
    const start = (seq - flow.base) | 0;
    const end = start + len;
    const r = flow.ranges;
    const highest = r.length ? (r[r.length - 1] as number) : start;
    let covered = false;
    for (let i = 0; i < r.length; i += 2) {
      if ((r[i] as number) <= start && end <= (r[i + 1] as number)) covered = true;
    }
    if (covered) return !(len === 1 && end === highest && (flags & 0x03) === 0);
    addRange(r, start, end);
    return false;
  }
}

/** Adds [start, end) to sorted, disjoint `ranges` (flat pairs), merging what touches. */
function addRange(ranges: number[], start: number, end: number): void {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i] as number, ranges[i + 1] as number]);
  pairs.push([start, end]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const p of pairs) {
    const last = merged[merged.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else merged.push([p[0], p[1]]);
  }
  while (merged.length > MAX_RANGES) {
    const [a, b] = merged.splice(0, 2) as [[number, number], [number, number]];
    merged.unshift([a[0], b[1]]);
  }
  ranges.length = 0;
  for (const [s, e] of merged) ranges.push(s, e);
}

export interface PendingQuery {
  frame: number;
  name: string;
}

/** DNS queries over UDP (flows the classifiers label `dns`, on any port) waiting for their response. */
export class DnsAnswerTracker {
  private readonly pending = new Map<string, PendingQuery>();
  dropped = 0;

  see(v: PacketView): void {
    if (v.udpOff.length === 0) return;
    const l4 = v.udpOff[0]!;
    const ip = v.udpIp[0]!;
    if (layerLabel(v, v.udpLayer[0]!) !== 'dns') return;
    const sport = v.u16(l4);
    const dport = v.u16(l4 + 2);
    const msg = l4 + 8;
    if (v.end < msg + 12) return;
    const id = v.u16(msg);
    const response = (v.data[msg + 2]! & 0x80) !== 0;
    const src = `${addrKey(v, ip, true)}/${sport}`;
    const dst = `${addrKey(v, ip, false)}/${dport}`;
    if (response) {
      this.pending.delete(`${dst}>${src}#${id}`);
      return;
    }
    if (this.pending.size >= MAX_TRACKED) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
      this.dropped++;
    }
    const name = questionName(v.data.subarray(msg, v.end), 0) ?? '';
    this.pending.set(`${src}>${dst}#${id}`, { frame: v.packet.frame, name });
  }

  /** The queries never answered, in capture order. */
  unanswered(): PendingQuery[] {
    return [...this.pending.values()].sort((a, b) => a.frame - b.frame);
  }
}
