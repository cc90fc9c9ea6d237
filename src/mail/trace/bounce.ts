/**
 * Finding the facts in a bounce: which recipients failed, what the remote server replied, the
 * SMTP reply code and the enhanced status code. Works on a whole message (an RFC 3464 DSN, or
 * any of the non-standard bounces older MTAs and carriers send) parsed with `mailparser`, or on
 * a pasted reply line.
 *
 * mailparser inlines a `message/delivery-status` part into the message's text, so the DSN
 * fields (RFC 3464 §2.3) are read from the text; the returned original message
 * (`message/rfc822`, `text/rfc822-headers`) stays an attachment, and only its headers are read.
 */
import type { ParsedMail } from 'mailparser';
import { causeText, NetdoctorError } from '../../core/errors.js';
import { MAIL_ERRORS } from '../error-messages.js';
import { type BounceReason, reasonFromStatus, reasonFromText } from './bounce-rules.js';
import { ENHANCED_STATUS } from './enhanced-status.js';
import { headerEnd } from './read.js';

export interface BounceRecipient {
  /** The address that failed, when the bounce names it. */
  recipient?: string;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action?: string;
  /** Enhanced status code (RFC 3463), from the reply or the DSN's Status field. */
  status?: string;
  /** The SMTP reply code, e.g. `550`. */
  replyCode?: string;
  /** The remote server's reply (or the bounce's own explanation), whitespace collapsed. */
  reply?: string;
  /** The server that refused, when named. */
  remoteHost?: string;
  /** An IP address the reply names (often the sending server's, as the receiver saw it). */
  ip?: string;
  reason: BounceReason;
  /** Whether retrying cannot help (5xx / 5.x.x), as opposed to a temporary refusal (4xx / 4.x.x). */
  permanent: boolean;
}

export interface BounceFacts {
  /** Whether the input looked like a whole message (headers) rather than a pasted reply. */
  message: boolean;
  subject?: string;
  /** Who the bounce was sent to: the original sender. */
  sender?: string;
  recipients: BounceRecipient[];
}

const EMAIL =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+/g;
const REPLY_LINE = /(?:^|[\s:(;])([245]\d\d)(?:[ -]|$)/;
const IP_IN_REPLY = /\[?((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})\]?/i;
/** Where the returned original message starts in a non-MIME bounce (tested line by line). */
const ORIGINAL_MARKER =
  /-{3,}\s*(original message|this is a copy|below this line|the original message|original message follows|message header follows|headers? of (the )?(returned|original) message)|^-+ ?Original message|^------ This is a copy of the message|^Content-Type: message\/rfc822|^[-=]+ ?(returned|original|undelivered) (message|mail)/i;
/**
 * DoS limits: the text of a bounce that is read at all (the DSN of a thousand recipients fits),
 * and the length of one line looked at for a reply. Regular expressions never see more.
 */
const MAX_TEXT = 2 * 1024 * 1024;
const MAX_LINE = 1000;
const DSN_FIELD =
  /^\s*(Status|Action|Final-Recipient|Original-Recipient|Diagnostic-Code|Reporting-MTA|Remote-MTA|Arrival-Date|Last-Attempt-Date|Will-Retry-Until|X-[A-Za-z-]+):/i;
const IGNORED_ADDRESSES =
  /^(mailer-daemon|postmaster|root|nobody|double-bounce|bounce[s]?|noreply|no-reply)@/i;

/** Reads a bounce message (or pasted text) into its facts. */
export async function readBounce(bytes: Buffer, name: string): Promise<BounceFacts> {
  const asText = bytes.subarray(0, MAX_TEXT).toString('utf8');
  if (!looksLikeMessage(asText)) {
    return { message: false, recipients: recipientsFromText(asText, asText, undefined) };
  }
  let parsed: ParsedMail;
  try {
    // Loaded on first use: mailparser costs ~130 ms at start-up, and plain reply text needs none of it.
    const { simpleParser } = await import('mailparser');
    parsed = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_FORMAT', MAIL_ERRORS.notMail, {
      input: name,
      cause: e,
      params: { why: causeText(e) },
    });
  }
  let text = parsed.text ?? '';
  if (text.trim() === '' && typeof parsed.html === 'string') text = parsed.html.replace(/<[^>]+>/g, ' ');
  // A multipart whose boundary does not match its parts (seen in the wild) parses empty: read
  // the raw body as text instead.
  if (text.trim() === '') text = asText.slice(Math.max(0, headerEnd(bytes)));
  for (const a of parsed.attachments) {
    // message/global-delivery-status (RFC 6533) and oddly labelled DSN parts stay attachments.
    if (/delivery-status|^text\/plain$/i.test(a.contentType) && a.size < 1024 * 1024) {
      text += `\n${a.content.toString('utf8')}`;
    }
  }
  const to = parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : undefined;
  const facts: BounceFacts = { message: true, recipients: [] };
  if (parsed.subject) facts.subject = parsed.subject;
  const sender = to && !IGNORED_ADDRESSES.test(to) ? to : senderFromText(text);
  if (sender) facts.sender = sender;
  text = text.slice(0, MAX_TEXT);
  const contentType = String(
    parsed.headers.get('content-type') && headerValue(parsed.headers.get('content-type')),
  );
  const special = specialKind(parsed, contentType, text);
  const human = cutOriginal(text);
  facts.recipients = recipientsFromText(text, human, sender);
  // Some bounces say the reason only in their subject ("Returned mail: User unknown").
  const bySubject = parsed.subject ? reasonFromText(parsed.subject) : undefined;
  for (const r of facts.recipients) if (r.reason === 'unknown' && bySubject) r.reason = bySubject;
  // sendmail's timeout subjects: the queue kept a temporarily refused message for hours or days.
  if (/(could not|cannot) send message (for|within)/i.test(parsed.subject ?? '')) {
    for (const r of facts.recipients)
      if (r.reason === 'unknown' || TRANSIENT.has(r.reason)) r.reason = 'expired';
  }
  if (special) {
    if (facts.recipients.length === 0) facts.recipients.push({ reason: special, permanent: false });
    for (const r of facts.recipients) {
      r.reason = special;
      r.permanent = false;
    }
  }
  return facts;
}

