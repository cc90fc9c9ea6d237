/**
 * Decoding a frame into its layers: link (by LINKTYPE), network (by ethertype), transport (by IP
 * protocol). One reused `PacketLayers` receives the result; nothing is allocated per frame.
 *
 * @example
 *   const L = new PacketLayers();
 *   await readCapture(file, (rec) => { decodeFrame(rec, L); if (L.protocol === 6) tcp++; });
 */
import { LINK_TYPES } from '../link/index.js';
import type { CaptureRecord } from '../reader/record.js';
import type { PacketLayers } from './layers.js';

export * from './layers.js';
export { decodeNetwork, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './network.js';

export function decodeFrame(rec: CaptureRecord, L: PacketLayers): void {
  const off = rec.offset;
  L.reset(rec.linkType, off);
  const link = LINK_TYPES.get(rec.linkType);
  if (link) link.decode(rec.data, off, off + rec.capturedLength, L);
}
