/**
 * Opening a capture: a file or stdin (`-`), gzip-compressed or not, pcap or pcapng — decided by
 * the magic number, never by the file name. Reading streams: memory stays bounded whatever the
 * file size (one chunk plus the record that spans two chunks).
 *
 * @example
 *   const info = await readCapture('office.pcapng.gz', (rec) => { bytes += rec.originalLength; });
 *   if (info.error) console.error(info.error.oneLine()); // results up to info.error.offset stand
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { causeText, NetdoctorError } from '../../core/errors.js';
import { inputError, openInput } from '../../core/input.js';
import type { Progress } from '../../core/progress.js';
import { ByteSource } from './byte-source.js';
import { CAPTURE_READ_ERRORS as E } from './errors.js';
import { PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO, PcapReader } from './pcap.js';
import { PCAPNG_SHB, PcapngReader } from './pcapng.js';
import { type CaptureInterface, type CaptureRecord, type FormatReader, newRecord } from './record.js';

export type CaptureFormat = 'pcap' | 'pcapng';

/** What a capture turned out to be, once read. */
export interface CaptureInfo {
  input: string;
  format: CaptureFormat;
  compressed: boolean;
  byteOrder: 'little-endian' | 'big-endian';
  /** pcap only: the timestamp resolution of the file. */
  resolution?: 'micro' | 'nano';
  sections: number;
  interfaces: CaptureInterface[];
  /** Bytes read (decompressed). */
  bytesRead: number;
  /** Set when the capture is truncated or corrupt: the frames before `error.offset` were read. */
  error?: NetdoctorError;
}

/** The format a capture's first four bytes announce, or undefined. */
export function detectFormat(head: Uint8Array): CaptureFormat | undefined {
  if (head.length < 4) return undefined;
  const dv = new DataView(head.buffer, head.byteOffset, 4);
  const le = dv.getUint32(0, true);
  const be = dv.getUint32(0, false);
  if (le === PCAPNG_SHB) return 'pcapng';
  for (const m of [PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO]) if (le === m || be === m) return 'pcap';
  return undefined;
}

function hex(head: Uint8Array): string {
  return [...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * A push parser: feed it chunks of an uncompressed capture in any sizes, then `end()`.
 * `sink` receives each frame in a reused record (see record.ts for the lifetime rule).
 */
export class CaptureParser {
  readonly src = new ByteSource();
  readonly rec: CaptureRecord = newRecord();
  reader: FormatReader | undefined;

  constructor(
    private readonly input: string,
    private readonly sink: (rec: CaptureRecord) => void,
  ) {}

  push(chunk: Uint8Array): void {
    this.src.push(chunk);
    if (!this.reader) {
      if (this.src.available < 4) return;
      this.src.view(4);
      const head = this.src.buf.subarray(this.src.pos, this.src.pos + 4);
      const format = detectFormat(head);
      if (!format) {
        throw new NetdoctorError('ND_INPUT_FORMAT', E.notCapture, {
          input: this.input,
          offset: 0,
          params: { head: hex(head) },
        });
      }
      this.reader =
        format === 'pcap'
          ? new PcapReader(this.src, this.rec, this.sink, this.input)
          : new PcapngReader(this.src, this.rec, this.sink, this.input);
    }
    this.reader.feed();
  }

  end(): FormatReader {
    if (!this.reader) {
      if (this.src.offset === 0 && this.src.available === 0) {
        throw new NetdoctorError('ND_INPUT_FORMAT', E.empty, { input: this.input });
      }
      throw new NetdoctorError('ND_CAPTURE_TRUNCATED', E.noFileHeader, {
        input: this.input,
        offset: 0,
      });
    }
    this.reader.finish();
    return this.reader;
  }
}

export interface ReadCaptureOptions {
  stdin?: NodeJS.ReadableStream;
  progress?: Progress;
}

/**
 * Reads a capture file (or `-` for stdin), calling `onRecord` for every frame. Input problems
 * (missing file, not a capture) throw a NetdoctorError; a truncated or corrupt capture returns
 * with `error` set, after every frame before the bad spot was delivered.
 */
export async function readCapture(
  path: string,
  onRecord: (rec: CaptureRecord) => void,
  options: ReadCaptureOptions = {},
): Promise<CaptureInfo> {
  const opened = await openInput(path, options.stdin);
  const parser = new CaptureParser(opened.name, onRecord);
  if (path === '-' || opened.size === undefined) {
    return readFrom(opened.stream, opened.name, parser, { ...options, size: opened.size });
  }
  // A regular file: read it into a few reused buffers instead of a stream's fresh ones, so that
  // memory stays flat and the garbage collector idle however large the file.
  opened.stream.destroy();
  return readFrom(pooledFile(path, parser.src), opened.name, parser, { ...options, size: opened.size });
}

const POOL_CHUNK = 4 * 1024 * 1024;

/**
 * Yields a file's bytes in chunks, reusing a buffer once the ByteSource has let go of it (the
 * parser consumes each chunk before the next is read). One read is always in flight ahead of the
 * parser, so the disk (or page cache) and the decoder work at the same time. A gzip file is
 * decompressed behind our back, so its compressed chunks are never reused.
 */
async function* pooledFile(path: string, src: ByteSource): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  const pool: Buffer[] = [];
  let reuse = true;
  const readNext = (current?: Buffer) => {
    let buf = reuse ? pool.find((b) => b !== current && !src.retains(b)) : undefined;
    if (!buf) {
      buf = Buffer.allocUnsafeSlow(POOL_CHUNK);
      if (reuse) pool.push(buf);
    }
    const target = buf;
    const pending = fh
      .read(target, 0, target.length, null)
      .then(({ bytesRead }) => ({ buf: target, bytesRead }));
    pending.catch(() => {}); // awaited below; a read left behind by an early stop must not go unhandled
    return pending;
  };
  let pending: ReturnType<typeof readNext> | undefined = readNext();
  try {
    let first = true;
    for (;;) {
      const { buf, bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) return;
      if (first) {
        first = false;
        if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
          reuse = false;
          pool.length = 0;
        }
      }
      pending = readNext(buf);
      yield buf.subarray(0, bytesRead);
    }
  } catch (e) {
    throw inputError(e, path);
  } finally {
    await pending?.catch(() => {});
    await fh.close();
  }
}

