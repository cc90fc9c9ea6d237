/**
 * NSH, the Network Service Header (RFC 8300): a base header (version 0, length in 4-byte words),
 * a service path header and metadata, then the packet its Next Protocol names (1 IPv4, 2 IPv6,
 * 3 Ethernet, 5 MPLS). Carried by VXLAN-GPE (next protocol 4) and Ethernet (ethertype 0x894F).
 */
import {
  NET_OTHER,
  type PacketLayers,
  setTunnel,
  TUNNEL_ETHERNET,
  TUNNEL_IP,
  TUNNEL_MPLS,
} from './layers.js';

/** The TUNNEL_* kind of a VXLAN-GPE / NSH next-protocol value, or -1. */
export function nextProtocolLink(next: number): number {
  return next === 1 || next === 2 ? TUNNEL_IP : next === 3 ? TUNNEL_ETHERNET : next === 5 ? TUNNEL_MPLS : -1;
}

export function decodeNsh(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (L.network === 0) L.network = NET_OTHER;
  if (end - off < 8 || b[off]! >> 6 !== 0) {
    L.malformed = 'nsh';
    return;
  }
  // Ver(2) O U TTL(6) Length(6) in the first 16 bits, then U(4) MD type(4), Next Protocol.
  const len = (b[off + 1]! & 0x3f) * 4;
  const link = nextProtocolLink(b[off + 3]!);
  if (len < 8 || link < 0) return;
  setTunnel(L, off + len, end, link);
}
