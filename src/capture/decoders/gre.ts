/** GRE (RFC 2784/2890): the protocol type it carries (0x0800 IPv4, 0x880b PPP for PPTP …). */
import { type PacketLayers, TUNNEL_ETHERNET, TUNNEL_IP, TUNNEL_PPP, u16 } from './layers.js';

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
  // IPv4, IPv6, Ethernet (transparent bridging, 0x6558) or PPP (PPTP, 0x880b) inside: a tunnel
  // to look into.
  const p = L.greProtocol;
  if ((p === 0x0800 || p === 0x86dd || p === 0x6558 || p === 0x880b) && off + hl < end) {
    L.tunnelOffset = off + hl;
    L.tunnelEnd = end;
    L.tunnelLink = p === 0x6558 ? TUNNEL_ETHERNET : p === 0x880b ? TUNNEL_PPP : TUNNEL_IP;
  }
}
