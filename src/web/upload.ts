/**
 * A capture upload, read as a stream and fed straight into the capture engine, so a file is never
 * whole in memory nor on disk. Two shapes of request, both capped at `maxBytes`:
 *  - the raw file as the body (`Content-Type: application/octet-stream`), as the capture page's
 *    script sends it: the CSRF token in the `X-CSRF-Token` header (checked before a byte of the
 *    body is read), the file's name percent-encoded in `X-Capture-Name`. Nothing to parse: the
 *    request's thread only moves the bytes on (multipart parsing cost about 0.4 s of its CPU per GB);
 *  - the form's multipart body (without script): parsed by busboy, the parser made for streaming
 *    form uploads; the whole request is capped a little above `maxBytes`, and the form's CSRF
 *    token must come before the file part or the file is not read at all.
 *
 * The engine runs on a worker thread (capture-worker.ts, started ahead of the upload: see
 * CaptureWorkers) while this thread reads the socket (and the multipart framing), so the two run
 * side by side. The file part is copied into a pool of
 * SPARE buffers of CHUNK bytes that go to the worker and come back once the parser has let go of
 * them: memory stays at SPARE × CHUNK whatever the upload's size, and when the engine is behind,
 * no buffer is free and the request is paused (back-pressure to the client's socket) until one
 * comes back. Only a record longer than the pool (a frame of up to 16 MiB, see
 * capture/reader/errors.ts) makes the worker allow one buffer more, as long as it spans them.
 */
import type { IncomingMessage } from 'node:http';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import busboy from 'busboy';
import { diagnoseCapture } from '../capture/index.js';
import { isNetdoctorError } from '../core/errors.js';
import { type CaptureResult, captureResult } from './capture-result.js';
import { type CaptureJob, type FromWorker, JOB_KEY, SPARE, type ToWorker } from './capture-worker.js';
import { sameSecret } from './security.js';

export type UploadOutcome =
  | { kind: 'ok'; result: CaptureResult }
  | { kind: 'too-large' }
  | { kind: 'forbidden' }
  | { kind: 'bad' }
  | { kind: 'unreadable'; text: { en: string; ja: string } };

/** The raw upload's headers (see the header): the session's CSRF token, the file's name. */
export const CSRF_HEADER = 'x-csrf-token';
export const NAME_HEADER = 'x-capture-name';

/** Room for the form's other parts and the multipart framing, above the file's own cap. */
const FRAMING = 64 * 1024;
/** Bytes per buffer handed to the worker (see the header): one message each way per 4 MiB. */
const CHUNK = 4 * 1024 * 1024;

/** The worker's module: beside this one (capture-worker.js, or .ts when run through tsx). */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './capture-worker.ts' : './capture-worker.js',
  import.meta.url,
);

type Settle = (out: UploadOutcome) => void;

