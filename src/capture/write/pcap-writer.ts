/**
 * Writing captures: classic pcap (libpcap format, little-endian, micro- or nanosecond magic) and
 * pcapng (one section; one interface block per input interface; nanosecond timestamps), so that
 * the packets a filter selects can be handed to Wireshark, tshark or a vendor.
 *
 * Hand-written: both formats are a few fixed headers (pcap: draft-ietf-opsawg-pcap §4–5; pcapng:
 * draft-ietf-opsawg-pcapng §4.1, §4.2, §4.3); the npm writers we looked at either buffer the whole
 * file or drop the original length. Records are gathered in a 1 MiB buffer and written with
 * `fs.writeSync`, so memory stays flat and the reader's synchronous callback can write directly.
 */
import { writeSync } from 'node:fs';
import { NetdoctorError, systemCode } from '../../core/errors.js';
import { openOutput, type PendingOutput } from '../../core/output.js';
import { CAPTURE_ERRORS } from '../error-messages.js';

/** What a writer needs of a captured frame; the capture engine's records fit this shape. */
export interface WritablePacket {
  tsSec: number;
  tsNsec: number;
  originalLength: number;
  capturedLength: number;
  linkType: number;
  interfaceId: number;
  data: Uint8Array;
  offset: number;
}

export type OutputFormat = 'pcap' | 'pcapng';

export interface CaptureWriter {
  readonly format: OutputFormat;
  /** Packets written so far. */
  readonly packets: number;
  write(p: WritablePacket): void;
  /** Finishes the file: it replaces the target only now (written beside it, then renamed). */
  close(): void;
  /** Drops what was written: the target is left as it was. */
  abort(): void;
}

/** Where a writer writes: the output path and the inputs it must not be (see core/output.ts). */
export interface WriterTarget {
  path: string;
  /** The files being read (`-` for stdin): refused as the output, whatever the spelling. */
  inputs?: readonly string[];
}

const targetOf = (t: string | WriterTarget): WriterTarget => (typeof t === 'string' ? { path: t } : t);

const FLUSH_AT = 1 << 20;
/** libpcap's snapshot length default: no packet netdoctor reads is longer (reader caps at 16 MiB). */
const SNAPLEN = 262144;

/** A file sink that batches writes into a temporary file renamed on close; errors name the output. */
class FileSink {
  private readonly out: PendingOutput;
  private buf = Buffer.allocUnsafe(FLUSH_AT * 2);
  private used = 0;
  readonly path: string;

  constructor(target: WriterTarget) {
    this.path = target.path;
    this.out = openOutput(target.path, { inputs: target.inputs ?? [], option: 'output' });
  }

  /** A writable view of `n` bytes at the end of the buffer; call `commit(n)` after filling it. */
  reserve(n: number): Buffer {
    if (this.used + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
    }
    return this.buf.subarray(this.used, this.used + n);
  }

  commit(n: number): void {
    this.used += n;
    if (this.used >= FLUSH_AT) this.flush();
  }

  flush(): void {
    let at = 0;
    try {
      while (at < this.used) at += writeSync(this.out.fd, this.buf, at, this.used - at);
    } catch (e) {
      throw new NetdoctorError('ND_INPUT_UNREADABLE', CAPTURE_ERRORS.cannotWrite, {
        input: this.path,
        params: { why: systemCode(e) ?? String(e) },
        cause: e,
      });
    }
    this.used = 0;
  }

  close(): void {
    try {
      this.flush();
    } catch (e) {
      this.out.abort();
      throw e;
    }
    this.out.commit();
  }

  abort(): void {
    this.out.abort();
  }
}

/**
 * Classic pcap: one link type for the whole file. A packet of another link type is an error that
 * says to write pcapng instead; `nanoseconds` picks the 0xa1b23c4d magic.
 */
export class PcapWriter implements CaptureWriter {
  readonly format = 'pcap';
  packets = 0;
  private linkType = -1;
  private readonly sink: FileSink;

  constructor(
    target: string | WriterTarget,
    private readonly nanoseconds: boolean,
  ) {
    this.sink = new FileSink(targetOf(target));
  }

  write(p: WritablePacket): void {
    if (this.linkType < 0) this.header(p.linkType);
    else if (p.linkType !== this.linkType) {
      throw new NetdoctorError('ND_USAGE', CAPTURE_ERRORS.mixedLinkTypes, {
        input: this.sink.path,
        params: { link: p.linkType, first: this.linkType },
      });
    }
    const b = this.sink.reserve(16 + p.capturedLength);
    b.writeUInt32LE(p.tsSec >>> 0, 0);
    b.writeUInt32LE(this.nanoseconds ? p.tsNsec : Math.floor(p.tsNsec / 1000), 4);
    b.writeUInt32LE(p.capturedLength, 8);
    b.writeUInt32LE(p.originalLength, 12);
    b.set(p.data.subarray(p.offset, p.offset + p.capturedLength), 16);
    this.sink.commit(16 + p.capturedLength);
    this.packets++;
  }

