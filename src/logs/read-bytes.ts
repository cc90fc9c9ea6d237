/**
 * The byte-level twin of `readLogs`, for readers that must go faster than a string per line can
 * (a firewall log of a gigabyte a day): the same inputs — files, directories, rotated `.gz` in time
 * order, stdin — and the same damage reports, but each chunk is handed over as a Buffer range of
 * whole lines, for the caller to scan with `indexOf` and byte compares. A line longer than the cap
 * is handed over cut (its first `maxLineBytes`), through `onCut`, and the rest of it skipped, so a
 * 100 MB line costs no more memory than the cap.
 *
 * @example
 *   await readLogBytes(['/var/log/firewalld'], {
 *     onLines: (buf, start, end, input, state) => scan(buf, start, end),
 *   });
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { causeText, NetdoctorError } from '../core/errors.js';
import { inputError, MiB } from '../core/input.js';
import type { Progress } from '../core/progress.js';
import { LOGS_ERRORS } from './error-messages.js';
import { detectFormat } from './formats/index.js';
import {
  DEFAULT_MAX_LINE_BYTES,
  directStream,
  expand,
  freshState,
  type InputReport,
  type OpenedText,
  textStream,
  wallNow,
} from './read.js';
import type { FormatState } from './record.js';

export interface ReadLogBytesOptions {
  /**
   * Whole lines `buf[start, end)`: each ends with `\n`, except an input's last line when the input
   * does not end with one. The buffer is reused after the call returns: copy what you keep.
   * Returns the number of lines in the range (the caller walks them anyway).
   */
  onLines(buf: Buffer, start: number, end: number, input: string, state: FormatState): number;
  /** The first `maxLineBytes` of a line longer than the cap. */
  onCut?(head: Buffer, input: string): void;
  /** Called before an input's first line. */
  onInput?(input: string): void;
  /**
   * Offered each plain (not compressed) regular file before it is read: the caller may read it
   * itself — in byte ranges on worker threads (`fileRanges`, `readRange`) — and return its line
   * and cut counts, or return undefined to have it read here, line block by line block.
   */
  readFile?(
    file: string,
    size: number,
    state: FormatState,
  ): Promise<{ lines: number; cut: number } | undefined>;
  stdin?: NodeJS.ReadableStream;
  maxLineBytes?: number;
  now?: number;
  utcOffsetMinutes?: number;
  progress?: Progress;
}

/** Splits a stream into blocks of whole lines (see the module comment); returns lines and cuts. */
export async function blocks(
  stream: AsyncIterable<Buffer>,
  cap: number,
  emit: (buf: Buffer, start: number, end: number) => void,
  cut: (head: Buffer) => void,
  onBytes: () => void,
): Promise<{ bytes: number; cut: number }> {
  let carry: Buffer | undefined;
  let skipping = false;
  let bytes = 0;
  let cuts = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    onBytes();
    let pos = 0;
    if (carry || skipping) {
      const nl = buf.indexOf(0x0a);
      if (nl < 0) {
        if (!skipping && carry) {
          if (carry.length + buf.length > cap) {
            cut(Buffer.concat([carry, buf.subarray(0, cap - carry.length)]));
            cuts++;
            carry = undefined;
            skipping = true;
          } else carry = Buffer.concat([carry, buf]);
        }
        continue;
      }
      if (skipping) skipping = false;
      else if (carry) {
        if (carry.length + nl > cap) {
          cut(Buffer.concat([carry, buf.subarray(0, Math.max(0, cap - carry.length))]));
          cuts++;
        } else {
          const whole = Buffer.concat([carry, buf.subarray(0, nl + 1)]);
          emit(whole, 0, whole.length);
        }
      }
      carry = undefined;
      pos = nl + 1;
    }
    const last = buf.lastIndexOf(0x0a);
    if (last >= pos) {
      emit(buf, pos, last + 1);
      pos = last + 1;
    }
    if (pos < buf.length) {
      const rest = buf.subarray(pos);
      if (rest.length > cap) {
        cut(Buffer.from(rest.subarray(0, cap)));
        cuts++;
        skipping = true;
      } else carry = Buffer.from(rest);
    }
  }
  if (carry && carry.length > 0) emit(carry, 0, carry.length);
  return { bytes, cut: cuts };
}

