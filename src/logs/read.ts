/**
 * Reads logs from everywhere they live — files, directories, rotated `.gz` files, stdin, the
 * journal (`journalctl -o json`, spawned or piped) — and hands each record to the caller as it
 * goes, so memory stays flat whatever the size. A damaged input (binary data, a gzip cut short,
 * a line longer than the cap) is reported in the input's `problem` and the rest is still read.
 *
 * @example
 *   const r = await readLogs(['/var/log/maillog', '/var/log/maillog.1.gz'], {
 *     onRecord: (rec) => count(rec), onUnparsed: (line) => unknown++,
 *   });
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { causeText, NetdoctorError } from '../core/errors.js';
import { inputError, MiB } from '../core/input.js';
import type { Progress } from '../core/progress.js';
import { LOGS_ERRORS } from './error-messages.js';
import { detectFormat, LINE_FORMATS, lineFormat, parseLine } from './formats/index.js';
import { splitLines } from './lines.js';
import type { FormatState, LogRecord } from './record.js';
import { fileHead, logFilesIn, planInputs, timeOrder } from './sources.js';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
/** zlib's output chunks: 256 KiB rather than its 16 KiB, so lines are split in fewer, larger pieces. */
const GUNZIP_CHUNK = 256 * 1024;

const LINE_FORMATS_IDS = () => LINE_FORMATS.map((f) => f.id).join(', ');

export interface ReadLogsOptions {
  /** Each record, in input order. */
  onRecord(record: LogRecord, input: string): void;
  /** A line no registered format reads (or cut at the line cap). */
  onUnparsed?(line: string, input: string, cut: boolean): void;
  /**
   * A byte-level reader tried first on each line of ASCII only (after an input's first 20 lines,
   * which name its format): true when it read the line as the record `onRecord` would have been
   * given, false to have the line read as a string. `buf` is reused: copy what you keep.
   */
  onAsciiLine?(buf: Buffer, start: number, end: number, input: string, state: FormatState): boolean;
  /** stdin for `-`. */
  stdin?: NodeJS.ReadableStream;
  /** Read every line in this registered format (`LINE_FORMATS` ids) instead of detecting it per line. */
  format?: string;
  /** Read the journal too: spawn `journalctl -o json` with these arguments (e.g. `['-u', 'postfix*']`). */
  journal?: { args: string[]; command?: string };
  /** Lines longer than this are cut (their start kept, counted). Default 64 KiB. */
  maxLineBytes?: number;
  /** "Now", as wall-clock ms, for year inference on stdin (default: the clock). */
  now?: number;
  /** Local zone offset in minutes east of UTC, for the journal's UTC stamps (default: this machine's). */
  utcOffsetMinutes?: number;
  progress?: Progress;
  /**
   * Offered each plain (not compressed, not binary) file before it is read, when no `format` is
   * forced: the caller may read it itself — as `readOne` would, every line to the same callbacks
   * (maillog's pipeline scans it on a worker thread) — and return the counts, or return undefined
   * to have it read here. `state` is the file's fresh format state.
   */
  readFile?(file: string, size: number, state: FormatState): Promise<PlainFileCounts | undefined>;
}

/** What reading one plain file counted (see `ReadLogsOptions.readFile`). */
export interface PlainFileCounts {
  lines: number;
  bytes: number;
  records: number;
  cut: number;
  format?: string;
}

export interface InputReport {
  /** The path, `-` for stdin, or `journal`. */
  name: string;
  lines: number;
  bytes: number;
  records: number;
  /** Lines longer than the cap. */
  cut: number;
  /** The format of the input's first lines (a `LINE_FORMATS` id), when one reads them. */
  format?: string;
  /** Why the input was skipped or read only in part. */
  problem?: NetdoctorError;
}

export interface ReadLogsResult {
  inputs: InputReport[];
  /** Files in named directories that are not logs, left unread. */
  skipped: string[];
}

export function wallNow(now: number | undefined, offset: number): number {
  return (now ?? Date.now()) + offset * 60_000;
}

/** Expands paths to the files to read, in time order; a missing path is an error naming it. */
export async function expand(paths: readonly string[]): Promise<{ files: string[]; skipped: string[] }> {
  const { plan, skipped } = await planInputs(paths, logFilesIn, LOGS_ERRORS.noLogFiles);
  const named = plan.flatMap((x) => x.files ?? []);
  const stdin = plan.filter((x) => !x.files).map(() => '-');
  return { files: [...timeOrder(named), ...stdin], skipped };
}

/** True when a chunk looks binary: NUL bytes, or mostly control bytes. */
export function looksBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i] as number;
    if (c === 0) return true;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** A text input opened: gzip peeled, its first bytes (decompressed) looked at for binary data. */
export interface OpenedText {
  stream: Readable | AsyncIterable<Buffer>;
  gz: boolean;
  /** The first bytes (after gunzip) look binary: a core dump or an archive, not a log. */
  binary: boolean;
  /** The first chunk as read (compressed for gzip). */
  head: Buffer;
  cancel(): void;
}

