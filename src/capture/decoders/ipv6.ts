/** IPv6 (RFC 8200) with its extension headers walked to the upper-layer protocol. */
import { NET_IPV6, type PacketLayers, u16, u32 } from './layers.js';
import { decodeTransport } from './transport.js';

/** Extension headers that share the (next header, length in 8-octet units) layout. */
function isGenericExtension(nh: number): boolean {
  // hop-by-hop 0, routing 43, destination options 60, mobility 135, HIP 139, shim6 140
  return nh === 0 || nh === 43 || nh === 60 || nh === 135 || nh === 139 || nh === 140;
}

/** A bound on the extension headers walked, so a crafted chain cannot keep us looping. */
const MAX_EXTENSIONS = 16;

export function decodeIpv6(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 40 || b[off]! >> 4 !== 6) {
    L.malformed = 'ipv6';
    return;
  }
  L.network = NET_IPV6;
  L.ipOffset = off;
  const payloadLength = u16(b, off + 4);
  L.ipTotalLength = payloadLength + 40;
  // Payload length 0 is a jumbogram (or offload): take what was captured.
  if (payloadLength !== 0 && off + 40 + payloadLength < end) end = off + 40 + payloadLength;
  L.ttl = b[off + 7]!;
  for (let i = 0; i < 4; i++) {
    L.src6[i] = u32(b, off + 8 + 4 * i);
    L.dst6[i] = u32(b, off + 24 + 4 * i);
  }
  let nh = b[off + 6]!;
  let o = off + 40;
  for (let n = 0; n < MAX_EXTENSIONS; n++) {
    if (isGenericExtension(nh)) {
      if (o + 8 > end) {
        L.malformed = 'ipv6';
        L.protocol = nh;
        return;
      }
      const next = b[o]!;
      o += (b[o + 1]! + 1) * 8;
      nh = next;
      L.ipv6ExtHeaders++;
    } else if (nh === 44) {
      // Fragment header: next header, reserved, offset (13 bits) + M flag, identification.
      if (o + 8 > end) {
        L.malformed = 'ipv6';
        L.protocol = nh;
        return;
      }
      const fo = u16(b, o + 2);
      L.fragmentOffset = fo & 0xfff8;
      L.moreFragments = (fo & 1) !== 0;
      L.isFragment = true;
      nh = b[o]!;
      o += 8;
      L.ipv6ExtHeaders++;
    } else break;
  }
  L.ipHeaderLength = o - off;
  L.protocol = nh;
  if (o > end) {
    L.malformed = 'ipv6';
    return;
  }
  if (L.fragmentOffset !== 0) return;
  decodeTransport(b, o, end, L);
}
