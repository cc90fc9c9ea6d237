/**
 * AH (RFC 4302): SPI and sequence; AH does not encrypt, so (as Wireshark does) decoding goes on
 * with the header it protects. `protocol` then names that inner protocol and `spi` stays set.
 */
import { IPPROTO_AH, type PacketLayers, u32 } from './layers.js';
import { decodeTransport } from './transport.js';

export function decodeAh(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 12) {
    L.malformed = 'ah';
    return;
  }
  // "Payload Len: the length of AH in 32-bit words minus 2."
  const len = (b[off + 1]! + 2) * 4;
  L.ah = true;
  L.spi = u32(b, off + 4);
  L.espSeq = u32(b, off + 8);
  const next = b[off]!;
  if (off + len > end || next === IPPROTO_AH) {
    L.malformed = off + len > end ? 'ah' : '';
    return;
  }
  L.protocol = next;
  decodeTransport(b, off + len, end, L);
}
