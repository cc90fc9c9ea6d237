/**
 * A capture upload, read as a stream: the multipart body (busboy, the parser made for streaming
 * form uploads) is fed straight into the capture engine, so a file is never whole in memory nor on
 * disk; the body is capped (the file part at `maxBytes`, the whole request a little above), and the
 * form's CSRF token must come before the file part or the file is not read at all.
 */
import type { IncomingMessage } from 'node:http';
import { basename } from 'node:path';
import busboy from 'busboy';
import { diagnoseCapture } from '../capture/index.js';
import { isNetdoctorError, type NetdoctorError } from '../core/errors.js';
import type { CaptureResult } from './pages.js';
import { captureResult } from './pages.js';
import { sameSecret } from './security.js';

export type UploadOutcome =
  | { kind: 'ok'; result: CaptureResult }
  | { kind: 'too-large' }
  | { kind: 'forbidden' }
  | { kind: 'bad' }
  | { kind: 'unreadable'; error: NetdoctorError };

/** Room for the form's other parts and the multipart framing, above the file's own cap. */
const FRAMING = 64 * 1024;

/** Reads one multipart upload from `req` into the capture engine. */
export function analyzeUpload(
  req: IncomingMessage,
  o: { maxBytes: number; csrf: string; id: string },
): Promise<UploadOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > o.maxBytes + FRAMING)
    return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    let settled = false;
    let started = false;
    let csrfOk = false;
    let reading: (NodeJS.ReadableStream & { destroy(e?: Error): void }) | undefined;
    const done = (out: UploadOutcome) => {
      if (settled) return;
      settled = true;
      if (out.kind !== 'ok') {
        req.unpipe();
        reading?.destroy(new Error('upload stopped'));
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
      const shown = basename(info.filename || 'upload').slice(0, 120) || 'upload';
      reading = file;
      file.on('limit', () => done({ kind: 'too-large' }));
      // The file part goes straight into the engine's reader: no copy, no extra stream in between.
      diagnoseCapture(shown, { stream: file, ioInterval: 1 }).then(
        (r) => {
          if ((file as unknown as { truncated?: boolean }).truncated) done({ kind: 'too-large' });
          else done({ kind: 'ok', result: captureResult(o.id, shown, r) });
        },
        (e: unknown) => {
          if (isNetdoctorError(e)) done({ kind: 'unreadable', error: e });
          else done({ kind: 'bad' });
        },
      );
    });
    bb.on('error', () => done({ kind: 'bad' }));
    bb.on('close', () => {
      if (!started) done(csrfOk ? { kind: 'bad' } : { kind: 'forbidden' });
    });
    req.on('error', () => done({ kind: 'bad' }));
    req.pipe(bb);
  });
}
