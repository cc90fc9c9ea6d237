/**
 * The registry of mail log formats other than Postfix: one file per MTA, one line here. A format
 * says which program tags are its MTA's (`owns`), turns each of its records into the summary's
 * events (`read`), and may read lines no syslog format reads — the MTA's own log file, as Exim's
 * mainlog (`line`). Postfix, the hot path of every bench, is read by the summary itself
 * (summary.ts and postfix.ts) and counted the way pflogsumm counts it; these formats feed the
 * same events, so totals, tables, classified reasons and findings are the same for every MTA.
 */
import type { LogRecord } from '../../logs/index.js';
import { exim } from './exim.js';
import { sendmail } from './sendmail.js';

/** One recipient's delivery attempt, as every MTA reports it. */
export interface DeliveryEvent {
  to: string;
  /** `host[ip]` (`:port` when known), or the local transport. */
  relay: string;
  /** Seconds since the message arrived (0 when the MTA does not say). */
  delay: number;
  dsn?: string;
  status: 'sent' | 'deferred' | 'bounced';
  /** The remote reply or the MTA's own words. */
  reply: string;
}

export interface RejectEvent {
  /** reject, reject_warning, hold, discard. */
  action: string;
  /** What the client was doing: CONNECT, HELO, MAIL, RCPT, DATA … */
  stage: string;
  client?: string;
  code?: string;
  reason: string;
  from?: string;
  to?: string;
}

/** What a format tells the summary. `daemon` is the program tag or the part of the MTA that spoke. */
export interface MailEvents {
  /** A message was accepted from `client` (`host[ip]`, or `local`). */
  received(time: number, queueId: string, client: string): void;
  /** Its sender and size; `recipients`, when given, ends its life after that many final statuses. */
  queued(queueId: string, sender: string, size: number, recipients?: number): void;
  delivery(time: number, daemon: string, queueId: string, d: DeliveryEvent): void;
  rejected(time: number, daemon: string, r: RejectEvent): void;
  /** The message left the queue. */
  removed(queueId: string): void;
  warning(daemon: string, text: string): void;
}

export interface MailLogFormat {
  /** Stable name, also the instance name in the summary: `sendmail`, `exim`. */
  id: string;
  /** Whether records with this program tag are this MTA's. */
  owns(program: string): boolean;
  /** One record into events; false when it is no line this format knows (counted as unparsed). */
  read(rec: LogRecord, events: MailEvents): boolean;
  /** A line in the MTA's own log file format, which no syslog format reads. */
  line?(line: string): LogRecord | undefined;
}

export const MAIL_LOG_FORMATS: readonly MailLogFormat[] = [sendmail, exim];

/** `host [ip]`, `host. [ip]`, `[ip]` → `host[ip]` / `unknown[ip]` (Postfix's way of writing a peer). */
export function peer(host: string, ip: string | undefined): string {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (ip === undefined) return name || 'unknown';
  return `${name || 'unknown'}[${ip}]`;
}

/** The first enhanced status code (`4.7.1`) in a reply, if any. */
export function dsnOf(reply: string): string | undefined {
  const m = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply.length > 300 ? reply.slice(0, 300) : reply);
  return m ? (m[1] as string) : undefined;
}
