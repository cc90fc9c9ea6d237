/** UDP (RFC 768): ports and payload (bounded by the UDP length when it is sane). */
import { type PacketLayers, u16 } from './layers.js';

export function decodeUdp(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 8) {
    L.malformed = 'udp';
    return;
  }
  L.srcPort = u16(b, off);
  L.dstPort = u16(b, off + 2);
  const len = u16(b, off + 4);
  if (len >= 8 && off + len < end) end = off + len;
  L.payloadOffset = off + 8;
  L.payloadLength = end - off - 8;
}
