/**
 * Where a message travelled, from its header section: the `Received:` chain in the order the
 * servers handled it, the delay at each hop, the relay the receiving side took the message from
 * (the IP its SPF check used), and the authentication results the servers recorded.
 *
 * @example
 *   const r = traceHeaders(readFileSync('message.eml'));
 *   r.hops.map((h) => `${h.ip} → ${h.by} after ${h.delaySeconds}s`);
 */

import { isIP } from 'node:net';
import { durationText, localDuration } from '../../core/duration.js';
import { type Finding, finding } from '../../core/findings.js';
import { tldts } from '../../core/lazy-libraries.js';
import { isPrivateAddress, parseMailDate, parseReceived, type ReceivedHop } from './received.js';

export interface Hop extends ReceivedHop {
  /** 1 for the first server that handled the message (the bottom Received header). */
  index: number;
  /** Seconds since the previous hop, when both times are known. Negative means clock skew. */
  delaySeconds?: number;
}

export interface AuthResult {
  /** The server that wrote the Authentication-Results header (its authserv-id). */
  authServ: string;
  method: string;
  result: string;
  /** Properties such as `smtp.mailfrom`, `header.d`, `header.from`. */
  props: Record<string, string>;
}

export interface DkimSignature {
  domain?: string;
  selector?: string;
  algorithm?: string;
  /** Header fields signed. */
  headers?: string[];
}

export interface HeaderTrace {
  findings: Finding[];
  hops: Hop[];
  /** The hop at which the receiving side took the message from outside: its IP is what SPF checked. */
  relay?: Hop;
  /** The first hop outside the sender's own network (by the From domain). */
  leftSenderAt?: Hop;
  authResults: AuthResult[];
  arc: { instances: number; chain?: string };
  dkimSignatures: DkimSignature[];
  date?: string;
  messageId?: string;
  from?: string;
  subject?: string;
}

export interface TraceOptions {
  /** A hop slower than this many seconds is reported (default 900). */
  maxDelaySeconds?: number;
  /** Tolerated negative delay before calling it clock skew (default 60 s). */
  skewToleranceSeconds?: number;
  /** The input's name for findings (a path, or `-` for stdin). */
  input?: string;
}

/** A header section's fields in order, unfolded (RFC 5322 §2.2.3). */
export function headerFields(head: string): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = [];
  // Bare CR line ends (old Mac mail) count as line ends too: RFC 5322 allows only CRLF.
  for (const line of head.split(/\r\n|\r|\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && fields.length > 0) {
      const last = fields[fields.length - 1] as { name: string; value: string };
      last.value += ` ${line.trim()}`;
      continue;
    }
    const m = /^([\x21-\x39\x3b-\x7e]+)\s*:\s?(.*)$/.exec(line);
    if (m) fields.push({ name: (m[1] as string).toLowerCase(), value: (m[2] as string).trim() });
    else if (/^From /.test(line) && fields.length === 0) continue; // mbox separator
  }
  return fields;
}

/** Reads the header section of a message and traces its path. */
export function traceHeaders(head: string, options: TraceOptions = {}): HeaderTrace {
  const maxDelay = options.maxDelaySeconds ?? 900;
  const tolerance = options.skewToleranceSeconds ?? 60;
  const fields = headerFields(head);
  const get = (n: string) => fields.find((f) => f.name === n)?.value;
  const findings: Finding[] = [];
  const hops: Hop[] = fields
    .filter((f) => f.name === 'received')
    .map((f) => parseReceived(f.value))
    .reverse()
    .map((h, i) => ({ ...h, index: i + 1 }));
  const out: HeaderTrace = { findings, hops, authResults: [], arc: { instances: 0 }, dkimSignatures: [] };
  const date = get('date');
  if (date !== undefined) out.date = date;
  const messageId = get('message-id');
  if (messageId !== undefined) out.messageId = messageId;
  const from = get('from');
  if (from !== undefined) out.from = from;
  const subject = get('subject');
  if (subject !== undefined) out.subject = subject;

  if (fields.length === 0) {
    findings.push(
      finding('mail.headers.none', 'warn', {
        input: options.input === '-' ? 'stdin' : (options.input ?? 'the input'),
      }),
    );
    return out;
  }
  delays(hops, findings, maxDelay, tolerance);
  dateAgainstFirstHop(date, hops, findings, tolerance);
  privateAfterPublic(hops, findings);
  const senderDomain = domainOf(from ?? get('return-path') ?? '');
  edges(out, senderDomain);
  if (hops.length === 0) findings.push(finding('mail.headers.no-received', 'info'));
  if (out.relay?.ip) {
    findings.push(
      finding(
        'mail.headers.relay',
        'info',
        {
          ip: out.relay.ip,
          name: out.relay.reverseName ?? out.relay.helo ?? out.relay.ip,
          by: out.relay.by ?? '?',
          domain: senderDomain ?? '<your-domain>',
        },
        { hop: out.relay.index },
      ),
    );
  }
  if (out.leftSenderAt?.ip) {
    findings.push(
      finding(
        'mail.headers.left-sender',
        'info',
        {
          ip: out.leftSenderAt.ip,
          by: out.leftSenderAt.by ?? '?',
          hop: out.leftSenderAt.index,
          domain: senderDomain ?? '?',
        },
        { hop: out.leftSenderAt.index },
      ),
    );
  }
  if (date === undefined) findings.push(finding('mail.headers.date-missing', 'warn'));
  else if (!parseMailDate(date)) findings.push(finding('mail.headers.date-invalid', 'warn', { date }));
  if (messageId === undefined) findings.push(finding('mail.headers.message-id-missing', 'warn'));
  authentication(fields, out, findings);
  return out;
}

