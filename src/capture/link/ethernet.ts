/** Ethernet II with 802.1Q / 802.1ad (QinQ) tags; 802.3 length frames carry LLC, not decoded. */

import type { PacketLayers } from '../decoders/layers.js';
import { u16 } from '../decoders/layers.js';
import { decodeNetwork } from '../decoders/network.js';

const MAX_TAGS = 4;

export function decodeEthernet(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 14) {
    L.malformed = 'eth';
    return;
  }
  L.linkKnown = true;
  L.dstMacOffset = off;
  L.srcMacOffset = off + 6;
  let type = u16(b, off + 12);
  let o = off + 14;
  for (let n = 0; n < MAX_TAGS && (type === 0x8100 || type === 0x88a8 || type === 0x9100); n++) {
    if (end - o < 4) {
      L.malformed = 'vlan';
      return;
    }
    if (L.vlanCount === 0) L.vlanId = u16(b, o) & 0x0fff;
    L.vlanCount++;
    type = u16(b, o + 2);
    o += 4;
  }
  // Values up to 1500 are an 802.3 length, followed by LLC (STP, NetBIOS …).
  decodeNetwork(b, o, end, type <= 1500 ? -1 : type, L);
}