/** Reads every input in time order, block by block (see the module comment). */
export async function readLogBytes(
  paths: readonly string[],
  options: ReadLogBytesOptions,
): Promise<{ inputs: InputReport[]; skipped: string[] }> {
  const offset = options.utcOffsetMinutes ?? -new Date().getTimezoneOffset();
  const cap = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const { files, skipped } = await expand(paths);
  const inputs: InputReport[] = [];
  for (const file of files) {
    const report: InputReport = { name: file, lines: 0, bytes: 0, records: 0, cut: 0 };
    inputs.push(report);
    let source: Readable;
    let size: number | undefined;
    let state: FormatState;
    if (file === '-') {
      source = (options.stdin ?? process.stdin) as Readable;
      state = freshState(wallNow(options.now, offset), offset);
    } else {
      try {
        const st = await stat(file);
        size = st.size;
        state = freshState(st.mtimeMs + offset * 60_000, offset);
        source = createReadStream(file, { highWaterMark: MiB });
        source.on('error', () => {}); // surfaces through the iterator
      } catch (e) {
        report.problem = inputError(e, file);
        continue;
      }
    }
    let opened: OpenedText;
    try {
      opened = file === '-' ? await textStream(source) : await peeked(source);
    } catch (e) {
      report.problem = inputError(e, file);
      continue;
    }
    if (opened.binary) {
      opened.cancel();
      report.problem = new NetdoctorError('ND_INPUT_FORMAT', LOGS_ERRORS.binary, { input: file });
      continue;
    }
    options.onInput?.(file);
    if (options.readFile && size !== undefined && !opened.gz && file !== '-') {
      try {
        const done = await options.readFile(file, size, state);
        if (done) {
          // As the first block of lines would have named it: the first chunk up to its last newline.
          const nl = opened.head.lastIndexOf(0x0a);
          if (nl >= 0) nameFormat(report, opened.head, 0, nl + 1);
          opened.cancel();
          report.lines = done.lines;
          report.cut = done.cut;
          report.bytes = size;
          options.progress?.update(file, size, size, 'bytes');
          continue;
        }
      } catch (e) {
        opened.cancel();
        report.problem = inputError(e, file);
        continue;
      }
    }
    let raw = 0;
    source.on('data', (c: Buffer) => {
      raw += c.length;
    });
    let lines = 0;
    try {
      const counts = await blocks(
        opened.stream,
        cap,
        (buf, start, end) => {
          if (lines === 0) nameFormat(report, buf, start, end);
          lines += options.onLines(buf, start, end, file, state);
        },
        (head) => {
          lines++;
          options.onCut?.(head, file);
        },
        () => options.progress?.update(file, raw, size, 'bytes'),
      );
      report.bytes = counts.bytes;
      report.cut = counts.cut;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (
        opened.gz &&
        (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE')
      )
        report.problem = new NetdoctorError(
          'ND_INPUT_FORMAT',
          code === 'Z_DATA_ERROR' ? LOGS_ERRORS.gzipBad : LOGS_ERRORS.gzipCut,
          { input: file, params: { lines, why: causeText(e) }, cause: e },
        );
      else report.problem = inputError(e, file);
    }
    report.lines = lines;
  }
  options.progress?.done();
  return { inputs, skipped };
}

/**
 * Splits `[0, size)` of a file into up to `n` ranges that start at a line's start (after a `\n`),
 * for readers that read one input on several threads; fewer when lines are longer than a part.
 * `firstExtra` bytes more go to the first range (its thread may start before the others), the
 * rest is shared evenly.
 */
export async function fileRanges(
  file: string,
  size: number,
  n: number,
  firstExtra = 0,
): Promise<[number, number][]> {
  const fh = await open(file, 'r');
  try {
    const cuts = [0];
    const b = Buffer.alloc(64 * 1024);
    for (let k = 1; k < n; k++) {
      const extra = Math.max(0, Math.min(firstExtra, size));
      const part = Math.floor(extra + ((size - extra) * k) / n);
      let at = Math.max(part, cuts[cuts.length - 1] as number);
      let found = -1;
      while (found < 0 && at < size) {
        const { bytesRead } = await fh.read(b, 0, b.length, at);
        if (bytesRead === 0) break;
        const nl = b.subarray(0, bytesRead).indexOf(0x0a);
        if (nl >= 0) found = at + nl + 1;
        else at += bytesRead;
      }
      if (found < 0 || found >= size) break;
      if (found > (cuts[cuts.length - 1] as number)) cuts.push(found);
    }
    return cuts.map((c, i) => [c, i + 1 < cuts.length ? (cuts[i + 1] as number) : size]);
  } finally {
    await fh.close();
  }
}

/**
 * `[start, end)` of a file in large reads into two buffers used in turn: the next read is under
 * way (on libuv's pool) while the caller scans the chunk just yielded, which stays valid until the
 * caller asks for the one after it (`blocks` copies what it keeps).
 */
async function* rangeChunks(file: string, start: number, end: number, chunk: number): AsyncGenerator<Buffer> {
  const fh = await open(file, 'r');
  const size = Math.min(chunk, Math.max(1, end - start));
  const bufs = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  let pending: Promise<{ bytesRead: number }> | undefined;
  try {
    let at = start;
    let turn = 0;
    const next = () => {
      const b = bufs[turn] as Buffer;
      return at < end ? fh.read(b, 0, Math.min(b.length, end - at), at) : undefined;
    };
    pending = next();
    while (pending) {
      const { bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) break;
      const b = bufs[turn] as Buffer;
      at += bytesRead;
      turn ^= 1;
      pending = next();
      yield b.subarray(0, bytesRead);
    }
  } finally {
    // a read still under way (the caller stopped early) must end before the file is closed
    if (pending) await pending.catch(() => {});
    await fh.close();
  }
}

/**
 * Reads `[start, end)` of a plain file (a range from `fileRanges`) as `readLogBytes` reads a
 * whole one: blocks of whole lines to `onLines`, over-long lines cut to `onCut`. Returns the
 * lines (as `onLines` counts them, plus cuts) and the cuts.
 */
export async function readRange(
  file: string,
  start: number,
  end: number,
  cap: number,
  onLines: (buf: Buffer, start: number, end: number) => number,
  onCut: (head: Buffer) => void,
): Promise<{ lines: number; cut: number }> {
  let lines = 0;
  const counts = await blocks(
    rangeChunks(file, start, end, 4 * MiB),
    cap,
    (buf, s, e) => {
      lines += onLines(buf, s, e);
    },
    (head) => {
      lines++;
      onCut(head);
    },
    () => {},
  );
  return { lines, cut: counts.cut };
}

/** Sets the input's `format` from its first lines (up to 20 of its first 8 KiB), as `readLogs` does. */
function nameFormat(report: InputReport, buf: Buffer, start: number, end: number): void {
  const first = buf
    .toString('utf8', start, Math.min(end, start + 8192))
    .split('\n', 21)
    .slice(0, 20)
    .map((l) => l.slice(0, 600))
    .filter((l) => l.length > 0);
  const f = detectFormat(first);
  if (f !== undefined) report.format = f;
}

/** A file stream with its first chunk looked at (gzip magic, binary) without a second read. */
async function peeked(source: Readable): Promise<OpenedText> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const onReadable = () => {
      cleanup();
      const b = source.read() as Buffer | null;
      if (b) source.unshift(b);
      resolve(b ?? Buffer.alloc(0));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.alloc(0));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      source.off('readable', onReadable);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    source.once('readable', onReadable);
    source.once('end', onEnd);
    source.once('error', onError);
  });
  return directStream(source, head);
}