function delays(hops: Hop[], findings: Finding[], maxDelay: number, tolerance: number): void {
  for (let i = 1; i < hops.length; i++) {
    const prev = hops[i - 1] as Hop;
    const hop = hops[i] as Hop;
    if (!prev.time || !hop.time) continue;
    const d = Math.round((Date.parse(hop.time) - Date.parse(prev.time)) / 1000);
    hop.delaySeconds = d;
    const params = {
      hop: hop.index,
      from: prev.by ?? '?',
      to: hop.by ?? '?',
      seconds: d,
      human: localDuration(Math.abs(d)),
    };
    if (d < -tolerance)
      findings.push(finding('mail.headers.clock-skew', 'warn', params, { prev: prev.raw, hop: hop.raw }));
    else if (d > maxDelay) findings.push(finding('mail.headers.slow-hop', 'warn', params, { hop: hop.raw }));
  }
}

/** The Date header is written by the sender's client: later than the first server's time means skew. */
function dateAgainstFirstHop(
  date: string | undefined,
  hops: Hop[],
  findings: Finding[],
  tolerance: number,
): void {
  const first = hops.find((h) => h.time);
  const d = date ? parseMailDate(date) : undefined;
  if (!first?.time || !d) return;
  const ahead = Math.round((d.getTime() - Date.parse(first.time)) / 1000);
  if (ahead > tolerance) {
    findings.push(
      finding('mail.headers.date-ahead', 'warn', {
        by: first.by ?? '?',
        seconds: ahead,
        human: localDuration(ahead),
      }),
    );
  }
}

function privateAfterPublic(hops: Hop[], findings: Finding[]): void {
  let publicSeen: Hop | undefined;
  for (const hop of hops) {
    if (!hop.ip) continue;
    const priv = isPrivateAddress(hop.ip);
    if (!priv) publicSeen ??= hop;
    // Loopback hops (a content filter on the same host) are ordinary; report only the network.
    else if (publicSeen && !/^127\.|^::1$/.test(hop.ip)) {
      findings.push(
        finding('mail.headers.private-after-public', 'info', {
          hop: hop.index,
          ip: hop.ip,
          by: hop.by ?? '?',
          publicIp: publicSeen.ip as string,
        }),
      );
      return;
    }
  }
}

function registered(host: string | undefined): string | undefined {
  if (!host || isIP(host.replace(/^\[|\]$/g, ''))) return undefined;
  return tldts().getDomain(host) ?? undefined;
}

function domainOf(address: string): string | undefined {
  const m = /@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(address);
  return m ? (tldts().getDomain(m[1] as string) ?? (m[1] as string)).toLowerCase() : undefined;
}

/**
 * The receiving side's border: walking down from the last hop, the first client that is neither
 * private nor named in the receiver's own domain. Its IP is the one an SPF check at the border
 * used, so it is the relay to list in the sender's SPF record.
 */
function edges(out: HeaderTrace, senderDomain: string | undefined): void {
  const hops = out.hops;
  const receiver = registered([...hops].reverse().find((h) => h.by)?.by);
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = hops[i] as Hop;
    if (!h.ip || isPrivateAddress(h.ip)) continue;
    const client = registered(h.reverseName) ?? registered(h.helo);
    if (receiver && client === receiver) continue;
    out.relay = h;
    break;
  }
  if (!senderDomain) return;
  for (const h of hops) {
    if (!h.ip || isPrivateAddress(h.ip)) continue;
    if (registered(h.by) === senderDomain) continue;
    out.leftSenderAt = h;
    break;
  }
}

/** The part of an authentication field (Authentication-Results, DKIM-Signature) that is read. */
const MAX_AUTH_FIELD = 64 * 1024;

