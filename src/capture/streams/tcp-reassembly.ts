/**
 * One direction of a TCP connection put back in order: segments are placed by sequence number
 * (RFC 9293 §3.4, arithmetic modulo 2^32), data already delivered (retransmissions, overlapping
 * segments) is dropped, segments that arrive early wait until the gap before them fills. When the
 * data waiting exceeds the cap, or at the end of the capture, the gap is skipped and reported.
 *
 * Hand-written: reassembly has to follow the capture's own segments (no socket involved), keep
 * memory bounded by a flag and say where bytes are missing; no npm package does that.
 */

export interface StreamSink {
  data(direction: 0 | 1, bytes: Uint8Array, frame: number): void;
  /** `missing` bytes were never seen before the data that follows. */
  gap(direction: 0 | 1, missing: number, frame: number): void;
}

interface Pending {
  seq: number;
  bytes: Uint8Array;
  frame: number;
}

/** `a - b` as a signed 32-bit distance. */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export class TcpDirection {
  /** Next sequence number expected; undefined until the first segment. */
  next: number | undefined;
  private pending: Pending[] = [];
  pendingBytes = 0;

  constructor(
    private readonly direction: 0 | 1,
    private readonly sink: StreamSink,
    /** Most bytes held out of order before the gap is given up on. */
    private readonly maxPending: number,
  ) {}

  /** A segment of this direction: its flags' SYN bit, sequence number and payload. */
  segment(syn: boolean, seq: number, payload: Uint8Array, frame: number): void {
    if (syn) {
      // The SYN takes one sequence number; data (TCP Fast Open) starts after it.
      if (this.next === undefined) this.next = (seq + 1) >>> 0;
      seq = (seq + 1) >>> 0;
    }
    if (payload.length === 0) return;
    if (this.next === undefined) this.next = seq;
    const ahead = seqDiff(seq, this.next);
    if (ahead > 0) {
      this.hold({ seq, bytes: payload.slice(), frame });
      return;
    }
    this.deliver(seq, payload, frame);
    this.drain();
  }

  /** Gives up on gaps: delivers what waits, in order, reporting each gap. */
  finish(): void {
    while (this.pending.length > 0) this.skipGap();
  }

  private deliver(seq: number, payload: Uint8Array, frame: number): void {
    const skip = -seqDiff(seq, this.next as number); // already delivered bytes at the front
    if (skip >= payload.length) return;
    const fresh = skip > 0 ? payload.subarray(skip) : payload;
    this.sink.data(this.direction, fresh, frame);
    this.next = ((this.next as number) + fresh.length) >>> 0;
  }

  private hold(p: Pending): void {
    this.pending.push(p);
    this.pendingBytes += p.bytes.length;
    while (this.pendingBytes > this.maxPending && this.pending.length > 0) this.skipGap();
  }

  /** Delivers every waiting segment that now starts at or before `next`. */
  private drain(): void {
    let progressed = true;
    while (progressed && this.pending.length > 0) {
      progressed = false;
      for (let i = 0; i < this.pending.length; i++) {
        const p = this.pending[i] as Pending;
        if (seqDiff(p.seq, this.next as number) <= 0) {
          this.pending.splice(i, 1);
          this.pendingBytes -= p.bytes.length;
          this.deliver(p.seq, p.bytes, p.frame);
          progressed = true;
          break;
        }
      }
    }
  }

  private skipGap(): void {
    let first = this.pending[0] as Pending;
    for (const p of this.pending) if (seqDiff(p.seq, first.seq) < 0) first = p;
    const missing = seqDiff(first.seq, this.next as number);
    if (missing > 0) {
      this.sink.gap(this.direction, missing, first.frame);
      this.next = first.seq;
    }
    this.drain();
  }
}