/**
 * A source of chunks that reuses its buffers: given the parser's ByteSource, it may refill a
 * buffer it yielded once `src.retains(buffer)` is false (as readCapture's own file reader does).
 * A chunk must stay untouched while retained; a gzip source must never reuse its chunks (the
 * decompressor reads them behind the parser's back).
 */
export type PooledSource = (src: ByteSource) => AsyncIterable<Uint8Array>;

/**
 * As `readCapture`, from an already open stream (a test's chunked Readable, a socket …) or a
 * pooled source (a buffer pool filled from an upload, see PooledSource).
 */
export async function readCaptureStream(
  stream: Readable | PooledSource,
  input: string,
  onRecord: (rec: CaptureRecord) => void,
  options: ReadCaptureOptions & { size?: number | undefined } = {},
): Promise<CaptureInfo> {
  const parser = new CaptureParser(input, onRecord);
  return readFrom(typeof stream === 'function' ? stream(parser.src) : stream, input, parser, options);
}

async function readFrom(
  stream: AsyncIterable<Uint8Array | string>,
  input: string,
  parser: CaptureParser,
  options: ReadCaptureOptions & { size?: number | undefined },
): Promise<CaptureInfo> {
  const iterator = stream[Symbol.asyncIterator]();
  // Peek at the first bytes: gzip magic (1f 8b) means decompress as we go.
  const first: Buffer[] = [];
  let have = 0;
  let done = false;
  try {
    while (have < 2) {
      const r = await iterator.next();
      if (r.done) {
        done = true;
        break;
      }
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : (r.value as Buffer);
      first.push(b);
      have += b.length;
    }
  } catch (e) {
    throw inputError(e, input);
  }
  const head = Buffer.concat(first);
  const compressed = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let compressedRead = 0;
  async function* raw(): AsyncGenerator<Buffer> {
    try {
      if (head.length) yield head;
      if (done) return;
      for (;;) {
        const r = await iterator.next();
        if (r.done) return;
        yield typeof r.value === 'string' ? Buffer.from(r.value) : (r.value as Buffer);
      }
    } finally {
      // Stopped early (a corrupt frame, not a capture): the file under the iterator is closed
      // now, not when the garbage collector finds its handle.
      if (!done) await iterator.return?.();
    }
  }
  let source: AsyncIterable<Buffer> = raw();
  let upstream: Readable | undefined;
  if (compressed) {
    const gunzip = createGunzip();
    const counted = async function* () {
      for await (const c of raw()) {
        compressedRead += c.length;
        yield c;
      }
    };
    upstream = Readable.from(counted());
    source = upstream.pipe(gunzip);
  }
  const progress = options.progress;
  let error: NetdoctorError | undefined;
  try {
    for await (const chunk of source) {
      parser.push(chunk as Buffer);
      if (progress) {
        const at = compressed ? compressedRead : parser.src.offset + parser.src.available;
        progress.update(`reading ${input === '-' ? 'stdin' : input}`, at, options.size, 'bytes');
      }
    }
    parser.end();
  } catch (e) {
    if (
      e instanceof NetdoctorError &&
      (e.code === 'ND_CAPTURE_CORRUPT' || e.code === 'ND_CAPTURE_TRUNCATED')
    ) {
      error = e;
    } else if (e instanceof NetdoctorError) {
      throw e;
    } else if (compressed && e instanceof Error && /unexpected end|incorrect|invalid/i.test(e.message)) {
      error = new NetdoctorError('ND_CAPTURE_TRUNCATED', E.gzipCut, {
        input,
        offset: parser.src.offset + parser.src.available,
        params: { why: causeText(e) },
        cause: e,
      });
    } else throw inputError(e, input);
  } finally {
    // pipe() does not pass an early stop upstream: the compressed side is ended by hand.
    upstream?.destroy();
  }
  if (!parser.reader) {
    if (error) throw error;
    throw new NetdoctorError('ND_INPUT_FORMAT', E.empty, { input });
  }
  const reader = parser.reader;
  const info: CaptureInfo = {
    input,
    format: reader.format,
    compressed,
    byteOrder: reader.byteOrder,
    sections: reader.sections,
    interfaces: reader.interfaces,
    bytesRead: parser.src.offset,
  };
  if (reader.resolution) info.resolution = reader.resolution;
  if (error) info.error = error;
  return info;
}
