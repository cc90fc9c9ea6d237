/**
 * The classic libpcap format: a 24-byte file header, then 16-byte record headers and frames.
 * Magic 0xa1b2c3d4 (microseconds) or 0xa1b23c4d (nanoseconds), in either byte order.
 *
 * Hand-written, like pcapng.ts: no npm pcap parser is usable on Node 20 for large files (the
 * libpcap bindings need a native build and copy every packet; the pure-JS ones are slow, keep no
 * offsets and fail on real files). This one reads from a ByteSource without per-packet allocation.
 */
import type { ByteSource } from './byte-source.js';
import { both, corrupt, MAX_FRAME, truncated } from './errors.js';
import type { CaptureInterface, CaptureRecord, FormatReader } from './record.js';

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;

export class PcapReader implements FormatReader {
  readonly format = 'pcap' as const;
  readonly interfaces: CaptureInterface[] = [];
  byteOrder: 'little-endian' | 'big-endian' = 'little-endian';
  resolution: 'micro' | 'nano' = 'micro';
  readonly sections = 1;
  private le = true;
  private nano = false;
  private linkType = 0;
  private started = false;

  constructor(
    private readonly src: ByteSource,
    private readonly rec: CaptureRecord,
    private readonly sink: (rec: CaptureRecord) => void,
    private readonly input: string,
  ) {}

  private header(): boolean {
    const src = this.src;
    if (!src.view(24)) return false;
    const dv = src.dv;
    const p = src.pos;
    const magicLE = dv.getUint32(p, true);
    if (magicLE === PCAP_MAGIC_MICRO || magicLE === PCAP_MAGIC_NANO) this.le = true;
    else {
      const magicBE = dv.getUint32(p, false);
      if (magicBE !== PCAP_MAGIC_MICRO && magicBE !== PCAP_MAGIC_NANO) {
        throw corrupt(
          this.input,
          src.offset,
          both('not a pcap file header', 'pcap のファイルヘッダーではありません'),
        );
      }
      this.le = false;
    }
    this.nano = dv.getUint32(p, this.le) === PCAP_MAGIC_NANO;
    this.byteOrder = this.le ? 'little-endian' : 'big-endian';
    this.resolution = this.nano ? 'nano' : 'micro';
    const snapLength = dv.getUint32(p + 16, this.le);
    // The upper bits of the link-type field carry FCS information (pcap-linktype(7)): bit 26 says
    // an FCS length is given, bits 28-31 give it. libpcap's LT_LINKTYPE keeps bits 0-25.
    this.linkType = dv.getUint32(p + 20, this.le) & 0x03ffffff;
    this.interfaces.push({
      id: 0,
      linkType: this.linkType,
      snapLength,
      unitsPerSecond: this.nano ? 1e9 : 1e6,
      section: 0,
    });
    src.skip(24);
    this.started = true;
    return true;
  }

  feed(): void {
    if (!this.started && !this.header()) return;
    const src = this.src;
    const rec = this.rec;
    const le = this.le;
    const fracToNs = this.nano ? 1 : 1000;
    for (;;) {
      if (!src.view(16)) return;
      let dv = src.dv;
      let p = src.pos;
      const caplen = dv.getUint32(p + 8, le);
      if (caplen > MAX_FRAME) {
        throw corrupt(
          this.input,
          src.offset,
          both(
            `record claims ${caplen} captured bytes`,
            `レコードのキャプチャ長が ${caplen} バイトとなっています`,
          ),
        );
      }
      if (!src.view(16 + caplen)) return;
      dv = src.dv;
      p = src.pos;
      rec.frame++;
      rec.tsSec = dv.getUint32(p, le);
      rec.tsNsec = dv.getUint32(p + 4, le) * fracToNs;
      rec.capturedLength = caplen;
      rec.originalLength = dv.getUint32(p + 12, le);
      rec.interfaceId = 0;
      rec.linkType = this.linkType;
      rec.data = src.buf;
      rec.offset = p + 16;
      rec.fileOffset = src.offset;
      this.sink(rec);
      src.skip(16 + caplen);
    }
  }

  finish(): void {
    if (!this.started)
      throw truncated(this.input, this.src.offset, both('the pcap file header', 'pcap ファイルヘッダー'));
    if (this.src.available > 0) {
      const what =
        this.src.available < 16
          ? both('a record header', 'レコードヘッダー')
          : both('a packet record', 'パケットレコード');
      throw truncated(this.input, this.src.offset, what);
    }
  }
}
