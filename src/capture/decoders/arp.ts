/** ARP (RFC 826) for Ethernet/IPv4: operation, sender and target addresses. */
import { NET_ARP, type PacketLayers, u16, u32 } from './layers.js';

export function decodeArp(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  L.network = NET_ARP;
  if (end - off < 8) {
    L.malformed = 'arp';
    return;
  }
  L.arpOp = u16(b, off + 6);
  const hlen = b[off + 4]!;
  const plen = b[off + 5]!;
  if (hlen !== 6 || plen !== 4 || end - off < 28) return;
  L.arpSenderMacOffset = off + 8;
  L.arpSenderIp = u32(b, off + 14);
  L.arpTargetIp = u32(b, off + 24);
}
