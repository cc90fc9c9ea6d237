/**
 * Postfix log lines → events. One function per kind of line; every pattern is anchored and its
 * repetitions bounded, so a megabyte line costs what a short one does (STYLE habit 13).
 *
 * Postfix writes `<syslog_name>/<service>[pid]: <queue id>: <text>`; `syslog_name` is `postfix`
 * or an instance's own (`postfix-out`, `postfix/submission`), the service the last part.
 */

/** The program tag of a Postfix line: its instance (`postfix-out`) and daemon (`smtp`). */
export interface PostfixProgram {
  instance: string;
  daemon: string;
}

/** `postfix/smtp` → {postfix, smtp}; `postfix-out/submission/smtpd` → {postfix-out, smtpd}; else undefined. */
export function postfixProgram(program: string): PostfixProgram | undefined {
  const slash = program.indexOf('/');
  if (slash <= 0)
    return program === 'postfix' || program === 'postfix-script'
      ? { instance: program, daemon: program }
      : undefined;
  const instance = program.slice(0, slash);
  if (!instance.startsWith('postfix')) return undefined;
  return { instance, daemon: program.slice(program.lastIndexOf('/') + 1) };
}

/**
 * The queue id at the start of a message, then ": " — short hex (`3F2A1C0B9D`, 5 to 25 upper-case
 * hex digits), long base-52 (`4LbQWT0Qk4z2ZHp`, 12 to 25 letters and digits), or `NOQUEUE`.
 * Read character by character: it is asked of every Postfix line.
 */
export function queueIdOf(message: string): string | undefined {
  const limit = Math.min(message.length, 26);
  let hex = true;
  let i = 0;
  for (; i < limit; i++) {
    const c = message.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) continue; // 0-9
    if (c >= 0x41 && c <= 0x5a) {
      if (c > 0x46) hex = false; // G-Z
      continue;
    }
    if (c >= 0x61 && c <= 0x7a) {
      hex = false;
      continue;
    }
    break;
  }
  if (i < 5 || message.charCodeAt(i) !== 0x3a || message.charCodeAt(i + 1) !== 0x20) return undefined;
  if ((hex && i <= 25) || (i >= 12 && i <= 25)) return message.slice(0, i);
  if (i === 7 && message.startsWith('NOQUEUE')) return 'NOQUEUE';
  return undefined;
}

export interface Delivery {
  to: string;
  origTo?: string;
  relay: string;
  delay: number;
  dsn?: string;
  status: string;
  /** The text in parentheses after the status: the remote reply or Postfix's own words. */
  reply: string;
}

const DELIVERY =
  /^to=<([^>]{0,1024})>, (?:orig_to=<([^>]{0,1024})>, )?relay=([^,]{1,512}), (?:conn_use=\d{1,9}, )?delay=([\d.]{1,20}), (?:delays=[\d./]{1,80}, )?(?:dsn=(\d\.\d{1,3}\.\d{1,3}), )?status=([a-z-]{1,20})(?: \((.*)\))?$/;

/** `to=<…>, relay=…, delay=…, dsn=…, status=… (…)` after the queue id; undefined otherwise. */
export function parseDelivery(rest: string): Delivery | undefined {
  if (!rest.startsWith('to=<')) return undefined;
  const m = DELIVERY.exec(rest);
  if (!m) return undefined;
  const d: Delivery = {
    to: m[1] as string,
    relay: m[3] as string,
    delay: Number(m[4]),
    status: m[6] as string,
    reply: m[7] ?? '',
  };
  if (m[2] !== undefined) d.origTo = m[2];
  if (m[5] !== undefined) d.dsn = m[5];
  return d;
}

const QMGR_FROM = /^from=<([^>]{0,1024})>, size=(\d{1,15}), nrcpt=(\d{1,9})/;

export function parseQmgrFrom(rest: string): { sender: string; size: number; nrcpt: number } | undefined {
  const m = QMGR_FROM.exec(rest);
  return m ? { sender: m[1] as string, size: Number(m[2]), nrcpt: Number(m[3]) } : undefined;
}

export interface Reject {
  /** reject, reject_warning, hold, discard, warning (cleanup), milter-reject. */
  action: string;
  /** What the client was doing: RCPT, CONNECT, DATA, END-OF-MESSAGE, header, body … */
  stage: string;
  client?: string;
  code?: string;
  /** The reason as Postfix gives it, without the client, code and envelope. */
  reason: string;
  from?: string;
  to?: string;
}

const SMTPD_REJECT =
  /^(reject|reject_warning|hold|discard|milter-reject|filter|redirect): ([A-Z-]{1,20}) from ([^:\s]{0,300}\[[^\]]{0,64}\](?::\d{1,5})?): (?:(\d{3}) (?:(\d\.\d{1,3}\.\d{1,3}) )?)?(.*)$/;
const CLEANUP_REJECT = /^(reject|warning|hold|discard|milter-reject): (header|body|END-OF-MESSAGE) (.*)$/;
const ENVELOPE = /; from=<([^>]{0,1024})>(?: to=<([^>]{0,1024})>)?/;

