/**
 * VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe) on UDP 4790: VXLAN's 8 bytes with a Next Protocol field
 * (1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH, 5 MPLS) when the P bit is set; Ethernet without it.
 */
import { type PacketLayers, setTunnel } from './layers.js';
import { decodeNsh, nextProtocolLink } from './nsh.js';

export function decodeVxlanGpe(b: Uint8Array, p: number, end: number, L: PacketLayers): void {
  if (end - p < 8 + 20) return;
  const next = b[p]! & 0x04 ? b[p + 3]! : 3;
  if (next === 4) decodeNsh(b, p + 8, end, L);
  else {
    const link = nextProtocolLink(next);
    if (link >= 0) setTunnel(L, p + 8, end, link);
  }
}
