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

import { type StampCache, stampCache, timeOf } from '../logs/formats/syslog-bsd.js';
import type { FormatState, LogRecord } from '../logs/index.js';
import { MONTHS } from '../logs/record.js';
import { addressParts, type Delivery, postfixProgram, type SenderKeys, senderKeys } from './postfix.js';
import type { MailLogSummary, ProgramEntry, RecipientParts } from './summary.js';

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

/** FNV-1a of `buf[from, to)`: the slot of the bytes in an `Interner`. */
function hashOf(buf: Buffer, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h;
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

  /** `buf[from, to)` as a string; `h` is its `hashOf`, worked out by the scanner. */
  text(buf: Buffer, from: number, to: number, h: number): string {
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

/**
 * A scanned line, as numbers: `m` holds `STRIDE` Int32 fields per line (kind, offsets into the
 * line's buffer), `d` two Float64 per line (the stamp's time, then the delay or size). The
 * scanner (`LineScanner`) fills them from bytes; the applier (`FastApply`) makes the strings the
 * summary keeps and counts. Both run in one thread (`PostfixFastPath`), or the scanner in a
 * worker thread and the applier in the summary's (pipeline.ts), on shared memory.
 */
export const STRIDE = 28;
const F_KIND = 0;
const F_START = 1;
const F_END = 2;
const F_PROG = 3;
const F_HOST_END = 4;
const F_PID_START = 5;
const F_PID_END = 6;
const F_MSG = 7;
const F_QID_END = 8;
// The kind's own fields, from 9 on.
const F_A = 9;
/** Hashes (`hashOf`) of the queue id and of the strings the applier interns (after F_A's fields). */
const F_QID_HASH = 24;
const F_H1 = 25;
const F_H2 = 26;

/** Read the string way by the scanner's thread: `F_START` is the index of its entry in the batch. */
export const K_SLOW = 0;
/** Not a Postfix program (another program, or another MTA's format). */
const K_NOT_POSTFIX = 1;
/** Postfix, no queue id. */
const K_NOQID = 2;
/** smtpd's `connect from`/`disconnect from`: known, counts nothing. */
const K_CONNECT = 3;
/** A queue id, then what only the string way reads. */
const K_QID = 4;
const K_DELIVERY = 5;
const K_CLIENT = 6;
const K_FROM = 7;
const K_REMOVED = 8;
/** cleanup's `message-id=`: known, counts nothing. */
const K_KNOWN = 9;
const K_PICKUP = 10;

export function kindOf(m: Int32Array, o: number): number {
  return m[o * STRIDE + F_KIND] as number;
}

/** Marks line `o` as read the string way, its entry `index` in the batch. */
export function markSlow(m: Int32Array, o: number, index: number): void {
  m[o * STRIDE + F_KIND] = K_SLOW;
  m[o * STRIDE + F_START] = index;
}

/** A program tag seen before, as bytes: its id and Postfix daemon (undefined: not Postfix). */
interface ScanProgram {
  tag: Buffer;
  id: number;
  daemon: string | undefined;
}

const MAX_CACHED_PROGRAMS = 32;

/**
 * Reads a line's shape from bytes into `m`/`d` (see `STRIDE`): the stamp (its year inferred with
 * the input's state, exactly when `syslogBsd` would), host, tag, queue id, and the fields of the
 * hot lines. No summary here: it runs in the scanning thread.
 */
export class LineScanner {
  /** Program names by id; `newPrograms` is where the names not handed over yet start. */
  readonly programs: string[] = [];
  handedOver = 0;
  private readonly tags: ScanProgram[] = [];
  /** The stamp cache of the input read last (one per input). */
  private state: FormatState | undefined;
  private stamps: StampCache = { text: '', time: 0 };
  /** The stamp worked out here last, while the cache's text is '' (see `scan`). */
  private readonly lastStamp = Buffer.alloc(15);
  private lastValid = false;

  /**
   * Scans one line `buf[start, end)` of ASCII into line `o` of `m`/`d`: true when it was read,
   * false when the string way must read it (the line's stamp or tag is not the common shape).
   */
  scan(
    buf: Buffer,
    start: number,
    end: number,
    state: FormatState,
    m: Int32Array,
    d: Float64Array,
    o: number,
  ): boolean {
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
      this.lastValid = false;
    }
    // The input's stamp cache holds the stamp worked out last, by the string way (its text) or
    // here (text '', the bytes in `lastStamp`): a line of that stamp takes its time, any other is
    // worked out — so the year is inferred exactly when the string way alone would infer it.
    const cache = this.stamps;
    let time: number;
    if (
      cache.text === ''
        ? this.lastValid && sameBytes(buf, start, this.lastStamp)
        : sameStamp(buf, start, cache.text)
    )
      time = cache.time;
    else {
      const t = stampBytesTime(buf, start, state);
      if (t === undefined) return false;
      time = t;
      cache.text = '';
      cache.time = t;
      buf.copy(this.lastStamp, 0, start, start + 15);
      this.lastValid = true;
    }
    const hostEnd = find(buf, 0x20, start + 16, end);
    if (hostEnd < 0 || hostEnd - start - 16 > 255) return false;
    // The tag, as `splitTag` reads it: `prog[pid]: ` or `prog: `, within 128 characters.
    const tagStart = hostEnd + 1;
    const limit = Math.min(end, tagStart + 128);
    let tagEnd = -1;
    let msgStart = -1;
    let pidStart = -1;
    let pidEnd = -1;
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
        pidStart = i + 1;
        pidEnd = close;
        msgStart = close + 2 < end && buf[close + 2] === 0x20 ? close + 3 : close + 2;
        break;
      }
    }
    if (tagEnd < 0) return false;
    const prog = this.program(buf, tagStart, tagEnd);
    if (prog === undefined) return false; // more tags than the cache holds: the string way
    const b = o * STRIDE;
    m[b + F_START] = start;
    m[b + F_END] = end;
    m[b + F_PROG] = prog.id;
    m[b + F_HOST_END] = hostEnd;
    m[b + F_PID_START] = pidStart;
    m[b + F_PID_END] = pidEnd;
    m[b + F_MSG] = msgStart;
    m[b + F_QID_END] = -1;
    d[o * 2] = time;
    if (prog.daemon === undefined) m[b + F_KIND] = K_NOT_POSTFIX;
    else m[b + F_KIND] = postfixLine(prog.daemon, buf, msgStart, end, m, d, o);
    return true;
  }

  /** The program of the tag `buf[start, end)`; undefined when the cache is full. */
  private program(buf: Buffer, start: number, end: number): ScanProgram | undefined {
    const n = end - start;
    const tags = this.tags;
    for (let k = 0; k < tags.length; k++) {
      const p = tags[k] as ScanProgram;
      const tag = p.tag;
      if (tag.length !== n) continue;
      let i = n - 1;
      while (i >= 0 && tag[i] === buf[start + i]) i--;
      if (i < 0) return p;
    }
    if (tags.length >= MAX_CACHED_PROGRAMS) return undefined;
    const program = text(buf, start, end);
    const p: ScanProgram = {
      tag: Buffer.from(buf.subarray(start, end)),
      id: this.programs.length,
      daemon: postfixProgram(program)?.daemon,
    };
    this.programs.push(program);
    tags.push(p);
    return p;
  }
}