  private header(linkType: number): void {
    this.linkType = linkType;
    const b = this.sink.reserve(24);
    b.writeUInt32LE(this.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, 0);
    b.writeUInt16LE(2, 4); // version 2.4
    b.writeUInt16LE(4, 6);
    b.writeUInt32LE(0, 8); // reserved (thiszone)
    b.writeUInt32LE(0, 12); // reserved (sigfigs)
    b.writeUInt32LE(SNAPLEN, 16);
    b.writeUInt32LE(linkType, 20);
    this.sink.commit(24);
  }

  close(): void {
    if (this.linkType < 0) this.header(1); // no packet matched: an empty Ethernet capture
    this.sink.close();
  }

  abort(): void {
    this.sink.abort();
  }
}

/**
 * pcapng: a Section Header Block, an Interface Description Block for each input interface the
 * first time one of its packets is written (with if_tsresol = 9: nanoseconds), then Enhanced
 * Packet Blocks.
 */
export class PcapngWriter implements CaptureWriter {
  readonly format = 'pcapng';
  packets = 0;
  private readonly sink: FileSink;
  /** input interface id → output interface id */
  private readonly interfaces = new Map<number, number>();

  constructor(
    target: string | WriterTarget,
    private readonly application = 'netdoctor',
  ) {
    this.sink = new FileSink(targetOf(target));
    this.sectionHeader();
  }

  write(p: WritablePacket): void {
    let id = this.interfaces.get(p.interfaceId);
    if (id === undefined) {
      id = this.interfaces.size;
      this.interfaces.set(p.interfaceId, id);
      this.interfaceDescription(p.linkType);
    }
    const padded = (p.capturedLength + 3) & ~3;
    const total = 32 + padded;
    const b = this.sink.reserve(total);
    const ns = BigInt(p.tsSec) * 1_000_000_000n + BigInt(p.tsNsec);
    b.writeUInt32LE(0x00000006, 0); // Enhanced Packet Block
    b.writeUInt32LE(total, 4);
    b.writeUInt32LE(id, 8);
    b.writeUInt32LE(Number(ns >> 32n), 12);
    b.writeUInt32LE(Number(ns & 0xffffffffn), 16);
    b.writeUInt32LE(p.capturedLength, 20);
    b.writeUInt32LE(p.originalLength, 24);
    b.set(p.data.subarray(p.offset, p.offset + p.capturedLength), 28);
    b.fill(0, 28 + p.capturedLength, 28 + padded);
    b.writeUInt32LE(total, 28 + padded);
    this.sink.commit(total);
    this.packets++;
  }

  private sectionHeader(): void {
    const app = Buffer.from(this.application, 'utf8');
    const optLen = 4 + ((app.length + 3) & ~3) + 4; // shb_userappl + opt_endofopt
    const total = 28 + optLen;
    const b = this.sink.reserve(total);
    b.writeUInt32LE(0x0a0d0d0a, 0);
    b.writeUInt32LE(total, 4);
    b.writeUInt32LE(0x1a2b3c4d, 8); // byte-order magic
    b.writeUInt16LE(1, 12); // version 1.0
    b.writeUInt16LE(0, 14);
    b.writeBigInt64LE(-1n, 16); // section length unknown
    let at = 24;
    at = option(b, at, 4, app); // shb_userappl
    b.writeUInt32LE(0, at); // opt_endofopt
    b.writeUInt32LE(total, at + 4);
    this.sink.commit(total);
  }

  private interfaceDescription(linkType: number): void {
    const total = 16 + 8 + 4 + 4; // header, if_tsresol option (padded), opt_endofopt, trailer
    const b = this.sink.reserve(total);
    b.writeUInt32LE(0x00000001, 0);
    b.writeUInt32LE(total, 4);
    b.writeUInt16LE(linkType, 8);
    b.writeUInt16LE(0, 10);
    b.writeUInt32LE(SNAPLEN, 12);
    let at = option(b, 16, 9, Buffer.from([9])); // if_tsresol: 10^-9 s
    b.writeUInt32LE(0, at);
    at += 4;
    b.writeUInt32LE(total, at);
    this.sink.commit(total);
  }

  close(): void {
    this.sink.close();
  }

  abort(): void {
    this.sink.abort();
  }
}

function option(b: Buffer, at: number, code: number, value: Uint8Array): number {
  b.writeUInt16LE(code, at);
  b.writeUInt16LE(value.length, at + 2);
  b.set(value, at + 4);
  const padded = (value.length + 3) & ~3;
  b.fill(0, at + 4 + value.length, at + 4 + padded);
  return at + 4 + padded;
}

/** The writer for an output path: `.pcapng` (or `format`) → pcapng, otherwise pcap. */
export function openCaptureWriter(
  target: string | WriterTarget,
  format: OutputFormat,
  nanoseconds: boolean,
): CaptureWriter {
  return format === 'pcapng' ? new PcapngWriter(target) : new PcapWriter(target, nanoseconds);
}

export function formatForPath(path: string): OutputFormat {
  return /\.pcapng(\.gz)?$/i.test(path) || /\.ntar$/i.test(path) ? 'pcapng' : 'pcap';
}
