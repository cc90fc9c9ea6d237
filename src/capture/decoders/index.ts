/**
 * Decoding a frame into its layers: link (by LINKTYPE), network (by ethertype), transport (by IP
 * protocol). One reused `PacketLayers` receives the result; nothing is allocated per frame.
 *
 * @example
 *   const L = new PacketLayers();
 *   await readCapture(file, (rec) => { decodeFrame(rec, L); if (L.protocol === 6) tcp++; });
 */

import { decodeEthernet } from '../link/ethernet.js';
import { LINK_TYPES } from '../link/index.js';
import { decodePpp } from '../link/raw.js';
import type { CaptureRecord } from '../reader/record.js';
import {
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  type PacketLayers,
  TUNNEL_ETHERNET,
  TUNNEL_MPLS,
  TUNNEL_PPP,
} from './layers.js';
import { decodeNetwork, decodeRawIp, ETHERTYPE_MPLS } from './network.js';

export * from './layers.js';
export { decodeNetwork, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './network.js';

/**
 * Decodes the packet inside `outer`'s tunnel into `inner` (which must be another object).
 * Returns false when `outer` carries no tunnel. Call again with the layers swapped for nesting.
 */
export function decodeTunnel(b: Uint8Array, outer: PacketLayers, inner: PacketLayers): boolean {
  if (outer.tunnelOffset < 0 || outer.tunnelOffset >= outer.tunnelEnd) return false;
  inner.reset(outer.linkType, outer.tunnelOffset);
  if (outer.tunnelLink === TUNNEL_ETHERNET) decodeEthernet(b, outer.tunnelOffset, outer.tunnelEnd, inner);
  else if (outer.tunnelLink === TUNNEL_PPP) decodePpp(b, outer.tunnelOffset, outer.tunnelEnd, inner);
  else if (outer.tunnelLink === TUNNEL_MPLS) {
    inner.linkKnown = true;
    decodeNetwork(b, outer.tunnelOffset, outer.tunnelEnd, ETHERTYPE_MPLS, inner);
  } else {
    inner.linkKnown = true;
    decodeRawIp(b, outer.tunnelOffset, outer.tunnelEnd, inner);
  }
  return true;
}

/** ICMP and ICMPv6 error types that quote the offending packet (RFC 792, RFC 4443 §3). */
function quotesPacket(L: PacketLayers): boolean {
  if (L.protocol === IPPROTO_ICMP) {
    const t = L.icmpType;
    return t === 3 || t === 4 || t === 5 || t === 11 || t === 12;
  }
  return L.protocol === IPPROTO_ICMPV6 && L.icmpType >= 1 && L.icmpType <= 4;
}

/**
 * Decodes the IP header an ICMP error in `outer` quotes (after the 8-byte ICMP header) into
 * `inner`, marked `quoted`. Returns false when `outer` is no such error or the quote is too short.
 */
export function decodeQuote(b: Uint8Array, outer: PacketLayers, inner: PacketLayers, end: number): boolean {
  if (outer.quoted || outer.l4Offset < 0 || outer.isFragment || !quotesPacket(outer)) return false;
  const at = outer.l4Offset + 8;
  if (at >= end) return false;
  inner.reset(outer.linkType, at);
  inner.quoted = true;
  inner.linkKnown = true;
  decodeRawIp(b, at, end, inner);
  return inner.network !== 0;
}

/** The frame's bytes and link type: a `CaptureRecord`, or a display filter's packet. */
export type FrameBytes = Pick<CaptureRecord, 'data' | 'offset' | 'capturedLength' | 'linkType'>;

export function decodeFrame(rec: FrameBytes, L: PacketLayers): void {
  const off = rec.offset;
  L.reset(rec.linkType, off);
  const link = LINK_TYPES.get(rec.linkType);
  if (link) link.decode(rec.data, off, off + rec.capturedLength, L);
}
