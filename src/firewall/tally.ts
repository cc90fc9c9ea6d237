/**
 * The firewall log's hot path: walks whole lines in a Buffer, reads the stamp by position (cached
 * per second), the packet fields by `readPacket`, and counts into numeric tables — one Map lookup
 * per line, keyed by (source, protocol, port) as a number; no string is made for a line unless its
 * prefix or its source changed from the line before. Lines in formats without a fixed-position
 * stamp (the journal's JSON, RFC 5424, dmesg) go through the format registry as text.
 *
 * Memory is bounded by what is distinct (sources × ports), not by the log's length; past
 * `maxPairs` distinct (source, port) pairs, packets of new pairs are counted in `overflow` only.
 */

import { timeOf } from '../logs/formats/syslog-bsd.js';
import { type FormatState, type LineFormat, parseLine } from '../logs/index.js';
import { MONTHS } from '../logs/record.js';
import { byteAt, compressIpv6, emptyPacket, type PacketFields, readPacket } from './packet.js';
import { Ipv4Index, PairTable } from './tables.js';

export interface PrefixTally {
  text: string;
  packets: number;
  /** Bytes of log lines (with their newline). */
  logBytes: number;
  /** Packets sent to a broadcast or multicast link address. */
  nonUnicast: number;
  nonUnicastBytes: number;
  /** Direction as the interfaces show it: IN only, OUT only, both (forwarded). */
  input: number;
  output: number;
  forward: number;
}

export interface TallyOptions {
  since?: number;
  until?: number;
  maxLineBytes: number;
  /** Distinct (source, protocol, port) pairs kept (default 1,000,000). */
  maxPairs?: number;
  /** Keep this many lines as a sample, for the compression estimate (bytes; default 1 MiB). */
  sampleBytes?: number;
  /** Keep up to this many unparsed packet lines as examples. */
  keepUnparsed?: number;
  /** Read every line in this format; a line it does not read is unparsed (default: per line). */
  format?: LineFormat;
}

/** A prefix's bytes and its tally, for `prefixTally`; this many are kept. */
interface RecentPrefix {
  bytes: Buffer;
  tally: PrefixTally;
}
const RECENT_PREFIXES = 8;

/** `[  203.842973]`'s inside: digits, spaces and one dot (a `[UFW BLOCK]` prefix is not one). */
function uptime(buf: Buffer, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = buf[k] as number;
    if (!((c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0x2e)) return false;
  }
  return e > s;
}

export class FirewallTally {
  lines = 0;
  packets = 0;
  /** Lines of the log that are not packet lines (other programs, other kernel messages). */
  otherLines = 0;
  /** Lines that look like packet lines but could not be read, and lines cut at the cap. */
  unparsed = 0;
  unparsedExamples: string[] = [];
  /** Lines left out by since/until. */
  outOfRange = 0;
  logBytes = 0;
  packetBytes = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  /** Packets whose line has no wall-clock time (dmesg's seconds since boot). */
  untimed = 0;
  overflow = 0;
  overflowBytes = 0;

  /** Sources by index: an IPv4 address as its 32-bit number, an IPv6 address as compressed text. */
  readonly sourceKeys: (number | string)[] = [];
  private readonly v4 = new Ipv4Index();
  private readonly v6 = new Map<string, number>();
  /** IPv6 sources as the line prints them → index (`compressIpv6` is slow: once per text). */
  private readonly v6Printed = new Map<string, number>();
  readonly pairs = new PairTable();
  readonly prefixes = new Map<string, PrefixTally>();
  /** Hour (ms / 3600000) → packets, log bytes. */
  readonly hours = new Map<number, [number, number]>();
  readonly sample: Buffer[] = [];
  /** What each sample line took off `sampleLeft` (its bytes with the newline). */
  private readonly sampleCost: number[] = [];
  private sampleLeft: number;

  private readonly p: PacketFields = emptyPacket();
  private readonly maxPairs: number;
  private stampBuf = Buffer.alloc(32);
  private stampLen = 0;
  private lastPrefixTally: PrefixTally | undefined;
  /** The reader's `prefixSerial` of the last line's prefix (see `PacketFields`). */
  private lastPrefixSerial = -1;
  private readonly recentPrefixes: RecentPrefix[] = [];
  private recentNext = 0;
  private lastSrc4 = -1;
  private lastSrcIdx = -1;
  private lastHour = -1;
  private lastHourRow: [number, number] | undefined;
  /** The current line's time (NaN: none) and hour number (-1: none). */
  private time = Number.NaN;
  private hour = -1;

