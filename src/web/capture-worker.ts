/**
 * The worker thread that analyses one capture upload (see upload.ts): the request's thread reads
 * the socket and the multipart framing, this one runs the capture engine — the same
 * `diagnoseCapture` pass as `netdoctor pcap diagnose`, fed from a pool of buffers — so that on a
 * machine with two cores the two halves run side by side instead of one after the other.
 *
 * Protocol (messages on parentPort):
 *   in:  { type: 'job', id, name } (first: the worker may be started ahead of its upload) ·
 *        { type: 'chunk', buf: ArrayBuffer, length } (transferred) · { type: 'end' } · { type: 'abort' }
 *   out: { type: 'free', buf?: ArrayBuffer } — a buffer handed back once the parser let go of it
 *        (without `buf`: a credit to allocate a new one, for a gzip upload whose chunks the
 *        decompressor may still hold, or when a long record holds every buffer) · { type: 'done', result } · { type: 'unreadable', text } ·
 *        { type: 'failed' }
 */
import { parentPort, workerData } from 'node:worker_threads';
import { diagnoseCapture, type PooledSource } from '../capture/index.js';
import { isNetdoctorError, NetdoctorError } from '../core/errors.js';
import { captureResult } from './capture-result.js';
import { WEB_ERRORS } from './error-messages.js';

export interface CaptureJob {
  id: string;
  name: string;
}

export type ToWorker =
  | { type: 'job'; id: string; name: string }
  | { type: 'chunk'; buf: ArrayBuffer; length: number }
  | { type: 'end' }
  | { type: 'abort' };

export type FromWorker =
  | { type: 'free'; buf?: ArrayBuffer }
  | { type: 'done'; result: ReturnType<typeof captureResult> }
  | { type: 'unreadable'; text: { en: string; ja: string } }
  | { type: 'failed' };

/**
 * Buffers the request's thread starts with (of upload.ts's CHUNK bytes); see the loop below. Deep
 * enough that each thread rarely waits for the other (with 4 × 1 MiB, on a busy machine, the
 * engine found no chunk waiting at nearly every chunk and the request was paused 150 times per
 * 300 MB; with 8 × 4 MiB, a few times).
 */
export const SPARE = 8;

/** Set true in `workerData` by upload.ts: only then is this module the worker (not when merely imported). */
export const JOB_KEY = 'netdoctorCaptureJob';

const port = parentPort;
if (port && (workerData as Record<string, unknown> | undefined)?.[JOB_KEY] === true) {
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const queue: ToWorker[] = [];
  let wake: (() => void) | undefined;
  // The worker may start before its upload (see CaptureWorkers in upload.ts): the job comes first.
  let started: (job: CaptureJob) => void = () => {};
  const job = new Promise<CaptureJob>((r) => (started = r));
  port.on('message', (m: ToWorker) => {
    if (m.type === 'job') {
      started({ id: m.id, name: m.name });
      return;
    }
    queue.push(m);
    wake?.();
  });
  const next = async (): Promise<ToWorker> => {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    return queue.shift() as ToWorker;
  };

  const source: PooledSource = (src) => ({
    async *[Symbol.asyncIterator]() {
      const held: Uint8Array[] = [];
      const head: number[] = []; // the first two bytes: 1f 8b is gzip
      for (;;) {
        // Hand back every buffer the parser has let go of (a record may still span one).
        for (let i = 0; i < held.length; ) {
          const b = held[i] as Uint8Array;
          if (src.retains(b)) i++;
          else {
            held.splice(i, 1);
            send({ type: 'free', buf: b.buffer as ArrayBuffer }, [b.buffer as ArrayBuffer]);
          }
        }
        // A record spanning every buffer the request's thread has (a frame of up to 16 MiB): one
        // more buffer is allowed, or both threads would wait for each other.
        if (held.length >= SPARE && queue.length === 0) send({ type: 'free' });
        const m = await next();
        if (m.type === 'end') return;
        if (m.type === 'abort') throw new NetdoctorError('ND_INPUT_UNREADABLE', WEB_ERRORS.uploadStopped);
        if (m.type !== 'chunk') continue;
        const chunk = new Uint8Array(m.buf, 0, m.length);
        for (let i = 0; head.length < 2 && i < chunk.length; i++) head.push(chunk[i] as number);
        if (head.length < 2 || (head[0] === 0x1f && head[1] === 0x8b)) {
          // Possibly gzip: the decompressor may read this chunk later, so it is never reused.
          send({ type: 'free' });
        } else held.push(chunk);
        yield chunk;
      }
    },
  });

  const run = async (j: CaptureJob) =>
    captureResult(j.id, j.name, await diagnoseCapture(j.name, { stream: source, ioInterval: 1 }));
  job.then(run).then(
    (result) => send({ type: 'done', result }),
    (e: unknown) => {
      if (isNetdoctorError(e))
        send({ type: 'unreadable', text: { en: e.oneLine('en'), ja: e.oneLine('ja') } });
      else send({ type: 'failed' });
    },
  );
}
