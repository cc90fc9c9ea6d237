/**
 * The `find` shorthands that need state across packets, which a display filter cannot express:
 * `--retransmissions` (a TCP segment carrying data the same direction already sent) and
 * `--dns-unanswered` (a DNS query over UDP that no response with the same id and addresses
 * answered by the end of the capture). `--rst` is plain `tcp.flags.reset == 1`.
 *
 * Both keep one small entry per conversation or pending query, capped (the oldest are dropped and
 * counted) so that memory stays bounded on captures of any size.
 */
import { dnsQueryName } from './app-fields.js';
import type { PacketView } from './packet-view.js';

export const MAX_TRACKED = 1_000_000;

function addrKey(v: PacketView, ip: number, src: boolean): string {
  const d = v.data;
  if (d[ip]! >> 4 === 4) return String(v.u32(ip + (src ? 12 : 16)));
  const at = ip + (src ? 8 : 24);
  return `${v.u32(at).toString(16)}:${v.u32(at + 4).toString(16)}:${v.u32(at + 8).toString(16)}:${v.u32(at + 12).toString(16)}`;
}

/**
 * Retransmissions as tshark's `tcp.analysis.retransmission` mostly sees them: data whose sequence
 * number lies before the highest sequence number this direction has already sent (a one-byte
 * segment just below it is a keep-alive, not a retransmission).
 */
export class RetransmissionTracker {
  private readonly highest = new Map<string, number>();
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
    const end = (seq + len) >>> 0;
    const seen = this.highest.get(key);
    if (seen === undefined) {
      if (this.highest.size >= MAX_TRACKED) {
        this.highest.clear();
        this.dropped++;
      }
      this.highest.set(key, end);
      return false;
    }
    const behind = (seen - seq) | 0;
    if (behind > 0 && !(len === 1 && behind === 1)) return true;
    if (((end - seen) | 0) > 0) this.highest.set(key, end);
    return false;
  }
}

export interface PendingQuery {
  frame: number;
  name: string;
}

/** DNS queries over UDP (port 53) waiting for their response. */
export class DnsAnswerTracker {
  private readonly pending = new Map<string, PendingQuery>();
  dropped = 0;

  see(v: PacketView): void {
    if (v.udpOff.length === 0) return;
    const l4 = v.udpOff[0]!;
    const ip = v.udpIp[0]!;
    const sport = v.u16(l4);
    const dport = v.u16(l4 + 2);
    if (sport !== 53 && dport !== 53) return;
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
    const name = dnsQueryName(v.data.subarray(msg, v.end), 0) ?? '';
    this.pending.set(`${src}>${dst}#${id}`, { frame: v.packet.frame, name });
  }

  /** The queries never answered, in capture order. */
  unanswered(): PendingQuery[] {
    return [...this.pending.values()].sort((a, b) => a.frame - b.frame);
  }
}
