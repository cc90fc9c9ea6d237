/**
 * pcapng (draft-ietf-opsawg-pcapng): sections (SHB, each with its own byte order), interfaces
 * (IDB, with if_tsresol / if_tsoffset), enhanced, simple and obsolete packet blocks; name
 * resolution, statistics, custom and unknown blocks are skipped by their length, unknown options
 * likewise. Several sections, interfaces and link types in one file are fine.
 *
 * Hand-written (see pcap.ts for why no npm parser fits): the npm `pcap-ng-parser` miscounts 10 of
 * the 24 pcapng-test-generator files and libpcap 1.10 silently loses packets with several IDBs.
 */

import type { LocalParam } from '../../core/errors.js';
import type { ByteSource } from './byte-source.js';
import { both, corrupt, MAX_FRAME, truncated } from './errors.js';
import type { CaptureInterface, CaptureRecord, FormatReader } from './record.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const PB = 2; // obsolete Packet Block
const SPB = 3;
const EPB = 6;
const ISB = 5;
/** Blocks larger than this are corrupt rather than real (Wireshark caps blocks at 16 MiB too). */
const MAX_BLOCK = MAX_FRAME + 4096;
/** Unknown blocks we do not need are discarded as they stream by, up to this size. */
const MAX_SKIPPED_BLOCK = 256 * 1024 * 1024;

const TWO32 = 4294967296;

export class PcapngReader implements FormatReader {
  readonly format = 'pcapng' as const;
  readonly interfaces: CaptureInterface[] = [];
  byteOrder: 'little-endian' | 'big-endian' = 'little-endian';
  sections = 0;
  private le = true;
  /** Global interface ids of the current section, indexed by the section's own numbering. */
  private sectionIfaces: number[] = [];
  /** Bytes of an ignored block still to discard as they arrive. */
  private discarding = 0;
  private discardStart = 0;

  constructor(
    private readonly src: ByteSource,
    private readonly rec: CaptureRecord,
    private readonly sink: (rec: CaptureRecord) => void,
    private readonly input: string,
  ) {}

  feed(): void {
    const src = this.src;
    for (;;) {
      if (this.discarding > 0) {
        this.discarding = src.discard(this.discarding);
        if (this.discarding > 0) return;
      }
      if (!src.view(12)) return;
      let dv = src.dv;
      let p = src.pos;
      const type = dv.getUint32(p, this.le);
      if (type === PCAPNG_SHB) {
        // The byte-order magic decides how to read the SHB's own length.
        const bom = dv.getUint32(p + 8, true);
        if (bom === BYTE_ORDER_MAGIC) this.le = true;
        else if (dv.getUint32(p + 8, false) === BYTE_ORDER_MAGIC) this.le = false;
        else
          throw corrupt(
            this.input,
            src.offset + 8,
            both(
              'section header has no valid byte-order magic',
              'セクションヘッダーに正しいバイトオーダーマジックがありません',
            ),
          );
        this.byteOrder = this.le ? 'little-endian' : 'big-endian';
      } else if (this.sections === 0) {
        throw corrupt(
          this.input,
          src.offset,
          both(
            'pcapng file does not start with a section header block',
            'pcapng ファイルがセクションヘッダーブロックで始まっていません',
          ),
        );
      }
      const length = dv.getUint32(p + 4, this.le);
      if (length < 12 || length % 4 !== 0) {
        throw corrupt(
          this.input,
          src.offset + 4,
          both(
            `block length ${length} is not a multiple of 4 of at least 12`,
            `ブロック長 ${length} が 12 以上の 4 の倍数ではありません`,
          ),
        );
      }
      const wanted =
        type === PCAPNG_SHB || type === IDB || type === EPB || type === SPB || type === PB || type === ISB;
      if (!wanted) {
        if (length > MAX_SKIPPED_BLOCK) {
          throw corrupt(
            this.input,
            src.offset + 4,
            both(`block length ${length} is implausibly large`, `ブロック長 ${length} は大きすぎます`),
          );
        }
        this.discardStart = src.offset;
        this.discarding = src.discard(length);
        continue;
      }
      if (length > MAX_BLOCK) {
        throw corrupt(
          this.input,
          src.offset + 4,
          both(`block length ${length} is implausibly large`, `ブロック長 ${length} は大きすぎます`),
        );
      }
      if (!src.view(length)) return;
      dv = src.dv;
      p = src.pos;
      if (dv.getUint32(p + length - 4, this.le) !== length) {
        throw corrupt(
          this.input,
          src.offset + length - 4,
          both(
            'block trailer length differs from its header',
            'ブロック末尾の長さがヘッダーの長さと一致しません',
          ),
        );
      }
      if (type === EPB) this.enhanced(p, length);
      else if (type === SPB) this.simple(p, length);
      else if (type === IDB) this.interface(p, length);
      else if (type === ISB) this.statistics(p, length);
      else if (type === PB) this.obsolete(p, length);
      else this.section(p, length);
      src.skip(length);
    }
  }

