/**
 * One `Received:` header (RFC 5321 §4.4, RFC 5322 §3.6.7) read into its parts: the sending
 * host (HELO name, reverse name, IP), the receiving host, the protocol, TLS where stated, and
 * the time; plus RFC 5322 dates read robustly (obsolete zone names, two-digit years, comments).
 *
 * Hand-written: mailparser and mailauth keep a Received header as one string, and the formats
 * (Postfix, sendmail, Exim, qmail, Exchange, Gmail) differ in where they put the IP and the TLS
 * note; the grammar of §4.4 is loose enough that a clause scanner is the robust reader.
 */
import { BlockList, isIP } from 'node:net';

export interface ReceivedHop {
  /** The header as written, unfolded. */
  raw: string;
  /** The name the client gave in HELO/EHLO. */
  helo?: string;
  /** The reverse (PTR) name the receiving server found for the client's IP. */
  reverseName?: string;
  /** The client's IP address as the receiving server saw it. */
  ip?: string;
  /** The receiving server. */
  by?: string;
  /** ESMTP, ESMTPS, ESMTPSA, LMTP, SMTP, HTTP, IMAP, local … (RFC 3848). */
  protocol?: string;
  tls?: { version?: string; cipher?: string };
  id?: string;
  for?: string;
  /** When the receiving server took the message (ISO 8601, UTC), if the date was readable. */
  time?: string;
  /** The date text as written. */
  dateText?: string;
}

const MAX_RECEIVED = 16 * 1024;

/** Parses one Received header value (without the `Received:` name). */
export function parseReceived(value: string): ReceivedHop {
  // DoS limit: real Received fields are well under 2 KiB; a longer one is read up to 16 KiB.
  const raw = value
    .slice(0, MAX_RECEIVED)
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const semi = raw.lastIndexOf(';');
  const body = semi >= 0 ? raw.slice(0, semi) : raw;
  const hop: ReceivedHop = { raw };
  if (semi >= 0) {
    const dateText = raw.slice(semi + 1).trim();
    hop.dateText = dateText;
    const d = parseMailDate(dateText);
    if (d) hop.time = d.toISOString();
  }
  const clauses = splitClauses(body);
  const from = clauses.get('from');
  if (from) readFrom(from, hop);
  const by = clauses.get('by');
  if (by) {
    const host = /^\s*([^\s(]+)/.exec(by)?.[1];
    if (host) hop.by = host.replace(/\.$/, '');
    readTls(by, hop);
  }
  const withClause = clauses.get('with');
  if (withClause) {
    const proto = /^\s*([A-Za-z0-9_-]+)/.exec(withClause)?.[1];
    // Exchange writes "with Microsoft SMTP Server (version=…)": keep the words before the comment.
    const words = /^\s*([^(;]+)/.exec(withClause)?.[1]?.trim();
    if (proto) {
      hop.protocol = /^e?smtp|^lmtp|^http|^imap|^pop/i.test(proto) ? proto.toUpperCase() : (words ?? proto);
    }
    readTls(withClause, hop);
  }
  const id = clauses.get('id');
  if (id) hop.id = (/^\s*([^\s(;]+)/.exec(id)?.[1] ?? '').trim() || undefined;
  if (hop.id === undefined) delete hop.id;
  const forClause = clauses.get('for');
  if (forClause) {
    // Starts only where a word starts, bounded (RFC 5321 §4.5.3.1): linear in the clause's length.
    const addr = /(?<![^\s<>;()])([^\s<>;()@]{1,64}@[^\s<>;()]{1,255})/.exec(forClause)?.[1];
    if (addr) hop.for = addr;
  }
  readTls(body, hop);
  return hop;
}

const KEYWORDS = new Set(['from', 'by', 'via', 'with', 'id', 'for']);

/** Splits `from … by … with … id … for …` at the top level, keeping comments with their clause. */
function splitClauses(body: string): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let key: string | undefined;
  let start = 0;
  const words = /\S+/g;
  for (let m = words.exec(body); m; m = words.exec(body)) {
    const w = m[0];
    const lower = w.toLowerCase();
    if (depth === 0 && KEYWORDS.has(lower) && !out.has(lower)) {
      if (key) out.set(key, body.slice(start, m.index).trim());
      key = lower;
      start = m.index + w.length;
    }
    for (const ch of w) {
      if (ch === '(') depth++;
      else if (ch === ')') depth = Math.max(0, depth - 1);
    }
  }
  if (key) out.set(key, body.slice(start).trim());
  return out;
}

const IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/;
const BRACKETED = /\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]/;

function readFrom(text: string, hop: ReceivedHop): void {
  const first = /^\s*([^\s(]+)/.exec(text)?.[1] ?? '';
  const comments = [...text.matchAll(/\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)]
    .map((m) => m[1] as string)
    .join(' ');
  const literal = BRACKETED.exec(first);
  if (literal && isIP(literal[1] as string)) hop.ip = literal[1] as string;
  else if (first && first.toLowerCase() !== 'unknown') hop.helo = first.replace(/\.$/, '');
  // Exim and qmail: "helo=name", "(HELO name)".
  const helo = /\bhelo[= ]\s*([^\s)\]]+)/i.exec(comments)?.[1];
  if (helo && (hop.helo === undefined || isIP(hop.helo.replace(/^\[|\]$/g, ''))))
    hop.helo = helo.replace(/\.$/, '');
  // "(rdns [ip])", "(rdns. [ip])", "([ip])", "(user@rdns [ip])".
  const withName = /(?:^|\s)(?:[^\s@]+@)?([A-Za-z0-9._-]+)\.?\s+\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]/.exec(
    comments,
  );
  if (withName && isIP(withName[2] as string)) {
    hop.ip ??= withName[2] as string;
    const name = (withName[1] as string).replace(/\.$/, '');
    if (name.toLowerCase() !== 'unknown' && !isIP(name) && name.includes('.')) hop.reverseName = name;
    else if (name.toLowerCase() !== 'unknown' && !isIP(name) && name === 'localhost') hop.reverseName = name;
  }
  if (hop.ip === undefined) {
    const b = BRACKETED.exec(comments);
    if (b && isIP(b[1] as string)) hop.ip = b[1] as string;
  }
  if (hop.ip === undefined) {
    // qmail: "(192.0.2.1)"; Exchange: "(10.0.0.1)"; a bare IP after the name.
    const v4 = IPV4.exec(comments) ?? IPV4.exec(text);
    if (v4 && isIP(v4[1] as string)) hop.ip = v4[1] as string;
    else {
      const v6 = /\(([0-9A-Fa-f:]+:[0-9A-Fa-f:]+)\)/.exec(text);
      if (v6 && isIP(v6[1] as string)) hop.ip = v6[1] as string;
    }
  }
}