  constructor(private readonly o: TallyOptions) {
    this.maxPairs = o.maxPairs ?? 1_000_000;
    this.sampleLeft = o.sampleBytes ?? 1 << 20;
  }

  /** Counts the whole lines in `buf[start, end)`; returns how many lines there were. */
  lines_(buf: Buffer, start: number, end: number, state: FormatState): number {
    let n = 0;
    let pos = start;
    while (pos < end) {
      let nl = buf.indexOf(0x0a, pos);
      if (nl < 0 || nl >= end) nl = end;
      let e = nl;
      if (e > pos && buf[e - 1] === 0x0d) e--;
      n++;
      if (e > pos) this.line(buf, pos, e, nl + 1 - pos, state);
      pos = nl + 1;
    }
    this.lines += n;
    return n;
  }

  /** One message already split from its record (the journal), with the record's time. */
  record(message: Buffer, time: number): void {
    this.lines++;
    this.setTime(time);
    this.packet(message, 0, message.length - 1, message.length, 0);
  }

  /** A line cut at the cap. */
  cut(head: Buffer): void {
    this.lines++;
    this.unparsed++;
    this.keepExample(head, 0, Math.min(head.length, 300));
  }

  private keepExample(buf: Buffer, s: number, e: number): void {
    if (this.unparsedExamples.length < (this.o.keepUnparsed ?? 0))
      this.unparsedExamples.push(buf.toString('utf8', s, Math.min(e, s + 2000)));
  }

  private line(buf: Buffer, s: number, e: number, size: number, state: FormatState): void {
    if (e - s > this.o.maxLineBytes) {
      this.unparsed++;
      this.keepExample(buf, s, s + 300);
      return;
    }
    const c = buf[s] as number;
    const forced = this.o.format?.id;
    let msg: number;
    if (
      c >= 0x41 &&
      c <= 0x5a &&
      buf[s + 3] === 0x20 &&
      buf[s + 9] === 0x3a &&
      buf[s + 15] === 0x20 &&
      (forced === undefined || forced === 'syslog-bsd')
    ) {
      this.stamp(buf, s, 15, state, true);
      msg = this.afterTag(buf, s + 16, e);
    } else if (
      c >= 0x30 &&
      c <= 0x39 &&
      buf[s + 4] === 0x2d &&
      buf[s + 10] === 0x54 &&
      buf[s + 13] === 0x3a &&
      (forced === undefined || forced === 'syslog-rfc3339')
    ) {
      this.stamp(buf, s, 19, state, false);
      const sp = byteAt(buf, s + 19, e, 0x20);
      msg = sp < 0 ? -1 : this.afterTag(buf, sp + 1, e);
    } else {
      this.textLine(buf, s, e, size, state);
      return;
    }
    if (this.hour < 0 || msg < 0) {
      this.textLine(buf, s, e, size, state);
      return;
    }
    this.packet(buf, msg, e, size, s);
  }

  /** A line read through the format registry (JSON, RFC 5424, dmesg): its message re-encoded. */
  private textLine(buf: Buffer, s: number, e: number, size: number, state: FormatState): void {
    const text = buf.toString('utf8', s, e);
    const forced = this.o.format;
    const rec = forced ? forced.parse(text, state) : parseLine(text, state);
    if (!rec && forced) {
      // Not in the format the caller named: unparsed, as the shared reader counts it.
      this.unparsed++;
      this.keepExample(buf, s, e);
      return;
    }
    if (!rec) {
      // Not a line of any known format: a packet line without a stamp (ulogd, a pasted excerpt)?
      this.setTime(Number.NaN);
      this.packet(buf, s, e, size, s);
      return;
    }
    const m = Buffer.from(rec.message);
    this.setTime(rec.time);
    this.packet(m, 0, m.length, size, -1, buf, s, e);
  }

  private setTime(time: number): void {
    this.time = time;
    this.hour = Number.isNaN(time) ? -1 : Math.floor(time / 3_600_000);
    this.stampLen = 0;
  }

