/** Raw IP links (LINKTYPE_RAW 101, DLT_RAW 12/14, LINKTYPE_IPV4 228, LINKTYPE_IPV6 229), PPP and Cisco HDLC. */
import { type PacketLayers, u16 } from '../decoders/layers.js';
import { decodeNetwork, decodeRawIp, pppEtherType } from '../decoders/network.js';

export function decodeRaw(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  L.linkKnown = true;
  decodeRawIp(b, off, end, L);
}

/** PPP (RFC 1661), optionally with the HDLC-like address/control bytes ff 03 (RFC 1662). */
export function decodePpp(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  // Cisco routers label Cisco HDLC frames as PPP: address 0x0f (unicast) or 0x8f (broadcast).
  if (end - off >= 4 && (b[off] === 0x0f || b[off] === 0x8f) && b[off + 1] === 0) {
    decodeCiscoHdlc(b, off, end, L);
    return;
  }
  let o = off;
  if (end - o >= 2 && b[o] === 0xff && b[o + 1] === 0x03) o += 2;
  if (end - o < 1) {
    L.malformed = 'ppp';
    return;
  }
  L.linkKnown = true;
  // Protocol-field compression: an odd first byte is a one-byte protocol.
  let proto: number;
  if (b[o]! & 1) {
    proto = b[o]!;
    o += 1;
  } else {
    if (end - o < 2) {
      L.malformed = 'ppp';
      return;
    }
    proto = u16(b, o);
    o += 2;
  }
  decodeNetwork(b, o, end, pppEtherType(proto), L);
}

/** Cisco HDLC (LINKTYPE_C_HDLC, 104): address, control, then an ethertype. */
export function decodeCiscoHdlc(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 4) {
    L.malformed = 'chdlc';
    return;
  }
  L.linkKnown = true;
  decodeNetwork(b, off + 4, end, u16(b, off + 2), L);
}

/** PPI (LINKTYPE_PPI, 192): a little-endian header naming the link type of the frame inside. */
export function decodePpi(
  b: Uint8Array,
  off: number,
  end: number,
  L: PacketLayers,
  inner: (linkType: number) => ((b: Uint8Array, o: number, e: number, L: PacketLayers) => void) | undefined,
): void {
  if (end - off < 8) {
    L.malformed = 'ppi';
    return;
  }
  const len = b[off + 2]! | (b[off + 3]! << 8);
  const dlt = (b[off + 4]! | (b[off + 5]! << 8) | (b[off + 6]! << 16) | (b[off + 7]! << 24)) >>> 0;
  const decode = dlt === 192 ? undefined : inner(dlt);
  if (len < 8 || off + len > end || !decode) {
    L.malformed = 'ppi';
    return;
  }
  decode(b, off + len, end, L);
}
