/**
 * IEEE 802.11 (LINKTYPE_IEEE802_11, 105; inside radiotap, 127): data frames whose body is an
 * 802.2 LLC/SNAP header (AA AA 03, OUI, ethertype) go on to the network layer. Management and
 * control frames, null data, A-MSDUs and protected (encrypted) bodies stay at the link layer.
 * Header length per IEEE 802.11-2020 §9.2.4: 24 bytes, +6 with both DS bits (address 4), +2 for
 * QoS data, +4 for the HT Control field of a QoS frame with the +HTC/Order bit.
 */
import { NET_NONE, NET_OTHER, type PacketLayers, u16 } from '../decoders/layers.js';
import { decodeNetwork } from '../decoders/network.js';

export function decodeIeee80211(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 10) {
    L.malformed = 'wlan';
    return;
  }
  L.linkKnown = true;
  const fc0 = b[off]!;
  const fc1 = b[off + 1]!;
  const type = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  L.network = NET_OTHER;
  if (type !== 2 || subtype & 0x4) return; // not data, or null data (no body)
  let hl = 24;
  if ((fc1 & 3) === 3) hl += 6;
  const qos = (subtype & 0x8) !== 0;
  if (qos) hl += 2;
  if (qos && fc1 & 0x80) hl += 4;
  const body = off + hl;
  if (end - body < 8) {
    if (end < body) L.malformed = 'wlan';
    return;
  }
  if (fc1 & 0x40) return; // protected: the body is encrypted
  if (qos && b[off + hl - (fc1 & 0x80 ? 6 : 2)]! & 0x80) return; // A-MSDU
  if (b[body] !== 0xaa || b[body + 1] !== 0xaa || b[body + 2] !== 0x03) return;
  L.network = NET_NONE;
  decodeNetwork(b, body + 8, end, u16(b, body + 6), L);
}
