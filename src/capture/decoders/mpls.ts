/**
 * MPLS (RFC 3032): labels until the bottom-of-stack bit, then what the label carries, told the
 * way Wireshark tells it: IP by its version nibble. Reached by ethertype 0x8847/0x8848,
 * PPP 0x0281/0x0283, GRE and UDP 6635; the IP packet is decoded into the same layers (as under
 * VLAN tags).
 */
import { NET_OTHER, type PacketLayers } from './layers.js';

/** Labels walked before giving up (RFC 3032 sets no limit; real stacks are short). */
const MAX_MPLS_LABELS = 8;

export function decodeMpls(
  b: Uint8Array,
  off: number,
  end: number,
  L: PacketLayers,
  decodeRawIp: (b: Uint8Array, off: number, end: number, L: PacketLayers) => void,
): void {
  let o = off;
  for (let n = 0; n < MAX_MPLS_LABELS; n++) {
    if (end - o < 4) {
      L.malformed = 'mpls';
      return;
    }
    const bottom = (b[o + 2]! & 1) === 1;
    o += 4;
    if (!bottom) continue;
    const nibble = o < end ? b[o]! >> 4 : -1;
    // Other payloads (an RFC 4448 Ethernet pseudowire, with or without its control word) are
    // not told apart by their bytes; Wireshark leaves them undecoded by default, and so do we.
    if (nibble === 4 || nibble === 6) decodeRawIp(b, o, end, L);
    else L.network = NET_OTHER;
    return;
  }
  L.network = NET_OTHER;
}
