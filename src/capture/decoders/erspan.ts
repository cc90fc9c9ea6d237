/**
 * ERSPAN, Cisco's encapsulated remote SPAN (draft-foschiano-erspan), inside GRE: the mirrored
 * Ethernet frame of a switch port. GRE type 0x88BE without a sequence number is type I (no
 * header); with one, type II (8 bytes, version 1). GRE type 0x22EB is type III (12 bytes, version
 * 2, plus an 8-byte platform-specific subheader when its O bit is set).
 */
import { type PacketLayers, setTunnel, TUNNEL_ETHERNET } from './layers.js';

export function decodeErspan(
  b: Uint8Array,
  off: number,
  end: number,
  L: PacketLayers,
  greFlags: number,
): void {
  if (L.greProtocol === 0x88be) {
    if ((greFlags & 0x1000) === 0) setTunnel(L, off, end, TUNNEL_ETHERNET);
    else if (end - off >= 8 && b[off]! >> 4 === 1) setTunnel(L, off + 8, end, TUNNEL_ETHERNET);
    return;
  }
  if (end - off < 12 || b[off]! >> 4 !== 2) return;
  setTunnel(L, off + 12 + (b[off + 11]! & 1 ? 8 : 0), end, TUNNEL_ETHERNET);
}