  private section(p: number, length: number): void {
    if (length < 28)
      throw corrupt(
        this.input,
        this.src.offset,
        both('section header block is too short', 'セクションヘッダーブロックが短すぎます'),
      );
    const major = this.src.dv.getUint16(p + 12, this.le);
    if (major !== 1)
      throw corrupt(
        this.input,
        this.src.offset + 12,
        both(`unsupported pcapng version ${major}`, `pcapng のバージョン ${major} には対応していません`),
      );
    this.sections++;
    this.sectionIfaces = [];
  }

  private interface(p: number, length: number): void {
    const dv = this.src.dv;
    if (length < 20)
      throw corrupt(
        this.input,
        this.src.offset,
        both('interface description block is too short', 'インターフェース記述ブロックが短すぎます'),
      );
    const iface: CaptureInterface = {
      id: this.interfaces.length,
      linkType: dv.getUint16(p + 8, this.le),
      snapLength: dv.getUint32(p + 12, this.le),
      unitsPerSecond: 1e6,
      section: this.sections - 1,
    };
    let tsOffset = 0;
    this.options(p + 16, p + length - 4, (code, at, len) => {
      const buf = this.src.buf;
      if (code === 2 || code === 3) {
        const text = new TextDecoder().decode(buf.subarray(at, at + len)).replace(/\0+$/, '');
        if (code === 2) iface.name = text;
        else iface.description = text;
      } else if (code === 9 && len >= 1) {
        // if_tsresol: MSB clear = negative power of 10, set = negative power of 2.
        const v = buf[at]!;
        const exp = v & 0x7f;
        if (v & 0x80) {
          if (exp <= 62) iface.unitsPerSecond = 2 ** exp;
        } else if (exp <= 18) iface.unitsPerSecond = 10 ** exp;
      } else if (code === 14 && len >= 8) {
        // if_tsoffset: seconds to add to every timestamp of the interface.
        tsOffset = Number(dv.getBigInt64(at, this.le));
      }
    });
    if (tsOffset !== 0) (iface as CaptureInterface & { tsOffset?: number }).tsOffset = tsOffset;
    this.interfaces.push(iface);
    this.sectionIfaces.push(iface.id);
  }

  /**
   * Interface statistics: the capture tool's own counters (cumulative; the last block wins).
   * Drops here mean the capture is missing packets that the network did carry.
   */
  private statistics(p: number, length: number): void {
    if (length < 24) return;
    const dv = this.src.dv;
    const local = dv.getUint32(p + 8, this.le);
    const id = this.sectionIfaces[local];
    if (id === undefined) return; // statistics for an undescribed interface: nothing to attach them to
    const stats: NonNullable<CaptureInterface['statistics']> = this.interfaces[id]!.statistics ?? {};
    this.options(p + 20, p + length - 4, (code, at, len) => {
      if (len !== 8) return;
      const v = Number(dv.getBigUint64(at, this.le));
      if (code === 4) stats.received = v;
      else if (code === 5) stats.droppedByInterface = v;
      else if (code === 7) stats.droppedByOs = v;
    });
    this.interfaces[id]!.statistics = stats;
  }

  /** Walks options between `from` and `to`, stopping quietly at a malformed one (they are optional). */
  private options(from: number, to: number, each: (code: number, at: number, len: number) => void): void {
    const dv = this.src.dv;
    let o = from;
    while (o + 4 <= to) {
      const code = dv.getUint16(o, this.le);
      const len = dv.getUint16(o + 2, this.le);
      if (code === 0 || o + 4 + len > to) return;
      each(code, o + 4, len);
      o += 4 + ((len + 3) & ~3);
    }
  }

  private ifaceOf(local: number, at: number): CaptureInterface {
    const id = this.sectionIfaces[local];
    if (id === undefined) {
      throw corrupt(
        this.input,
        at,
        both(
          `packet refers to interface ${local}, which the section has not described`,
          `パケットが、セクション内で定義されていないインターフェース ${local} を参照しています`,
        ),
      );
    }
    return this.interfaces[id]!;
  }

