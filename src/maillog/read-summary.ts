/**
 * Reads mail logs into a `MailLogSummary` (and a `MessageTracer` when tracing): the one place
 * that wires the log reader, the byte-level fast path and the summary together, run either in the
 * caller's thread or in a worker thread (summary-worker.ts) with the same options and result.
 */
import { availableParallelism } from 'node:os';
import type { Progress } from '../core/progress.js';
import { type InputReport, type ReadLogsOptions, readLogs } from '../logs/index.js';
import { PostfixFastPath } from './fast-path.js';
import { type PipelineOptions, readPipelined, type ScanHost } from './pipeline.js';
import { MailLogSummary, type SummaryOptions, type SummaryResult } from './summary.js';
import type { MessageTracer } from './trace.js';

/** Plain files this large or more are read on two threads (see `SummaryReadOptions.parallel`). */
const DEFAULT_PIPELINE_MIN_BYTES = 32 * 1024 * 1024;
/** A line cap above this reads on one thread: the pipeline's slots are twice the cap. */
const MAX_PIPELINE_LINE_BYTES = 8 * 1024 * 1024;

export interface SummaryReadOptions extends SummaryOptions {
  maxLineBytes: number;
  now?: number;
  utcOffsetMinutes?: number;
  fastPath?: boolean;
  /**
   * Plain files of `minBytes` or more (default 32 MiB) read on two threads (pipeline.ts) when the
   * fast path is on and the machine has two cores; false reads every file on this thread. The
   * result is the same either way.
   */
  parallel?: false | (PipelineOptions & { minBytes?: number });
  /** The thread that scans for the pipeline, when this runs in a worker thread (else a new one). */
  scanHost?: ScanHost;
  stdin?: NodeJS.ReadableStream;
  journal?: { args: string[]; command?: string };
  tracer?: MessageTracer;
  progress?: Progress;
}

export interface SummaryRead {
  summary: SummaryResult;
  inputs: InputReport[];
  skipped: string[];
}

export async function readSummary(paths: readonly string[], o: SummaryReadOptions): Promise<SummaryRead> {
  const summary = new MailLogSummary({
    ...(o.since !== undefined ? { since: o.since } : {}),
    ...(o.until !== undefined ? { until: o.until } : {}),
    ...(o.top !== undefined ? { top: o.top } : {}),
    ...(o.keepUnparsed !== undefined ? { keepUnparsed: o.keepUnparsed } : {}),
  });
  const tracer = o.tracer;
  // The byte-level fast path reads the common lines; tracing reads every line as a record.
  const fast = tracer || o.fastPath === false ? undefined : new PostfixFastPath(summary);
  const options: ReadLogsOptions = {
    ...(fast ? { onAsciiLine: (buf, start, end, _input, state) => fast.line(buf, start, end, state) } : {}),
    onRecord: tracer
      ? (rec, input) => {
          summary.add(rec);
          tracer.add(rec, input);
        }
      : (rec) => summary.add(rec),
    onUnparsed: (line) => summary.addUnparsed(line),
    maxLineBytes: o.maxLineBytes,
    ...(o.stdin ? { stdin: o.stdin } : {}),
    ...(o.journal ? { journal: o.journal } : {}),
    ...(o.now !== undefined ? { now: o.now } : {}),
    ...(o.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: o.utcOffsetMinutes } : {}),
    ...(o.progress ? { progress: o.progress } : {}),
  };
  const parallel = o.parallel;
  if (fast && parallel !== false && (parallel !== undefined || availableParallelism() >= 2)) {
    const minBytes = parallel?.minBytes ?? DEFAULT_PIPELINE_MIN_BYTES;
    const progress = o.progress;
    options.readFile = async (file, size, state) =>
      size < minBytes || o.maxLineBytes > MAX_PIPELINE_LINE_BYTES
        ? undefined
        : readPipelined(file, state, o.maxLineBytes, summary, {
            ...parallel,
            ...(o.scanHost ? { host: o.scanHost } : {}),
            ...(progress ? { onBytes: (bytes: number) => progress.update(file, bytes, size, 'bytes') } : {}),
          });
  }
  const read = await readLogs(paths, options);
  return { summary: summary.result(), inputs: read.inputs, skipped: read.skipped };
}
