/**
 * GTP-U (3GPP TS 29.281) on UDP 2152, version 1, G-PDU: an 8-byte header (12 with E/S/PN flags),
 * then the subscriber's IP packet. Extension headers (E) are not walked: such packets stay opaque.
 */
import { type PacketLayers, setTunnel, TUNNEL_IP } from './layers.js';

export function decodeGtpu(b: Uint8Array, p: number, end: number, L: PacketLayers): void {
  if (end - p < 8 || b[p]! >> 5 !== 1 || b[p + 1] !== 0xff || (b[p]! & 0x04) !== 0) return;
  const hl = b[p]! & 0x03 ? 12 : 8;
  if (end - p > hl) setTunnel(L, p + hl, end, TUNNEL_IP);
}
