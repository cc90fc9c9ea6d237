/**
 * Where reports come from: files, folders (a Maildir's `cur/` and `new/`, or any folder of
 * report files), mbox files and stdin — each yielding reports one by one, so that a large mbox is
 * read with bounded memory: one message at a time, back-pressured by the consumer.
 *
 * A broken input yields an error item naming it, and reading goes on with the rest.
 *
 * @example
 *   for await (const item of readReports(['~/Maildir/.dmarc'], { maxBytes: 64 * MiB })) {
 *     if ('error' in item) console.error(item.error.oneLine()); else use(item.report);
 *   }
 */
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { causeText, NetdoctorError } from '../core/errors.js';
import { INPUT_ERRORS, inputError, MiB, openInput, tooLargeError } from '../core/input.js';
import { type Progress, silentProgress } from '../core/progress.js';
import { DMARC_ERRORS } from './error-messages.js';
import type { DmarcReport } from './types.js';
import { reportsFromBytes, type UnpackOptions } from './unpack.js';

export interface ReadOptions extends UnpackOptions {
  stdin?: NodeJS.ReadableStream;
  progress?: Progress;
}

export type ReadItem = { source: string; report: DmarcReport } | { source: string; error: NetdoctorError };

export const DEFAULT_MAX_BYTES = 64 * MiB;

function asError(e: unknown, input: string): NetdoctorError {
  if (e instanceof NetdoctorError) return e;
  if (e instanceof RangeError || e instanceof TypeError || e instanceof SyntaxError) {
    return new NetdoctorError('ND_INPUT_FORMAT', DMARC_ERRORS.unreadable, {
      input,
      cause: e,
      params: { why: causeText(e) },
    });
  }
  return inputError(e, input);
}

async function* fromBytes(buf: Uint8Array, source: string, o: ReadOptions): AsyncGenerator<ReadItem> {
  try {
    const reports = await reportsFromBytes(buf, source, o);
    for (const report of reports) yield { source, report };
  } catch (e) {
    yield { source, error: asError(e, source) };
  }
}

/** mboxrd: body lines that began with "From " were written as ">From " (and ">>From " …). */
function unescapeMbox(msg: Buffer): Buffer {
  const nl = msg.indexOf(0x0a);
  const body = nl === -1 ? Buffer.alloc(0) : msg.subarray(nl + 1); // drop the "From " separator line
  if (body.indexOf('\n>From ') === -1 && body.indexOf('\n>>') === -1) return body;
  return Buffer.from(body.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}

/**
 * Splits an mbox stream into messages at lines starting with "From " and reads each; one message
 * is held at a time, capped at `maxBytes` (a bigger one is skipped with an error naming it).
 */
async function* fromMbox(
  stream: Readable,
  first: Buffer,
  name: string,
  o: ReadOptions,
): AsyncGenerator<ReadItem> {
  let parts: Buffer[] = [];
  let size = 0;
  let oversized = false;
  let index = 0;
  let carry = Buffer.alloc(0);
  const finish = async function* (): AsyncGenerator<ReadItem> {
    index++;
    const source = `${name}#${index}`;
    if (oversized) {
      yield {
        source,
        error: tooLargeError(DMARC_ERRORS.messageTooLarge, o.maxBytes, source, 'maxBytes'),
      };
    } else if (size > 0) {
      yield* fromBytes(unescapeMbox(Buffer.concat(parts, size)), source, o);
    }
    parts = [];
    size = 0;
    oversized = false;
    o.progress?.update(`reading ${name === '-' ? 'stdin' : name}`, index, undefined, 'items');
  };
  const add = (b: Buffer) => {
    if (oversized || b.length === 0) return;
    size += b.length;
    if (size > o.maxBytes + 4096) {
      oversized = true;
      parts = [];
    } else parts.push(b);
  };
  const chunks = (async function* () {
    yield first;
    for await (const c of stream) yield typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
  })();
  try {
    for await (const chunk of chunks) {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let i = buf.indexOf('\nFrom ', 0); i !== -1; i = buf.indexOf('\nFrom ', start)) {
        add(buf.subarray(start, i + 1));
        yield* finish();
        start = i + 1;
      }
      const keep = Math.min(buf.length - start, 5); // "\nFrom" may span two chunks
      add(buf.subarray(start, buf.length - keep));
      carry = Buffer.from(buf.subarray(buf.length - keep));
    }
  } catch (e) {
    yield { source: name, error: asError(e, name) };
    return;
  }
  add(carry);
  yield* finish();
}

