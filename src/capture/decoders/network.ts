/** Ethertype → network decoder: the one place a new network-layer decoder is registered. */
import { decodeArp } from './arp.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { NET_OTHER, type PacketLayers } from './layers.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;

export function decodeNetwork(
  b: Uint8Array,
  off: number,
  end: number,
  etherType: number,
  L: PacketLayers,
): void {
  L.etherType = etherType;
  switch (etherType) {
    case ETHERTYPE_IPV4:
      decodeIpv4(b, off, end, L);
      return;
    case ETHERTYPE_IPV6:
      decodeIpv6(b, off, end, L);
      return;
    case ETHERTYPE_ARP:
      decodeArp(b, off, end, L);
      return;
    default:
      L.network = NET_OTHER;
  }
}

/** Raw IP: the version nibble decides. */
export function decodeRawIp(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end <= off) {
    L.malformed = 'ip';
    return;
  }
  const v = b[off]! >> 4;
  if (v === 4) decodeNetwork(b, off, end, ETHERTYPE_IPV4, L);
  else if (v === 6) decodeNetwork(b, off, end, ETHERTYPE_IPV6, L);
  else L.malformed = 'ip';
}