function headerValue(v: unknown): string {
  if (v && typeof v === 'object' && 'value' in v) {
    const o = v as { value: string; params?: Record<string, string> };
    return `${o.value}; ${Object.entries(o.params ?? {})
      .map(([k, x]) => `${k}=${x}`)
      .join('; ')}`;
  }
  return String(v ?? '');
}

/** Feedback reports (RFC 5965) and auto-replies (RFC 3834) are not bounces. */
function specialKind(parsed: ParsedMail, contentType: string, text: string): BounceReason | undefined {
  if (/report-type="?feedback-report/i.test(contentType) || /^Feedback-Type:\s*\S+/im.test(text)) {
    return 'feedback-report';
  }
  // Postfix marks its own bounces `Auto-Submitted: auto-replied`, so that header alone says little.
  const auto = String(parsed.headers.get('auto-submitted') ?? '');
  const subject = parsed.subject ?? '';
  const bounceWords =
    /undeliver|returned|failure|delivery|not delivered|rejected|error|delay|warning|エラー|不達/i;
  if (
    (/auto-replied/i.test(auto) && !bounceWords.test(subject) && !/^Final-Recipient:/im.test(text)) ||
    /^(auto(matic)?[ -]?(reply|response)|out of (the )?office|vacation|away|自動応答|不在)/i.test(subject) ||
    parsed.headers.has('x-autoreply') ||
    parsed.headers.has('x-autorespond')
  ) {
    return 'auto-reply';
  }
  return undefined;
}

function looksLikeMessage(text: string): boolean {
  const head = text.slice(0, 4096);
  return (
    /^(From [^\n]*\n)?[\x21-\x39\x3b-\x7e]+:[^\n]*\n/.test(head) &&
    /^(from|to|subject|date|received|return-path|message-id|mime-version|content-type|delivered-to|x-[a-z-]+):/im.test(
      head,
    )
  );
}

/** The bounce's own words, without the returned original message. */
function cutOriginal(text: string): string {
  let end = text.length;
  let at = 0;
  for (const line of text.split('\n')) {
    if (ORIGINAL_MARKER.test(line.slice(0, MAX_LINE))) {
      end = at;
      break;
    }
    at += line.length + 1;
  }
  let human = text.slice(0, end);
  // An original message pasted inline starts with a block of its own headers.
  const inline = /^(Received: from |Return-Path: <|DKIM-Signature: |Message-I[Dd]: <)/m.exec(human);
  if (inline && inline.index > 40) human = human.slice(0, inline.index);
  return human;
}

