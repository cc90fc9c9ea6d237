/**
 * The mail log summary: everything pflogsumm counts, counted the way it counts it (so the two
 * agree on the same log), plus what it cannot see — several Postfix instances, short queue ids
 * reused within a log (joined within their lifetime: from the first line to `removed`), mail
 * re-injected by a content filter (counted once), and every deferral and bounce classified.
 *
 * Fed one record at a time (`add`), it keeps only per-message state for messages still in the
 * queue, plus the tables; `result()` gives the totals and tables.
 */
import type { LogRecord } from '../logs/index.js';
import type { BounceReason } from '../mail/index.js';
import { classifyReply, isUserUnknownReply, replyText } from './classify.js';
import { MAIL_LOG_FORMATS, type MailEvents, type MailLogFormat, type RejectEvent } from './formats/index.js';
import {
  addressParts,
  domainOf,
  knownAfterQueueId,
  knownWithoutQueueId,
  normalAddress,
  type PostfixProgram,
  parseClient,
  parseDelivery,
  parseQmgrFrom,
  parseReject,
  postfixProgram,
  queuedAs,
  queueIdOf,
  type SenderKeys,
  senderKeys,
} from './postfix.js';

export interface Totals {
  received: number;
  delivered: number;
  forwarded: number;
  /** Messages with at least one deferral, and the deferrals themselves. */
  deferred: number;
  deferrals: number;
  bounced: number;
  rejected: number;
  rejectWarnings: number;
  held: number;
  discarded: number;
  expired: number;
  bytesReceived: number;
  bytesDelivered: number;
  senders: number;
  sendingDomains: number;
  recipients: number;
  recipientDomains: number;
  /** Messages a content filter (or another local instance) handed back: counted once, not twice. */
  reinjected: number;
}

/** One row per day and per hour: received, delivered, deferred (deferrals), bounced, rejected. */
export interface TrafficRow {
  received: number;
  delivered: number;
  deferred: number;
  bounced: number;
  rejected: number;
}

export interface DomainRow {
  domain: string;
  delivered: number;
  bytes: number;
  deferrals: number;
  bounced: number;
  /** Seconds, over the delivered messages; max over deliveries and deferrals (as pflogsumm). */
  averageDelay: number;
  maxDelay: number;
}

export interface CountRow {
  key: string;
  count: number;
  bytes?: number;
}

/** Deferrals or bounces grouped by classified reason and recipient domain: the findings' input. */
export interface ReasonGroup {
  kind: 'deferred' | 'bounced';
  reason: BounceReason;
  domain: string;
  /** Deliveries (recipients) affected, and distinct messages. */
  count: number;
  messages: number;
  dsn?: string;
  /** The last reply seen, without Postfix's framing. */
  reply: string;
  relay: string;
}

export interface UserUnknownSender {
  sender: string;
  count: number;
  recipients: string[];
}

export interface SummaryOptions {
  /** Records before/after these wall-clock ms are left out. */
  since?: number;
  until?: number;
  /** Rows kept in each top-N table (default 50). */
  top?: number;
  /** Keep this many unparsed lines to show (default 0: only count them). */
  keepUnparsed?: number;
}

export interface ProgramEntry extends PostfixProgram {
  lines: number;
  /** Another MTA's format (Sendmail, Exim); Postfix when absent. */
  format?: MailLogFormat;
}

interface MessageState {
  /** Recipients without a final status yet, for MTAs that log no "removed" (Sendmail). */
  open?: number;
  sender?: string;
  size?: number;
  /** Counted as received (smtpd client= or pickup), with the bucket it was counted in. */
  receivedAt?: number;
  /** The size was added to bytesReceived / the sender's row. */
  sized?: boolean;
  deferred?: boolean;
  /** Re-injected: the queue id it came from. */
  parent?: string;
}

type Row5 = [number, number, number, number, number];
const R = { received: 0, delivered: 1, deferred: 2, bounced: 3, rejected: 4 } as const;

/**
 * A recipient's address and domain (`addressParts`), and — filled in by `delivery` — its rows in
 * the domains and recipients tables, for a caller that hands the same object back each time.
 */
export interface RecipientParts {
  address: string;
  domain: string;
  acc?: DomainAcc;
  row?: { count: number; bytes: number };
}

