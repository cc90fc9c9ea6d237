/** IP protocol number → transport decoder: the one place a new L4 decoder is registered. */
import { decodeAh } from './ah.js';
import { decodeEsp } from './esp.js';
import { decodeGre } from './gre.js';
import { decodeIcmp } from './icmp.js';
import {
  IPPROTO_AH,
  IPPROTO_ESP,
  IPPROTO_GRE,
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_IPIP,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
  type PacketLayers,
} from './layers.js';
import { decodeTcp } from './tcp.js';
import { decodeUdp } from './udp.js';

export function decodeTransport(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  L.l4Offset = off;
  L.l4Length = end - off;
  switch (L.protocol) {
    case IPPROTO_TCP:
      decodeTcp(b, off, end, L);
      return;
    case IPPROTO_UDP:
      decodeUdp(b, off, end, L);
      return;
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6:
      decodeIcmp(b, off, end, L);
      return;
    case IPPROTO_ESP:
      decodeEsp(b, off, end, L);
      return;
    case IPPROTO_AH:
      decodeAh(b, off, end, L);
      return;
    case IPPROTO_GRE:
      decodeGre(b, off, end, L);
      return;
    case IPPROTO_IPIP:
    case IPPROTO_IPV6:
      // IP in IP (RFC 2003) and 6in4 (RFC 4213): the inner packet follows directly.
      L.tunnelOffset = off;
      L.tunnelEnd = end;
      return;
  }
}
