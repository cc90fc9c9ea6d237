/**
 * The words remote servers use when they refuse mail, and what each refusal means.
 *
 * Hand-written: there is no maintained JavaScript bounce classifier (sisimai, the reference, is
 * Perl/Ruby/Go). The phrases below are the ones real servers send — Gmail, Microsoft, Yahoo,
 * Japanese carriers (docomo, au/KDDI, SoftBank), Postfix, sendmail, Exim, qmail — collected
 * from their published error pages and from bounces. Rules are tried in order, so the specific
 * (a missing PTR, a failed SPF check) come before the general (a blocked sender).
 */

/** Why a message bounced, in the admin's words. Each is `mail.bounce.<reason>` in the catalog. */
export const BOUNCE_REASONS = [
  'user-unknown',
  'mailbox-full',
  'mailbox-disabled',
  'message-too-big',
  'auth-required',
  'auth-failed',
  'rdns-missing',
  'tls-required',
  'greylisted',
  'rate-limited',
  'relay-denied',
  'bad-reputation',
  'blocked',
  'sender-rejected',
  'content-rejected',
  'host-unknown',
  'host-unreachable',
  'no-mail-accepted',
  'expired',
  'system-error',
  'syntax-error',
  'auto-reply',
  'feedback-report',
  'delivered',
  'unknown',
] as const;

export type BounceReason = (typeof BOUNCE_REASONS)[number];

export interface BounceRule {
  reason: BounceReason;
  /** Phrases matched case-insensitively against the remote server's reply. */
  patterns: RegExp[];
}

/** A DNS block list named in a reply. */
export const BLOCK_LIST = /RBL\b|\bDNSBL\b|spamhaus|spamcop|barracudacentral|sorbs\.net|uceprotect/i;

