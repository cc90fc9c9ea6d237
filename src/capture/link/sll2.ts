/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276): 20-byte header, protocol first. */
import { type PacketLayers, u16 } from '../decoders/layers.js';
import { decodeNetwork } from '../decoders/network.js';

export function decodeSll2(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 20) {
    L.malformed = 'sll2';
    return;
  }
  L.linkKnown = true;
  if (b[off + 11] === 6) L.srcMacOffset = off + 12;
  decodeNetwork(b, off + 20, end, u16(b, off), L);
}
