/**
 * Where in the SMTP session a refusal came, and who refused: what the words of a reply mean
 * depends on both. "550 … does not exist" said to MAIL FROM is about the sender (no recipient
 * has been named yet); a refusal at the greeting is about the connecting host; docomo's "550
 * Unknown user" at the end of DATA is its user's reception filter refusing the sender (the
 * address took RCPT TO a moment earlier).
 *
 * Each MTA says the stage its own way, and these are the ways read here:
 * - Postfix: "(in reply to MAIL FROM command)", "(in reply to end of DATA command)";
 * - Exim: "SMTP error from remote mail server after MAIL FROM:<…>", "… after initial connection:";
 * - qmail-remote: "Connected to 192.0.2.1 but sender was rejected." / "but my name was rejected.";
 * - sendmail's transcript: ">>> MAIL From:<…>" followed by the "<<< 5xx" reply.
 */
import { BLOCK_LIST, type BounceReason } from './bounce-rules.js';

export type SmtpStage = 'connect' | 'helo' | 'mail' | 'rcpt' | 'data';

/** The stage words per MTA, the specific first; each is tested over bounded text. */
const STAGES: readonly [SmtpStage, RegExp][] = [
  ['mail', /in reply to MAIL FROM\b/i],
  ['helo', /in reply to (HELO|EHLO)\b/i],
  ['data', /in reply to (end of )?DATA\b/i],
  ['rcpt', /in reply to RCPT TO\b/i],
  ['mail', /SMTP error from remote (mail server|mailer) after MAIL FROM\b/i],
  ['helo', /SMTP error from remote (mail server|mailer) after (HELO|EHLO)\b/i],
  ['data', /SMTP error from remote (mail server|mailer) after (end of )?data\b/i],
  ['rcpt', /SMTP error from remote (mail server|mailer) after RCPT TO\b/i],
  ['connect', /SMTP error from remote (mail server|mailer) after initial connection\b/i],
  ['mail', /\bbut sender was rejected\b/i],
  ['helo', /\bbut my name was rejected\b/i],
];

/**
 * The stage a refusal answered, from the reply and the bounce's words about this recipient.
 * `around` is the bounce's text for a single recipient (empty when it names several, whose
 * stages may differ).
 */
export function smtpStage(reply: string, around: string): SmtpStage | undefined {
  const near = `${reply}\n${around}`.slice(0, 16_384);
  return STAGES.find(([, p]) => p.test(near))?.[0] ?? sendmailStage(reply, around.slice(0, 65_536));
}

/**
 * sendmail's transcript names the command before each reply (">>> MAIL From:<…>" then "<<< 553
 * …"). A transcript covers every recipient of the session, so the stage is this reply's only
 * when the "<<<" line under ">>> MAIL From" is the reply itself. ">>> DATA" is not read: with
 * PIPELINING the refusals of RCPT TO arrive under it.
 */
function sendmailStage(reply: string, around: string): SmtpStage | undefined {
  const said = reply.replace(/^<<<\s*/, '').slice(0, 200);
  if (said.length < 8) return undefined;
  for (const m of around.matchAll(/^>>> MAIL From:[^\n]{0,1000}\n<<< ([^\n]{1,1000})/gim)) {
    if ((m[1] as string).trim().startsWith(said.slice(0, 60))) return 'mail';
  }
  return undefined;
}

/** Words about the connecting host itself: its address, an open relay or proxy it would be. */
const ABOUT_CLIENT_HOST = /\[\d{1,3}(\.\d{1,3}){3}\]|\bopen (relay|proxy)\b|\byour (ip|host|server)\b/i;

/**
 * Remote hosts whose words mean more than they say. NTT docomo answers "550 Unknown user" at the
 * end of DATA when its user's reception settings refuse the sending address or domain (docomo's
 * 受信拒否設定; the address itself was accepted at RCPT TO). au (KDDI) answers an unknown address
 * with the same words and 5.1.1, so only docomo's is read so.
 */
const REFUSES_SENDER_AS_UNKNOWN_AT_DATA = /(^|\.)docomo\.ne\.jp\.?$/i;

/** The reason once the stage and the remote host are known. */
export function reasonAtStage(
  reason: BounceReason,
  stage: SmtpStage | undefined,
  input: { reply: string; replyCode: string | undefined; remote: string | undefined },
): BounceReason {
  switch (stage) {
    case 'mail':
      // No recipient is named at MAIL FROM: an unknown or refused address is the sender's, unless
      // the words are about the connecting host or a block list.
      if (['unknown', 'user-unknown', 'host-unknown', 'mailbox-disabled'].includes(reason))
        return 'sender-rejected';
      if (reason === 'blocked' && !BLOCK_LIST.test(input.reply) && !ABOUT_CLIENT_HOST.test(input.reply))
        return 'sender-rejected';
      return reason;
    case 'helo':
      // The sending host's name or address refused, whatever code the words came with.
      return ['unknown', 'syntax-error', 'system-error'].includes(reason) ? 'blocked' : reason;
    case 'connect':
      // Refused for good before any command: the connecting host is not wanted, whatever the
      // greeting gives as its cause (a quota, a local rule).
      if (
        input.replyCode?.startsWith('5') &&
        ['unknown', 'syntax-error', 'system-error', 'rate-limited'].includes(reason)
      )
        return 'blocked';
      return reason;
    case 'data':
      if (reason === 'user-unknown' && REFUSES_SENDER_AS_UNKNOWN_AT_DATA.test(input.remote ?? ''))
        return 'sender-rejected';
      return reason;
    default:
      return reason;
  }
}
