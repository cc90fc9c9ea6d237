/** ICMP (RFC 792) and ICMPv6 (RFC 4443): type and code. */
import type { PacketLayers } from './layers.js';

export function decodeIcmp(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 4) {
    L.malformed = 'icmp';
    return;
  }
  L.icmpType = b[off]!;
  L.icmpCode = b[off + 1]!;
  L.payloadOffset = off + 4;
  L.payloadLength = end - off - 4;
}