/** An smtpd/postscreen/cleanup reject, hold, discard or warning line, after the queue id. */
export function parseReject(rest: string, daemon: string): Reject | undefined {
  const c = rest.charCodeAt(0);
  if (c !== 0x72 && c !== 0x68 && c !== 0x64 && c !== 0x6d && c !== 0x77 && c !== 0x66) return undefined; // r h d m w f
  if (daemon === 'cleanup') {
    const m = CLEANUP_REJECT.exec(rest);
    if (!m) return undefined;
    const body = m[3] as string;
    const env = ENVELOPE.exec(body);
    const cut = body.indexOf('; from=<');
    const r: Reject = {
      action: m[1] as string,
      stage: m[2] as string,
      reason: cut >= 0 ? body.slice(0, cut) : body,
    };
    if (env?.[1] !== undefined) r.from = env[1];
    if (env?.[2] !== undefined) r.to = env[2];
    return r;
  }
  const m = SMTPD_REJECT.exec(rest);
  if (!m) return undefined;
  const body = m[6] as string;
  const semi = body.lastIndexOf('; from=<');
  const env = semi >= 0 ? ENVELOPE.exec(body.slice(semi)) : null;
  const r: Reject = {
    action: m[1] as string,
    stage: m[2] as string,
    client: m[3] as string,
    reason: semi >= 0 ? body.slice(0, semi) : body,
  };
  if (m[4] !== undefined) r.code = m[5] ? `${m[4]} ${m[5]}` : (m[4] as string);
  if (env?.[1] !== undefined) r.from = env[1];
  if (env?.[2] !== undefined) r.to = env[2];
  return r;
}

/** `client=host[ip]` (smtpd) → the client; also `, sasl_method=…` etc. after it. */
export function parseClient(rest: string): string | undefined {
  if (!rest.startsWith('client=')) return undefined;
  const end = rest.indexOf(',', 7);
  return rest.slice(7, end < 0 ? Math.min(rest.length, 600) : end);
}

/** `queued as NEWID` at the end of a remote reply: the id the next MTA gave the message. */
export function queuedAs(reply: string): string | undefined {
  const i = reply.lastIndexOf('queued as ');
  if (i < 0) return undefined;
  const m = /^queued as ([0-9A-Za-z]{5,20})/.exec(reply.slice(i));
  return m ? (m[1] as string) : undefined;
}

/** `host[ip]` → ip; `host` → host. */
export function clientAddress(client: string): string {
  const open = client.indexOf('[');
  if (open < 0) return client;
  const close = client.indexOf(']', open);
  return client.slice(open + 1, close < 0 ? undefined : close);
}

/** An address with its domain in lower case, and that domain (the whole address when it has no @). */
export function addressParts(address: string): { address: string; domain: string } {
  const at = address.lastIndexOf('@');
  if (at < 0) return { address, domain: address.toLowerCase() };
  const raw = address.slice(at + 1);
  const domain = raw.toLowerCase();
  // Most domains are written in lower case already: keep the address as it is (no new string).
  return { address: domain === raw ? address : address.slice(0, at + 1) + domain, domain };
}

/** The domain of an address, lower case; the whole address when it has no @. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at < 0 ? address : address.slice(at + 1)).toLowerCase();
}

/** An address with its domain in lower case (as pflogsumm counts it). */
export function normalAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : address.slice(0, at + 1) + address.slice(at + 1).toLowerCase();
}

/** Lines Postfix writes that carry nothing the summary counts, but are known (not "unparsed"). */
const KNOWN_WITHOUT_QUEUE_ID =
  /^(?:connect from |disconnect from |lost connection |timeout after |too many errors |improper command pipelining |(?:Anonymous|Trusted|Verified|Untrusted) TLS connection established |SSL_accept error |SSL_connect error |setting up TLS connection |TLS SNI |statistics: |(?:CONNECT|PASS NEW|PASS OLD|DNSBL rank|PREGREET|HANGUP|DISCONNECT|WHITELISTED|ALLOWLISTED|BLACKLISTED|DENYLISTED|WHITELIST VETO|ALLOWLIST VETO|COMMAND PIPELINING|COMMAND TIME LIMIT|COMMAND COUNT LIMIT|COMMAND LENGTH LIMIT|BARE NEWLINE|NON-SMTP COMMAND|BDAT) |daemon started|reload |terminating on signal|starting the Postfix|stopping the Postfix|refreshing the Postfix|Postfix is |Postfix mail system |connect to |host \S+ |conversation with |network_bias|enabling PIX|Host offered STARTTLS|certificate verification|(?:server|client) certificate|initializing the server-side TLS|cannot load|sender non-delivery|sender delivery status|mail for \S+ loops back|status=|auth=|SASL |sasl_|AUTH |lookup |dict_|table |Postfix |error: |mail_queue_enter|\S+\[[^\]]{0,64}\]:\d{1,5}: |(?:[a-z]{1,12}=\d{1,9}(?:\/\d{1,9})? ){1,20}commands=|addr \S+ listed by |cache \S+ (?:full|partial) cleanup|(?:Deleted|Requeued|Placed on hold|Released from hold): \d|bare <LF> received|discarding EHLO keywords|proxy-(?:accept|reject): )/;

export function knownWithoutQueueId(message: string): boolean {
  return KNOWN_WITHOUT_QUEUE_ID.test(message);
}

/** After a queue id, a `key=` or a known phrase. */
const KNOWN_AFTER_QUEUE_ID =
  /^(?:[a-z_-]{1,40}=|removed|skipped|host |lost connection |conversation with |(?:sender|postmaster) (?:non-)?delivery(?: status)? notification|requeued$|placed on hold$|released from hold$|expired$|SASL |proxy-(?:accept|reject): |enabling PIX|Cannot start TLS|TLS is required|breaking line|info: |warning: |replace: |prepend: |redirect: |filter: |hold: |discard: |reject: |milter-|BDAT |to=)/;

export function knownAfterQueueId(rest: string): boolean {
  return KNOWN_AFTER_QUEUE_ID.test(rest);
}

/** A sender's keys in the senders and sending-domains tables (`from=<>` for the null sender). */
export interface SenderKeys {
  addr: string;
  dom: string;
}

export function senderKeys(sender: string): SenderKeys {
  return sender === ''
    ? { addr: 'from=<>', dom: 'from=<>' }
    : { addr: normalAddress(sender), dom: domainOf(sender) };
}
