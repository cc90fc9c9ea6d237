/**
 * sisimai's reason names (the `reason` column of the corpus's expected.tsv) mapped onto
 * netdoctor's bounce reasons. Several of sisimai's finer names fall into one of ours: netdoctor
 * groups refusals by what the admin does next, sisimai by the words of the reply.
 */
import type { BounceReason } from '../../src/mail/trace/bounce-rules.js';

export const SISIMAI_TO_NETDOCTOR: Record<string, BounceReason | readonly BounceReason[]> = {
  userunknown: 'user-unknown',
  hasmoved: 'user-unknown',
  mailboxfull: 'mailbox-full',
  systemfull: 'mailbox-full',
  suspend: 'mailbox-disabled',
  mesgtoobig: 'message-too-big',
  exceedlimit: 'message-too-big',
  authfailure: 'auth-failed',
  requireptr: 'rdns-missing',
  failedstarttls: 'tls-required',
  // sisimai's securityerror covers both a required login (SMTP AUTH) and required TLS, and is
  // its answer for any refusal with a 5.7.x status its words do not classify (SecurityError.pm:
  // "Sisimai will set securityerror ... if the value of Status: field ... is 5.7.*"). netdoctor
  // names such a refusal by RFC 3463's X.7.1 ("delivery not authorized, message refused"):
  // blocked, or content-rejected when the words are about the message.
  securityerror: ['auth-required', 'tls-required', 'blocked', 'content-rejected'],
  toomanyconn: 'rate-limited',
  speeding: 'rate-limited',
  norelaying: 'relay-denied',
  // sisimai's blocked is a refusal "due to client IP address or hostname"; a refusal for a
  // missing PTR is one, which netdoctor names by its cause (sisimai's newer requireptr does too).
  blocked: ['blocked', 'rdns-missing'],
  badreputation: 'bad-reputation',
  rejected: 'sender-rejected',
  // sisimai says "filtered" for a "User unknown" given after DATA (the recipient's filter refused
  // the sender, as docomo/au do to domains without SPF). netdoctor reports what the server said
  // (user-unknown) and its advice names that filter; either answer counts.
  filtered: ['content-rejected', 'user-unknown'],
  policyviolation: 'content-rejected',
  spamdetected: 'content-rejected',
  virusdetected: 'content-rejected',
  contenterror: 'content-rejected',
  notcompliantrfc: 'content-rejected',
  hostunknown: 'host-unknown',
  networkerror: 'host-unreachable',
  notaccept: 'no-mail-accepted',
  expired: 'expired',
  systemerror: 'system-error',
  mailererror: 'system-error',
  syntaxerror: 'syntax-error',
  vacation: 'auto-reply',
  feedback: 'feedback-report',
  delivered: 'delivered',
  onhold: 'unknown',
  undefined: 'unknown',
};

/** Whether netdoctor's reason agrees with sisimai's. */
export function agrees(sisimaiReason: string, ours: BounceReason | undefined): boolean {
  const want = SISIMAI_TO_NETDOCTOR[sisimaiReason];
  if (want === undefined || ours === undefined) return false;
  return typeof want === 'string' ? want === ours : want.includes(ours);
}
