/** UDP (RFC 768): ports and payload (bounded by the UDP length when it is sane). */
import { type PacketLayers, TUNNEL_ETHERNET, u16 } from './layers.js';

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
  const p = off + 8;
  if (L.dstPort === 4789 && end - p >= 8 + 14 && (b[p]! & 0x08) !== 0) {
    // VXLAN (RFC 7348): flags with the I bit, 24-bit VNI, then an Ethernet frame.
    L.tunnelOffset = p + 8;
    L.tunnelEnd = end;
    L.tunnelLink = TUNNEL_ETHERNET;
  } else if (
    (L.dstPort === 2152 || L.srcPort === 2152) &&
    end - p >= 8 &&
    b[p]! >> 5 === 1 &&
    b[p + 1] === 0xff
  ) {
    // GTP-U (3GPP TS 29.281) version 1, G-PDU: an 8-byte header (12 with E/S/PN flags), then
    // the subscriber's IP packet. Extension headers (E) are not walked: such packets stay opaque.
    if ((b[p]! & 0x04) === 0) {
      const hl = b[p]! & 0x03 ? 12 : 8;
      if (end - p > hl) {
        L.tunnelOffset = p + hl;
        L.tunnelEnd = end;
      }
    }
  }
}