function sameBytes(buf: Buffer, start: number, stamp: Buffer): boolean {
  for (let i = 14; i >= 0; i--) if (buf[start + i] !== stamp[i]) return false;
  return true;
}

/** The month of three bytes (`MONTHS`' keys), by their code. */
const MONTH_OF = new Map(
  Object.entries(MONTHS).map(([name, m]) => [
    (name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2),
    m,
  ]),
);

function digitAt(buf: Buffer, i: number): number {
  const c = (buf[i] as number) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/**
 * `stampTime` of the stamp `buf[start, start + 15)`, read from the bytes (the same checks, the
 * same `timeOf`); undefined, with nothing changed, when it is not one.
 */
function stampBytesTime(buf: Buffer, start: number, state: FormatState): number | undefined {
  const month = MONTH_OF.get(
    ((buf[start] as number) << 16) | ((buf[start + 1] as number) << 8) | (buf[start + 2] as number),
  );
  const d1 = buf[start + 4] === 0x20 ? 0 : digitAt(buf, start + 4);
  const day = d1 * 10 + digitAt(buf, start + 5);
  const h = digitAt(buf, start + 7) * 10 + digitAt(buf, start + 8);
  const min = digitAt(buf, start + 10) * 10 + digitAt(buf, start + 11);
  const sec = digitAt(buf, start + 13) * 10 + digitAt(buf, start + 14);
  if (month === undefined || day < 1 || h < 0 || min < 0 || sec < 0 || buf[start + 12] !== 0x3a)
    return undefined;
  return timeOf(state, month, day, h, min, sec);
}

function sameStamp(buf: Buffer, start: number, text: string): boolean {
  if (text.length !== 15) return false;
  for (let i = 14; i >= 0; i--) if (buf[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** A Postfix message `buf[at, end)` of `daemon`, as `MailLogSummary.add` reads it: its kind. */
function postfixLine(
  daemon: string,
  buf: Buffer,
  at: number,
  end: number,
  m: Int32Array,
  d: Float64Array,
  o: number,
): number {
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
  if (!isQid)
    // `connect from`/`disconnect from`: known lines that count nothing.
    return startsWith(buf, at, end, CONNECT) || startsWith(buf, at, end, DISCONNECT) ? K_CONNECT : K_NOQID;
  const b = o * STRIDE;
  m[b + F_QID_END] = at + i;
  m[b + F_QID_HASH] = hashOf(buf, at, at + i);
  const r = at + i + 2;
  switch (buf[r]) {
    case 0x74: // t: to=<…>, relay=…, delay=…, status=… (…)
      return startsWith(buf, r, end, TO) && delivery(buf, r, end, m, d, o) ? K_DELIVERY : K_QID;
    case 0x63: {
      // c: client=host[ip], … (smtpd, postscreen)
      if ((daemon !== 'smtpd' && daemon !== 'postscreen') || !startsWith(buf, r, end, CLIENT)) return K_QID;
      const from = r + 7;
      const comma = find(buf, 0x2c, from, end);
      const to = comma < 0 ? Math.min(end, r + 600) : comma;
      m[b + F_A] = from;
      m[b + F_A + 1] = to;
      m[b + F_H1] = hashOf(buf, from, to);
      return K_CLIENT;
    }
    case 0x66: {
      // f: from=<…>, size=N, nrcpt=N (qmgr)
      if (daemon !== 'qmgr' || !startsWith(buf, r, end, FROM)) return K_QID;
      const size = qmgrFrom(buf, r, end);
      if (size < 0) return K_QID;
      m[b + F_A] = r + FROM.length;
      m[b + F_A + 1] = fromEnd;
      m[b + F_H1] = hashOf(buf, r + FROM.length, fromEnd);
      d[o * 2 + 1] = size;
      return K_FROM;
    }
    case 0x72: // r: removed (pickup's uid=/sender= come first in withQueueId, and are not this)
      return end - r === REMOVED.length && startsWith(buf, r, end, REMOVED) ? K_REMOVED : K_QID;
    case 0x6d: // m: message-id=<…> (cleanup): known, counts nothing
      return startsWith(buf, r, end, MESSAGE_ID) ? K_KNOWN : K_QID;
    case 0x75:
    case 0x73:
      // pickup's uid=/sender=: received locally
      return daemon === 'pickup' && (startsWith(buf, r, end, UID) || startsWith(buf, r, end, SENDER))
        ? K_PICKUP
        : K_QID;
    default:
      return K_QID;
  }
}

// Delivery fields, after F_A.
const D_TO = F_A;
const D_TO_END = F_A + 1;
const D_ORIG = F_A + 2;
const D_ORIG_END = F_A + 3;
const D_RELAY = F_A + 4;
const D_RELAY_END = F_A + 5;
const D_DSN = F_A + 6;
const D_DSN_END = F_A + 7;
const D_STATUS = F_A + 8;
const D_STATUS_LEN = F_A + 9;
const D_REPLY = F_A + 10;
const D_REPLY_END = F_A + 11;
/** 1: sent, and the reply says nothing of `forwarded as`: only its `queued as` id counts. */
const D_QUICK = F_A + 12;
const D_NEXT = F_A + 13;
const D_NEXT_END = F_A + 14;

/**
 * A delivery line after the queue id, as `parseDelivery` reads it (the DELIVERY pattern in
 * postfix.ts, field by field), into line `o`'s fields; false when it does not match (the string
 * way decides). A `sent` line's reply is not kept: only its `queued as` id is found in it.
 */
function delivery(buf: Buffer, r: number, end: number, m: Int32Array, d: Float64Array, o: number): boolean {
  let p = r + TO.length;
  const gtTo = find(buf, 0x3e, p, Math.min(end, p + 1025));
  if (gtTo < 0 || gtTo + 2 >= end || buf[gtTo + 1] !== 0x2c || buf[gtTo + 2] !== 0x20) return false;
  const toStart = p;
  p = gtTo + 3;
  let origStart = -1;
  let origEnd = -1;
  if (startsWith(buf, p, end, ORIG_TO)) {
    const s = p + ORIG_TO.length;
    const gt = find(buf, 0x3e, s, Math.min(end, s + 1025));
    if (gt < 0 || gt + 2 >= end || buf[gt + 1] !== 0x2c || buf[gt + 2] !== 0x20) return false;
    origStart = s;
    origEnd = gt;
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
  const b = o * STRIDE;
  m[b + D_TO] = toStart;
  m[b + D_TO_END] = gtTo;
  m[b + F_H1] = hashOf(buf, toStart, gtTo);
  m[b + D_ORIG] = origStart;
  m[b + D_ORIG_END] = origEnd;
  m[b + D_RELAY] = relayStart;
  m[b + D_RELAY_END] = relayEnd;
  m[b + D_DSN] = dsnStart;
  m[b + D_DSN_END] = dsnEnd;
  m[b + D_STATUS] = statusStart;
  m[b + D_STATUS_LEN] = statusLen;
  m[b + D_REPLY] = replyStart;
  m[b + D_REPLY_END] = replyEnd;
  d[o * 2 + 1] = delay;
  const sent = statusLen === 4 && startsWith(buf, statusStart, end, SENT);
  m[b + D_NEXT] = -1;
  m[b + D_NEXT_END] = -1;
  if (sent && search(buf, replyStart, replyEnd, FORWARDED_AS, false) < 0) {
    m[b + D_QUICK] = 1;
    const q = search(buf, replyStart, replyEnd, QUEUED_AS, true);
    if (q >= 0) {
      const idStart = q + QUEUED_AS.length;
      let e = idStart;
      while (e < replyEnd && e - idStart < 20 && idChar(buf[e] as number)) e++;
      if (e - idStart >= 5) {
        m[b + D_NEXT] = idStart;
        m[b + D_NEXT_END] = e;
      }
    }
  } else {
    m[b + D_QUICK] = 0;
    m[b + F_H2] = hashOf(buf, relayStart, relayEnd);
  }
  return true;
}

/** A Postfix program as the summary knows it, or a marker that the record way must read its lines. */
type Known = ProgramEntry | null | undefined;

/**
 * Counts scanned lines (see `STRIDE`) in the summary, making only the strings it keeps: each line
 * as `MailLogSummary.add` would count the record the string way makes of it.
 */
export class FastApply {
  private readonly summary: MailLogSummary;
  /** Program names by the scanner's ids, and their entries once the summary knows them. */
  private readonly names: string[];
  private readonly entries: Known[] = [];
  private readonly qids = new Interner(12);
  private readonly recipients = new Interner<RecipientParts>(16);
  private readonly senders = new Interner<SenderKeys>(12);
  private readonly clients = new Interner(12);
  private readonly relays = new Interner(12);

  constructor(summary: MailLogSummary, names: string[]) {
    this.summary = summary;
    this.names = names;
  }

  /** Counts line `o` of `m`/`d`, whose bytes are in `buf`. */
  apply(buf: Buffer, m: Int32Array, d: Float64Array, o: number): void {
    const summary = this.summary;
    const b = o * STRIDE;
    const id = m[b + F_PROG] as number;
    let entry = this.entries[id];
    if (entry === undefined) {
      entry = summary.knownProgram(this.names[id] as string);
      if (entry !== undefined) this.entries[id] = entry;
    }
    const t = d[o * 2] as number;
    const kind = m[b + F_KIND] as number;
    // Not seen yet (the record way adds it), another MTA's format, or (never) a Postfix program
    // scanned as another: the record `syslogBsd` makes of the line.
    if (entry === undefined || (entry !== null && (entry.format !== undefined || kind === K_NOT_POSTFIX))) {
      summary.add(this.record(buf, m, b, t));
      return;
    }
    if (entry === null) {
      summary.otherLines++;
      return;
    }
    if (!summary.admit(entry, t)) return;
    summary.postfixLines++;
    const daemon = entry.daemon;
    const at = m[b + F_MSG] as number;
    const end = m[b + F_END] as number;
    if (kind === K_CONNECT) return;
    if (kind === K_NOQID) {
      summary.withoutQueueId(daemon, text(buf, at, end), t, this.names[id] as string);
      return;
    }
    if (kind === K_KNOWN) return;
    const qidEnd = m[b + F_QID_END] as number;
    const qid = this.qids.text(buf, at, qidEnd, m[b + F_QID_HASH] as number);
    switch (kind) {
      case K_DELIVERY:
        this.delivery(daemon, qid, buf, m, d, o, t);
        return;
      case K_CLIENT:
        summary.received(
          t,
          qid,
          this.clients.text(buf, m[b + F_A] as number, m[b + F_A + 1] as number, m[b + F_H1] as number),
        );
        return;
      case K_FROM: {
        const sender = this.senders.text(
          buf,
          m[b + F_A] as number,
          m[b + F_A + 1] as number,
          m[b + F_H1] as number,
        );
        let keys = this.senders.extra;
        if (keys === undefined) {
          keys = senderKeys(sender);
          this.senders.extra = keys;
        }
        summary.queued(qid, sender, d[o * 2 + 1] as number, keys);
        return;
      }
      case K_REMOVED:
        summary.removed(qid);
        return;
      case K_PICKUP:
        summary.received(t, qid, 'pickup');
        return;
      default: {
        const rest = text(buf, qidEnd + 2, end);
        if (!summary.withQueueId(daemon, qid, rest, t))
          summary.unknownLine(`${this.names[id] as string}: ${text(buf, at, end)}`);
      }
    }
  }

  /** The record `syslogBsd.parse` makes of a scanned line. */
  private record(buf: Buffer, m: Int32Array, b: number, t: number): LogRecord {
    const start = m[b + F_START] as number;
    const rec: LogRecord = {
      time: t,
      host: text(buf, start + 16, m[b + F_HOST_END] as number),
      program: this.names[m[b + F_PROG] as number] as string,
      message: text(buf, m[b + F_MSG] as number, m[b + F_END] as number),
    };
    const pid = m[b + F_PID_START] as number;
    if (pid >= 0) rec.pid = text(buf, pid, m[b + F_PID_END] as number);
    return rec;
  }

  private delivery(
    daemon: string,
    qid: string,
    buf: Buffer,
    m: Int32Array,
    d: Float64Array,
    o: number,
    t: number,
  ): void {
    const b = o * STRIDE;
    const to = this.recipients.text(
      buf,
      m[b + D_TO] as number,
      m[b + D_TO_END] as number,
      m[b + F_H1] as number,
    );
    let parts = this.recipients.extra;
    if (parts === undefined) {
      parts = addressParts(to);
      this.recipients.extra = parts;
    }
    const delay = d[o * 2 + 1] as number;
    let next: string | null | undefined;
    let dd: Delivery;
    if (m[b + D_QUICK] === 1) {
      const n = m[b + D_NEXT] as number;
      next = n >= 0 ? text(buf, n, m[b + D_NEXT_END] as number) : null;
      dd = { to, relay: '', delay, status: 'sent', reply: '' };
    } else {
      const s = m[b + D_STATUS] as number;
      const len = m[b + D_STATUS_LEN] as number;
      const end = s + len;
      const status =
        len === 4 && startsWith(buf, s, end, SENT)
          ? 'sent'
          : len === 8 && startsWith(buf, s, end, DEFERRED)
            ? 'deferred'
            : len === 7 && startsWith(buf, s, end, BOUNCED)
              ? 'bounced'
              : text(buf, s, end);
      dd = {
        to,
        relay: this.relays.text(
          buf,
          m[b + D_RELAY] as number,
          m[b + D_RELAY_END] as number,
          m[b + F_H2] as number,
        ),
        delay,
        status,
        reply: text(buf, m[b + D_REPLY] as number, m[b + D_REPLY_END] as number),
      };
      const dsn = m[b + D_DSN] as number;
      if (dsn >= 0) dd.dsn = text(buf, dsn, m[b + D_DSN_END] as number);
    }
    const orig = m[b + D_ORIG] as number;
    if (orig >= 0) dd.origTo = text(buf, orig, m[b + D_ORIG_END] as number);
    this.summary.delivery(daemon, qid, dd, t, next, parts);
  }
}

/** The fast path in one thread: each line scanned, then counted. */
export class PostfixFastPath {
  private readonly scanner = new LineScanner();
  private readonly applier: FastApply;
  private readonly m = new Int32Array(STRIDE);
  private readonly d = new Float64Array(2);

  constructor(summary: MailLogSummary) {
    this.applier = new FastApply(summary, this.scanner.programs);
  }

  /**
   * Reads one line `buf[start, end)` of ASCII: true when it was read as a record (and counted),
   * false when the string way must read it (nothing counted yet).
   */
  line(buf: Buffer, start: number, end: number, state: FormatState): boolean {
    if (!this.scanner.scan(buf, start, end, state, this.m, this.d, 0)) return false;
    this.applier.apply(buf, this.m, this.d, 0);
    return true;
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