/**
 * The gunzipped stream with its first chunk looked at, as a plain file's is: a gzipped binary
 * (a `.tar.gz`, a compressed core) is refused at its first bytes instead of being read to the end.
 * A gzip error at the first chunk is left to the reader, which names a bad or cut gzip.
 */
async function gunzipped(gunzip: Readable): Promise<{ stream: AsyncIterable<Buffer>; binary: boolean }> {
  const it = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await it.next();
  } catch (e) {
    return {
      stream: (async function* () {
        yield* [];
        throw e;
      })(),
      binary: false,
    };
  }
  const head = first.done ? undefined : first.value;
  const stream = (async function* () {
    if (head === undefined) return;
    yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  })();
  return { stream, binary: head !== undefined && looksBinary(head) };
}

/**
 * `stream`, which starts with `head`, opened as text: the gzip layer peeled when `head` has its
 * magic, binary data told from the first (decompressed) bytes. `cancel` stops the source; for gzip
 * it stops the decompressor too.
 */
async function openedText(stream: Readable, head: Buffer, cancel: () => void): Promise<OpenedText> {
  const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (!gz) return { stream, gz, binary: looksBinary(head), head, cancel };
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  stream.on('error', (e) => gunzip.destroy(e));
  stream.pipe(gunzip);
  const stop = () => {
    cancel();
    gunzip.on('error', () => {});
    gunzip.destroy();
  };
  return { ...(await gunzipped(gunzip)), gz, head, cancel: stop };
}

/** Peels the gzip layer when the stream starts with its magic; the first chunk is looked at once. */
export async function textStream(source: Readable): Promise<OpenedText> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : (first.value as Buffer);
  const rest = new PassThrough({ highWaterMark: MiB });
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    rest.on('error', () => {});
    rest.destroy();
    source.on('error', () => {});
    source.destroy();
  };
  (async () => {
    try {
      rest.write(head);
      for (;;) {
        const n = await it.next();
        if (n.done) break;
        if (!rest.write(n.value)) await new Promise((r) => rest.once('drain', r));
      }
      rest.end();
    } catch (e) {
      if (!cancelled) rest.destroy(e as Error);
    }
  })();
  return openedText(rest, head, cancel);
}

/** `textStream` for a source whose first bytes (`head`) were read already, and are read again. */
export async function directStream(source: Readable, head: Buffer): Promise<OpenedText> {
  const cancel = () => {
    source.on('error', () => {});
    source.destroy();
  };
  return openedText(source, head, cancel);
}

/**
 * A plain (not gzipped) file read in 1 MiB chunks into one reused buffer: the line splitter
 * copies what spans chunks and readers copy what they keep, so no chunk is allocated per read and
 * memory stays flat (a stream's fresh chunk per read leaves hundreds of freed megabytes to the
 * allocator on a large log).
 */
class PlainFile {
  onRead: (n: number) => void = () => {};
  constructor(
    private readonly file: string,
    private readonly head: Buffer,
  ) {}

  opened(): { stream: AsyncIterable<Buffer>; gz: boolean; binary: boolean; cancel(): void } {
    return { stream: this.chunks(), gz: false, binary: looksBinary(this.head), cancel: () => {} };
  }

  private async *chunks(): AsyncGenerator<Buffer> {
    const fh = await open(this.file, 'r');
    try {
      const buf = Buffer.allocUnsafe(MiB);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) return;
        this.onRead(bytesRead);
        yield buf.subarray(0, bytesRead);
      }
    } finally {
      await fh.close();
    }
  }
}