  /** Sets the line's time from its stamp, computed once per distinct stamp text. */
  private stamp(buf: Buffer, s: number, len: number, state: FormatState, bsd: boolean): void {
    if (len === this.stampLen) {
      let k = len - 1;
      while (k >= 0 && buf[s + k] === this.stampBuf[k]) k--;
      if (k < 0) return;
    }
    buf.copy(this.stampBuf, 0, s, s + len);
    this.stampLen = len;
    const t = buf.toString('latin1', s, s + len);
    let time = Number.NaN;
    if (bsd) {
      const month = MONTHS[t.slice(0, 3)];
      const day = Number(t.slice(4, 6).trim());
      const h = Number(t.slice(7, 9));
      const mi = Number(t.slice(10, 12));
      const se = Number(t.slice(13, 15));
      if (month !== undefined && day >= 1 && day <= 31 && h <= 23 && mi <= 59 && se <= 60)
        time = timeOf(state, month, day, h, mi, se);
    } else {
      const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$/.exec(t);
      if (m)
        time = Date.UTC(
          +(m[1] as string),
          +(m[2] as string) - 1,
          +(m[3] as string),
          +(m[4] as string),
          +(m[5] as string),
          +(m[6] as string),
        );
    }
    this.setTime(time);
    this.stampLen = len;
  }

  /** After `host ` at `i`: the message start after `tag: ` (and a `[ 123.456] ` uptime), or -1. */
  private afterTag(buf: Buffer, i: number, e: number): number {
    const host = byteAt(buf, i, Math.min(e, i + 256), 0x20);
    if (host < 0) return -1;
    const limit = Math.min(e, host + 130);
    for (let k = host + 1; k < limit; k++) {
      const c = buf[k];
      if (c === 0x3a && buf[k + 1] === 0x20) {
        let m = k + 2;
        if (buf[m] === 0x5b) {
          const close = byteAt(buf, m, Math.min(e, m + 20), 0x5d);
          if (close > 0 && buf[close + 1] === 0x20 && uptime(buf, m + 1, close)) m = close + 2;
        }
        return m;
      }
      if (c === 0x20) return -1;
    }
    return -1;
  }

  private packet(
    buf: Buffer,
    s: number,
    e: number,
    size: number,
    lineStart: number,
    lineBuf?: Buffer,
    ls?: number,
    le?: number,
  ): void {
    const p = this.p;
    const r = readPacket(buf, s, e, p);
    if (r === 0) {
      this.otherLines++;
      return;
    }
    if (r < 0) {
      this.unparsed++;
      if (lineBuf) this.keepExample(lineBuf, ls as number, le as number);
      else this.keepExample(buf, lineStart, e);
      return;
    }
    if (this.hour >= 0) {
      const time = this.time;
      if (
        (this.o.since !== undefined && time < this.o.since) ||
        (this.o.until !== undefined && time >= this.o.until)
      ) {
        this.outOfRange++;
        return;
      }
      if (time < this.first) this.first = time;
      if (time > this.last) this.last = time;
      const hour = this.hour;
      if (hour !== this.lastHour) {
        this.lastHour = hour;
        let row = this.hours.get(hour);
        if (!row) {
          row = [0, 0];
          this.hours.set(hour, row);
        }
        this.lastHourRow = row;
      }
      const row = this.lastHourRow as [number, number];
      row[0]++;
      row[1] += size;
    } else this.untimed++;
    this.packets++;
    this.logBytes += size;
    this.packetBytes += p.length;
    if (this.sampleLeft > 0) {
      const from = lineBuf ?? buf;
      const a = lineBuf ? (ls as number) : lineStart;
      const b = lineBuf ? (le as number) : e;
      if (a >= 0) {
        this.sample.push(Buffer.from(from.subarray(a, b + 1 <= from.length ? b + 1 : b)));
        this.sampleCost.push(b - a + 1);
        this.sampleLeft -= b - a + 1;
      }
    }
    // prefix: the last line's when the reader says it is the same text, else looked up
    let pt = this.lastPrefixTally;
    if (pt === undefined || p.prefixSerial < 0 || p.prefixSerial !== this.lastPrefixSerial) {
      pt = this.prefixTally(buf, p.prefixStart, p.prefixEnd);
      this.lastPrefixTally = pt;
      this.lastPrefixSerial = p.prefixSerial;
    }
    const t = pt as PrefixTally;
    t.packets++;
    t.logBytes += size;
    if (p.nonUnicast) {
      t.nonUnicast++;
      t.nonUnicastBytes += size;
    }
    const hasIn = p.inEnd > p.inStart;
    const hasOut = p.outEnd > p.outStart;
    if (hasIn && hasOut) t.forward++;
    else if (hasOut) t.output++;
    else t.input++;
    // source
    let si: number;
    if (p.src4 >= 0) {
      const ip = p.src4 | 0;
      if (ip === this.lastSrc4 && this.lastSrcIdx >= 0) si = this.lastSrcIdx;
      else {
        si = this.source4(p.src4);
        this.lastSrc4 = ip;
        this.lastSrcIdx = si;
      }
    } else {
      // as printed (the kernel's full form): compressed once per distinct text
      const raw = buf.toString('latin1', p.srcStart, p.srcEnd);
      let found = this.v6Printed.get(raw);
      if (found === undefined) {
        found = this.source6(compressIpv6(raw));
        this.v6Printed.set(raw, found);
      }
      si = found;
      this.lastSrcIdx = -1;
    }
    const port = p.dport >= 0 ? p.dport : Math.max(p.icmpType, 0);
    const slot = this.pairs.slot(si, (p.proto << 16) | port, this.maxPairs);
    if (slot < 0) {
      this.overflow++;
      this.overflowBytes += size;
      return;
    }
    this.pairs.count[slot] = (this.pairs.count[slot] as number) + 1;
    this.pairs.bytes[slot] = (this.pairs.bytes[slot] as number) + size;
  }

