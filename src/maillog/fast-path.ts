/**
 * The byte-level fast path of the mail log summary: the lines a busy Postfix writes most
 * (smtpd `connect from`/`client=`, cleanup `message-id=`, qmgr `from=`/`removed`, smtp/lmtp/local
 * `to=… status=…`) in traditional syslog format are read straight from the reader's Buffer —
 * stamp, host, program tag, queue id and the `key=` fields found with byte compares — and only
 * the strings the summary keeps (queue id, addresses, relay, reply) are made. Every other line,
 * and any line this path is not sure of, goes the string way (`syslogBsd.parse` → record →
 * `MailLogSummary.add`), so the result is the same whichever way a line went; the tests compare
 * the two paths on real Postfix logs and generated ones.
 *
 * Hand-written for speed: a string and a record per line (what `readLogs` gives) cost more than
 * the counting itself on a log of millions of lines, and no library reads syslog from bytes.
 * The stamp's time is shared with `syslogBsd` (`stampCache`), so the year is inferred exactly
 * as the string way infers it.
 */

import { type StampCache, stampCache, stampTime } from '../logs/formats/syslog-bsd.js';
import type { FormatState } from '../logs/index.js';
import { addressParts, type Delivery } from './postfix.js';
import { type MailLogSummary, type ProgramEntry, type SenderKeys, senderKeys } from './summary.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const CONNECT = bytes('connect from ');
const DISCONNECT = bytes('disconnect from ');
const TO = bytes('to=<');
const ORIG_TO = bytes('orig_to=<');
const RELAY = bytes('relay=');
const CONN_USE = bytes('conn_use=');
const DELAY = bytes('delay=');
const DELAYS = bytes('delays=');
const DSN = bytes('dsn=');
const STATUS = bytes('status=');
const CLIENT = bytes('client=');
const FROM = bytes('from=<');
const SIZE = bytes(', size=');
const NRCPT = bytes(', nrcpt=');
const REMOVED = bytes('removed');
const MESSAGE_ID = bytes('message-id=');
const UID = bytes('uid=');
const SENDER = bytes('sender=');
const SENT = bytes('sent');
const DEFERRED = bytes('deferred');
const BOUNCED = bytes('bounced');

/** `buf[at, …)` starts with `word` (and the line, ending at `end`, is long enough). */
function startsWith(buf: Buffer, at: number, end: number, word: Uint8Array): boolean {
  const n = word.length;
  if (end - at < n) return false;
  for (let i = 0; i < n; i++) if (buf[at + i] !== word[i]) return false;
  return true;
}

/** The first `byte` in `buf[from, end)`, or -1. */
function find(buf: Buffer, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === byte) return i;
  return -1;
}

/** Node's Latin-1 decoder without `toString`'s argument checks (a Buffer method since Node 0.x). */
type Latin1 = { latin1Slice(from: number, to: number): string };