async function readOne(
  name: string,
  source: Readable | PlainFile,
  state: FormatState,
  options: ReadLogsOptions,
  report: InputReport,
  size: number | undefined,
  head?: Buffer,
): Promise<void> {
  // A file's first bytes were looked at already (`head`): read it without the peeking stream.
  const { stream, gz, binary, cancel } =
    source instanceof PlainFile
      ? source.opened()
      : head
        ? await directStream(source, head)
        : await textStream(source);
  if (binary) {
    cancel();
    report.problem = new NetdoctorError('ND_INPUT_FORMAT', LOGS_ERRORS.binary, { input: name });
    return;
  }
  let rawBytes = 0;
  if (source instanceof PlainFile) source.onRead = (n) => (rawBytes += n);
  else
    source.on('data', (c: Buffer) => {
      rawBytes += c.length;
    });
  const forced = options.format === undefined ? undefined : lineFormat(options.format);
  const parse = forced
    ? (line: string) => forced.parse(line, state)
    : (line: string) => parseLine(line, state);
  const firstLines: string[] = [];
  const fast = forced ? undefined : options.onAsciiLine;
  const onAsciiLine = fast
    ? (buf: Buffer, start: number, end: number) => {
        if (firstLines.length < 20 || !fast(buf, start, end, name, state)) return false;
        report.records++;
        return true;
      }
    : undefined;
  try {
    const counts = await splitLines(
      stream,
      (line, cut) => {
        if (cut || line.length === 0) {
          if (line.length > 0) options.onUnparsed?.(line, name, cut);
          return;
        }
        if (firstLines.length < 20) {
          firstLines.push(line.slice(0, 600));
          const f = detectFormat(firstLines);
          if (f !== undefined) report.format = f;
        }
        const rec = parse(line);
        if (rec) {
          report.records++;
          options.onRecord(rec, name);
        } else options.onUnparsed?.(line, name, false);
      },
      {
        maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
        onBytes: () => options.progress?.update(name, rawBytes, size, 'bytes'),
        ...(onAsciiLine ? { onAsciiLine } : {}),
      },
    );
    report.lines = counts.lines;
    report.bytes = counts.bytes;
    report.cut = counts.cut;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (gz && (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE')) {
      report.problem = new NetdoctorError(
        'ND_INPUT_FORMAT',
        code === 'Z_DATA_ERROR' ? LOGS_ERRORS.gzipBad : LOGS_ERRORS.gzipCut,
        { input: name, params: { lines: report.records, why: causeText(e) }, cause: e },
      );
    } else report.problem = inputError(e, name);
  }
}

export function freshState(reference: number, offset: number): FormatState {
  return { year: new Date(reference).getUTCFullYear(), lastMonth: -1, reference, utcOffsetMinutes: offset };
}

/** Reads every input in time order, record by record (see the module comment). */
export async function readLogs(paths: readonly string[], options: ReadLogsOptions): Promise<ReadLogsResult> {
  const offset = options.utcOffsetMinutes ?? -new Date().getTimezoneOffset();
  if (options.format !== undefined && !lineFormat(options.format))
    throw new NetdoctorError('ND_USAGE', LOGS_ERRORS.unknownFormat, {
      input: options.format,
      params: { formats: LINE_FORMATS_IDS() },
    });
  const { files, skipped } = await expand(paths);
  const inputs: InputReport[] = [];
  for (const file of files) {
    const report: InputReport = { name: file, lines: 0, bytes: 0, records: 0, cut: 0 };
    inputs.push(report);
    if (file === '-') {
      const stdin = (options.stdin ?? process.stdin) as Readable;
      await readOne('-', stdin, freshState(wallNow(options.now, offset), offset), options, report, undefined);
      continue;
    }
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(file);
    } catch (e) {
      report.problem = inputError(e, file);
      continue;
    }
    if (!st.isFile()) {
      // A pipe or a device (`<(zcat …)`, /dev/stdin): read once, in order, as stdin is; its
      // first bytes cannot be looked at and then read again.
      const stream = createReadStream(file, { highWaterMark: GUNZIP_CHUNK });
      stream.on('error', () => {}); // surfaces through the line reader
      await readOne(
        file,
        stream,
        freshState(wallNow(options.now, offset), offset),
        options,
        report,
        undefined,
      );
      continue;
    }
    let head: Buffer;
    try {
      head = await fileHead(file);
    } catch (e) {
      report.problem = inputError(e, file);
      continue;
    }
    const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    // The stamp of a file's last line is not after its mtime: the reference for the year.
    const reference = st.mtimeMs + offset * 60_000;
    if (!gz && options.readFile && options.format === undefined && !looksBinary(head)) {
      try {
        const done = await options.readFile(file, st.size, freshState(reference, offset));
        if (done) {
          Object.assign(report, done);
          continue;
        }
      } catch (e) {
        report.problem = inputError(e, file);
        continue;
      }
    }
    let stream: Readable | PlainFile;
    if (gz) {
      stream = createReadStream(file, { highWaterMark: GUNZIP_CHUNK });
      stream.on('error', () => {}); // surfaces through the line reader
    } else stream = new PlainFile(file, head);
    await readOne(file, stream, freshState(reference, offset), options, report, st.size, head);
  }
  if (options.journal) inputs.push(await readJournal(options, offset));
  options.progress?.done();
  return { inputs, skipped };
}

async function readJournal(options: ReadLogsOptions, offset: number): Promise<InputReport> {
  const report: InputReport = { name: 'journal', lines: 0, bytes: 0, records: 0, cut: 0 };
  const command = options.journal?.command ?? 'journalctl';
  const child = spawn(command, ['-o', 'json', '--no-pager', ...(options.journal?.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 2000) stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
  child.stdout.on('error', () => {});
  await readOne(
    'journal',
    child.stdout,
    freshState(wallNow(options.now, offset), offset),
    options,
    report,
    undefined,
  );
  const end = await exited;
  if (end.error) {
    report.problem =
      (end.error as { code?: string }).code === 'ENOENT'
        ? new NetdoctorError('ND_DEPENDENCY', LOGS_ERRORS.journalMissing, { input: 'journal' })
        : new NetdoctorError('ND_INPUT_UNREADABLE', LOGS_ERRORS.journalFailed, {
            input: 'journal',
            params: { why: causeText(end.error) },
          });
  } else if (end.code !== 0 && !report.problem) {
    report.problem = new NetdoctorError('ND_INPUT_UNREADABLE', LOGS_ERRORS.journalFailed, {
      input: 'journal',
      params: { why: stderr.trim().split('\n')[0] || `exit status ${end.code}` },
    });
  }
  return report;
}