  /** EPB (RFC draft §4.3) and the obsolete Packet Block (§4.5, a 16-bit interface id): same layout. */
  private enhanced(p: number, length: number): void {
    this.packet(
      p,
      length,
      this.src.dv.getUint32(p + 8, this.le),
      both('enhanced packet block', '拡張パケットブロック'),
    );
  }

  private obsolete(p: number, length: number): void {
    this.packet(p, length, this.src.dv.getUint16(p + 8, this.le), both('packet block', 'パケットブロック'));
  }

  private packet(p: number, length: number, interfaceId: number, what: LocalParam): void {
    const dv = this.src.dv;
    const at = this.src.offset;
    if (length < 32) throw corrupt(this.input, at, both(`${what.en} is too short`, `${what.ja}が短すぎます`));
    const iface = this.ifaceOf(interfaceId, at + 8);
    const caplen = dv.getUint32(p + 20, this.le);
    if (caplen > length - 32)
      throw corrupt(
        this.input,
        at + 20,
        both(
          `captured length ${caplen} overruns its block`,
          `キャプチャ長 ${caplen} がブロックをはみ出しています`,
        ),
      );
    this.emit(
      iface,
      dv.getUint32(p + 12, this.le),
      dv.getUint32(p + 16, this.le),
      caplen,
      dv.getUint32(p + 24, this.le),
      p + 28,
      at,
    );
  }

  private simple(p: number, length: number): void {
    const dv = this.src.dv;
    const at = this.src.offset;
    if (length < 16)
      throw corrupt(
        this.input,
        at,
        both('simple packet block is too short', '簡易パケットブロックが短すぎます'),
      );
    const iface = this.ifaceOf(0, at);
    const orig = dv.getUint32(p + 8, this.le);
    // The captured length is the smaller of the original length and the interface's snaplen.
    let caplen = Math.min(orig, length - 16);
    if (iface.snapLength > 0) caplen = Math.min(caplen, iface.snapLength);
    // A simple packet block has no timestamp.
    this.emit(iface, 0, 0, caplen, orig, p + 12, at, true);
  }

  private emit(
    iface: CaptureInterface,
    hi: number,
    lo: number,
    caplen: number,
    orig: number,
    dataAt: number,
    fileOffset: number,
    noTime = false,
  ): void {
    const rec = this.rec;
    rec.frame++;
    if (noTime) {
      rec.tsSec = 0;
      rec.tsNsec = 0;
    } else setTime(rec, hi, lo, iface);
    rec.capturedLength = caplen;
    rec.originalLength = orig;
    rec.interfaceId = iface.id;
    rec.linkType = iface.linkType;
    rec.data = this.src.buf;
    rec.offset = dataAt;
    rec.fileOffset = fileOffset;
    this.sink(rec);
  }

  finish(): void {
    if (this.discarding > 0) throw truncated(this.input, this.discardStart, both('a block', 'ブロック'));
    if (this.sections === 0)
      throw truncated(
        this.input,
        this.src.offset,
        both('the section header block', 'セクションヘッダーブロック'),
      );
    if (this.src.available > 0) throw truncated(this.input, this.src.offset, both('a block', 'ブロック'));
  }
}

/** Splits a 64-bit count of interface units into seconds and nanoseconds, exactly. */
function setTime(rec: CaptureRecord, hi: number, lo: number, iface: CaptureInterface): void {
  const ups = iface.unitsPerSecond;
  const offset = (iface as CaptureInterface & { tsOffset?: number }).tsOffset ?? 0;
  if (hi < 0x200000) {
    // Below 2^53: plain numbers are exact.
    const units = hi * TWO32 + lo;
    const sec = Math.floor(units / ups);
    const rem = units - sec * ups;
    rec.tsSec = sec + offset;
    rec.tsNsec = ups <= 1e9 ? Math.floor(rem * (1e9 / ups)) : Math.floor(rem / (ups / 1e9));
    return;
  }
  // Nanosecond (and finer) timestamps since 1970 exceed 2^53: exact BigInt arithmetic.
  const units = (BigInt(hi) << 32n) | BigInt(lo);
  const per = BigInt(ups);
  const sec = units / per;
  rec.tsSec = Number(sec) + offset;
  rec.tsNsec = Number(((units - sec * per) * 1_000_000_000n) / per);
}