function newWorker(): Worker {
  // The engine allocates next to nothing per packet: a small young generation keeps the worker's
  // heap (and the server's peak RSS) down at no cost in time (measured: 1 GB upload, +90 MiB peak
  // instead of +124 MiB, the same CPU time).
  return new Worker(WORKER_URL, {
    workerData: { [JOB_KEY]: true },
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
}

/**
 * One worker kept started ahead of the next upload (the dashboard has one analysis at a time), so
 * that an upload does not wait while a fresh thread loads the engine (about 0.15 s on an idle
 * machine, 0.4 s on a busy one — the request's thread fills the pool and waits meanwhile). The
 * waiting worker is idle (no timer, no work) and does not keep the process alive.
 */
export class CaptureWorkers {
  private ready: { worker: Worker; gone: () => void } | undefined;
  private closed = false;
  /**
   * The buffers between the request's thread and the worker, kept from one upload to the next (a
   * pool allocated per upload stayed in memory until the collector ran, upload after upload). A
   * worker that was stopped may still read one of them while it ends: it only reads, and its
   * results are dropped.
   */
  readonly pool: Uint8Array[] = [];

  /** Starts the next upload's worker, unless one is waiting already. */
  prestart(): void {
    if (this.ready || this.closed) return;
    const worker = newWorker();
    worker.unref();
    // A worker that failed or ended while waiting is not handed out.
    const gone = () => {
      if (this.ready?.worker === worker) this.ready = undefined;
    };
    worker.on('exit', gone);
    worker.on('error', gone);
    this.ready = { worker, gone };
  }

  /** The waiting worker (a new one when there is none); the next is started once this one is done. */
  take(): Worker {
    const r = this.ready;
    this.ready = undefined;
    if (!r) return newWorker();
    r.worker.off('exit', r.gone);
    r.worker.off('error', r.gone);
    r.worker.ref();
    return r.worker;
  }

  close(): void {
    this.closed = true;
    void this.ready?.worker.terminate();
    this.ready = undefined;
  }
}

/**
 * Feeds a file part to the engine on a worker thread, through a pool of SPARE shared buffers of
 * CHUNK bytes (more only for gzip or a record spanning them all). `file` is paused while no buffer
 * is free.
 * Settles with the analysis, or with 'unreadable' / 'bad' when the capture or the worker failed.
 */
function analyzeOnWorker(
  file: Readable,
  job: CaptureJob,
  settle: Settle,
  workers: CaptureWorkers | undefined,
): { stop(): void } {
  const worker = workers ? workers.take() : newWorker();
  worker.postMessage({ type: 'job', id: job.id, name: job.name } satisfies ToWorker);
  // The pool: shared memory, handed over once; then only indices go back and forth. (Transferred
  // ArrayBuffers gave each thread a new 4 MiB external allocation per chunk, and each 64 MiB of
  // those a full garbage collection on both sides, the collector's helper threads taking the cores.)
  const pool: Uint8Array[] = workers?.pool ?? [];
  const free: number[] = pool.map((_, i) => i);
  let credits = Math.max(0, SPARE - pool.length);
  let cur = -1; // the pool's buffer being filled
  let pos = 0;
  let pending: Buffer | undefined; // the rest of a chunk that found no free buffer
  let ended = false;
  let finished = false;
  let exited = false;
  const post = (m: ToWorker) => worker.postMessage(m);
  const finish = (out?: UploadOutcome) => {
    if (finished) return;
    finished = true;
    // The next upload's worker starts once this one is gone (never two engines' heaps at once).
    if (workers && exited) workers.prestart();
    else if (workers) worker.once('exit', () => workers.prestart());
    void worker.terminate();
    if (out) settle(out);
  };
  /** A free buffer of the pool (a new one while credits last), or -1. */
  const take = (): number => {
    const i = free.pop();
    if (i !== undefined) return i;
    if (credits === 0) return -1;
    credits--;
    pool.push(new Uint8Array(new SharedArrayBuffer(CHUNK)));
    return pool.length - 1;
  };
  const shared = new Set<number>(); // buffers the worker has been given
  const flush = () => {
    if (cur < 0 || pos === 0) return;
    const buf = pool[cur] as Uint8Array;
    post({
      type: 'chunk',
      index: cur,
      length: pos,
      ...(shared.has(cur) ? {} : { sab: buf.buffer as SharedArrayBuffer }),
    });
    shared.add(cur);
    cur = -1;
    pos = 0;
  };
  /** Copies `chunk` into the pool; false (the rest kept in `pending`) when no buffer is free. */
  const copy = (chunk: Buffer): boolean => {
    let at = 0;
    while (at < chunk.length) {
      if (cur < 0) {
        cur = take();
        if (cur < 0) {
          pending = chunk.subarray(at);
          return false;
        }
      }
      const buf = pool[cur] as Uint8Array;
      const n = Math.min(chunk.length - at, buf.length - pos);
      buf.set(chunk.subarray(at, at + n), pos);
      pos += n;
      at += n;
      if (pos === buf.length) flush();
    }
    return true;
  };
  const end = () => {
    flush();
    post({ type: 'end' });
  };
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'free') {
      if (m.index !== undefined) free.push(m.index);
      else credits++;
      if (pending) {
        const rest = pending;
        pending = undefined;
        if (!copy(rest)) return;
        if (ended) end();
        else file.resume();
      }
      return;
    }
    if (m.type === 'done') finish({ kind: 'ok', result: m.result });
    else if (m.type === 'unreadable') finish({ kind: 'unreadable', text: m.text });
    else finish({ kind: 'bad' });
  });
  worker.on('error', () => finish({ kind: 'bad' }));
  worker.on('exit', () => {
    exited = true;
    finish({ kind: 'bad' });
  });
  file.on('data', (chunk: Buffer) => {
    if (!finished && !copy(chunk)) file.pause();
  });
  file.on('end', () => {
    ended = true;
    if (!pending) end();
  });
  return {
    stop: () => {
      if (!finished) post({ type: 'abort' });
      finish();
    },
  };
}

/** The same analysis on this thread (`threads: false`, and the reference the tests compare with). */
function analyzeHere(file: Readable, job: CaptureJob, settle: Settle): { stop(): void } {
  diagnoseCapture(job.name, { stream: file, ioInterval: 1 }).then(
    (r) => settle({ kind: 'ok', result: captureResult(job.id, job.name, r) }),
    (e: unknown) => {
      if (isNetdoctorError(e))
        settle({ kind: 'unreadable', text: { en: e.oneLine('en'), ja: e.oneLine('ja') } });
      else settle({ kind: 'bad' });
    },
  );
  return { stop: () => file.destroy(new Error('upload stopped')) };
}

