/**
 * Radiotap (LINKTYPE_IEEE802_11_RADIOTAP, 127), what Wi-Fi monitor mode captures: a
 * little-endian header of its own length (radiotap.org) with the radio's readings, then an 802.11
 * frame. The Flags field says whether the frame ends with its 4-byte FCS (0x10), which is cut off
 * before the frame is decoded. Flags is field 1, after TSFT (field 0, 8 bytes aligned to 8).
 */
import type { PacketLayers } from '../decoders/layers.js';
import { decodeIeee80211 } from './ieee80211.js';

/** Presence words walked (bit 31 chains another); real headers have a few. */
const MAX_PRESENT_WORDS = 8;

function le32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

export function decodeRadiotap(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 8 || b[off] !== 0) {
    L.malformed = 'radiotap';
    return;
  }
  const len = b[off + 2]! | (b[off + 3]! << 8);
  if (len < 8 || off + len > end) {
    L.malformed = 'radiotap';
    return;
  }
  const present = le32(b, off + 4);
  let o = off + 8;
  let word = present;
  for (let n = 1; n < MAX_PRESENT_WORDS && word & 0x80000000 && o + 4 <= off + len; n++) {
    word = le32(b, o);
    o += 4;
  }
  let frameEnd = end;
  if (present & 1) o = off + ((o - off + 7) & ~7) + 8; // TSFT, aligned to 8 from the header's start
  if (present & 2 && o < off + len && b[o]! & 0x10) frameEnd -= 4; // Flags: FCS at the end
  decodeIeee80211(b, off + len, frameEnd, L);
}
