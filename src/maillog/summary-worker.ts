/**
 * The mail log summary in a worker thread (see `summarizeMailLog`): files are read and summed up
 * here, with a young generation the caller caps, so that the main thread's heap does not grow
 * with the log (V8 widens the young generation of a busy thread to 128 MB on Node 24); progress
 * and the result are posted back, errors as plain data rebuilt into `NetdoctorError`s.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NetdoctorError } from '../core/errors.js';
import type { Progress } from '../core/progress.js';
import { readSummary, type SummaryReadOptions } from './read-summary.js';

export interface WorkerJob {
  paths: string[];
  options: Omit<SummaryReadOptions, 'stdin' | 'journal' | 'tracer' | 'progress' | 'scanHost'>;
  progress: boolean;
}

/** A NetdoctorError (or another error) as data a message can carry. */
export interface PlainError {
  code?: NetdoctorError['code'];
  text?: NetdoctorError['text'];
  params?: NetdoctorError['params'];
  input?: string;
  option?: string;
  offset?: number;
  message: string;
}

export function plainError(e: unknown): PlainError {
  if (e instanceof NetdoctorError) {
    const p: PlainError = { code: e.code, text: e.text, message: e.message };
    if (e.params !== undefined) p.params = e.params;
    if (e.input !== undefined) p.input = e.input;
    if (e.option !== undefined) p.option = e.option;
    if (e.offset !== undefined) p.offset = e.offset;
    return p;
  }
  return { message: e instanceof Error ? e.message : String(e) };
}

export function fromPlainError(p: PlainError): Error {
  if (p.code === undefined || p.text === undefined) return new Error(p.message);
  return new NetdoctorError(p.code, p.text, {
    ...(p.params !== undefined ? { params: p.params } : {}),
    ...(p.input !== undefined ? { input: p.input } : {}),
    ...(p.option !== undefined ? { option: p.option } : {}),
    ...(p.offset !== undefined ? { offset: p.offset } : {}),
  });
}

async function run(port: NonNullable<typeof parentPort>, job: WorkerJob): Promise<void> {
  const progress: Progress = {
    update: (label, done, total, unit) => port.postMessage({ t: 'progress', label, done, total, unit }),
    done: () => port.postMessage({ t: 'done' }),
  };
  try {
    // Large plain files are scanned by the parent thread (pipeline.ts), idle meanwhile.
    const r = await readSummary(job.paths, {
      ...job.options,
      ...(job.progress ? { progress } : {}),
      scanHost: port,
    });
    const inputs = r.inputs.map(({ problem, ...rest }) =>
      problem ? { ...rest, problem: plainError(problem) } : rest,
    );
    port.postMessage({ t: 'result', summary: r.summary, inputs, skipped: r.skipped });
  } catch (e) {
    port.postMessage({ t: 'error', error: plainError(e) });
  }
}

if (parentPort && (workerData as { maillogJob?: WorkerJob } | undefined)?.maillogJob)
  void run(parentPort, (workerData as { maillogJob: WorkerJob }).maillogJob);