export const BOUNCE_RULES: readonly BounceRule[] = [
  {
    // "450 4.7.1 Access denied. IP name lookup failed" (a sendmail/Postfix check that the
    // client's PTR resolves), Gmail 550-5.7.25 "does not have a PTR record", Microsoft 5.7.606
    // is a blocked IP, not PTR, so it is not here.
    reason: 'rdns-missing',
    patterns: [
      /\b[45]\.7\.25\b/,
      /IP name lookup failed/i,
      /\bPTR record/i,
      /reverse (dns|lookup|hostname|name)/i,
      /(no|without|missing|have|has) (a )?reverse/i,
      /\brDNS\b/i,
      /mismatches client ip/i,
      /unverif[iy]+able sending IP/i,
      /DNS PTR/i,
      /client host rejected: cannot find your (reverse )?hostname/i,
      /cannot find your hostname/i,
      /cannot resolve your address/i,
      /(host|hostname) .* does not match .*(ip|address)/i,
      /unresolvable (host ?name|client)/i,
      /name lookup failed/i,
      /\bdoes not resolve to\b/i,
      /no host ?name (found )?for (your|the) (ip|address)/i,
      /DNS reverse/i,
      /(ip|address) has no (host ?name|name|ptr)/i,
    ],
  },
  {
    // Content named explicitly: before "blocked", whose words ("blocked", "denied") such replies share.
    reason: 'content-rejected',
    patterns: [
      /because (its|of (its|the)) content/i,
      /blacklisted URL/i,
      /\b(spam|virus|malware) detected/i,
      /\bmedia error/i,
      /\bheader error/i,
      /\bheaders? too (large|long|many)/i,
      /policy violation/i,
      /spam classification/i,
      // Orange/Wanadoo (France) error code OFR_506: refused as spam.
      /\bOFR_?506\b/i,
      /not RFC ?5322 compliant/i,
      /duplicate header/i,
      /\bby policy\b/i,
      /policy reasons/i,
      /protocol violation/i,
    ],
  },
  {
    // Gmail 5.7.26 ("unauthenticated", "fails to pass authentication checks"), 5.7.27,
    // SPF 5.7.23/5.7.24, DKIM 5.7.20-22, DMARC, Microsoft 5.7.515 (sender domain does not meet
    // the authentication level), Yahoo "not accepted due to domain's DMARC policy".
    reason: 'auth-failed',
    patterns: [
      /\b[45]\.7\.(2[0-4]|26|29)\b/,
      /\b5\.7\.515\b/,
      /\bDMARC\b/i,
      /\bSPF\b/,
      /\bsender policy framework\b/i,
      /\bDKIM\b/i,
      /(does not have|has no) authentication information/i,
      /fails? to pass authentication/i,
      /\bunauthenticated (email|mail|message|sender)\b/i,
      /\bauthentication (check|level|requirements?)/i,
      /\bsender ?id\b/i,
      /domain (of sender|authentication).*fail/i,
      /\bARC validation/i,
      /not authorized by domain/i,
    ],
  },
  {
    // The server wants a login (SMTP AUTH, RFC 4954) before it takes the message.
    reason: 'auth-required',
    patterns: [
      /\b5\.7\.57\b/,
      /authentication (is )?required/i,
      /AuthRequired/,
      /unauthenticated senders/i,
      /turn on SMTP Authentication/i,
      /must (be )?authenticat/i,
      /SMTP AUTH(entication)? (is )?required/i,
    ],
  },
  {
    // 5.7.10 "encryption needed", Postfix "Must issue a STARTTLS command first", REQUIRETLS.
    reason: 'tls-required',
    patterns: [
      /\b[45]\.7\.(10|11|30)\b/,
      /STARTTLS/i,
      /\b(TLS|encryption|SSL) (is )?(required|needed)/i,
      /requires? (a )?(secure|TLS|encrypted) (connection|channel)/i,
      /\bTLS (handshake|negotiation) failed/i,
      /\bREQUIRETLS\b/i,
      /(does not|doesn't|did not|cannot|can't) (support|offer|advertise|do) (STARTTLS|TLS|SSL)/i,
      /\bTLS (is )?(not available|unavailable|not supported)/i,
    ],
  },
  {
    // Yahoo TSS04 ("deferred due to unexpected volume or user complaints"), Microsoft 4.7.650
    // ("rate limited due to IP reputation"): the receiver judges the sender by its history.
    reason: 'bad-reputation',
    patterns: [
      /\bTSS0?4\b/,
      /\b[45]\.7\.650\b/,
      /unexpected volume/i,
      /user complaints/i,
      /(poor|bad|low|negative) (ip |sender |sending |domain )?reputation/i,
      /due to (ip |sender )?reputation/i,
    ],
  },
  {
    // Gmail 4.7.28 / 4.7.0 "unusual rate of unsolicited mail", Yahoo TSS04 ("temporarily
    // deferred due to unexpected volume or user complaints"), Microsoft 4.7.500 throttling.
    reason: 'rate-limited',
    patterns: [
      /\b4\.7\.28\b/,
      /\b[45]\.7\.500\b/,
      /rate (limit|exceeded|of unsolicited|is limited)/i,
      /unusual rate/i,
      /frequency limit/i,
      /receiving mail at a rate/i,
      /daily (relay |sending )?quota/i,
      /too many (connections|concurrent|messages|recipients|sessions|mails|emails|simultaneous|errors)/i,
      /connection (limit|rate)/i,
      /(sending|message|recipient) (limit|quota) (exceeded|reached)/i,
      /exceeded (the )?(rate|sending|message) limit/i,
      /throttl/i,
      /\bspeed\b.*\blimit/i,
      /max(imum)? (number of )?(connections|messages) (per|exceeded)/i,
      /\b421[ -]4\.7\.0 .*(too many|rate)/i,
    ],
  },
  {
    reason: 'relay-denied',
    patterns: [
      /relay(ing)? (access )?(denied|not permitted|prohibited|not allowed)/i,
      /not permitted to relay/i,
      /unable to relay/i,
      /relay not permitted/i,
      /we do not relay/i,
      /no relaying/i,
      /\bis not a gateway\b/i,
      /Relaying denied/i,
      /not configured to relay/i,
      /address is not verified/i,
      // qmail: "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"
      /(isn't|not) in my list of allowed rcpthosts/i,
      /5\.7\.64\b/,
      // sendmail's check_mail ruleset and appliances: "550 Insecure Mail Relay".
      /insecure mail relay/i,
    ],
  },
  {
    reason: 'message-too-big',
    patterns: [
      /\b5\.[23]\.[34]\b/,
      /message (size|length) (exceeds|exceeded|is too large|over)/i,
      /(message|mail|email) (is )?too (big|large)/i,
      /exceeds? (the )?(maximum )?(message )?size/i,
      /size (limit )?exceed/i,
      /message file too big/i,
      /larger than (the )?(maximum|allowed)/i,
      /exceeds (the )?(local )?limit/i,
      /line limit exceeded/i,
      /(?<!headers? )\btoo (large|big)\b/i,
    ],
  },
  {
    // The receiving system cannot write where it should: its own fault, not a full mailbox.
    reason: 'system-error',
    // Lotus Domino's router: "Unable to open mailbox file".
    patterns: [
      /insufficient permission|permission denied/i,
      /duplicated message-id/i,
      /unable to open mailbox file/i,
    ],
  },
  {
    reason: 'mailbox-full',
    patterns: [
      /\b[45]\.2\.2\b/,
      /mail ?box (is )?(full|over ?quota)/i,
      /over ?quota/i,
      /quota (usage )?(exceeded|exceed|full|violation)/i,
      /exceed(ed|s)? (the )?(storage|quota|mailbox)/i,
      /(mailbox|account|inbox|disk) (is )?full/i,
      /full mail ?box/i,
      /(insufficient|not enough) (disk|storage|space)/i,
      /mailbox size limit/i,
      /user (is )?over/i,
      /too much mail data/i,
      /maildir over/i,
      /storage (limit|full)/i,
      /mailbox exceeds/i,
      /mail ?folder is full/i,
      /容量.{0,10}(超過|オーバー|一杯|いっぱい)|メールボックスが(一杯|いっぱい|満杯)/,
      /messages in recipient's mailbox exceeded/i,
    ],
  },
  {
    reason: 'mailbox-disabled',
    patterns: [
      /(account|mailbox|user|recipient|address) (has been |is |was )?(disabled|suspended|deactivated|inactive|locked|expired|frozen|closed|terminated|retired|discontinued|blocked by its owner)/i,
      /(disabled|suspended|inactive|deactivated) (account|mailbox|user|recipient)/i,
      /not (currently )?active/i,
      /no longer (active|in use|available|valid)/i,
      /recipient suspended/i,
      /temporar(il)?y locked/i,
      /(recipient )?account (has been |is )?blocked/i,
    ],
  },
  {
    // An address on the receiver's list, not an IP ("you are sending to/from an address that has
    // been blacklisted", MessageLabs' "your email address has been blacklisted"): the sender's
    // address is refused, whichever host sends it.
    reason: 'sender-rejected',
    patterns: [
      /\b(e-?mail |sender |sending |from )?address (that )?(has been|is) (black|block)[ -]?listed\b/i,
      /\bsending (to\/)?from an address\b/i,
    ],
  },
  {
    // A DNS block list named as the cause ("AUP#CDRBL", "listed at zen.spamhaus.org"): the
    // sending IP is refused, whatever address the reply also names.
    reason: 'blocked',
    patterns: [BLOCK_LIST],
  },
  {
    reason: 'sender-rejected',
    patterns: [
      /sender (address )?(rejected|denied|refused|invalid|unknown|verify failed)/i,
      /domain of sender address .* (does not exist|not found)/i,
      /(invalid|bad|unknown) sender/i,
      /mail from .*(rejected|refused|denied)/i,
      /from address (rejected|refused|not allowed)/i,
      /sender verification/i,
      /\b5\.1\.[78]\b/,
      /unroutable sender/i,
      // qmail-remote: "Connected to 192.0.2.1 but sender was rejected."
      /but sender was rejected/i,
      /domain is invalid/i,
      /purported responsible address/i,
      /permission to post/i,
      /投稿する権限/,
      /not (a )?(registered )?gateway user/i,
      /not a member of/i,
      // Google Groups' "you may not post" notice, in every language it is sent in, is signed so.
      /^\s*Google Groups/m,
      /'Send mail as'/i,
    ],
  },
  {
    // A domain that says it takes no mail (null MX, RFC 7505), said before any DNS error words.
    reason: 'no-mail-accepted',
    patterns: [
      /(doesn't|does not) (receive|accept) (e-?)?mail/i,
      /null MX/i,
      /indicated no SMTP service/i,
      // qmail: the domain has neither MX nor address records, so nothing can receive its mail.
      /couldn't find a mail exchanger or IP address/i,
    ],
  },
  {
    // A DNS failure on the sender's side (SERVFAIL, timeout): the domain may well exist.
    reason: 'host-unreachable',
    patterns: [
      /host not found, try again/i,
      /malformed or unexpected name server reply/i,
      /host name lookup failure/i,
      /DNS Error: /,
    ],
  },
  {
    // A whole domain that does not exist, said before the "does not exist" of a mailbox.
    reason: 'host-unknown',
    patterns: [
      /\b5\.1\.2\b/,
      /bad destination system address/i,
      /domain does not exist/i,
      /unrouteable address/i,
      // qmail: "Sorry, I couldn't find any host named example.jp. (#5.1.2)"; Exim's MX to nowhere.
      /couldn't find any host (named|by that name)/i,
      /MX records point to non-existent hosts/i,
      // The Exim template of hosting providers (GoDaddy's among them): "The mail server could not
      // deliver mail to x. The account or domain may not exist, they may be blacklisted, or
      // missing the proper dns entries." The first guess is the domain's.
      /\bThe account or domain may not exist\b/i,
      /^\d{3}\s+[a-z0-9-]+(\.[a-z0-9-]+)+\.? does not exist/im,
    ],
  },
  {
    // docomo/au/SoftBank send "550 Unknown user" also when the receiving user's filter refuses
    // the sending domain (for example a domain without SPF): the advice says so.
    reason: 'user-unknown',
    patterns: [
      /\b5\.1\.[16]\b/,
      /\bunknown (user|recipient|address|local[- ]part|mailbox)/i,
      /(user|recipient|mailbox|address|addressee) (is )?(unknown|not found|not exist|does not exist|doesn't exist|not listed|not known|invalid|unavailable)/i,
      /no such (user|mailbox|recipient|person|address|account|local user)/i,
      /user not local/i,
      /(does not|doesn't|did not) exist/i,
      /not (a )?(valid|known|registered|local) (user|recipient|mailbox|address)/i,
      /invalid (recipient|mailbox|address|user)/i,
      /recipient name is not recognized/i,
      /check if (the )?address is correct/i,
      /bad (destination )?(mailbox|address|recipient)/i,
      /no mailbox/i,
      /mailbox not (found|present|available)/i,
      /not our customer/i,
      /\bRecipNotFound\b/i,
      /address (not present|unknown|not found)/i,
      /undeliverable address/i,
      /no (valid )?recipients?/i,
      /user(name)? (lookup )?fail/i,
      /user doesn.t have a .* account/i,
      /has moved|no forwarding address/i,
      /account (is )?(not|no longer) (exist|available)/i,
      /(can't|cannot) accept (mail|messages) for/i,
      /recipient address rejected: access denied/i,
      /recipient address rejected\.?\s*(\(in reply|$)/i,
      /mailbox (is )?unavailable/i,
      /not listed in .*(directory|address book)/i,
      /invalid (final delivery )?user ?id/i,
      /宛先.*(不明|存在しません)|存在しない(ユーザ|アドレス)/,
    ],
  },
  {
    reason: 'host-unknown',
    patterns: [
      /\b5\.1\.2\b/,
      /\b[45]\.4\.4\b/,
      /host (or domain name )?(not found|unknown)/i,
      /(domain|host) (name )?(not found|does not exist|unknown|doesn't exist)/i,
      /no such (domain|host)/i,
      /name or service not known/i,
      /unrouteable (mail )?domain/i,
      /unknown (host|domain)/i,
      /\bhost \S+ not found/i,
      /domain (is )?(not|no longer) (configured|valid|registered|reachable)/i,
      /NXDOMAIN/i,
      /recipient domain must exist/i,
    ],
  },
  {
    reason: 'no-mail-accepted',
    patterns: [
      /\b5\.1\.10\b/,
      /\b5\.7\.27\b/,
      /null MX/i,
      /not accepting network messages/i,
      /indicated no SMTP service/i,
      /does not accept (e-?)?mail/i,
      /not accepting (network )?(e-?)?mail/i,
      /no MX (record )?(for|found)/i,
    ],
  },
  {
    reason: 'expired',
    patterns: [
      /\b[45]\.4\.7\b/,
      /delivery time expired/i,
      /retry time(out)? (not )?(reached|exceeded)/i,
      /message (has )?expired/i,
      /(expired|timed out) in queue/i,
      /could not be delivered (for|within) \d+/i,
      /was not delivered within/i,
      /giving up/i,
      /\bQueue ?time ?exceeded/i,
      /resources temporarily unavailable/i,
      /unable to deliver (this |your )?message after (multiple|several)/i,
      /delivery (has been )?(attempts|retries) (exceeded|expired)/i,
      /have not been delivered for \d+/i,
      /message timed out/i,
      /undelivered for \d+/i,
      /did not accept our requests to connect/i,
      /aborted after [\d.]+ ?hour/i,
      /(has been|is|was) delayed/i,
      /will be retried/i,
      /delivery failed \d+ attempts/i,
      /envelope expired/i,
      /notification about a delay/i,
      /failing for a long time/i,
      /unable to deliver in \d+/i,
      /retry timeout exceeded/i,
    ],
  },
  {
    reason: 'host-unreachable',
    patterns: [
      /\b[45]\.4\.[126]\b/,
      /connection (refused|timed out|reset|lost)/i,
      /lost connection/i,
      /(could not|couldn't|unable to|cannot) connect/i,
      /network (is )?unreachable/i,
      /no route to host/i,
      /(mail|routing) loop/i,
      /loops back to myself/i,
      /too many hops/i,
      /hop count exceeded/i,
      /timed? ?out (while|during|after)/i,
      /(host|server) (is )?(not responding|unreachable|down)/i,
      /conversation with .{0,200} timed out/i,
      /network error/i,
    ],
  },
  {
    // Greylisting: a first attempt deferred on purpose; the next retry is accepted.
    reason: 'greylisted',
    patterns: [
      /gr[ae]y ?list/i,
      /try again in \d+ ?(s|sec|seconds|minutes?)\b/i,
      /\bdeferred (for|due to) (grey|gray)/i,
      /Recipient address rejected: Greylisted/i,
    ],
  },
  {
    // Microsoft 5.7.606/5.7.708 (IP on their block list / IP not trusted), Yahoo TSS09
    // ("blocked due to poor reputation"), Spamhaus and other DNSBLs.
    reason: 'blocked',
    patterns: [
      /\b5\.7\.(606|607|608|708|750|511|512)\b/,
      /\bTSS0?9\b/,
      /block ?list|black ?list|\bbl\.|\bdnsbl\b|\brbl\b|spamhaus|spamcop|barracuda/i,
      /\blisted (in|on|at)\b/i,
      /\bblocked\b/i,
      /\bbanned\b/i,
      // A host refused as an open relay or proxy ("no access from mail server [192.0.2.1] which
      // is an open relay", sendmail's "Rejecting open proxy").
      /\bno access from (mail )?server\b/i,
      // A refusal that leads with "IP=" and the connecting host's address ("554 IP=192.0.2.1 - A
      // problem occurred"): the host is what was refused. (Gmail's "[192.0.2.1]" before every
      // reply is only its log of the client, so a bracketed address is not read so.)
      /^\s*[45]\d\d[ -](?:[45]\.\d{1,3}\.\d{1,3} )?IP[=:] ?\d{1,3}(?:\.\d{1,3}){3}[ :]/i,
      /\bis an open (relay|proxy)\b|\bopen proxy\b/i,
      /client host (.* )?rejected/i,
      /please use the smtp server of your ISP/i,
      /service refused/i,
      /refused to talk to me/i,
      /not accepting connections/i,
      /invalid ip for sending/i,
      /messages from \S+ weren't sent/i,
      /access denied/i,
      /(your|the) (ip|server|host|network|address).*(has been|is|was) (rejected|refused|not allowed|denied)/i,
      /not (allowed|permitted|authorized) to (send|connect)/i,
      /dynamic(ally)? (ip|assigned|address|pool)/i,
      /dial-?up/i,
      /connection (rejected|refused|denied) (from|by|due)/i,
      /\bdenied\b/i,
      // A refusal that gives no reason at all ("550 Rejected"): the receiving host refused us.
      /^\s*[45]\d\d[ -](?:[45]\.(?:0\.0|7\.1) )?(rejected|refused|denied)\.?\s*$/i,
    ],
  },
  {
    reason: 'content-rejected',
    patterns: [
      /\b5\.7\.1[ ;:]+.*(content|message|spam)/i,
      /\bspam\b/i,
      /\bjunk\b/i,
      /\bUCE\b/,
      /\bvirus\b|\bmalware\b|infected/i,
      /content (rejected|filter|policy)/i,
      /message (content )?(rejected|refused|filtered|blocked)/i,
      /(policy|policies) (violation|reasons?|restrictions?)/i,
      /(local|security|content) policy/i,
      /\bfilter(ed|ing)?\b/i,
      /\bprohibited\b/i,
      /not (rfc|RFC)[- ]?(compliant|5322|2822)/i,
      /(header|attachment|mime|8-?bit|line too long).*(invalid|not allowed|rejected|refused|malformed)/i,
      /bare LF|illegal character/i,
      /suspicious/i,
      /\b[45]\.6\.\d+\b/,
      /\b[45]\.7\.1\b/,
    ],
  },
  {
    reason: 'system-error',
    patterns: [
      /\b[45]\.3\.[0125]\b/,
      /(local|internal|system|server|configuration) (error|problem|failure)/i,
      /service (is )?(currently |temporarily )?(not available|unavailable)/i,
      /temporary (local )?(failure|problem|error)/i,
      /(insufficient|out of) (system )?(resources|memory)/i,
      /mailer error/i,
      /pipe to \|/i,
      /transaction failed/i,
      /(command|program|pipe|procmail|maildrop) (died|failed|output|returned)/i,
      // the receiving system's own parts failing: its directory, its operating system, its routing data
      /\b(unable to|could not|cannot) (contact|reach|connect to) (the )?LDAP/i,
      /operating system error/i,
      /could not load \S+ for/i,
      /\b4\.3\.0\b/,
    ],
  },
  {
    reason: 'syntax-error',
    patterns: [
      /\b[45]\.5\.[0-4]\b/,
      /syntax error/i,
      /malformed address/i,
      /incorrectly constructed/i,
      /command (not recognized|unrecognized)/i,
      /bad sequence of commands/i,
      /\b50[0-4][ -]/,
    ],
  },
];

/**
 * Whether a pattern of `reason`'s rules matches `text` as `reasonFromText` reads it: when none
 * does, `reasonFromText(text)` is not `reason` (a cheap test before the whole classification, for
 * callers that only ask "is it this reason?" of many different texts).
 */
export function textMayBe(reason: BounceReason, text: string): boolean {
  let patterns = PATTERNS_OF.get(reason);
  if (patterns === undefined) {
    // One pattern of alternatives per set of flags (none has a back-reference or g/y): it matches
    // where one of the rules' patterns would, in one pass over the text.
    const byFlags = new Map<string, string[]>();
    for (const r of BOUNCE_RULES)
      if (r.reason === reason)
        for (const p of r.patterns)
          byFlags.set(p.flags, [...(byFlags.get(p.flags) ?? []), `(?:${p.source})`]);
    patterns = [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
    PATTERNS_OF.set(reason, patterns);
  }
  text = text.slice(0, 8192);
  const flat = text.replace(/[ \t]*\r?\n[ \t]*/g, ' ');
  return patterns.some((p) => p.test(flat) || (flat !== text && p.test(text)));
}
const PATTERNS_OF = new Map<BounceReason, RegExp[]>();

/** Classifies a reply by its words; undefined when no rule matches. */
export function reasonFromText(text: string): BounceReason | undefined {
  // DoS limit: the rules see the first 8 KiB (a bounce's own explanation is far shorter), so
  // that no pattern runs over megabytes of hostile text.
  text = text.slice(0, 8192);
  if (text.trim() === '') return undefined;
  // Replies wrap over lines ("Host not\n    found"): match on one line of single spaces.
  const flat = text.replace(/[ \t]*\r?\n[ \t]*/g, ' ');
  for (const rule of BOUNCE_RULES) {
    if (rule.patterns.some((p) => p.test(flat) || p.test(text))) return rule.reason;
  }
  return undefined;
}

/** RFC 3463 `subject.detail` → reason, for replies whose words say nothing we know. */
const BY_STATUS: Record<string, BounceReason> = {
  '1.1': 'user-unknown',
  '1.2': 'host-unknown',
  '1.3': 'syntax-error',
  '1.6': 'user-unknown',
  '1.7': 'sender-rejected',
  '1.8': 'sender-rejected',
  '1.10': 'no-mail-accepted',
  '2.1': 'mailbox-disabled',
  '2.2': 'mailbox-full',
  '2.3': 'message-too-big',
  '3.1': 'system-error',
  '3.2': 'system-error',
  '3.4': 'message-too-big',
  '3.5': 'system-error',
  '4.1': 'host-unreachable',
  '4.2': 'host-unreachable',
  '4.3': 'host-unreachable',
  '4.4': 'host-unknown',
  '4.6': 'host-unreachable',
  '4.7': 'expired',
  '5.0': 'syntax-error',
  '5.2': 'syntax-error',
  '5.3': 'rate-limited',
  '6.0': 'content-rejected',
  '7.1': 'blocked',
  // X.7.4 security features not supported, X.7.5 cryptographic failure, X.7.6 cryptographic
  // algorithm not supported: the session's security (TLS) is what the receiver could not accept.
  '7.4': 'tls-required',
  '7.5': 'tls-required',
  '7.6': 'tls-required',
  // X.7.7 message integrity failure: the message, as it arrived, was refused.
  '7.7': 'content-rejected',
  '7.8': 'auth-required',
  '7.9': 'auth-required',
  '7.10': 'tls-required',
  '7.23': 'auth-failed',
  '7.25': 'rdns-missing',
  '7.26': 'auth-failed',
  '7.27': 'no-mail-accepted',
};

/** Classifies an enhanced status code alone (`5.1.1` → user-unknown). */
export function reasonFromStatus(status: string | undefined): BounceReason | undefined {
  const m = status ? /^[245]\.(\d{1,3})\.(\d{1,3})$/.exec(status) : null;
  if (!m) return undefined;
  if (status?.startsWith('2.')) return 'delivered';
  return BY_STATUS[`${m[1]}.${m[2]}`];
}
