/**
 * One captured frame as the readers hand it out, and the interfaces it was captured on.
 *
 * Lifetime rule: a reader reuses ONE `CaptureRecord` object for every frame and its `data` points
 * into the reader's chunk (or scratch) buffer. Everything is valid only during the callback; call
 * `recordBytes(rec)` (which copies) to keep the bytes.
 */

export interface CaptureInterface {
  /** Index across the whole file (pcapng sections numbered on, as Wireshark does). */
  id: number;
  /** LINKTYPE_* value (1 Ethernet, 113 SLL, 276 SLL2, 101 raw IP, 0 BSD null …). */
  linkType: number;
  snapLength: number;
  name?: string;
  description?: string;
  /** Timestamp units per second (1e6 unless pcapng if_tsresol says otherwise). */
  unitsPerSecond: number;
  /** pcapng section (0-based) the interface belongs to. */
  section: number;
  /** pcapng interface statistics (ISB), when the capture tool wrote them. */
  statistics?: { received?: number; droppedByInterface?: number; droppedByOs?: number };
}

export interface CaptureRecord {
  /** 1-based frame number, as Wireshark and tshark count. */
  frame: number;
  /** Seconds since the epoch (whole), and nanoseconds within the second: full precision kept. */
  tsSec: number;
  tsNsec: number;
  /** Bytes present in the file for this frame. */
  capturedLength: number;
  /** Length on the wire. */
  originalLength: number;
  interfaceId: number;
  linkType: number;
  /** The frame's bytes are `data[offset .. offset + capturedLength)`. Valid only during the callback. */
  data: Uint8Array;
  offset: number;
  /** Offset of the record (its header) in the decompressed input: what errors and tools cite. */
  fileOffset: number;
}

export function newRecord(): CaptureRecord {
  return {
    frame: 0,
    tsSec: 0,
    tsNsec: 0,
    capturedLength: 0,
    originalLength: 0,
    interfaceId: 0,
    linkType: 0,
    data: new Uint8Array(0),
    offset: 0,
    fileOffset: 0,
  };
}

/** A copy of the frame's bytes that outlives the callback. */
export function recordBytes(rec: CaptureRecord): Uint8Array {
  return rec.data.slice(rec.offset, rec.offset + rec.capturedLength);
}

/** The timestamp as seconds (a float: microsecond precision survives, nanoseconds may not). */
export function recordTime(rec: CaptureRecord): number {
  return rec.tsSec + rec.tsNsec / 1e9;
}

/** The timestamp as nanoseconds since the epoch, exact. */
export function recordTimeNs(rec: CaptureRecord): bigint {
  return BigInt(rec.tsSec) * 1_000_000_000n + BigInt(rec.tsNsec);
}

/** What a format reader does with the bytes a ByteSource has gathered. */
export interface FormatReader {
  readonly format: 'pcap' | 'pcapng';
  /** Interfaces seen so far (pcap: one). */
  readonly interfaces: CaptureInterface[];
  /** Byte order of the (last) section: pcapng files may mix them. */
  readonly byteOrder: 'little-endian' | 'big-endian';
  /** For pcap: 'micro' or 'nano'; for pcapng the resolution of each interface is in `interfaces`. */
  readonly resolution?: 'micro' | 'nano';
  /** Sections seen (pcapng). */
  readonly sections: number;
  /** Consumes every complete record the source holds, calling the sink for each frame. */
  feed(): void;
  /** The input has ended: throws ND_CAPTURE_TRUNCATED when a record was cut short. */
  finish(): void;
}
