/** TCP (RFC 9293): ports, sequence and acknowledgement numbers, flags, window, payload. */
import { type PacketLayers, u16, u32 } from './layers.js';

export function decodeTcp(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 20) {
    // Inside an ICMP error only the first 8 bytes are quoted: ports and sequence number.
    if (L.quoted && end - off >= 8) {
      L.srcPort = u16(b, off);
      L.dstPort = u16(b, off + 2);
      L.tcpSeq = u32(b, off + 4);
      return;
    }
    L.malformed = 'tcp';
    return;
  }
  const hl = (b[off + 12]! >> 4) * 4;
  if (hl < 20 || off + hl > end) {
    L.malformed = 'tcp';
    return;
  }
  L.srcPort = u16(b, off);
  L.dstPort = u16(b, off + 2);
  L.tcpSeq = u32(b, off + 4);
  L.tcpAck = u32(b, off + 8);
  L.tcpFlags = b[off + 13]!;
  L.tcpWindow = u16(b, off + 14);
  L.tcpHeaderLength = hl;
  L.payloadOffset = off + hl;
  L.payloadLength = end - off - hl;
}