function senderFromText(text: string): string | undefined {
  const m = /^X-(?:Postfix-)?Sender:\s*(?:rfc822;\s*)?<?([^\s>]+@[^\s>]+)/im.exec(text);
  return m?.[1];
}

interface DsnGroup {
  fields: Map<string, string>;
}

/** RFC 3464 per-recipient field groups, read from text (continuation lines unfolded). */
function dsnGroups(text: string): DsnGroup[] {
  const groups: DsnGroup[] = [];
  let current: DsnGroup | undefined;
  let last: string | undefined;
  const lines = text.split(/\r?\n/);
  for (const line of lines) {
    const field =
      /^(Final-Recipient|Original-Recipient|X-Actual-Recipient|Action|Status|Remote-MTA|Diagnostic-Code|X-Postfix-Sender):\s*(.*)$/i.exec(
        line,
      );
    if (field) {
      const key = (field[1] as string).toLowerCase();
      const value = (field[2] as string).trim();
      const starts = key === 'final-recipient' || key === 'original-recipient';
      if (!current || (starts && current.fields.has(key)) || (starts && current.fields.has('action'))) {
        current = { fields: new Map() };
        groups.push(current);
      }
      if (!current.fields.has(key)) current.fields.set(key, value);
      last = key;
      continue;
    }
    if (last && current && /^[ \t]+\S/.test(line)) {
      current.fields.set(last, `${current.fields.get(last)} ${line.trim()}`);
      continue;
    }
    last = undefined;
  }
  return groups.filter((g) => g.fields.has('final-recipient') || g.fields.has('original-recipient'));
}

function stripType(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return (
    v
      .replace(/^[A-Za-z0-9-]+\s*;\s*/, '')
      .replace(/^<|>$/g, '')
      .trim() || undefined
  );
}

function recipientsFromText(all: string, human: string, sender: string | undefined): BounceRecipient[] {
  const out: BounceRecipient[] = [];
  const groups = dsnGroups(all);
  for (const g of groups) {
    const recipient =
      stripType(g.fields.get('final-recipient')) ?? stripType(g.fields.get('original-recipient'));
    let reply = stripType(g.fields.get('diagnostic-code'));
    const action = g.fields.get('action')?.toLowerCase();
    const status = ENHANCED_STATUS.exec(g.fields.get('status') ?? '')?.[0];
    const fromHuman = recipient ? replyNear(human, recipient, groups.length > 1) : undefined;
    if (!reply || (fromHuman && fromHuman.length > reply.length && !ENHANCED_STATUS.test(reply))) {
      reply = fromHuman ?? reply;
    }
    // "Status: 4.0.0 (cat.example.net: host name lookup failure)": the comment is the reason.
    reply ??= /\(([^)]{8,})\)/.exec(g.fields.get('status') ?? '')?.[1];
    out.push(
      explainOne({
        recipient,
        action,
        status,
        reply,
        remote: stripType(g.fields.get('remote-mta')),
        humanReply: fromHuman,
        // With several recipients the bounce's words may be about another one.
        context: groups.length > 1 ? '' : human,
      }),
    );
  }
  if (out.length > 0) return out;
  // No DSN part: addresses named in the bounce's own words, and its first reply line.
  const addresses = [...new Set((human.match(EMAIL) ?? []).map((a) => a.replace(/\.$/, '')))].filter(
    (a) => a.toLowerCase() !== sender?.toLowerCase() && !IGNORED_ADDRESSES.test(a),
  );
  const reply = replyNear(human, addresses[0]);
  const targets = addresses.length ? addresses.slice(0, 50) : [undefined];
  for (const recipient of targets) {
    out.push(explainOne({ recipient, reply: replyNear(human, recipient) ?? reply, context: human }));
  }
  return out;
}

/** The reply line for `recipient` in the bounce's words: the line with an SMTP code after it. */
function replyNear(human: string, recipient: string | undefined, strict = false): string | undefined {
  const lines = human.split(/\r?\n/);
  let start = 0;
  if (recipient) {
    const i = lines.findIndex((l) => l.toLowerCase().includes(recipient.toLowerCase()) && !DSN_FIELD.test(l));
    if (i >= 0) start = i;
    else if (strict) return undefined;
  }
  for (const from of start > 0 ? [start, 0] : [0]) {
    for (let i = from; i < lines.length && i < from + 40; i++) {
      const line = (lines[i] as string).slice(0, MAX_LINE);
      // The DSN's own fields are not the server's words.
      if (DSN_FIELD.test(line)) continue;
      if (REPLY_LINE.test(line) || ENHANCED_STATUS.test(line)) {
        const parts = [line.trim()];
        for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j] as string) && parts.length < 6; j++) {
          parts.push((lines[j] as string).slice(0, MAX_LINE).trim());
        }
        return parts.join(' ');
      }
    }
  }
  return undefined;
}

