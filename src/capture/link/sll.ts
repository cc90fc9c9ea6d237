/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113): 16-byte header, protocol last. */
import { type PacketLayers, u16 } from '../decoders/layers.js';
import { decodeNetwork } from '../decoders/network.js';

export function decodeSll(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 16) {
    L.malformed = 'sll';
    return;
  }
  L.linkKnown = true;
  if (u16(b, off + 4) === 6) L.srcMacOffset = off + 6;
  decodeNetwork(b, off + 16, end, u16(b, off + 14), L);
}