  /**
   * The tally of the prefix `buf[s, e)`: among the last few prefixes by their bytes (logs alternate
   * between a handful: no string is made), else by its text.
   */
  private prefixTally(buf: Buffer, s: number, e: number): PrefixTally {
    const n = e - s;
    const recent = this.recentPrefixes;
    for (let r = 0; r < recent.length; r++) {
      const x = recent[r] as RecentPrefix;
      const b = x.bytes;
      if (b.length !== n) continue;
      let k = 0;
      while (k < n && buf[s + k] === b[k]) k++;
      if (k === n) return x.tally;
    }
    const text = buf.toString('utf8', s, e);
    let pt = this.prefixes.get(text);
    if (!pt) {
      pt = {
        text,
        packets: 0,
        logBytes: 0,
        nonUnicast: 0,
        nonUnicastBytes: 0,
        input: 0,
        output: 0,
        forward: 0,
      };
      this.prefixes.set(text, pt);
    }
    const entry = { bytes: Buffer.from(buf.subarray(s, e)), tally: pt };
    if (recent.length < RECENT_PREFIXES) recent.push(entry);
    else recent[this.recentNext++ % RECENT_PREFIXES] = entry;
    return pt;
  }

  /** The index of an IPv4 source (its unsigned number), added when new. */
  private source4(n: number): number {
    const ip = n | 0;
    let si = this.v4.find(ip);
    if (si < 0) {
      const hole = -1 - si;
      si = this.sourceKeys.length;
      this.sourceKeys.push(n);
      this.v4.add(hole, ip, si);
    }
    return si;
  }

  /** The index of an IPv6 source (compressed text), added when new. */
  private source6(key: string): number {
    let found = this.v6.get(key);
    if (found === undefined) {
      found = this.sourceKeys.length;
      this.sourceKeys.push(key);
      this.v6.set(key, found);
    }
    return found;
  }

  /** Back to nothing counted (a split read given up, to be read again in one piece). */
  clear(): void {
    Object.assign(this, new FirewallTally(this.o));
  }