interface DomainAcc {
  delivered: number;
  bytes: number;
  deferrals: number;
  bounced: number;
  delaySum: number;
  maxDelay: number;
}

interface GroupAcc extends ReasonGroup {
  /** The messages (their per-lifetime state) counted, so a reused queue id counts again. */
  seen: Set<MessageState>;
}

/**
 * A copy of `s` that does not keep the line it was cut from alive. A slice of a string (a queue
 * id, an address, a host) points into the whole log line it came from; kept as a table's key it
 * would keep that line too, and memory would grow with the log. Asked only for new keys.
 */
function own(s: string): string {
  // Below 13 characters V8 copies a slice and flattens a concatenation (its SlicedString and
  // ConsString minimum length), so a short string (a short queue id) keeps no line alive.
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

export { type SenderKeys, senderKeys } from './postfix.js';

function bump(map: Map<string, number>, key: string, by = 1): void {
  const n = map.get(key);
  if (n === undefined) map.set(own(key), by);
  else map.set(key, n + by);
}

function dayKey(dayNo: number): string {
  return new Date(dayNo * 86_400_000).toISOString().slice(0, 10);
}

function hourKey(hourNo: number): string {
  return new Date(hourNo * 3_600_000).toISOString().slice(0, 13);
}

const MAX_GROUP_QIDS = 100_000;

/**
 * The first `n` entries of `items` in `order`, as sorting them all would give, in one pass: a
 * table of a hundred thousand recipients is not sorted to show fifty of them.
 */
export function topOf<T>(items: Iterable<T>, n: number, order: (a: T, b: T) => number): T[] {
  const kept: T[] = [];
  if (n <= 0) return kept;
  for (const item of items) {
    if (kept.length === n && order(item, kept[n - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(kept[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, item);
    if (kept.length > n) kept.pop();
  }
  return kept;
}

export class MailLogSummary {
  readonly totals: Totals = {
    received: 0,
    delivered: 0,
    forwarded: 0,
    deferred: 0,
    deferrals: 0,
    bounced: 0,
    rejected: 0,
    rejectWarnings: 0,
    held: 0,
    discarded: 0,
    expired: 0,
    bytesReceived: 0,
    bytesDelivered: 0,
    senders: 0,
    sendingDomains: 0,
    recipients: 0,
    recipientDomains: 0,
    reinjected: 0,
  };
  /** Postfix lines read, other programs' lines, lines no format or Postfix pattern reads. */
  postfixLines = 0;
  otherLines = 0;
  unparsed = 0;
  readonly unparsedExamples: string[] = [];
  /** Lines per instance (`postfix`, `postfix-out`) of the tags not in `programs`. */
  private readonly instances = new Map<string, number>();
  /** Program tags seen, read once each: most lines repeat a handful of tags. */
  private readonly programs = new Map<string, ProgramEntry | null>();
  /** Lines of the other MTAs' formats (Sendmail, Exim). */
  mtaLines = 0;
  /** What the other MTAs' formats tell the summary. */
  private readonly events: MailEvents = {
    received: (t, qid, client) => this.received(t, qid, client),
    queued: (qid, sender, size, recipients) => {
      this.queued(qid, sender, size);
      if (recipients !== undefined) this.state(qid).open = recipients;
    },
    delivery: (t, daemon, qid, d) => {
      this.delivery(daemon, qid, d, t);
      const s = this.live.get(qid);
      if (s?.open !== undefined && d.status !== 'deferred' && --s.open <= 0) this.live.delete(qid);
    },
    rejected: (t, daemon, r) => {
      this.applyReject(daemon, r, t);
    },
    removed: (qid) => {
      this.live.delete(qid);
    },
    warning: (daemon, text) => bump(this.warnings, `${daemon}\t${text}`),
  };
  first?: number;
  last?: number;

  private readonly live = new Map<string, MessageState>();
  /** Keyed by days and hours since the epoch (wall clock). */
  private readonly perDay = new Map<number, Row5>();
  private readonly perHourOfDay: Row5[] = Array.from({ length: 24 }, () => [0, 0, 0, 0, 0] as Row5);
  private readonly perHour = new Map<number, Row5>();
  private readonly domains = new Map<string, DomainAcc>();
  private readonly sendingDomains = new Map<string, { count: number; bytes: number }>();
  private readonly senders = new Map<string, { count: number; bytes: number }>();
  private readonly recipients = new Map<string, { count: number; bytes: number }>();
  private readonly clients = new Map<string, number>();
  private readonly rejects = new Map<string, number>();
  private readonly deferralReasons = new Map<string, number>();
  private readonly bounceReasons = new Map<string, number>();
  private readonly warnings = new Map<string, number>();
  private readonly fatals = new Map<string, number>();
  private readonly panics = new Map<string, number>();
  private readonly postscreen = new Map<string, number>();
  private readonly groups = new Map<string, GroupAcc>();
  private readonly userUnknown = new Map<string, { count: number; recipients: Set<string> }>();
  private readonly options: SummaryOptions;

  constructor(options: SummaryOptions = {}) {
    this.options = options;
  }

  // The rows of the hour being counted: log lines come in time order, so the maps are asked
  // once an hour, not once a line.
  private rowHour = Number.NaN;
  private rowCache: { day: Row5; hour: Row5; timeline: Row5 } | undefined;

  private row(t: number): { day: Row5; hour: Row5; timeline: Row5 } {
    const hourNo = Math.floor(t / 3_600_000);
    if (hourNo === this.rowHour && this.rowCache) return this.rowCache;
    const dayNo = Math.floor(hourNo / 24);
    let day = this.perDay.get(dayNo);
    if (!day) {
      day = [0, 0, 0, 0, 0];
      this.perDay.set(dayNo, day);
    }
    let timeline = this.perHour.get(hourNo);
    if (!timeline) {
      timeline = [0, 0, 0, 0, 0];
      this.perHour.set(hourNo, timeline);
    }
    this.rowHour = hourNo;
    this.rowCache = { day, hour: this.perHourOfDay[hourNo - dayNo * 24] as Row5, timeline };
    return this.rowCache;
  }

  private count(t: number, column: number, by = 1): void {
    const r = this.row(t);
    r.day[column] = (r.day[column] as number) + by;
    r.hour[column] = (r.hour[column] as number) + by;
    r.timeline[column] = (r.timeline[column] as number) + by;
  }

  unknownLine(line: string): void {
    this.unparsed++;
    const keep = this.options.keepUnparsed ?? 0;
    if (this.unparsedExamples.length < keep)
      this.unparsedExamples.push(line.length > 2000 ? `${line.slice(0, 2000)}…` : line);
  }

  /** A line no syslog format could read (or cut at the line cap): an MTA's own log file, or unknown. */
  addUnparsed(line: string): void {
    for (const f of MAIL_LOG_FORMATS) {
      const rec = f.line?.(line);
      if (rec) {
        this.add(rec);
        return;
      }
    }
    this.unknownLine(line);
  }

  /** One log record. */
  add(rec: LogRecord): void {
    let prog = this.programs.get(rec.program);
    if (prog === undefined) {
      const p = postfixProgram(rec.program);
      const f = p ? undefined : MAIL_LOG_FORMATS.find((x) => x.owns(rec.program));
      prog = p ? { ...p, lines: 0 } : f ? { instance: f.id, daemon: rec.program, lines: 0, format: f } : null;
      // Kept up to a bound (a log of random tags must not grow it); beyond, counted by name.
      if (this.programs.size < 10_000) this.programs.set(own(rec.program), prog);
      else if (prog) bump(this.instances, prog.instance);
    }
    if (!prog) {
      this.otherLines++;
      return;
    }
    const t = rec.time;
    if (!this.admit(prog, t)) return;
    if (prog.format) {
      this.mtaLines++;
      if (!prog.format.read(rec, this.events)) this.unknownLine(`${rec.program}: ${rec.message}`);
      return;
    }
    this.postfixLines++;
    const msg = rec.message;
    const qid = queueIdOf(msg);
    if (qid === undefined) {
      this.withoutQueueId(prog.daemon, msg, t, rec.program);
      return;
    }
    const rest = msg.slice(qid.length + 2);
    if (!this.withQueueId(prog.daemon, qid, rest, t)) this.unknownLine(`${rec.program}: ${msg}`);
  }

  // The members below, down to `delivery`, are also called by the byte-level fast path
  // (fast-path.ts), which reads the common lines without making a record of them.

  /** The entry of a program tag already seen (null: not a mail program), undefined when not yet seen. */
  knownProgram(program: string): ProgramEntry | null | undefined {
    return this.programs.get(program);
  }

  /** A line of `prog` at `t`: within --since/--until (then counted), or not. */
  admit(prog: ProgramEntry, t: number): boolean {
    if (this.options.since !== undefined && t < this.options.since) return false;
    if (this.options.until !== undefined && t >= this.options.until) return false;
    if (this.first === undefined || t < this.first) this.first = t;
    if (this.last === undefined || t > this.last) this.last = t;
    prog.lines++;
    return true;
  }

  /** `qid: removed`: the message's life in this queue ends. */
  removed(qid: string): void {
    this.live.delete(qid);
  }

  withoutQueueId(daemon: string, msg: string, t: number, program: string): void {
    const c = msg.charCodeAt(0);
    if (c === 0x77 && msg.startsWith('warning: ')) {
      bump(this.warnings, `${daemon}\t${msg.slice(9, 300)}`);
      return;
    }
    if (c === 0x66 && msg.startsWith('fatal: ')) {
      bump(this.fatals, `${daemon}\t${msg.slice(7, 300)}`);
      return;
    }
    if (c === 0x70 && msg.startsWith('panic: ')) {
      bump(this.panics, `${daemon}\t${msg.slice(7, 300)}`);
      return;
    }
    if (daemon === 'postscreen') {
      const m = /^([A-Z][A-Z -]{1,30}?) /.exec(msg);
      if (m) bump(this.postscreen, m[1] as string);
    }
    if (c === 0x72 && /^(?:reject|reject_warning|hold|discard): /.test(msg)) {
      this.reject(daemon, msg, t);
      return;
    }
    if (c === 0x63 && daemon === 'smtpd' && msg.startsWith('connect from ')) {
      return;
    }
    if (!knownWithoutQueueId(msg)) this.unknownLine(`${program}: ${msg}`);
  }

  private reject(daemon: string, rest: string, t: number): boolean {
    const r = parseReject(rest, daemon);
    return r ? this.applyReject(daemon, r, t) : false;
  }

  private applyReject(daemon: string, r: RejectEvent, t: number): boolean {
    const reason = r.reason.length > 200 ? `${r.reason.slice(0, 199)}…` : r.reason;
    switch (r.action) {
      case 'reject':
      case 'milter-reject':
        this.totals.rejected++;
        break;
      case 'reject_warning':
      case 'warning':
        this.totals.rejectWarnings++;
        break;
      case 'hold':
        this.totals.held++;
        break;
      case 'discard':
        this.totals.discarded++;
        break;
      default:
        return true; // filter/redirect: not a reject
    }
    this.count(t, R.rejected);
    bump(this.rejects, `${r.action}\t${daemon}\t${r.stage}\t${r.code ?? ''}\t${reason}`);
    if (r.action === 'reject' && r.from && r.to && isUserUnknownReply(`${r.code ?? ''} ${r.reason}`))
      this.noteUserUnknown(r.from, r.to);
    return true;
  }

  private noteUserUnknown(sender: string, recipient: string): void {
    const key = normalAddress(sender) || '<>';
    let u = this.userUnknown.get(key);
    if (!u) {
      u = { count: 0, recipients: new Set() };
      this.userUnknown.set(own(key), u);
    }
    u.count++;
    if (u.recipients.size < 20) u.recipients.add(own(normalAddress(recipient)));
  }

  private state(qid: string): MessageState {
    let s = this.live.get(qid);
    if (!s) {
      s = {};
      this.live.set(own(qid), s);
    }
    return s;
  }

  withQueueId(daemon: string, qid: string, rest: string, t: number): boolean {
    const c = rest.charCodeAt(0);
    // Delivery: the hot line (to=<…>, relay=…, status=…).
    if (c === 0x74 /* t */) {
      const d = parseDelivery(rest);
      if (d) {
        this.delivery(daemon, qid, d, t);
        return true;
      }
    }
    if (c === 0x63 /* c */ && (daemon === 'smtpd' || daemon === 'postscreen')) {
      const client = parseClient(rest);
      if (client !== undefined) {
        this.received(t, qid, client);
        return true;
      }
    }
    if (c === 0x66 /* f */ && daemon === 'qmgr') {
      const f = parseQmgrFrom(rest);
      if (f) {
        this.queued(qid, f.sender, f.size);
        return true;
      }
      if (/^from=<[^>]{0,1024}>, status=(?:force-)?expired/.test(rest)) {
        this.totals.expired++;
        return true;
      }
    }
    if (daemon === 'pickup' && (rest.startsWith('uid=') || rest.startsWith('sender='))) {
      this.received(t, qid, 'pickup');
      return true;
    }
    if (c === 0x72 /* r */ && rest === 'removed') {
      this.live.delete(qid);
      return true;
    }
    if (c === 0x73 /* s */ && daemon === 'bounce' && rest.startsWith('sender ')) return true;
    if (this.reject(daemon, rest, t)) return true;
    if (c === 0x77 && rest.startsWith('warning: ')) {
      bump(this.warnings, `${daemon}\t${rest.slice(9, 300)}`);
      return true;
    }
    return knownAfterQueueId(rest);
  }

  received(t: number, qid: string, client: string): void {
    const s = this.state(qid);
    s.receivedAt = t;
    this.totals.received++;
    this.count(t, R.received);
    bump(this.clients, client);
  }

  /** qmgr's `from=`; `keys` are the sender's table keys when the caller worked them out already. */
  queued(qid: string, sender: string, size: number, keys?: SenderKeys): void {
    const s = this.state(qid);
    if (s.size !== undefined) return; // qmgr logs from= once per queue run: count the first
    s.size = size;
    // The fast path's senders (with `keys`) are strings of their own already, not slices of a line.
    s.sender = keys ? sender : own(sender);
    if (s.receivedAt === undefined || s.sized) return;
    s.sized = true;
    this.totals.bytesReceived += size;
    const { addr, dom } = keys ?? senderKeys(sender);
    const u = this.senders.get(addr);
    if (u) {
      u.count++;
      u.bytes += size;
    } else this.senders.set(own(addr), { count: 1, bytes: size });
    const d = this.sendingDomains.get(dom);
    if (d) {
      d.count++;
      d.bytes += size;
    } else this.sendingDomains.set(own(dom), { count: 1, bytes: size });
  }

  private domain(name: string): DomainAcc {
    let d = this.domains.get(name);
    if (!d) {
      d = { delivered: 0, bytes: 0, deferrals: 0, bounced: 0, delaySum: 0, maxDelay: 0 };
      this.domains.set(own(name), d);
    }
    return d;
  }

  /**
   * One delivery line. `next` is the reply's `queued as` id when the caller read it already (null:
   * none, and the reply says nothing of `forwarded as`); `parts` the recipient's `addressParts`.
   */
  delivery(
    daemon: string,
    qid: string,
    d: ReturnType<typeof parseDelivery> & {},
    t: number,
    next?: string | null,
    parts?: RecipientParts,
  ): void {
    const s = this.live.get(qid);
    const { address: to, domain: dom } = parts ?? addressParts(d.to);
    switch (d.status) {
      case 'sent': {
        if (next === undefined) {
          if (d.reply.includes('forwarded as ')) {
            this.totals.forwarded++;
            return;
          }
          next = queuedAs(d.reply) ?? null;
        }
        const child = next === null ? undefined : this.live.get(next);
        if (next !== null && child && child.receivedAt !== undefined && child.parent === undefined) {
          // Handed to a content filter (or another local instance) that put it back into this
          // log's queue as `next`: the same message, counted once — at its first arrival.
          this.reinjected(next, child, qid);
          return;
        }
        const size = s?.size ?? 0;
        this.totals.delivered++;
        this.totals.bytesDelivered += size;
        this.count(t, R.delivered);
        // The caller's parts keep the domain's and the recipient's rows (never removed from their
        // tables): a recipient seen again is counted without asking the maps.
        let a = parts?.acc;
        if (a === undefined) {
          a = this.domain(dom);
          if (parts) parts.acc = a;
        }
        a.delivered++;
        a.bytes += size;
        a.delaySum += d.delay;
        if (d.delay > a.maxDelay) a.maxDelay = d.delay;
        const r = parts?.row ?? this.recipients.get(to);
        if (r) {
          r.count++;
          r.bytes += size;
          if (parts) parts.row = r;
        } else {
          const row = { count: 1, bytes: size };
          this.recipients.set(own(to), row);
          if (parts) parts.row = row;
        }
        return;
      }
      case 'deferred': {
        this.totals.deferrals++;
        const st = s ?? this.state(qid);
        if (!st.deferred) {
          st.deferred = true;
          this.totals.deferred++;
        }
        this.count(t, R.deferred);
        const a = parts?.acc ?? this.domain(dom);
        if (parts) parts.acc = a;
        a.deferrals++;
        if (d.delay > a.maxDelay) a.maxDelay = d.delay;
        bump(this.deferralReasons, `${daemon}\t${replyText(d.reply, 120)}`);
        this.group('deferred', qid, dom, d);
        return;
      }
      case 'bounced': {
        this.totals.bounced++;
        this.count(t, R.bounced);
        this.domain(dom).bounced++;
        bump(this.bounceReasons, `${d.relay}\t${replyText(d.reply, 120)}`);
        const reason = this.group('bounced', qid, dom, d);
        if (reason === 'user-unknown' && s?.sender !== undefined) this.noteUserUnknown(s.sender, d.to);
        return;
      }
      default:
        return; // expired / undeliverable (verify) / deliverable: not counted by pflogsumm either
    }
  }

  private reinjected(next: string, child: MessageState, parentQid: string): void {
    child.parent = parentQid;
    this.totals.reinjected++;
    this.totals.received--;
    this.count(child.receivedAt as number, R.received, -1);
    if (child.sized && child.size !== undefined) {
      this.totals.bytesReceived -= child.size;
      const addr =
        child.sender === '' || child.sender === undefined ? 'from=<>' : normalAddress(child.sender);
      const u = this.senders.get(addr);
      if (u) {
        u.count--;
        u.bytes -= child.size;
        if (u.count <= 0) this.senders.delete(addr);
      }
      const dom = child.sender ? domainOf(child.sender) : 'from=<>';
      const sd = this.sendingDomains.get(dom);
      if (sd) {
        sd.count--;
        sd.bytes -= child.size;
        if (sd.count <= 0) this.sendingDomains.delete(dom);
      }
    }
    void next;
  }

  private group(
    kind: 'deferred' | 'bounced',
    qid: string,
    dom: string,
    d: ReturnType<typeof parseDelivery> & {},
  ): BounceReason {
    const reason = classifyReply(d.reply, d.dsn);
    const key = `${kind}\t${reason}\t${dom}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { kind, reason, domain: dom, count: 0, messages: 0, reply: '', relay: d.relay, seen: new Set() };
      this.groups.set(key, g);
    }
    g.count++;
    const st = this.state(qid);
    if (g.seen.size < MAX_GROUP_QIDS && !g.seen.has(st)) {
      g.seen.add(st);
      g.messages++;
    }
    g.reply = replyText(d.reply, 300);
    g.relay = d.relay;
    if (d.dsn) g.dsn = d.dsn;
    return reason;
  }

  private instanceLines(): Map<string, number> {
    const m = new Map(this.instances);
    for (const p of this.programs.values()) if (p && p.lines > 0) bump(m, p.instance, p.lines);
    return m;
  }

  /** Messages still in the queue at the end of the log (no `removed` line yet). */
  get inQueue(): number {
    return this.live.size;
  }

  result(): SummaryResult {
    const top = this.options.top ?? 50;
    const totals = {
      ...this.totals,
      senders: this.senders.size,
      sendingDomains: this.sendingDomains.size,
      recipients: this.recipients.size,
      recipientDomains: [...this.domains.values()].filter((d) => d.delivered > 0).length,
    };
    const row5 = (r: Row5): TrafficRow => ({
      received: r[0],
      delivered: r[1],
      deferred: r[2],
      bounced: r[3],
      rejected: r[4],
    });
    const counts = (m: Map<string, number>, n = top): CountRow[] =>
      topOf(m, n, (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key, count]) => ({ key, count }));
    const sized = (m: Map<string, { count: number; bytes: number }>, by: 'count' | 'bytes'): CountRow[] =>
      topOf(m, top, (a, b) => b[1][by] - a[1][by] || (a[0] < b[0] ? -1 : 1)).map(([key, v]) => ({
        key,
        count: v.count,
        bytes: v.bytes,
      }));
    const domains: DomainRow[] = [...this.domains]
      .map(([domain, a]) => ({
        domain,
        delivered: a.delivered,
        bytes: a.bytes,
        deferrals: a.deferrals,
        bounced: a.bounced,
        averageDelay: a.delivered ? a.delaySum / a.delivered : 0,
        maxDelay: a.maxDelay,
      }))
      .sort(
        (a, b) => b.delivered - a.delivered || b.deferrals - a.deferrals || (a.domain < b.domain ? -1 : 1),
      )
      .slice(0, top);
    const groups: ReasonGroup[] = [...this.groups.values()]
      .sort((a, b) => b.count - a.count)
      .map(({ seen: _s, ...g }) => g);
    const userUnknown: UserUnknownSender[] = [...this.userUnknown]
      .map(([sender, u]) => ({ sender, count: u.count, recipients: [...u.recipients] }))
      .sort((a, b) => b.count - a.count);
    return {
      totals,
      ...(this.first !== undefined ? { first: new Date(this.first).toISOString().slice(0, 19) } : {}),
      ...(this.last !== undefined ? { last: new Date(this.last).toISOString().slice(0, 19) } : {}),
      perDay: [...this.perDay]
        .sort((a, b) => a[0] - b[0])
        .map(([day, r]) => ({ day: dayKey(day), ...row5(r) })),
      perHourOfDay: this.perHourOfDay.map((r, hour) => ({ hour, ...row5(r) })),
      perHour: [...this.perHour]
        .sort((a, b) => a[0] - b[0])
        .map(([hour, r]) => ({ hour: hourKey(hour), ...row5(r) })),
      domains,
      sendingDomains: sized(this.sendingDomains, 'count'),
      sendersByCount: sized(this.senders, 'count'),
      sendersBySize: sized(this.senders, 'bytes'),
      recipientsByCount: sized(this.recipients, 'count'),
      recipientsBySize: sized(this.recipients, 'bytes'),
      clients: counts(this.clients),
      rejects: counts(this.rejects),
      deferralReasons: counts(this.deferralReasons),
      bounceReasons: counts(this.bounceReasons),
      warnings: counts(this.warnings),
      fatals: counts(this.fatals),
      panics: counts(this.panics),
      postscreen: counts(this.postscreen),
      groups,
      userUnknown,
      instances: counts(this.instanceLines()),
      inQueue: this.live.size,
      lines: {
        postfix: this.postfixLines,
        mta: this.mtaLines,
        other: this.otherLines,
        unparsed: this.unparsed,
      },
      unparsedExamples: this.unparsedExamples,
    };
  }
}

export interface SummaryResult {
  totals: Totals;
  /** First and last stamp read (wall clock, as the log writes it). */
  first?: string;
  last?: string;
  perDay: ({ day: string } & TrafficRow)[];
  perHourOfDay: ({ hour: number } & TrafficRow)[];
  /** Every hour of the log, `2026-12-06T19`: the chart's series. */
  perHour: ({ hour: string } & TrafficRow)[];
  domains: DomainRow[];
  sendingDomains: CountRow[];
  sendersByCount: CountRow[];
  sendersBySize: CountRow[];
  recipientsByCount: CountRow[];
  recipientsBySize: CountRow[];
  /** Connecting hosts (`host[ip]`, or `pickup`) of received mail. */
  clients: CountRow[];
  /** Keys are `action\tdaemon\tstage\tcode\treason`. */
  rejects: CountRow[];
  /** Keys are `daemon\treply`. */
  deferralReasons: CountRow[];
  /** Keys are `relay\treply`. */
  bounceReasons: CountRow[];
  /** Keys are `daemon\ttext`. */
  warnings: CountRow[];
  fatals: CountRow[];
  panics: CountRow[];
  postscreen: CountRow[];
  groups: ReasonGroup[];
  userUnknown: UserUnknownSender[];
  instances: CountRow[];
  inQueue: number;
  /** Postfix lines, other MTAs' (Sendmail, Exim), other programs', and lines nothing reads. */
  lines: { postfix: number; mta: number; other: number; unparsed: number };
  unparsedExamples: string[];
}
