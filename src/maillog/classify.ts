/**
 * A deferral's or bounce's reason, classified with the rules `mail explain` uses (one classifier,
 * two callers): the words of the reply first, then its enhanced status code.
 */
// The rules themselves, not the mail library's index: the summary's worker thread starts without
// loading all of it (a fifth of a second).
import {
  type BounceReason,
  reasonFromStatus,
  reasonFromText,
  textMayBe,
} from '../mail/trace/bounce-rules.js';

// The same replies come again and again (one remote, one wording): remember the answers.
const seen = new Map<string, BounceReason>();
const SEEN_MAX = 20_000;

export function classifyReply(reply: string, dsn: string | undefined): BounceReason {
  const key = `${dsn ?? ''} ${reply}`;
  const known = seen.get(key);
  if (known !== undefined) return known;
  // "host mx.example[192.0.2.1] said: 550 5.1.1 … (in reply to RCPT TO command)": the reply is
  // what the remote said; Postfix's framing adds nothing the rules need.
  const said = reply.indexOf(' said: ');
  const text = said >= 0 ? reply.slice(said + 7) : reply;
  const reason = reasonFromText(text) ?? reasonFromStatus(dsn) ?? 'unknown';
  if (seen.size >= SEEN_MAX) seen.clear();
  seen.set(key, reason);
  return reason;
}

/**
 * `classifyReply(reply, undefined) === 'user-unknown'`, without classifying the replies no
 * user-unknown rule matches (a reply without a status code has none to fall back on): rejects of
 * spam ("Relay access denied", each with its own address) are many and all different.
 */
export function isUserUnknownReply(reply: string): boolean {
  const said = reply.indexOf(' said: ');
  if (!textMayBe('user-unknown', said >= 0 ? reply.slice(said + 7) : reply)) return false;
  return classifyReply(reply, undefined) === 'user-unknown';
}

/** The reply without Postfix's framing, cut to `max` characters for tables. */
export function replyText(reply: string, max = 200): string {
  const said = reply.indexOf(' said: ');
  let t = said >= 0 ? reply.slice(said + 7) : reply;
  t = t.replace(/ \(in reply to [^)]{0,60}\)$/, '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
