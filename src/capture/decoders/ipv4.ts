/** IPv4 (RFC 791): header, addresses, fragments noted; the payload goes to the transport decoders. */
import { NET_IPV4, type PacketLayers, u16, u32 } from './layers.js';
import { decodeTransport } from './transport.js';

export function decodeIpv4(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  // A header too short, of another version or with IHL < 5 is no IPv4 packet: it stays
  // `malformed` and never becomes a flow (a 0.0.0.0 ↔ 0.0.0.0 conversation).
  const hl = (b[off]! & 15) * 4;
  if (end - off < 20 || b[off]! >> 4 !== 4 || hl < 20 || off + hl > end) {
    L.malformed = 'ipv4';
    return;
  }
  L.network = NET_IPV4;
  L.ipOffset = off;
  L.ipHeaderLength = hl;
  const total = u16(b, off + 2);
  L.ipTotalLength = total;
  // Trailing Ethernet padding is not IP payload; a total length of 0 (TCP segmentation offload
  // on the capturing host) means "whatever was captured".
  if (total >= hl && off + total < end) end = off + total;
  const frag = u16(b, off + 6);
  L.moreFragments = (frag & 0x2000) !== 0;
  L.fragmentOffset = (frag & 0x1fff) * 8;
  L.isFragment = L.moreFragments || L.fragmentOffset !== 0;
  L.ttl = b[off + 8]!;
  L.protocol = b[off + 9]!;
  L.src4 = u32(b, off + 12);
  L.dst4 = u32(b, off + 16);
  // Only the first fragment carries the transport header.
  if (L.fragmentOffset !== 0) return;
  decodeTransport(b, off + hl, end, L);
}
