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
import { type PacketLayers, TUNNEL_ETHERNET, TUNNEL_PPP } from './layers.js';
import { decodeRawIp } from './network.js';

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
  else {
    inner.linkKnown = true;
    decodeRawIp(b, outer.tunnelOffset, outer.tunnelEnd, inner);
  }
  return true;
}

export function decodeFrame(rec: CaptureRecord, L: PacketLayers): void {
  const off = rec.offset;
  L.reset(rec.linkType, off);
  const link = LINK_TYPES.get(rec.linkType);
  if (link) link.decode(rec.data, off, off + rec.capturedLength, L);
}
