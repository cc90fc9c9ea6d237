/**
 * GRE (RFC 2784/2890) and the packets it carries, by protocol type — the one place a GRE payload
 * is registered: IPv4/IPv6, Ethernet (transparent bridging 0x6558, NVGRE), PPP (PPTP 0x880b),
 * MPLS (0x8847/0x8848, RFC 4023) and ERSPAN (0x88be types I/II, 0x22eb type III).
 */
import { decodeErspan } from './erspan.js';
import {
  type PacketLayers,
  setTunnel,
  TUNNEL_ETHERNET,
  TUNNEL_IP,
  TUNNEL_MPLS,
  TUNNEL_PPP,
  u16,
} from './layers.js';

export function decodeGre(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 4) {
    L.malformed = 'gre';
    return;
  }
  const flags = u16(b, off);
  L.greProtocol = u16(b, off + 2);
  // Optional fields: checksum+reserved (C), key (K), sequence (S); PPTP's version 1 adds ack (A).
  let hl = 4;
  if (flags & 0x8000) hl += 4;
  if (flags & 0x2000) hl += 4;
  if (flags & 0x1000) hl += 4;
  if ((flags & 7) === 1 && flags & 0x0080) hl += 4;
  if (off + hl > end) {
    L.malformed = 'gre';
    return;
  }
  L.payloadOffset = off + hl;
  L.payloadLength = end - off - hl;
  const inner = off + hl;
  switch (L.greProtocol) {
    case 0x0800:
    case 0x86dd:
      setTunnel(L, inner, end, TUNNEL_IP);
      return;
    case 0x6558:
      setTunnel(L, inner, end, TUNNEL_ETHERNET);
      return;
    case 0x880b:
      setTunnel(L, inner, end, TUNNEL_PPP);
      return;
    case 0x8847:
    case 0x8848:
      setTunnel(L, inner, end, TUNNEL_MPLS);
      return;
    case 0x88be:
    case 0x22eb:
      decodeErspan(b, inner, end, L, flags);
      return;
  }
}