/**
 * TLS as MTAs note it: sendmail/Gmail `(version=TLSv1.3 cipher=… bits=…)`, Postfix
 * `(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))`, Exim `(TLS1.3) tls …`,
 * Exchange `(version=TLS1_2, cipher=TLS_ECDHE_…)`.
 */
function readTls(text: string, hop: ReceivedHop): void {
  const version =
    /version=\s*(TLS[v0-9._]+|SSL[v0-9.]+)/i.exec(text)?.[1] ??
    /\busing (TLS[v0-9.]+|SSL[v0-9.]+)/i.exec(text)?.[1] ??
    /\((TLS1[._]\d|TLSv1(?:\.\d)?)(?:[:)])/i.exec(text)?.[1];
  const cipher =
    /cipher[= ]\s*([A-Za-z0-9_-]+)/i.exec(text)?.[1] ?? /\)\s+tls\s+([A-Za-z0-9_-]+)/i.exec(text)?.[1];
  if (!version && !cipher) return;
  hop.tls ??= {};
  if (version && !hop.tls.version) hop.tls.version = version.replace('_', '.');
  if (cipher && !hop.tls.cipher && cipher.toLowerCase() !== 'with') hop.tls.cipher = cipher;
}

/** RFC 5322 §4.3 obsolete zone names; military zones other than Z are "unknown" (treated as -0000). */
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -5 * 60,
  EDT: -4 * 60,
  CST: -6 * 60,
  CDT: -5 * 60,
  MST: -7 * 60,
  MDT: -6 * 60,
  PST: -8 * 60,
  PDT: -7 * 60,
  // Not in RFC 5322, but Japanese servers write it.
  JST: 9 * 60,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads an RFC 5322 date-time, including the obsolete forms of §4.3: two- and three-digit years,
 * zone names, missing seconds, comments (`(JST)`), extra spaces. Falls back to the asctime form
 * some MTAs write (`Thu Oct 13 15:22:22 2015`). Returns undefined when nothing date-like is there.
 *
 * @example parseMailDate('Thu, 29 Apr 2009 23:45:11 +0900 (JST)')?.toISOString() // '2009-04-29T14:45:11.000Z'
 */
export function parseMailDate(text: string): Date | undefined {
  // DoS limit: a date with its comments fits in 1,000 characters; the patterns never see more.
  const t = text
    .slice(0, 1000)
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const m =
    /(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*[ -](\d{2,4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)? ?([+-]\d{4}|[A-Za-z]{1,5})?/.exec(
      t,
    );
  let year: number;
  let month: number;
  let day: number;
  let hh: number;
  let mm: number;
  let ss: number;
  let zone: string | undefined;
  if (m) {
    day = Number(m[1]);
    month = MONTHS.indexOf((m[2] as string).toLowerCase());
    year = Number(m[3]);
    if ((m[3] as string).length === 2) year += year < 50 ? 2000 : 1900;
    else if ((m[3] as string).length === 3) year += 1900;
    hh = Number(m[4]);
    mm = Number(m[5]);
    ss = Number(m[6] ?? 0);
    zone = m[7];
  } else {
    const a =
      /([A-Za-z]{3}) +(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?: ([A-Za-z]{1,5}|[+-]\d{4}))? (\d{4})/.exec(t);
    if (!a) return undefined;
    month = MONTHS.indexOf((a[1] as string).toLowerCase());
    day = Number(a[2]);
    hh = Number(a[3]);
    mm = Number(a[4]);
    ss = Number(a[5]);
    zone = a[6];
    year = Number(a[7]);
  }
  if (month < 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  let offset = 0;
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(3, 5));
    if (zh > 23 || zm > 59) return undefined;
    offset = sign * (zh * 60 + zm);
  } else if (zone) {
    offset = ZONES[zone.toUpperCase()] ?? 0;
  }
  const ms = Date.UTC(year, month, day, hh, mm, Math.min(ss, 59)) - offset * 60_000;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8);
PRIVATE.addSubnet('172.16.0.0', 12);
PRIVATE.addSubnet('192.168.0.0', 16);
PRIVATE.addSubnet('127.0.0.0', 8);
PRIVATE.addSubnet('169.254.0.0', 16);
PRIVATE.addSubnet('100.64.0.0', 10); // RFC 6598 carrier-grade NAT
PRIVATE.addSubnet('0.0.0.0', 8);
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');
PRIVATE.addAddress('::1', 'ipv6');

/** Whether an address is private, loopback, link-local or shared (not reachable from the Internet). */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return PRIVATE.check(ip, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return PRIVATE.check(mapped[1] as string, 'ipv4');
    return PRIVATE.check(ip, 'ipv6');
  }
  return false;
}