function tooLarge(name: string, o: ReadOptions): NetdoctorError {
  return tooLargeError(INPUT_ERRORS.tooLarge, o.maxBytes, name, 'maxBytes');
}

/**
 * Reads one regular file: an mbox (first bytes "From ") is streamed; anything else is read
 * whole, refused first by its size when over the cap. The small reads are synchronous on
 * purpose: one file at a time with nothing else to do meanwhile, and a folder of ten thousand
 * small reports reads several times faster than through the thread pool.
 */
async function* fromRegularFile(file: string, o: ReadOptions): AsyncGenerator<ReadItem> {
  let buf: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!st.isFile()) {
      // a FIFO or a device has no size to check first: read it as a capped stream
      const stream = createReadStream(file, { fd, highWaterMark: 256 * 1024 });
      fd = undefined; // the stream closes it
      yield* fromStream(stream, file, o);
      return;
    }
    const head = Buffer.alloc(5);
    if (readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === 'From ') {
      const stream = createReadStream(file, { fd, start: 0, highWaterMark: 256 * 1024 });
      fd = undefined; // the stream closes it
      yield* fromMbox(stream, Buffer.alloc(0), file, o);
      return;
    }
    if (st.size > o.maxBytes) throw tooLarge(file, o);
    buf = readFileSync(fd);
  } catch (e) {
    yield { source: file, error: asError(e, file) };
    return;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  yield* fromBytes(buf, file, o);
}

/** Reads a stream (stdin, a FIFO, /dev/stdin): an mbox is streamed, anything else read whole (capped). */
async function* fromStream(stream: Readable, name: string, o: ReadOptions): AsyncGenerator<ReadItem> {
  const iter = stream[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  try {
    while (size < 5) {
      const r = await iter.next();
      if (r.done) break;
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : (r.value as Buffer);
      parts.push(b);
      size += b.length;
    }
    const head = Buffer.concat(parts, size);
    if (head.subarray(0, 5).toString('latin1') === 'From ') {
      yield* fromMbox(stream, head, name, o);
      return;
    }
    for (let r = await iter.next(); !r.done; r = await iter.next()) {
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : (r.value as Buffer);
      size += b.length;
      if (size > o.maxBytes) {
        stream.destroy();
        throw tooLarge(name, o);
      }
      parts.push(b);
    }
  } catch (e) {
    yield { source: name, error: asError(e, name) };
    return;
  }
  yield* fromBytes(Buffer.concat(parts, size), name, o);
}

/** The files of a folder: a Maildir's cur/ and new/, or every file below it, in name order. */
export async function filesOf(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const maildir = ['cur', 'new'].every((n) => entries.some((e) => e.name === n && e.isDirectory()));
  const out: string[] = [];
  for (const e of maildir ? entries.filter((x) => x.name === 'cur' || x.name === 'new') : entries) {
    const p = path.join(dir, e.name);
    const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(p)).isDirectory());
    if (isDir) out.push(...(await filesOf(p)));
    else if (e.isFile() || e.isSymbolicLink()) out.push(p);
  }
  return out;
}

/** Every report in the inputs (files, folders, `-` for stdin), in order, errors included. */
export async function* readReports(inputs: readonly string[], o: ReadOptions): AsyncGenerator<ReadItem> {
  const progress = o.progress ?? silentProgress;
  const files: string[] = [];
  const early: ReadItem[] = [];
  for (const input of inputs) {
    if (input === '-') {
      files.push('-');
      continue;
    }
    try {
      const st = await stat(input);
      files.push(...(st.isDirectory() ? await filesOf(input) : [input]));
    } catch (e) {
      early.push({ source: input, error: asError(e, input) });
    }
  }
  yield* early;
  let done = 0;
  for (const file of files) {
    yield* file === '-'
      ? fromStream((await openInput('-', o.stdin)).stream, '-', o)
      : fromRegularFile(file, o);
    done++;
    if (files.length > 1) progress.update('reading reports', done, files.length, 'items');
  }
  progress.done();
}
