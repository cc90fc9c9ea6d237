/** Ethertype → network decoder: the one place a new network-layer decoder is registered. */
import { decodeArp } from './arp.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { NET_OTHER, type PacketLayers } from './layers.js';
import { decodeMpls } from './mpls.js';
import { decodeNsh } from './nsh.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_PPPOE_SESSION = 0x8864;
export const ETHERTYPE_MPLS = 0x8847;
export const ETHERTYPE_MPLS_MULTICAST = 0x8848;
export const ETHERTYPE_NSH = 0x894f;

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
    case ETHERTYPE_PPPOE_SESSION:
      decodePppoe(b, off, end, L);
      return;
    case ETHERTYPE_MPLS:
    case ETHERTYPE_MPLS_MULTICAST:
      decodeMpls(b, off, end, L, decodeRawIp);
      return;
    case ETHERTYPE_NSH:
      decodeNsh(b, off, end, L);
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

/** PPPoE session (RFC 2516): 6-byte header, then a PPP protocol number. */
function decodePppoe(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 8) {
    L.malformed = 'pppoe';
    return;
  }
  const type = pppEtherType((b[off + 6]! << 8) | b[off + 7]!);
  if (type < 0) L.network = NET_OTHER;
  else decodeNetwork(b, off + 8, end, type, L);
}

/** The ethertype of a PPP protocol number (RFC 1661 §2; MPLS RFC 3032 §4.3), or -1. */
export function pppEtherType(proto: number): number {
  switch (proto) {
    case 0x0021:
      return ETHERTYPE_IPV4;
    case 0x0057:
      return ETHERTYPE_IPV6;
    case 0x0281:
      return ETHERTYPE_MPLS;
    case 0x0283:
      return ETHERTYPE_MPLS_MULTICAST;
    default:
      return -1;
  }
}