  /**
   * What this tally counted, as plain data and typed arrays (to send from a worker thread); with
   * `merge`, the counts of byte ranges read apart add up to those of the whole read in order.
   * The pair columns are views of the tally's own: count nothing more after taking it.
   */
  snapshot(): TallySnapshot {
    const n = this.pairs.size;
    // Views of the pair columns, not copies: a worker moves their buffers to the parent (the
    // tally is not used after), so the columns are neither copied nor held twice.
    const counters = Object.fromEntries(COUNTERS.map((k) => [k, this[k]])) as Record<Counter, number>;
    return {
      ...counters,
      unparsedExamples: this.unparsedExamples,
      first: this.first,
      last: this.last,
      sourceKeys: this.sourceKeys,
      pairSrc: this.pairs.src.subarray(0, n),
      pairPp: this.pairs.pp.subarray(0, n),
      pairCount: this.pairs.count.subarray(0, n),
      pairBytes: this.pairs.bytes.subarray(0, n),
      prefixes: [...this.prefixes.values()],
      hours: [...this.hours.entries()].map(([h, [p, b]]) => [h, p, b]),
      sample: this.sample,
      sampleCost: this.sampleCost,
    };
  }

  /**
   * Adds what a tally of the input's next range counted (`snapshot`), as if its lines had been
   * read here after those read so far: sources, pairs and prefixes keep first-seen order (the
   * order ties are listed in), the sample and the examples are filled in order.
   */
  merge(o: TallySnapshot): void {
    for (const k of COUNTERS) this[k] += o[k];
    this.first = Math.min(this.first, o.first);
    this.last = Math.max(this.last, o.last);
    for (const x of o.unparsedExamples)
      if (this.unparsedExamples.length < (this.o.keepUnparsed ?? 0)) this.unparsedExamples.push(x);
    const remap = new Int32Array(o.sourceKeys.length);
    o.sourceKeys.forEach((k, i) => {
      remap[i] = typeof k === 'number' ? this.source4(k) : this.source6(k);
    });
    for (let i = 0; i < o.pairSrc.length; i++) {
      const slot = this.pairs.slot(
        remap[o.pairSrc[i] as number] as number,
        o.pairPp[i] as number,
        this.maxPairs,
      );
      if (slot < 0) {
        this.overflow += o.pairCount[i] as number;
        this.overflowBytes += o.pairBytes[i] as number;
        continue;
      }
      this.pairs.count[slot] = (this.pairs.count[slot] as number) + (o.pairCount[i] as number);
      this.pairs.bytes[slot] = (this.pairs.bytes[slot] as number) + (o.pairBytes[i] as number);
    }
    for (const x of o.prefixes) {
      const t = this.prefixes.get(x.text);
      if (!t) {
        this.prefixes.set(x.text, { ...x });
        continue;
      }
      for (const k of PREFIX_COUNTERS) t[k] += x[k];
    }
    for (const [h, packets, bytes] of o.hours) {
      const row = this.hours.get(h);
      if (row) {
        row[0] += packets;
        row[1] += bytes;
      } else this.hours.set(h, [packets, bytes]);
    }
    this.lastHour = -1;
    this.lastPrefixTally = undefined;
    this.lastPrefixSerial = -1;
    this.lastSrcIdx = -1;
    for (let i = 0; i < o.sample.length && this.sampleLeft > 0; i++) {
      this.sample.push(Buffer.from(o.sample[i] as Uint8Array));
      this.sampleCost.push(o.sampleCost[i] as number);
      this.sampleLeft -= o.sampleCost[i] as number;
    }
  }
}

/** The tally's plain counts, added up as they are when ranges are merged. */
const COUNTERS = [
  'lines',
  'packets',
  'otherLines',
  'unparsed',
  'outOfRange',
  'logBytes',
  'packetBytes',
  'untimed',
  'overflow',
  'overflowBytes',
] as const;
type Counter = (typeof COUNTERS)[number];

/** A prefix's counts, added up likewise. */
const PREFIX_COUNTERS = [
  'packets',
  'logBytes',
  'nonUnicast',
  'nonUnicastBytes',
  'input',
  'output',
  'forward',
] as const;

/** A tally's counts as data (see `FirewallTally.snapshot`). */
export interface TallySnapshot extends Record<Counter, number> {
  unparsedExamples: string[];
  first: number;
  last: number;
  sourceKeys: (number | string)[];
  pairSrc: Int32Array;
  pairPp: Int32Array;
  pairCount: Float64Array;
  pairBytes: Float64Array;
  prefixes: PrefixTally[];
  hours: [number, number, number][];
  sample: Uint8Array[];
  sampleCost: number[];
}
