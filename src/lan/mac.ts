/**
 * MAC addresses in every common spelling — `00:11:22:aa:bb:cc`, `00-11-22-AA-BB-CC` (Windows),
 * `0011.22aa.bbcc` (Cisco), `001122aabbcc`, and arpwatch's unpadded `0:11:22:aa:bb:cc` — to one
 * canonical form (lower-case, colon-separated, two digits per octet).
 */

const COLON_OR_DASH =
  /^([0-9a-f]{1,2})([:-])([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})$/i;
const CISCO = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i;
const BARE = /^[0-9a-f]{12}$/i;

/** The canonical form of a MAC, or undefined when the text is not one. */
export function normalizeMac(text: string): string | undefined {
  const s = text.trim();
  if (s.length > 17) return undefined;
  let hex: string;
  const m = COLON_OR_DASH.exec(s);
  if (m) {
    hex = [m[1], m[3], m[4], m[5], m[6], m[7]].map((o) => (o as string).padStart(2, '0')).join('');
  } else if (CISCO.test(s)) {
    hex = s.replace(/\./g, '');
  } else if (BARE.test(s)) {
    hex = s;
  } else {
    return undefined;
  }
  hex = hex.toLowerCase();
  return hex.match(/../g)?.join(':');
}

/** `00:11:22:aa:bb:cc` → `0:11:22:aa:bb:cc`, the way arpwatch writes (ether_ntoa without padding). */
export function arpwatchMac(mac: string): string {
  return mac
    .split(':')
    .map((o) => o.replace(/^0(?=.)/, ''))
    .join(':');
}

/** Six bytes at `off` as a canonical MAC. */
export function macFromBytes(b: Uint8Array, off: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) {
    const v = b[off + i] as number;
    s += (i ? ':' : '') + (v < 16 ? '0' : '') + v.toString(16);
  }
  return s;
}

function firstOctet(mac: string): number {
  return Number.parseInt(mac.slice(0, 2), 16);
}

/** The group (multicast/broadcast) bit: never a station's own address. */
export function isGroupMac(mac: string): boolean {
  return (firstOctet(mac) & 1) === 1;
}

/** The U/L bit (second-least-significant bit of the first octet) is set. */
export function hasLocalBit(mac: string): boolean {
  return (firstOctet(mac) & 2) === 2;
}

export function isZeroMac(mac: string): boolean {
  return mac === '00:00:00:00:00:00';
}

export function isBroadcastMac(mac: string): boolean {
  return mac === 'ff:ff:ff:ff:ff:ff';
}