/** Reasons that a retry can outlive: when the queue gave up on them, the message expired. */
const TRANSIENT = new Set<BounceReason>(['host-unreachable', 'system-error', 'greylisted', 'syntax-error']);

function explainOne(input: {
  recipient: string | undefined;
  action?: string | undefined;
  status?: string | undefined;
  reply: string | undefined;
  remote?: string | undefined;
  /** The bounce's own words about this recipient, when the DSN's reply was used instead. */
  humanReply?: string | undefined;
  context: string;
}): BounceRecipient {
  const reply = input.reply
    ?.replace(/\s+/g, ' ')
    .trim()
    .replace(/^\(reason: (.*)\)$/i, '$1');
  const replyCode = reply ? REPLY_LINE.exec(reply)?.[1] : undefined;
  const replyStatus = reply ? ENHANCED_STATUS.exec(reply)?.[0] : undefined;
  const status = replyStatus && !replyStatus.endsWith('.0.0') ? replyStatus : (input.status ?? replyStatus);
  let reason: BounceReason | undefined;
  if (input.action === 'delivered' || input.action === 'relayed' || input.action === 'expanded') {
    reason = 'delivered';
  }
  reason ??= reasonFromText(reply ?? '');
  if (!reason && !reply) reason = reasonFromText(input.context);
  // A temporary refusal (4.x.x) reported as failed: the queue gave up retrying (RFC 3464 §2.3.3).
  // …or says so: RFC 3464 allows no "expired" action, but SendGrid writes it; qmail says it in words.
  const gaveUp =
    (input.status !== undefined && /^4\./.test(input.status) && input.action === 'failed') ||
    input.action === 'expired' ||
    (/in the queue too long|not going to try again/i.test(`${reply ?? ''} ${input.context}`) &&
      !/^5/.test(replyCode ?? status ?? ''));
  // …except a session cut off midway or a DNS failure, which say more than "expired".
  const midSession = /lost connection|DNS Error|name server/i.test(reply ?? '');
  if (gaveUp && (!reason || TRANSIENT.has(reason)) && !midSession) reason = 'expired';
  reason ??= reasonFromStatus(status ?? input.status);
  reason ??= reasonFromText(input.context);
  reason ??= 'unknown';
  // Refused in reply to MAIL FROM: it is the sender (address or domain) that was refused.
  const atMailFrom =
    /in reply to MAIL FROM/i.test(`${reply ?? ''} ${input.humanReply ?? ''}`) ||
    /^>>> MAIL From:.*\r?\n<<< [45]\d\d/im.test(input.context);
  if (atMailFrom && (reason === 'blocked' || reason === 'unknown' || reason === 'system-error')) {
    reason = 'sender-rejected';
  }
  const cls0 = (replyCode ?? status ?? input.status ?? '5')[0];
  // A domain that "does not exist" only for now (4xx) is a DNS failure, not a missing domain.
  if (reason === 'host-unknown' && cls0 === '4') reason = 'host-unreachable';
  const cls = (replyCode ?? status ?? input.status ?? '5')[0];
  const r: BounceRecipient = {
    reason,
    permanent: input.action === 'delayed' ? false : cls === '5' || (cls === '4' && input.action === 'failed'),
  };
  if (input.recipient) r.recipient = input.recipient;
  if (input.action) r.action = input.action;
  if (status) r.status = status;
  if (replyCode) r.replyCode = replyCode;
  if (reply) r.reply = reply.length > 500 ? `${reply.slice(0, 500)}…` : reply;
  const remote =
    input.remote ??
    (reply ? /(?:host|talking to)\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})/i.exec(reply)?.[1] : undefined);
  if (remote) r.remoteHost = remote;
  const ip = reply ? IP_IN_REPLY.exec(reply.replace(/\b[245]\.\d{1,3}\.\d{1,3}\b/g, ''))?.[1] : undefined;
  if (ip && /\d+\.\d+\.\d+\.\d+|:.*:/.test(ip)) r.ip = ip;
  return r;
}
