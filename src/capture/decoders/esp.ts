/** ESP (RFC 4303): the SPI and sequence number; the rest is encrypted. */
import { type PacketLayers, u32 } from './layers.js';

export function decodeEsp(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 8) {
    L.malformed = 'esp';
    return;
  }
  L.spi = u32(b, off);
  L.espSeq = u32(b, off + 4);
  L.payloadOffset = off + 8;
  L.payloadLength = end - off - 8;
}