/** What the page shows as the file's name: its base name, at most 120 characters. */
const shownName = (name: string) => basename(name || 'upload').slice(0, 120) || 'upload';

export interface UploadOptions {
  /** The file's cap, bytes. */
  maxBytes: number;
  /** The session's CSRF token, which the request must carry. */
  csrf: string;
  /** The result's id. */
  id: string;
  /** False: the engine runs on this thread (the reference the tests compare the worker with). */
  threads?: boolean;
  /** Where the worker comes from (one started ahead); without it, a worker is started now. */
  workers?: CaptureWorkers;
}

/**
 * Reads one upload from `req` into the capture engine (on a worker thread unless `threads` is
 * false): the raw file as the body (application/octet-stream), or a multipart form.
 */
export function analyzeUpload(req: IncomingMessage, o: UploadOptions): Promise<UploadOutcome> {
  const type = String(req.headers['content-type'] ?? '');
  return /^application\/octet-stream\s*(;|$)/i.test(type) ? analyzeRaw(req, o) : analyzeMultipart(req, o);
}

/** The raw file as the body: nothing between the socket and the engine but the cap. */
function analyzeRaw(req: IncomingMessage, o: UploadOptions): Promise<UploadOutcome> {
  if (!sameSecret(String(req.headers[CSRF_HEADER] ?? ''), o.csrf))
    return Promise.resolve({ kind: 'forbidden' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > o.maxBytes) return Promise.resolve({ kind: 'too-large' });
  let name = 'upload';
  try {
    name = decodeURIComponent(String(req.headers[NAME_HEADER] ?? ''));
  } catch {
    // not percent-encoded UTF-8: the default name
  }
  return new Promise((resolve) => {
    let settled = false;
    let analysis: { stop(): void } | undefined;
    const done = (out: UploadOutcome) => {
      if (settled) return;
      settled = true;
      if (out.kind !== 'ok') {
        analysis?.stop();
        req.pause(); // the rest is not read: the connection goes once the answer is out
      }
      resolve(out);
    };
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > o.maxBytes) done({ kind: 'too-large' });
    });
    req.on('error', () => done({ kind: 'bad' }));
    const job = { id: o.id, name: shownName(name) };
    analysis = o.threads === false ? analyzeHere(req, job, done) : analyzeOnWorker(req, job, done, o.workers);
  });
}

/** A multipart form: busboy finds the CSRF field and the file part. */
function analyzeMultipart(req: IncomingMessage, o: UploadOptions): Promise<UploadOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > o.maxBytes + FRAMING)
    return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    let settled = false;
    let started = false;
    let csrfOk = false;
    let analysis: { stop(): void } | undefined;
    const done = (out: UploadOutcome) => {
      if (settled) return;
      settled = true;
      if (out.kind !== 'ok') {
        req.unpipe();
        analysis?.stop();
      }
      resolve(out);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 4, parts: 6, fieldSize: 4096, fileSize: o.maxBytes, headerPairs: 20 },
      });
    } catch {
      resolve({ kind: 'bad' });
      return;
    }
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > o.maxBytes + FRAMING) done({ kind: 'too-large' });
    });
    bb.on('field', (name, value) => {
      if (name === 'csrf') csrfOk = sameSecret(value, o.csrf);
    });
    bb.on('file', (name, file, info) => {
      if (started || name !== 'capture' || settled) {
        file.resume();
        return;
      }
      if (!csrfOk) {
        file.resume();
        done({ kind: 'forbidden' });
        return;
      }
      started = true;
      file.on('limit', () => done({ kind: 'too-large' }));
      const job = { id: o.id, name: shownName(info.filename ?? '') };
      const settle: Settle = (out) => {
        if (out.kind === 'ok' && (file as unknown as { truncated?: boolean }).truncated)
          done({ kind: 'too-large' });
        else done(out);
      };
      // The file part goes straight into the engine's reader: one copy into the pool at most.
      analysis =
        o.threads === false ? analyzeHere(file, job, settle) : analyzeOnWorker(file, job, settle, o.workers);
    });
    bb.on('error', () => done({ kind: 'bad' }));
    bb.on('close', () => {
      if (!started) done(csrfOk ? { kind: 'bad' } : { kind: 'forbidden' });
    });
    req.on('error', () => done({ kind: 'bad' }));
    req.pipe(bb);
  });
}
