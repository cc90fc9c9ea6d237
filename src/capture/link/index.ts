/**
 * LINKTYPE → link decoder: the one place a new link type is registered.
 * Values from https://www.tcpdump.org/linktypes.html.
 */
import type { PacketLayers } from '../decoders/layers.js';
import { decodeEthernet } from './ethernet.js';
import { decodeIeee80211 } from './ieee80211.js';
import { decodeNflog } from './nflog.js';
import { decodeNull } from './null.js';
import { decodeRadiotap } from './radiotap.js';
import { decodeCiscoHdlc, decodePpi, decodePpp, decodeRaw } from './raw.js';
import { decodeSll } from './sll.js';
import { decodeSll2 } from './sll2.js';

export type LinkDecoder = (b: Uint8Array, off: number, end: number, L: PacketLayers) => void;

export const LINK_TYPES: ReadonlyMap<number, { name: string; decode: LinkDecoder }> = new Map([
  [0, { name: 'null', decode: decodeNull }],
  [1, { name: 'eth', decode: decodeEthernet }],
  [9, { name: 'ppp', decode: decodePpp }],
  [12, { name: 'raw', decode: decodeRaw }],
  [14, { name: 'raw', decode: decodeRaw }],
  [50, { name: 'ppp', decode: decodePpp }],
  [101, { name: 'raw', decode: decodeRaw }],
  [104, { name: 'chdlc', decode: decodeCiscoHdlc }],
  [105, { name: 'wlan', decode: decodeIeee80211 }],
  [108, { name: 'loop', decode: (b, o, e, L) => decodeNull(b, o, e, L, true) }],
  [113, { name: 'sll', decode: decodeSll }],
  [127, { name: 'radiotap', decode: decodeRadiotap }],
  [192, { name: 'ppi', decode: (b, o, e, L) => decodePpi(b, o, e, L, (dlt) => LINK_TYPES.get(dlt)?.decode) }],
  [228, { name: 'raw', decode: decodeRaw }],
  [229, { name: 'raw', decode: decodeRaw }],
  [239, { name: 'nflog', decode: decodeNflog }],
  [276, { name: 'sll2', decode: decodeSll2 }],
]);

/** A short name for a link type: `eth`, `sll`, or `linktype-N` for one netdoctor does not decode. */
export function linkTypeName(linkType: number): string {
  return LINK_TYPES.get(linkType)?.name ?? `linktype-${linkType}`;
}

/** Longer names, for summaries. */
export const LINK_TYPE_TITLES: Readonly<Record<number, string>> = {
  0: 'BSD loopback (NULL)',
  1: 'Ethernet',
  9: 'PPP',
  12: 'Raw IP',
  14: 'Raw IP',
  50: 'PPP in HDLC framing',
  101: 'Raw IP',
  104: 'Cisco HDLC',
  105: 'IEEE 802.11',
  108: 'OpenBSD loopback',
  113: 'Linux cooked (SLL)',
  127: 'IEEE 802.11 with radiotap',
  192: 'Per-Packet Information (PPI)',
  228: 'Raw IPv4',
  229: 'Raw IPv6',
  239: 'Linux NFLOG',
  276: 'Linux cooked v2 (SLL2)',
};
