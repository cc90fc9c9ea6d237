/**
 * Linux NFLOG (LINKTYPE_NFLOG, 239), what `tcpdump -i nflog:N` writes for packets an iptables /
 * nftables `log group N` rule hands over: a 4-byte header (address family, version, resource id),
 * then TLVs whose length and type are in the capturing host's byte order (libpcap's pcap/nflog.h).
 * The TLV of type 9 (NFULA_PAYLOAD) is the IP packet; the rest (prefix, marks, uid) is skipped.
 */
import type { PacketLayers } from '../decoders/layers.js';
import { decodeRawIp } from '../decoders/network.js';

const NFULA_PAYLOAD = 9;
/** TLVs walked per frame (the kernel sends a dozen at most). */
const MAX_TLVS = 64;

export function decodeNflog(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 4 || b[off + 1] !== 0) {
    L.malformed = 'nflog';
    return;
  }
  L.linkKnown = true;
  let o = off + 4;
  // Host byte order: little-endian unless the first length only makes sense big-endian.
  let le = true;
  if (end - o >= 4) {
    const len = b[o]! | (b[o + 1]! << 8);
    if (len < 4 || o + len > end) le = false;
  }
  for (let n = 0; n < MAX_TLVS && end - o >= 4; n++) {
    const len = le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
    const type = le ? b[o + 2]! | (b[o + 3]! << 8) : (b[o + 2]! << 8) | b[o + 3]!;
    if (len < 4 || o + len > end) break;
    if ((type & 0x7fff) === NFULA_PAYLOAD) {
      decodeRawIp(b, o + 4, o + len, L);
      return;
    }
    o += (len + 3) & ~3; // TLVs are padded to 4 bytes
  }
  L.malformed = 'nflog';
}
