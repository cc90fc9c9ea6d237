/** VXLAN (RFC 7348) on UDP 4789: flags with the I bit, a 24-bit VNI, then an Ethernet frame. */
import { type PacketLayers, setTunnel, TUNNEL_ETHERNET } from './layers.js';

export function decodeVxlan(b: Uint8Array, p: number, end: number, L: PacketLayers): void {
  if (end - p >= 8 + 14 && (b[p]! & 0x08) !== 0) setTunnel(L, p + 8, end, TUNNEL_ETHERNET);
}
