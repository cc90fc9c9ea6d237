/**
 * Geneve (RFC 8926) on UDP 6081: version 0, options of `Opt Len` 4-byte words, then the packet
 * its Protocol Type names (0x6558 Ethernet, 0x0800 / 0x86dd IP) — what cloud overlays (AWS
 * Gateway Load Balancer, OVN) carry.
 */
import { type PacketLayers, setTunnel, TUNNEL_ETHERNET, TUNNEL_IP, u16 } from './layers.js';

export function decodeGeneve(b: Uint8Array, p: number, end: number, L: PacketLayers): void {
  if (end - p < 8 || b[p]! >> 6 !== 0) return;
  const inner = p + 8 + (b[p]! & 0x3f) * 4;
  const type = u16(b, p + 2);
  if (type === 0x6558) setTunnel(L, inner, end, TUNNEL_ETHERNET);
  else if (type === 0x0800 || type === 0x86dd) setTunnel(L, inner, end, TUNNEL_IP);
}
