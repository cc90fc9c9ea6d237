/**
 * BSD loopback: LINKTYPE_NULL (0) has a 4-byte address family in the capturing host's byte order,
 * LINKTYPE_LOOP (108) in network order. IPv6's family differs by OS (24, 28, 30; Linux 10).
 */
import type { PacketLayers } from '../decoders/layers.js';
import { decodeNetwork, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../decoders/network.js';

export function decodeNull(
  b: Uint8Array,
  off: number,
  end: number,
  L: PacketLayers,
  networkOrder = false,
): void {
  if (end - off < 4) {
    L.malformed = 'null';
    return;
  }
  L.linkKnown = true;
  const be = ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
  const le = ((b[off + 3]! << 24) | (b[off + 2]! << 16) | (b[off + 1]! << 8) | b[off]!) >>> 0;
  // Without knowing the writer's byte order, the smaller reading is the family.
  const family = networkOrder ? be : Math.min(be, le);
  const type =
    family === 2
      ? ETHERTYPE_IPV4
      : family === 24 || family === 28 || family === 30 || family === 10
        ? ETHERTYPE_IPV6
        : -1;
  decodeNetwork(b, off + 4, end, type, L);
}
