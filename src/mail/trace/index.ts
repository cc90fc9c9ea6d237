/**
 * Mail trace: explain a bounce, and read a message's path from its headers.
 *
 * @example
 *   const r = await explainBounce(Buffer.from('550 5.7.26 This mail is unauthenticated'));
 *   r.recipients[0].reason; // 'auth-failed'
 *   const t = traceHeaders(headerText);
 *   t.relay?.ip; // the relay IP the receiver's SPF check saw
 */
import { type Finding, finding } from '../../core/findings.js';
import { MiB } from '../../core/input.js';
import { type BounceFacts, type BounceRecipient, readBounce } from './bounce.js';
import { decodeStatus, describeStatus } from './enhanced-status.js';

export type { BounceFacts, BounceRecipient } from './bounce.js';
export { BOUNCE_REASONS, type BounceReason, reasonFromStatus, reasonFromText } from './bounce-rules.js';
export { type DecodedStatus, decodeStatus, describeStatus } from './enhanced-status.js';
export {
  type AuthResult,
  type DkimSignature,
  type HeaderTrace,
  type Hop,
  headerFields,
  humanDuration,
  parseAuthResults,
  type TraceOptions,
  traceHeaders,
} from './headers.js';
export { mailTraceMessages } from './messages.js';
export {
  assertText,
  DEFAULT_EXPLAIN_BYTES,
  DEFAULT_HEADER_BYTES,
  type MessageHead,
  readMessageHead,
} from './read.js';
export { isPrivateAddress, parseMailDate, parseReceived, type ReceivedHop } from './received.js';

export interface BounceExplanation extends BounceFacts {
  findings: Finding[];
  /** Whether only the start of the input was read (see `readMessageHead`). */
  truncated: boolean;
}

/** Reasons that are not a delivery failure. */
const NOT_FAILURES = new Set(['delivered', 'auto-reply', 'feedback-report']);

/**
 * Explains a bounce message or a pasted server reply: one finding per failed recipient, with
 * the reason and what to check next, plus whether the failure is permanent.
 */
export async function explainBounce(
  bytes: Buffer,
  options: { input?: string; truncated?: boolean; maxBytes?: number } = {},
): Promise<BounceExplanation> {
  const input = options.input ?? '(text)';
  const facts = await readBounce(bytes, input);
  const findings: Finding[] = [];
  const senderDomain = facts.sender?.split('@')[1]?.toLowerCase();
  const useful = facts.recipients.filter((r) => r.reason !== 'unknown' || r.reply || r.status || r.recipient);
  if (useful.length === 0) {
    findings.push(finding('mail.bounce.none-found', 'info', { input: input === '-' ? 'stdin' : input }));
  }
  for (const r of useful) findings.push(recipientFinding(r, senderDomain));
  const failed = useful.filter((r) => !NOT_FAILURES.has(r.reason));
  const names = (list: BounceRecipient[]) => list.map((r) => r.recipient ?? '-');
  const permanent = failed.filter((r) => r.permanent);
  const temporary = failed.filter((r) => !r.permanent);
  if (permanent.length)
    findings.push(finding('mail.bounce.permanent', 'info', { recipients: names(permanent) }));
  if (temporary.length)
    findings.push(finding('mail.bounce.temporary', 'info', { recipients: names(temporary) }));
  if (options.truncated) {
    findings.push(
      finding('mail.bounce.truncated', 'info', {
        input: input === '-' ? 'stdin' : input,
        mib: Math.round((options.maxBytes ?? bytes.length) / MiB),
      }),
    );
  }
  return { ...facts, recipients: useful, findings, truncated: options.truncated ?? false };
}

function recipientFinding(r: BounceRecipient, senderDomain: string | undefined): Finding {
  const decoded = r.status ? decodeStatus(r.status) : undefined;
  const severity = NOT_FAILURES.has(r.reason) ? 'info' : r.permanent ? 'fail' : 'warn';
  const recipientDomain = r.recipient?.split('@')[1];
  return finding(
    `mail.bounce.${r.reason}`,
    severity,
    {
      recipient: r.recipient ?? { en: '(recipient not named)', ja: '（宛先の記載なし）' },
      code: [r.replyCode, r.status].filter(Boolean).join(' ') || '-',
      reply: r.reply ?? { en: '(no reply text)', ja: '（応答文なし）' },
      remote: r.remoteHost ?? '-',
      domain: senderDomain ?? '<your-domain>',
      ip: r.ip ?? '<your-server-ip>',
      recipientDomain: recipientDomain ?? '<recipient-domain>',
      decoded: decoded
        ? { en: describeStatus(decoded), ja: describeStatus(decoded, 'ja') }
        : { en: 'no enhanced status code', ja: '拡張ステータスコードなし' },
    },
    {
      recipient: r.recipient,
      action: r.action,
      status: r.status,
      replyCode: r.replyCode,
      reply: r.reply,
      remoteHost: r.remoteHost,
      permanent: r.permanent,
      ...(decoded ? { decoded } : {}),
    },
  );
}
