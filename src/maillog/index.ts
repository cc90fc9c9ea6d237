/**
 * Mail logs and the mail queue: `summarizeMailLog` reads Postfix logs (any mix of files,
 * directories, rotated `.gz`, stdin and the journal) into pflogsumm's tables plus classified
 * findings, or one message's life; `readQueue`, `planQueue` and `applyPlan` read `postqueue -j`
 * and remove what will never be delivered, safely.
 *
 * @example
 *   const r = await summarizeMailLog(['/var/log/maillog', '/var/log/maillog.1.gz'], {});
 *   console.log(r.summary.totals.delivered, r.findings);
 */
import { stat } from 'node:fs/promises';
import { NetdoctorError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import { finding } from '../core/findings.js';
import { inputError } from '../core/input.js';
import type { Progress } from '../core/progress.js';
import { DEFAULT_MAX_LINE_BYTES, type InputReport, readLogs } from '../logs/index.js';
import { MAILLOG_ERRORS } from './error-messages.js';
import { PostfixFastPath } from './fast-path.js';
import { summaryFindings } from './findings.js';
import { MailLogSummary, type SummaryResult } from './summary.js';
import { type MessageLife, MessageTracer } from './trace.js';

export { adviceFor, reasonWords } from './advice.js';
export { volumeChartSvg } from './chart.js';
export { classifyReply, replyText } from './classify.js';
export { MAILLOG_ERRORS } from './error-messages.js';
export { maillogMessages } from './messages.js';
export {
  applyPlan,
  isBounceReason,
  type PlanOptions,
  type PlanStep,
  parseQueueJson,
  planQueue,
  type QueueMessage,
  type QueuePlan,
  type QueueReport,
  queueFindings,
  readQueue,
} from './queue.js';
export { MailLogSummary, type SummaryOptions, type SummaryResult } from './summary.js';
export type { MessageLife, TraceLine } from './trace.js';

export interface MailLogOptions {
  stdin?: NodeJS.ReadableStream;
  /** Read the journal: `journalctl -o json` with these arguments (default `-u postfix*`). */
  journal?: boolean | { args: string[]; command?: string };
  /**
   * Read the journal files in this directory (`journalctl -D DIR -u postfix*`: a journal copied
   * from another machine) instead of this machine's journal; implies `journal`.
   */
  journalDirectory?: string;
  since?: number;
  until?: number;
  /** Rows kept per top-N table (default 50). */
  top?: number;
  /** Keep this many unparsed lines (default 0). */
  keepUnparsed?: number;
  /** Trace one message instead of (besides) summing up. */
  messageId?: string;
  queueId?: string;
  maxLineBytes?: number;
  now?: number;
  utcOffsetMinutes?: number;
  userUnknownThreshold?: number;
  /**
   * Read the common Postfix lines from bytes (default true). false reads every line as a string
   * record — the reference the fast path is tested against; the result is the same either way.
   */
  fastPath?: boolean;
  progress?: Progress;
}

export interface MailLogResult {
  findings: Finding[];
  summary: SummaryResult;
  inputs: InputReport[];
  skipped: string[];
  /** With `messageId`/`queueId`: the lives found. */
  lives?: MessageLife[];
}

export async function summarizeMailLog(
  paths: readonly string[],
  options: MailLogOptions = {},
): Promise<MailLogResult> {
  const summary = new MailLogSummary({
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    ...(options.top !== undefined ? { top: options.top } : {}),
    ...(options.keepUnparsed !== undefined ? { keepUnparsed: options.keepUnparsed } : {}),
  });
  const tracing = options.messageId !== undefined || options.queueId !== undefined;
  const tracer = tracing
    ? new MessageTracer({
        ...(options.messageId !== undefined ? { messageId: options.messageId } : {}),
        ...(options.queueId !== undefined ? { queueId: options.queueId } : {}),
      })
    : undefined;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let journal =
    options.journal === true
      ? { args: ['-u', 'postfix*'] }
      : options.journal === false
        ? undefined
        : options.journal;
  if (options.journalDirectory !== undefined) {
    const dir = options.journalDirectory;
    const st = await stat(dir).catch((e: unknown) => {
      throw inputError(e, dir);
    });
    if (!st.isDirectory())
      throw new NetdoctorError('ND_INPUT_UNREADABLE', MAILLOG_ERRORS.notJournalDirectory, { input: dir });
    const base = journal ?? { args: ['-u', 'postfix*'] };
    journal = { ...base, args: ['-D', dir, ...base.args] };
  }
  // The byte-level fast path reads the common lines; tracing reads every line as a record.
  const fast = tracer || options.fastPath === false ? undefined : new PostfixFastPath(summary);
  const read = await readLogs(paths, {
    ...(fast ? { onAsciiLine: (buf, start, end, _input, state) => fast.line(buf, start, end, state) } : {}),
    onRecord: tracer
      ? (rec, input) => {
          summary.add(rec);
          tracer.add(rec, input);
        }
      : (rec) => summary.add(rec),
    onUnparsed: (line) => summary.addUnparsed(line),
    maxLineBytes,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(journal ? { journal } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const result = summary.result();
  const findings = summaryFindings(result, read.inputs, {
    maxLineBytes,
    ...(options.userUnknownThreshold !== undefined
      ? { userUnknownThreshold: options.userUnknownThreshold }
      : {}),
  });
  const out: MailLogResult = { findings, summary: result, inputs: read.inputs, skipped: read.skipped };
  if (tracer) {
    out.lives = tracer.result();
    if (out.lives.length === 0)
      findings.unshift(
        finding('maillog.message.not-found', 'warn', { wanted: options.messageId ?? options.queueId ?? '' }),
      );
  }
  return out;
}
