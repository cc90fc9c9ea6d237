/**
 * Reading the user's input — a file or stdin (`-`) — with size caps, and translating the
 * operating system's errors into one-line `NetdoctorError`s that name the input.
 *
 * @example
 *   const buf = await readInput('report.xml.gz', { maxBytes: 50 * MiB, stdin: process.stdin });
 *   const xml = await gunzipCapped(buf, { maxBytes: 200 * MiB, input: 'report.xml.gz' });
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { NetdoctorError, systemCode } from './errors.js';

export const MiB = 1024 * 1024;

const OS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** Turns an fs error into a one-line NetdoctorError naming `input`. */
export function inputError(e: unknown, input: string): NetdoctorError {
  if (e instanceof NetdoctorError) return e;
  const code = systemCode(e);
  const text = (code && OS_ERRORS[code]) ?? (e instanceof Error ? e.message : String(e));
  return new NetdoctorError('ND_INPUT_UNREADABLE', `cannot read: ${text}`, { input, cause: e });
}

export interface OpenedInput {
  /** The name to show: the path, or `-` for stdin. */
  name: string;
  stream: Readable;
  /** Size in bytes when known (regular files), for progress. */
  size?: number;
}

/** Opens a file (or `-` for stdin) as a stream; errors are NetdoctorErrors naming the file. */
export async function openInput(
  path: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<OpenedInput> {
  if (path === '-') return { name: '-', stream: stdin as Readable };
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const stream = createReadStream(path, { highWaterMark: 1 * MiB });
    // Surface open errors (EACCES) as our error on first read.
    stream.on('error', () => {});
    return { name: path, stream, size: st.size };
  } catch (e) {
    throw inputError(e, path);
  }
}

export interface ReadOptions {
  /** Refuse input larger than this many bytes. */
  maxBytes: number;
  stdin?: NodeJS.ReadableStream;
}

/** Reads a whole stream, refusing more than `maxBytes` (the flag to raise it is named by the caller). */
export async function readStreamCapped(
  stream: Readable,
  maxBytes: number,
  input: string,
  flag?: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += b.length;
      if (total > maxBytes) {
        stream.destroy();
        throw new NetdoctorError(
          'ND_INPUT_TOO_LARGE',
          `larger than the cap of ${Math.round(maxBytes / MiB)} MiB${flag ? ` (raise it with ${flag})` : ''}`,
          { input },
        );
      }
      chunks.push(b);
    }
  } catch (e) {
    throw inputError(e, input);
  }
  return Buffer.concat(chunks, total);
}

/** Reads a whole file or stdin into memory with a size cap. */
export async function readInput(path: string, options: ReadOptions): Promise<Buffer> {
  const opened = await openInput(path, options.stdin);
  return readStreamCapped(opened.stream, options.maxBytes, opened.name);
}

/** Whether a buffer starts with the gzip magic (1f 8b). */
export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Gunzips with a cap on the decompressed size, so that a gzip bomb is stopped early rather than
 * filling memory. A truncated or corrupt stream is an `ND_INPUT_FORMAT` error naming the input.
 */
export async function gunzipCapped(
  buf: Buffer,
  options: { maxBytes: number; input: string; flag?: string },
): Promise<Buffer> {
  const { maxBytes, input, flag } = options;
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise<Buffer>((resolve, reject) => {
    gunzip.on('data', (c: Buffer) => {
      total += c.length;
      if (total > maxBytes) {
        gunzip.destroy();
        const raise = flag ? `; raise it with ${flag}` : '';
        const cap = `${Math.round(maxBytes / MiB)} MiB`;
        reject(
          new NetdoctorError(
            'ND_INPUT_TOO_LARGE',
            `decompresses to more than the cap of ${cap} (a gzip bomb?)${raise}`,
            {
              input,
            },
          ),
        );
        return;
      }
      chunks.push(c);
    });
    gunzip.on('error', (e: Error & { code?: string }) => {
      const what =
        e.code === 'Z_BUF_ERROR' ? 'truncated gzip stream' : `not a valid gzip stream (${e.message})`;
      reject(new NetdoctorError('ND_INPUT_FORMAT', what, { input, cause: e }));
    });
    gunzip.on('end', () => resolve(Buffer.concat(chunks, total)));
    gunzip.end(buf);
  });
}
