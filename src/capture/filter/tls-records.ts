/**
 * TLS records across TCP segments, as Wireshark sees them: a frame shows `tls` when a TLS record
 * ends in it (a record spread over several segments is dissected on its last one, the others are
 * "TCP segment of a reassembled PDU"), and the ClientHello's server name appears on the frame that
 * completes the ClientHello record.
 *
 * Stateful, so it runs on every packet of a flow labelled TLS (or a mail protocol that may switch
 * to it) when a filter names `tls` or the SNI field (`compile.ts` switches it on). Each direction keeps the next expected sequence number, the bytes
 * left in the current record, a partial header, and — for handshake records only — up to 16 KiB
 * of the record to read the server name. Out-of-order segments, retransmissions and data that
 * overlap partly fall back to the per-segment guess (`undefined`).
 */
import type { PacketView } from './packet-view.js';

export interface TlsFrame {
  tls: boolean;
  serverName?: string;
}

interface Direction {
  next: number;
  /** Bytes still to come of the current record's body; 0 between records. */
  need: number;
  /** Header bytes of the next record seen so far (a header may be split across segments). */
  header: number[];
  /** The current handshake record (header included), while it is short enough to keep. */
  record: number[] | undefined;
  /** False while a STARTTLS connection is still plain text in this direction. */
  active: boolean;
}

const MAX_KEPT = 16 * 1024;
const MAX_DIRECTIONS = 200_000;

/** `a - b` as a signed 32-bit distance. */
const seqDiff = (a: number, b: number): number => (a - b) | 0;

export class TlsRecordTracker {
  private readonly dirs = new Map<string, Direction>();

  /** What this TCP segment (TCP entry `tcp` of `v`) holds, or undefined to guess per segment. */
  see(
    v: PacketView,
    tcp: number,
    payloadStart: number,
    payloadLen: number,
    serverName: (b: Uint8Array) => string | undefined,
    startTls = false,
  ): TlsFrame | undefined {
    const l4 = v.tcpOff[tcp] as number;
    const ip = v.tcpIp[tcp] as number;
    const d = v.data;
    const v6 = d[ip]! >> 4 === 6;
    const addr = (at: number) =>
      v6 ? `${v.u32(at)}.${v.u32(at + 4)}.${v.u32(at + 8)}.${v.u32(at + 12)}` : String(v.u32(at));
    const key = `${addr(ip + (v6 ? 8 : 12))}/${v.u16(l4)}>${addr(ip + (v6 ? 24 : 16))}/${v.u16(l4 + 2)}`;
    const flags = d[l4 + 13]!;
    const seq = v.u32(l4 + 4);
    let st = this.dirs.get(key);
    if (flags & 0x02) {
      if (this.dirs.size >= MAX_DIRECTIONS) this.dirs.clear();
      this.dirs.set(key, {
        next: (seq + 1) >>> 0,
        need: 0,
        header: [],
        record: undefined,
        active: !startTls,
      });
      return payloadLen > 0 ? undefined : { tls: false };
    }
    if (payloadLen <= 0) return { tls: false };
    if (st === undefined) {
      if (this.dirs.size >= MAX_DIRECTIONS) this.dirs.clear();
      st = { next: seq, need: 0, header: [], record: undefined, active: !startTls };
      this.dirs.set(key, st);
    }
    if (seq !== st.next) {
      // Wireshark does not hand retransmitted data to TLS again; a partial overlap: guess.
      if (seqDiff((seq + payloadLen) >>> 0, st.next) <= 0) return { tls: false };
      if (seqDiff(seq, st.next) < 0) return undefined;
      // A gap: start over at this segment, as a dissector does after lost data.
      st.need = 0;
      st.header = [];
      st.record = undefined;
    }
    st.next = (seq + payloadLen) >>> 0;
    if (!st.active) {
      // Plain text until a segment starts with a TLS handshake record (the ClientHello or
      // ServerHello after "220 Ready to start TLS").
      const d0 = d[payloadStart];
      if (!(payloadLen >= 5 && d0 === 22 && d[payloadStart + 1] === 3)) return undefined;
      st.active = true;
    }
    let ended = false;
    let name: string | undefined;
    let pos = payloadStart;
    const end = payloadStart + payloadLen;
    while (pos < end) {
      if (st.need > 0) {
        const take = Math.min(st.need, end - pos);
        if (st.record) {
          if (st.record.length + take <= MAX_KEPT) for (let i = 0; i < take; i++) st.record.push(d[pos + i]!);
          else st.record = undefined;
        }
        st.need -= take;
        pos += take;
        if (st.need === 0) {
          ended = true;
          if (st.record && name === undefined) name = serverName(Uint8Array.from(st.record));
          st.record = undefined;
        }
        continue;
      }
      st.header.push(d[pos]!);
      pos++;
      if (st.header.length < 5) continue;
      const [type, major, minor, hi, lo] = st.header as [number, number, number, number, number];
      st.header = [];
      if (type < 20 || type > 24 || major !== 3 || minor > 4) {
        // Not a record header (a gap before, or the capture began mid-stream): Wireshark shows the
        // bytes as TLS "Continuation Data" and reads the next segment from its start again.
        st.need = 0;
        st.record = undefined;
        return { tls: true, ...(name !== undefined ? { serverName: name } : {}) };
      }
      st.need = (hi << 8) | lo;
      st.record = type === 22 ? [type, major, minor, hi, lo] : undefined;
      if (st.need === 0) ended = true;
    }
    return { tls: ended, ...(name !== undefined ? { serverName: name } : {}) };
  }
}