/** `buf[from, to)` as text: ASCII only on this path, so Latin-1 (the cheaper decoder) gives the same string. */
function text(buf: Buffer, from: number, to: number): string {
  return (buf as unknown as Latin1).latin1Slice(from, to);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Strings made from bytes, remembered in a fixed table by a hash of their bytes: a queue id comes
 * back on every line of its message, an address or host again and again, and a hit costs a byte
 * compare instead of a decoder call and a new string. A slot holds the last string hashed to it
 * (the table never grows); `extra` keeps what was worked out of a string (an address's parts).
 */
class Interner<X = undefined> {
  private readonly texts: string[];
  private readonly extras: (X | undefined)[];
  private readonly shift: number;
  /** The slot of the last `text` call, for `extra`/`setExtra`. */
  private slot = 0;

  constructor(bits: number) {
    this.texts = new Array<string>(1 << bits).fill('');
    this.extras = new Array<X | undefined>(1 << bits).fill(undefined);
    this.shift = 32 - bits;
  }

  text(buf: Buffer, from: number, to: number): string {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    const slot = (h >>> this.shift) as number;
    this.slot = slot;
    const known = this.texts[slot] as string;
    const n = to - from;
    if (known.length === n) {
      let i = n - 1;
      while (i >= 0 && known.charCodeAt(i) === buf[from + i]) i--;
      if (i < 0) return known;
    }
    const fresh = text(buf, from, to);
    this.texts[slot] = fresh;
    this.extras[slot] = undefined;
    return fresh;
  }

  /** What was kept for the string the last `text` call gave. */
  get extra(): X | undefined {
    return this.extras[this.slot];
  }

  set extra(x: X | undefined) {
    this.extras[this.slot] = x;
  }
}

/** A program tag seen before, as bytes, with what the summary knows of it. */
interface CachedProgram {
  tag: Buffer;
  program: string;
  entry: ProgramEntry | null;
}

const MAX_CACHED_PROGRAMS = 32;

export class PostfixFastPath {
  private readonly programs: CachedProgram[] = [];
  private readonly summary: MailLogSummary;
  private readonly qids = new Interner(12);
  private readonly recipients = new Interner<{ address: string; domain: string }>(14);
  private readonly senders = new Interner<SenderKeys>(12);
  private readonly clients = new Interner(12);
  private readonly relays = new Interner(12);
  /** The stamp cache of the input read last (one per input). */
  private state: FormatState | undefined;
  private stamps: StampCache = { text: '', time: 0 };

  constructor(summary: MailLogSummary) {
    this.summary = summary;
  }

  /**
   * Reads one line `buf[start, end)` of ASCII: true when it was read as a record (and counted),
   * false when the string way must read it (nothing counted yet).
   */
  line(buf: Buffer, start: number, end: number, state: FormatState): boolean {
    // "Mmm dd hh:mm:ss host ": syslogBsd's fast shape, by position.
    const c0 = buf[start] as number;
    if (
      c0 < 0x41 ||
      c0 > 0x5a ||
      end - start < 20 ||
      buf[start + 3] !== 0x20 ||
      buf[start + 15] !== 0x20 ||
      buf[start + 9] !== 0x3a
    )
      return false;
    if (state !== this.state) {
      this.state = state;
      this.stamps = stampCache(state);
    }
    const cache = this.stamps;
    let time: number;
    if (this.sameStamp(buf, start, cache.text)) time = cache.time;
    else {
      const t = stampTime(text(buf, start, start + 15), state);
      if (t === undefined) return false;
      time = t;
    }
    const hostEnd = find(buf, 0x20, start + 16, end);
    if (hostEnd < 0 || hostEnd - start - 16 > 255) return false;
    // The tag, as `splitTag` reads it: `prog[pid]: ` or `prog: `, within 128 characters.
    const tagStart = hostEnd + 1;
    const limit = Math.min(end, tagStart + 128);
    let tagEnd = -1;
    let msgStart = -1;
    for (let i = tagStart; i < limit; i++) {
      const c = buf[i];
      if (c === 0x20) return false;
      if (c === 0x3a && i + 1 < end && buf[i + 1] === 0x20) {
        tagEnd = i;
        msgStart = i + 2;
        break;
      }
      if (c === 0x5b) {
        const close = find(buf, 0x5d, i, end);
        if (close < 0 || close > limit || close + 1 >= end || buf[close + 1] !== 0x3a) return false;
        tagEnd = i;
        msgStart = close + 2 < end && buf[close + 2] === 0x20 ? close + 3 : close + 2;
        break;
      }
    }
    if (tagEnd < 0) return false;
    const prog = this.program(buf, tagStart, tagEnd);
    if (prog === undefined) return false; // not seen yet, or another MTA's: the string way
    const summary = this.summary;
    if (prog.entry === null) {
      summary.otherLines++;
      return true;
    }
    const entry = prog.entry;
    if (!summary.admit(entry, time)) return true;
    summary.postfixLines++;
    this.postfix(entry, prog.program, buf, msgStart, end, time);
    return true;
  }

  private sameStamp(buf: Buffer, start: number, text: string): boolean {
    if (text.length !== 15) return false;
    for (let i = 14; i >= 0; i--) if (buf[start + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /** The cached program of the tag `buf[start, end)`; undefined when the string way must read it. */
  private program(buf: Buffer, start: number, end: number): CachedProgram | undefined {
    const n = end - start;
    const programs = this.programs;
    for (let k = 0; k < programs.length; k++) {
      const p = programs[k] as CachedProgram;
      const tag = p.tag;
      if (tag.length !== n) continue;
      let i = n - 1;
      while (i >= 0 && tag[i] === buf[start + i]) i--;
      if (i < 0) return p;
    }
    const program = text(buf, start, end);
    const entry = this.summary.knownProgram(program);
    // Not seen yet: the string way adds it. Another MTA's format: the string way reads it.
    if (entry === undefined || entry?.format !== undefined) return undefined;
    const p: CachedProgram = { tag: Buffer.from(buf.subarray(start, end)), program, entry };
    if (programs.length < MAX_CACHED_PROGRAMS) programs.push(p);
    return p;
  }

  /** A Postfix message `buf[at, end)`, as `MailLogSummary.add` reads it. */
  private postfix(
    prog: ProgramEntry,
    program: string,
    buf: Buffer,
    at: number,
    end: number,
    t: number,
  ): void {
    const summary = this.summary;
    // The queue id (`queueIdOf`): 5 to 25 letters and digits, then ": ".
    const limit = Math.min(end - at, 26);
    let hex = true;
    let i = 0;
    for (; i < limit; i++) {
      const c = buf[at + i] as number;
      if (c >= 0x30 && c <= 0x39) continue;
      if (c >= 0x41 && c <= 0x5a) {
        if (c > 0x46) hex = false;
        continue;
      }
      if (c >= 0x61 && c <= 0x7a) {
        hex = false;
        continue;
      }
      break;
    }
    const isQid =
      i >= 5 &&
      at + i + 1 < end &&
      buf[at + i] === 0x3a &&
      buf[at + i + 1] === 0x20 &&
      ((hex && i <= 25) || (i >= 12 && i <= 25) || (i === 7 && startsWith(buf, at, end, NOQUEUE)));
    const daemon = prog.daemon;
    if (!isQid) {
      // `connect from`/`disconnect from`: known lines that count nothing.
      if (startsWith(buf, at, end, CONNECT) || startsWith(buf, at, end, DISCONNECT)) return;
      summary.withoutQueueId(daemon, text(buf, at, end), t, program);
      return;
    }
    const qid = this.qids.text(buf, at, at + i);
    const r = at + i + 2;
    if (this.known(daemon, qid, buf, r, end, t)) return;
    const rest = text(buf, r, end);
    if (!summary.withQueueId(daemon, qid, rest, t)) summary.unknownLine(`${program}: ${text(buf, at, end)}`);
  }

  /**
   * A delivery line after the queue id, as `parseDelivery` reads it (the DELIVERY pattern in
   * postfix.ts, field by field), counted; false when it does not match (the string way decides).
   * A `sent` line's reply is not made into a string: only its `queued as` id is read from it.
   */
  private delivery(daemon: string, qid: string, buf: Buffer, r: number, end: number, t: number): boolean {
    let p = r + TO.length;
    const gtTo = find(buf, 0x3e, p, Math.min(end, p + 1025));
    if (gtTo < 0 || gtTo + 2 >= end || buf[gtTo + 1] !== 0x2c || buf[gtTo + 2] !== 0x20) return false;
    const toStart = p;
    p = gtTo + 3;
    let origTo: string | undefined;
    if (startsWith(buf, p, end, ORIG_TO)) {
      const s = p + ORIG_TO.length;
      const gt = find(buf, 0x3e, s, Math.min(end, s + 1025));
      if (gt < 0 || gt + 2 >= end || buf[gt + 1] !== 0x2c || buf[gt + 2] !== 0x20) return false;
      origTo = text(buf, s, gt);
      p = gt + 3;
    }
    if (!startsWith(buf, p, end, RELAY)) return false;
    p += RELAY.length;
    const relayStart = p;
    const relayEnd = find(buf, 0x2c, p, Math.min(end, p + 513));
    if (relayEnd <= p || relayEnd + 1 >= end || buf[relayEnd + 1] !== 0x20) return false;
    p = relayEnd + 2;
    if (startsWith(buf, p, end, CONN_USE)) {
      const e = field(buf, p + CONN_USE.length, end, 9, isDigit);
      if (e < 0) return false;
      p = e + 2;
    }
    if (!startsWith(buf, p, end, DELAY)) return false;
    const delayEnd = field(buf, p + DELAY.length, end, 20, delayChar);
    if (delayEnd < 0) return false;
    const delay = decimal(buf, p + DELAY.length, delayEnd);
    p = delayEnd + 2;
    if (startsWith(buf, p, end, DELAYS)) {
      const e = field(buf, p + DELAYS.length, end, 80, delaysChar);
      if (e < 0) return false;
      p = e + 2;
    }
    let dsnStart = -1;
    let dsnEnd = -1;
    if (startsWith(buf, p, end, DSN)) {
      const s = p + DSN.length;
      const comma = find(buf, 0x2c, s, Math.min(end, s + 10));
      if (comma < 0 || !isDsn(buf, s, comma) || comma + 1 >= end || buf[comma + 1] !== 0x20) return false;
      dsnStart = s;
      dsnEnd = comma;
      p = comma + 2;
    }
    if (!startsWith(buf, p, end, STATUS)) return false;
    p += STATUS.length;
    const statusStart = p;
    while (p < end && statusChar(buf[p] as number)) p++;
    const statusLen = p - statusStart;
    if (statusLen < 1 || statusLen > 20) return false;
    // " (" reply ")" up to the end of the line; the reply holds no line terminator (`.`).
    let replyStart = p;
    let replyEnd = p;
    if (p < end) {
      if (end - p < 3 || buf[p] !== 0x20 || buf[p + 1] !== 0x28 || buf[end - 1] !== 0x29) return false;
      for (let i = p + 2; i < end - 1; i++) if (buf[i] === 0x0d) return false;
      replyStart = p + 2;
      replyEnd = end - 1;
    }
    const to = this.recipients.text(buf, toStart, gtTo);
    let parts = this.recipients.extra;
    if (parts === undefined) {
      parts = addressParts(to);
      this.recipients.extra = parts;
    }
    const sent = statusLen === 4 && startsWith(buf, statusStart, end, SENT);
    let next: string | null | undefined;
    let d: Delivery;
    if (sent && search(buf, replyStart, replyEnd, FORWARDED_AS, false) < 0) {
      // Only the `queued as` id of a sent line's reply counts (a re-injected message).
      const q = search(buf, replyStart, replyEnd, QUEUED_AS, true);
      next = null;
      if (q >= 0) {
        const idStart = q + QUEUED_AS.length;
        let e = idStart;
        while (e < replyEnd && e - idStart < 20 && idChar(buf[e] as number)) e++;
        if (e - idStart >= 5) next = text(buf, idStart, e);
      }
      d = { to, relay: '', delay, status: 'sent', reply: '' };
    } else {
      const status = sent
        ? 'sent'
        : statusLen === 8 && startsWith(buf, statusStart, end, DEFERRED)
          ? 'deferred'
          : statusLen === 7 && startsWith(buf, statusStart, end, BOUNCED)
            ? 'bounced'
            : text(buf, statusStart, statusStart + statusLen);
      d = {
        to,
        relay: this.relays.text(buf, relayStart, relayEnd),
        delay,
        status,
        reply: text(buf, replyStart, replyEnd),
      };
      if (dsnStart >= 0) d.dsn = text(buf, dsnStart, dsnEnd);
    }
    if (origTo !== undefined) d.origTo = origTo;
    this.summary.delivery(daemon, qid, d, t, next, parts);
    return true;
  }

  /** The hot lines after a queue id, read from bytes; false when the string way must read it. */
  private known(daemon: string, qid: string, buf: Buffer, r: number, end: number, t: number): boolean {
    const summary = this.summary;
    switch (buf[r]) {
      case 0x74: {
        // t: to=<…>, relay=…, delay=…, status=… (…)
        return startsWith(buf, r, end, TO) && this.delivery(daemon, qid, buf, r, end, t);
      }
      case 0x63: {
        // c: client=host[ip], … (smtpd, postscreen)
        if ((daemon !== 'smtpd' && daemon !== 'postscreen') || !startsWith(buf, r, end, CLIENT)) return false;
        const from = r + 7;
        const comma = find(buf, 0x2c, from, end);
        summary.received(t, qid, this.clients.text(buf, from, comma < 0 ? Math.min(end, r + 600) : comma));
        return true;
      }
      case 0x66: {
        // f: from=<…>, size=N, nrcpt=N (qmgr)
        if (daemon !== 'qmgr' || !startsWith(buf, r, end, FROM)) return false;
        const q = qmgrFrom(buf, r, end);
        if (q < 0) return false;
        const sender = this.senders.text(buf, r + FROM.length, fromEnd);
        let keys = this.senders.extra;
        if (keys === undefined) {
          keys = senderKeys(sender);
          this.senders.extra = keys;
        }
        summary.queued(qid, sender, q, keys);
        return true;
      }
      case 0x72: // r: removed (pickup's uid=/sender= come first in withQueueId, and are not this)
        if (end - r !== REMOVED.length || !startsWith(buf, r, end, REMOVED)) return false;
        summary.removed(qid);
        return true;
      case 0x6d: // m: message-id=<…> (cleanup): known, counts nothing
        return startsWith(buf, r, end, MESSAGE_ID);
      case 0x75:
      case 0x73:
        // pickup's uid=/sender=: received locally
        if (daemon !== 'pickup' || !(startsWith(buf, r, end, UID) || startsWith(buf, r, end, SENDER)))
          return false;
        summary.received(t, qid, 'pickup');
        return true;
      default:
        return false;
    }
  }
}

const NOQUEUE = bytes('NOQUEUE');
const FORWARDED_AS = bytes('forwarded as ');
const QUEUED_AS = bytes('queued as ');

/** Where `word` starts in `buf[from, to)`, the first or (`last`) the last time; -1 when absent. */
function search(buf: Buffer, from: number, to: number, word: Uint8Array, last: boolean): number {
  const n = word.length;
  const first = word[0];
  if (last) {
    for (let i = to - n; i >= from; i--) if (buf[i] === first && startsWith(buf, i, to, word)) return i;
  } else {
    for (let i = from; i <= to - n; i++) if (buf[i] === first && startsWith(buf, i, to, word)) return i;
  }
  return -1;
}

const idChar = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Where the sender of the last `qmgrFrom` ends. */
let fromEnd = 0;

/** qmgr's `from=<S>, size=N, nrcpt=N` (QMGR_FROM in postfix.ts): the size (S ends at `fromEnd`), or -1. */
function qmgrFrom(buf: Buffer, r: number, end: number): number {
  const s = r + FROM.length;
  const gt = find(buf, 0x3e, s, Math.min(end, s + 1025));
  if (gt < 0 || !startsWith(buf, gt + 1, end, SIZE)) return -1;
  let p = gt + 1 + SIZE.length;
  let size = 0;
  const sizeStart = p;
  while (p < end && isDigit(buf[p] as number) && p - sizeStart < 15)
    size = size * 10 + ((buf[p++] as number) - 48);
  if (p === sizeStart || (p < end && isDigit(buf[p] as number)) || !startsWith(buf, p, end, NRCPT)) return -1;
  p += NRCPT.length;
  if (p >= end || !isDigit(buf[p] as number)) return -1;
  fromEnd = gt;
  return size;
}

/** The end of `prefix` + a run of `ok` bytes of 1..max, then ", "; -1 otherwise. */
function field(buf: Buffer, p: number, end: number, max: number, ok: (c: number) => boolean): number {
  const from = p;
  while (p < end && ok(buf[p] as number)) {
    p++;
    if (p - from > max) return -1;
  }
  if (p === from || p + 1 >= end || buf[p] !== 0x2c || buf[p + 1] !== 0x20) return -1;
  return p;
}

const delayChar = (c: number) => isDigit(c) || c === 0x2e;
const delaysChar = (c: number) => isDigit(c) || c === 0x2e || c === 0x2f;
const statusChar = (c: number) => (c >= 0x61 && c <= 0x7a) || c === 0x2d;

/** A number of digits with at most one dot, as Number() reads it. */
function decimal(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let scale = 1;
  let dot = false;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i] as number;
    if (c === 0x2e) {
      if (dot) return Number(text(buf, from, to));
      dot = true;
      continue;
    }
    n = n * 10 + (c - 48);
    digits++;
    if (dot) scale *= 10;
  }
  if (digits === 0 || digits > 15) return Number(text(buf, from, to));
  return n / scale;
}

/** `/\d\.\d{1,3}\.\d{1,3}/` at p, ending at `stop`. */
function isDsn(buf: Buffer, p: number, stop: number): boolean {
  if (stop - p < 5 || !isDigit(buf[p] as number) || buf[p + 1] !== 0x2e) return false;
  let i = p + 2;
  let n = 0;
  while (i < stop && isDigit(buf[i] as number)) {
    i++;
    n++;
  }
  if (n < 1 || n > 3 || buf[i] !== 0x2e) return false;
  i++;
  n = 0;
  while (i < stop && isDigit(buf[i] as number)) {
    i++;
    n++;
  }
  return n >= 1 && n <= 3 && i === stop;
}