const FAILED = new Set(['fail', 'permerror', 'hardfail']);
const WEAK = new Set(['softfail', 'temperror', 'neutral']);

function authentication(
  fields: { name: string; value: string }[],
  out: HeaderTrace,
  findings: Finding[],
): void {
  for (const f of fields) {
    if (f.name === 'authentication-results' || f.name === 'arc-authentication-results') {
      if (f.name === 'arc-authentication-results') continue;
      out.authResults.push(...parseAuthResults(f.value));
    } else if (f.name === 'received-spf') {
      const result = /^\s*(\w+)/.exec(f.value)?.[1]?.toLowerCase();
      const ip = /client-ip=([^;\s]+)/i.exec(f.value)?.[1];
      if (result)
        out.authResults.push({
          authServ: 'Received-SPF',
          method: 'spf',
          result,
          props: ip ? { 'client-ip': ip } : {},
        });
    } else if (f.name === 'arc-seal') {
      out.arc.instances++;
      const cv = /\bcv=\s*(\w+)/i.exec(f.value)?.[1]?.toLowerCase();
      if (cv) out.arc.chain = out.arc.chain === 'fail' ? 'fail' : cv;
    } else if (f.name === 'dkim-signature') {
      const tag = (t: string) =>
        new RegExp(`(?:^|;)\\s*${t}=\\s*([^;]+)`, 'i')
          .exec(f.value.slice(0, MAX_AUTH_FIELD))?.[1]
          ?.replace(/\s+/g, '');
      const sig: DkimSignature = {};
      const d = tag('d');
      const s = tag('s');
      const a = tag('a');
      const h = tag('h');
      if (d) sig.domain = d;
      if (s) sig.selector = s;
      if (a) sig.algorithm = a;
      if (h) sig.headers = h.split(':');
      out.dkimSignatures.push(sig);
    }
  }
  for (const r of out.authResults) {
    const params = {
      method: r.method,
      result: r.result,
      by: r.authServ,
      what:
        r.props['header.d'] ??
        r.props['header.i'] ??
        r.props['smtp.mailfrom'] ??
        r.props['header.from'] ??
        r.props['client-ip'] ??
        '-',
      domain: authDomain(r),
    };
    if (FAILED.has(r.result)) findings.push(finding('mail.headers.auth-failed', 'fail', params, r));
    else if (WEAK.has(r.result)) findings.push(finding('mail.headers.auth-weak', 'warn', params, r));
    else if (r.result === 'pass') findings.push(finding('mail.headers.auth-pass', 'ok', params, r));
  }
  if (out.arc.chain === 'fail')
    findings.push(finding('mail.headers.arc-failed', 'warn', { instances: out.arc.instances }));
}

/** The domain an authentication result is about, for the `mail audit` command to suggest. */
function authDomain(r: AuthResult): string {
  const raw =
    r.props['header.d'] ?? r.props['header.from'] ?? r.props['smtp.mailfrom'] ?? r.props['header.i'] ?? '';
  const domain = raw.includes('@') ? raw.slice(raw.lastIndexOf('@') + 1) : raw;
  return domain && !isIP(domain) ? domain.toLowerCase() : '<sending-domain>';
}

/** RFC 8601 Authentication-Results: `authserv-id; method=result prop=value …; method=result …`. */
export function parseAuthResults(value: string): AuthResult[] {
  // DoS limit: a real Authentication-Results field holds a handful of results in well under
  // 8 KiB; a hostile one of megabytes would become as many results and findings.
  const noComments = value.slice(0, MAX_AUTH_FIELD).replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
  const parts = noComments.split(';').map((p) => p.trim());
  const authServ = (parts.shift() ?? '').split(/\s+/)[0] ?? '';
  const out: AuthResult[] = [];
  for (const part of parts) {
    // Some servers put several methods in one part without semicolons.
    // A name starts only where a run of name characters starts: otherwise a long word is tried
    // from each of its letters, which is quadratic in its length.
    const re = /(?<![\w.-])([A-Za-z][\w.-]{0,127})\s*=\s*("[^"]*"|[^\s;]+)/g;
    let current: AuthResult | undefined;
    for (let m = re.exec(part); m; m = re.exec(part)) {
      const key = (m[1] as string).toLowerCase();
      const val = (m[2] as string).replace(/^"|"$/g, '');
      if (!key.includes('.') && key !== 'reason' && key !== 'policy') {
        current = { authServ, method: key, result: val.toLowerCase(), props: {} };
        out.push(current);
      } else if (current) current.props[key] = val;
    }
  }
  return out.filter((r) => r.method !== 'none' && r.method !== 'i');
}

/** `75` → `1m15s`, `-300` → `-5m`. */
export function humanDuration(seconds: number): string {
  return durationText(seconds, 'en');
}
