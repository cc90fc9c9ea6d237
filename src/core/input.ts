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
import { causeText, defineErrors, NetdoctorError, systemCode } from './errors.js';

export const MiB = 1024 * 1024;

/** Input errors shared by every capability that reads a file or stdin. */
export const INPUT_ERRORS = defineErrors('input', {
  ENOENT: { en: 'cannot read: no such file', ja: '読み込めません: ファイルがありません' },
  EACCES: { en: 'cannot read: permission denied', ja: '読み込めません: アクセス権がありません' },
  EPERM: { en: 'cannot read: permission denied', ja: '読み込めません: アクセス権がありません' },
  EISDIR: { en: 'cannot read: is a directory', ja: '読み込めません: ディレクトリです' },
  ENOTDIR: {
    en: 'cannot read: a part of the path is not a directory',
    ja: '読み込めません: パスの途中にディレクトリでないものがあります',
  },
  EMFILE: { en: 'cannot read: too many open files', ja: '読み込めません: 開いているファイルが多すぎます' },
  EIO: { en: 'cannot read: input/output error', ja: '読み込めません: 入出力エラー' },
  other: { en: 'cannot read: {why}', ja: '読み込めません: {why}' },
  tooLarge: {
    en: 'larger than the cap of {mib} MiB',
    ja: '上限の {mib} MiB を超えています',
  },
  gzipBomb: {
    en: 'decompresses to more than the cap of {mib} MiB (a gzip bomb?)',
    ja: '展開後のサイズが上限の {mib} MiB を超えます（gzip 爆弾の疑い）',
  },
  gzipTruncated: { en: 'truncated gzip stream', ja: 'gzip データが途中で切れています' },
  gzipInvalid: { en: 'not a valid gzip stream ({why})', ja: '正しい gzip データではありません（{why}）' },
});

/** Turns an fs error into a one-line NetdoctorError naming `input`. */
export function inputError(e: unknown, input: string): NetdoctorError {
  if (e instanceof NetdoctorError) return e;
  const code = systemCode(e);
  const known = code !== undefined && code in INPUT_ERRORS && code !== 'other';
  return new NetdoctorError(
    'ND_INPUT_UNREADABLE',
    known ? INPUT_ERRORS[code as keyof typeof INPUT_ERRORS] : INPUT_ERRORS.other,
    { input, cause: e, ...(known ? {} : { params: { why: causeText(e) } }) },
  );
}

/** Why a file could not be read, in both languages (`no such file`), for a caller's own sentence. */
export function readFailureReason(e: unknown): { en: string; ja: string } {
  const code = systemCode(e);
  const t =
    code !== undefined && code in INPUT_ERRORS && code !== 'other'
      ? INPUT_ERRORS[code as keyof typeof INPUT_ERRORS]
      : undefined;
  if (t) return { en: t.en.replace(/^cannot read: /, ''), ja: t.ja.replace(/^読み込めません: /, '') };
  const why = causeText(e);
  return { en: why, ja: why };
}

/**
 * A size cap was passed. `option` is the library option that sets the cap (`maxBytes`): a
 * program raises it there, and the CLI names the flag that stands for it.
 */
export function tooLargeError(
  text: typeof INPUT_ERRORS.tooLarge,
  maxBytes: number,
  input: string,
  option?: string,
): NetdoctorError {
  return new NetdoctorError('ND_INPUT_TOO_LARGE', text, {
    input,
    params: { mib: Math.round(maxBytes / MiB) },
    ...(option ? { option } : {}),
  });
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
    // A pipe or a device (`<(…)`) has no size: it is read once, as a stream, never re-opened.
    return st.isFile() ? { name: path, stream, size: st.size } : { name: path, stream };
  } catch (e) {
    throw inputError(e, path);
  }
}

export interface ReadOptions {
  /** Refuse input larger than this many bytes. */
  maxBytes: number;
  stdin?: NodeJS.ReadableStream;
}

/** Reads a whole stream, refusing more than `maxBytes` (`option`: the caller's option that sets it). */
export async function readStreamCapped(
  stream: Readable,
  maxBytes: number,
  input: string,
  option?: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += b.length;
      if (total > maxBytes) {
        stream.destroy();
        throw tooLargeError(INPUT_ERRORS.tooLarge, maxBytes, input, option);
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
  options: { maxBytes: number; input: string; option?: string },
): Promise<Buffer> {
  const { maxBytes, input, option } = options;
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise<Buffer>((resolve, reject) => {
    gunzip.on('data', (c: Buffer) => {
      total += c.length;
      if (total > maxBytes) {
        gunzip.destroy();
        reject(tooLargeError(INPUT_ERRORS.gzipBomb, maxBytes, input, option));
        return;
      }
      chunks.push(c);
    });
    gunzip.on('error', (e: Error & { code?: string }) => {
      const truncated = e.code === 'Z_BUF_ERROR';
      reject(
        new NetdoctorError(
          'ND_INPUT_FORMAT',
          truncated ? INPUT_ERRORS.gzipTruncated : INPUT_ERRORS.gzipInvalid,
          {
            input,
            cause: e,
            ...(truncated ? {} : { params: { why: causeText(e) } }),
          },
        ),
      );
    });
    gunzip.on('end', () => resolve(Buffer.concat(chunks, total)));
    gunzip.end(buf);
  });
}
