/**
 * The worker thread that analyses one capture upload (see upload.ts): the request's thread reads
 * the socket and the multipart framing, this one runs the capture engine — the same
 * `diagnoseCapture` pass as `netdoctor pcap diagnose`, fed from a pool of buffers — so that on a
 * machine with two cores the two halves run side by side instead of one after the other.
 *
 * Protocol (messages on parentPort):
 *   in:  { type: 'chunk', buf: ArrayBuffer, length } (transferred) · { type: 'end' } · { type: 'abort' }
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
  | { type: 'chunk'; buf: ArrayBuffer; length: number }
  | { type: 'end' }
  | { type: 'abort' };

export type FromWorker =
  | { type: 'free'; buf?: ArrayBuffer }
  | { type: 'done'; result: ReturnType<typeof captureResult> }
  | { type: 'unreadable'; text: { en: string; ja: string } }
  | { type: 'failed' };

/** Buffers the request's thread starts with (upload.ts POOL); see the loop below. */
export const SPARE = 4;

/** Set in `workerData` by upload.ts: only then is this module the worker (not when merely imported). */
export const JOB_KEY = 'netdoctorCaptureJob';

const port = parentPort;
const job = (workerData as Record<string, CaptureJob> | undefined)?.[JOB_KEY];
if (port && job) {
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const queue: ToWorker[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (m: ToWorker) => {
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

  diagnoseCapture(job.name, { stream: source, ioInterval: 1 }).then(
    (r) => send({ type: 'done', result: captureResult(job.id, job.name, r) }),
    (e: unknown) => {
      if (isNetdoctorError(e))
        send({ type: 'unreadable', text: { en: e.oneLine('en'), ja: e.oneLine('ja') } });
      else send({ type: 'failed' });
    },
  );
}
