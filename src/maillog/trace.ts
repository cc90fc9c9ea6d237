/**
 * One message's whole life (`--message-id`, `--queue-id`): every line of its queue id from its
 * arrival to `removed` — across files — and of the queue ids it is joined to: the copy a content
 * filter re-injected (`queued as`) and the bounce it caused (`sender non-delivery notification`).
 * A short queue id reused later is another message: lives are cut at `removed`.
 */
import type { LogRecord } from '../logs/index.js';
import { postfixProgram, queuedAs, queueIdOf } from './postfix.js';

export interface TraceLine {
  time: string;
  input: string;
  program: string;
  message: string;
}

export interface MessageLife {
  queueId: string;
  lines: TraceLine[];
  /** Still in the queue at the end of the log. */
  inQueue: boolean;
}

interface Open {
  qid: string;
  lines: TraceLine[];
  links: Set<string>;
}

const MAX_LINES = 1000;
const RECENT = 5000;

export class MessageTracer {
  private readonly open = new Map<string, Open>();
  private readonly recent = new Map<string, Open>();
  readonly lives: MessageLife[] = [];
  private readonly messageId?: string;
  private readonly queueId?: string;

  constructor(wanted: { messageId?: string; queueId?: string }) {
    if (wanted.messageId !== undefined) this.messageId = wanted.messageId.replace(/^<|>$/g, '');
    if (wanted.queueId !== undefined) this.queueId = wanted.queueId;
  }

  add(rec: LogRecord, input: string): void {
    if (!postfixProgram(rec.program)) return;
    const qid = queueIdOf(rec.message);
    if (qid === undefined || qid === 'NOQUEUE') return;
    let o = this.open.get(qid);
    if (!o) {
      o = { qid, lines: [], links: new Set() };
      this.open.set(qid, o);
    }
    if (o.lines.length < MAX_LINES)
      o.lines.push({
        time: new Date(rec.time).toISOString().slice(0, 19),
        input,
        program: rec.program,
        message: rec.message,
      });
    const rest = rec.message.slice(qid.length + 2);
    if (qid === this.queueId) this.match(o);
    if (this.messageId !== undefined && rest.startsWith('message-id=')) {
      const id = rest.slice(11).replace(/^<|>$/g, '');
      if (id === this.messageId) this.match(o);
    }
    const next = rest.startsWith('to=<')
      ? queuedAs(rest)
      : /^sender non-delivery notification: (\w{5,20})/.exec(rest)?.[1];
    if (next !== undefined) this.link(o, next);
    if (rest === 'removed') {
      this.open.delete(qid);
      if (this.isMatched(o)) this.finish(o, false);
      else {
        this.recent.set(qid, o);
        if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value as string);
      }
    }
  }

  private readonly matchedOpen = new WeakSet<Open>();

  private isMatched(o: Open): boolean {
    return this.matchedOpen.has(o);
  }

  private match(o: Open): void {
    if (this.matchedOpen.has(o)) return;
    this.matchedOpen.add(o);
    for (const q of o.links) {
      const other = this.open.get(q) ?? this.recent.get(q);
      if (other) this.match(other);
    }
    if (this.recent.get(o.qid) === o) {
      this.recent.delete(o.qid);
      this.finish(o, false);
    }
  }

  private link(o: Open, next: string): void {
    o.links.add(next);
    const other = this.open.get(next) ?? this.recent.get(next);
    if (other) {
      other.links.add(o.qid);
      if (this.isMatched(o)) this.match(other);
      else if (this.isMatched(other)) this.match(o);
    }
  }

  private finish(o: Open, inQueue: boolean): void {
    this.lives.push({ queueId: o.qid, lines: o.lines, inQueue });
  }

  /** The lives found, in the order they ended (still-queued ones last). */
  result(): MessageLife[] {
    for (const o of this.open.values()) if (this.isMatched(o)) this.finish(o, true);
    this.open.clear();
    return this.lives.sort((a, b) => ((a.lines[0]?.time ?? '') < (b.lines[0]?.time ?? '') ? -1 : 1));
  }
}
