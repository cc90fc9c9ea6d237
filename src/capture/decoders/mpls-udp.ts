/** MPLS in UDP (RFC 7510) on UDP 6635: a label stack right after the UDP header. */
import { type PacketLayers, setTunnel, TUNNEL_MPLS } from './layers.js';

export function decodeMplsInUdp(_b: Uint8Array, p: number, end: number, L: PacketLayers): void {
  if (end - p >= 4) setTunnel(L, p, end, TUNNEL_MPLS);
}
