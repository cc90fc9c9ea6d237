/**
 * The worker thread that analyses one capture upload (see upload.ts): the request's thread reads
 * the socket and the multipart framing, this one runs the capture engine — the same
 * `diagnoseCapture` pass as `netdoctor pcap diagnose`, fed from a pool of buffers — so that on a
 * machine with two cores the two halves run side by side instead of one after the other.
 *
 * Protocol (messages on parentPort):
 *   in:  { type: 'job', id, name } (first: the worker may be started ahead of its upload) ·
 *        { type: 'chunk', index, length, sab? } (bytes in the pool's shared buffer `index`, whose
 *        SharedArrayBuffer comes along the first time) · { type: 'end' } · { type: 'abort' }
 *   out: { type: 'free', index? } — a buffer handed back once the parser let go of it (without
 *        `index`: a credit to allocate one more, when a long record holds every buffer) ·
 *        { type: 'done', result } · { type: 'unreadable', text } · { type: 'failed' }
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
  /** The first `length` bytes of the pool's buffer `index` (its memory sent along the first time). */
  | { type: 'chunk'; index: number; length: number; sab?: SharedArrayBuffer }
  | { type: 'end' }
  | { type: 'abort' };

export type FromWorker =
  | { type: 'free'; index?: number }
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

  const pool: Uint8Array[] = []; // the request's thread's shared buffers, by index
  const source: PooledSource = (src) => ({
    async *[Symbol.asyncIterator]() {
      const held: { index: number; view: Uint8Array }[] = [];
      const head: number[] = []; // the first two bytes: 1f 8b is gzip
      for (;;) {
        // Hand back every buffer the parser has let go of (a record may still span one).
        for (let i = 0; i < held.length; ) {
          const h = held[i] as { index: number; view: Uint8Array };
          if (src.retains(h.view)) i++;
          else {
            held.splice(i, 1);
            send({ type: 'free', index: h.index });
          }
        }
        // A record spanning every buffer the request's thread has (a frame of up to 16 MiB): one
        // more buffer is allowed, or both threads would wait for each other.
        if (held.length >= SPARE && queue.length === 0) send({ type: 'free' });
        const m = await next();
        if (m.type === 'end') return;
        if (m.type === 'abort') throw new NetdoctorError('ND_INPUT_UNREADABLE', WEB_ERRORS.uploadStopped);
        if (m.type !== 'chunk') continue;
        if (m.sab) pool[m.index] = new Uint8Array(m.sab);
        const view = (pool[m.index] as Uint8Array).subarray(0, m.length);
        for (let i = 0; head.length < 2 && i < view.length; i++) head.push(view[i] as number);
        if (head.length < 2 || (head[0] === 0x1f && head[1] === 0x8b)) {
          // Possibly gzip: the decompressor may read a chunk later, so it gets a copy of its own
          // (compressed bytes, the fewer) and the buffer goes back at once.
          const own = Buffer.from(view);
          send({ type: 'free', index: m.index });
          yield own;
        } else {
          held.push({ index: m.index, view });
          yield view;
        }
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
