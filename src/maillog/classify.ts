/**
 * A deferral's or bounce's reason, classified with the rules `mail explain` uses (one classifier,
 * two callers): the words of the reply first, then its enhanced status code.
 */
import { type BounceReason, reasonFromStatus, reasonFromText } from '../mail/index.js';

export function classifyReply(reply: string, dsn: string | undefined): BounceReason {
  // "host mx.example[192.0.2.1] said: 550 5.1.1 … (in reply to RCPT TO command)": the reply is
  // what the remote said; Postfix's framing adds nothing the rules need.
  const said = reply.indexOf(' said: ');
  const text = said >= 0 ? reply.slice(said + 7) : reply;
  return reasonFromText(text) ?? reasonFromStatus(dsn) ?? 'unknown';
}

/** The reply without Postfix's framing, cut to `max` characters for tables. */
export function replyText(reply: string, max = 200): string {
  const said = reply.indexOf(' said: ');
  let t = said >= 0 ? reply.slice(said + 7) : reply;
  t = t.replace(/ \(in reply to [^)]{0,60}\)$/, '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
