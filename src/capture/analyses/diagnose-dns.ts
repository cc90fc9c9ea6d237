/**
 * DNS queries and their answers, matched per packet during the capture's single pass (flows alone
 * cannot tell: one flow between a client port and a resolver may carry many queries). A query is
 * a UDP message to port 53 with QR = 0; its answer comes back on the same flow with the same
 * 16-bit ID (RFC 1035 §4.1.1) and QR = 1. A retransmitted query (same flow and ID, still waiting)
 * counts once. What is still waiting at the end is unanswered — except queries sent in the last
 * second of the capture, whose answers may simply have arrived after it stopped.
 *
 * Memory is bounded: at most `MAX_PENDING` queries wait at once; beyond that new queries are
 * counted in `untracked` and not matched.
 */
import type { PacketLayers } from '../decoders/layers.js';
import type { CaptureRecord } from '../reader/record.js';

const MAX_PENDING = 200_000;
/** Queries this close to the capture's end are not called unanswered (seconds). */
const END_GRACE = 1;
/** Unanswered names kept per server, for the finding's examples. */
const EXAMPLES = 3;

interface Pending {
  flow: number;
  time: number;
  name: string;
}

export interface DnsServerStats {
  /** Flow index of one of the server's flows (the caller turns it into an address). */
  flows: Set<number>;
  queries: number;
  answered: number;
  unanswered: number;
  /** Answers with RCODE SERVFAIL (2) or REFUSED (5). */
  failures: number;
  examples: string[];
}

/** The question name of the message at `o` (for examples; at most 255 characters). */
function questionName(p: Uint8Array, o: number, end: number): string {
  let i = o + 12;
  let s = '';
  while (i < end && s.length < 255) {
    const len = p[i]!;
    if (len === 0 || len > 63 || i + 1 + len > end) break;
    if (s !== '') s += '.';
    for (let k = i + 1; k <= i + len; k++) s += String.fromCharCode(p[k]!);
    i += 1 + len;
  }
  return s === '' ? '.' : s;
}

export class DnsAnswerTracker {
  private readonly pending = new Map<number, Pending>();
  /** Per flow: the server side's statistics are gathered by flow, keyed later by address. */
  private readonly perFlow = new Map<number, { queries: number; answered: number; failures: number }>();
  untracked = 0;
  retransmitted = 0;

  /** Give to `analyzeCapture({ onPacket })`. */
  readonly onPacket = (rec: CaptureRecord, L: PacketLayers, flow: number): void => {
    if (flow < 0 || L.protocol !== 17 || L.payloadLength < 12) return;
    if (L.dstPort !== 53 && L.srcPort !== 53) return;
    const p = rec.data;
    const o = L.payloadOffset;
    const isResponse = (p[o + 2]! & 0x80) !== 0;
    // Queries go to port 53 and answers come from it; anything else is not ours to match.
    if (isResponse ? L.srcPort !== 53 : L.dstPort !== 53) return;
    const key = flow * 65536 + ((p[o]! << 8) | p[o + 1]!);
    const stats = this.statsOf(flow);
    if (!isResponse) {
      if (this.pending.has(key)) {
        this.retransmitted++;
        return;
      }
      if (this.pending.size >= MAX_PENDING) {
        this.untracked++;
        return;
      }
      stats.queries++;
      const time = rec.tsSec + rec.tsNsec / 1e9;
      this.pending.set(key, { flow, time, name: questionName(p, o, o + L.payloadLength) });
      return;
    }
    if (this.pending.delete(key)) {
      stats.answered++;
      const rcode = p[o + 3]! & 0x0f;
      if (rcode === 2 || rcode === 5) stats.failures++;
    }
  };

  private statsOf(flow: number) {
    let s = this.perFlow.get(flow);
    if (s === undefined) {
      s = { queries: 0, answered: 0, failures: 0 };
      this.perFlow.set(flow, s);
    }
    return s;
  }

  /**
   * Statistics per DNS server address. `serverOf(flow)` names the server of a flow; `endTime` is
   * the capture's last timestamp.
   */
  byServer(serverOf: (flow: number) => string, endTime: number): Map<string, DnsServerStats> {
    const out = new Map<string, DnsServerStats>();
    const get = (flow: number) => {
      const server = serverOf(flow);
      let s = out.get(server);
      if (s === undefined) {
        s = { flows: new Set(), queries: 0, answered: 0, unanswered: 0, failures: 0, examples: [] };
        out.set(server, s);
      }
      s.flows.add(flow);
      return s;
    };
    for (const [flow, f] of this.perFlow) {
      const s = get(flow);
      s.queries += f.queries;
      s.answered += f.answered;
      s.failures += f.failures;
    }
    for (const q of this.pending.values()) {
      const s = get(q.flow);
      if (q.time > endTime - END_GRACE) {
        s.queries--; // may have been answered after the capture stopped: neither asked nor lost
        continue;
      }
      s.unanswered++;
      if (s.examples.length < EXAMPLES && !s.examples.includes(q.name)) s.examples.push(q.name);
    }
    return out;
  }
}
