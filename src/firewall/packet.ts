/**
 * The kernel's LOG line, read from bytes: what `nf_log_syslog` (iptables/ip6tables `-j LOG`,
 * nftables `log`) prints after the rule's prefix. The layout is fixed by the kernel
 * (net/netfilter/nf_log_syslog.c), so fields are read in order by position, not searched by name:
 *
 *   PREFIX IN=eth0 OUT= MAC=dst:src:type SRC=a DST=b LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF
 *   PROTO=TCP SPT=41196 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0
 *
 * - The prefix is printed directly before `IN=`, with no separator of its own (`--log-prefix
 *   "DROP"` gives `DROPIN=eth0`): it is the text between the message start and `IN=`.
 * - UDP prints a second `LEN=` (the UDP length) after the ports: the packet's length is the first.
 * - An ICMP error quotes the packet it answers in brackets, `[SRC=… DST=… PROTO=UDP SPT=… DPT=…]`:
 *   its addresses and ports are not the logged packet's, and are not read.
 * - IPv6 addresses are printed in full (`fd77:0000:…:0001`) and are given back compressed.
 *
 * Hand-written: no library reads these lines, and the bench needs a reader that makes no string
 * per line (a gigabyte of drops a day is what this is for).
 */

export const PROTO_OTHER = 0;
export const PROTO_TCP = 1;
export const PROTO_UDP = 2;
export const PROTO_ICMP = 3;
export const PROTO_ICMPV6 = 4;
export const PROTO_SCTP = 5;
export const PROTO_UDPLITE = 6;
export const PROTO_NAMES = ['other', 'tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'udplite'] as const;

/** One packet line's fields; one object is reused for every line (no allocation per line). */
export interface PacketFields {
  prefixStart: number;
  prefixEnd: number;
  /**
   * Equal on two lines (and not -1) when their prefixes are the same text: the tally then counts
   * the line under the prefix it found for the last one without comparing the bytes again.
   */
  prefixSerial: number;
  inStart: number;
  inEnd: number;
  outStart: number;
  outEnd: number;
  /** The link-layer destination was a broadcast or multicast address (its first octet is odd). */
  nonUnicast: boolean;
  /** The source as a number (IPv4), or -1 when it is IPv6 (then `srcStart`/`srcEnd`). */
  src4: number;
  srcStart: number;
  srcEnd: number;
  dstStart: number;
  dstEnd: number;
  /** The IP length (the first LEN=). */
  length: number;
  proto: number;
  /** PROTO=… as written, for protocols without a code. */
  protoStart: number;
  protoEnd: number;
  /** Destination port (TCP, UDP, SCTP), or -1. */
  dport: number;
  sport: number;
  /** ICMP type and code, or -1. */
  icmpType: number;
  icmpCode: number;
}

export function emptyPacket(): PacketFields {
  return {
    prefixStart: 0,
    prefixEnd: 0,
    prefixSerial: -1,
    inStart: 0,
    inEnd: 0,
    outStart: 0,
    outEnd: 0,
    nonUnicast: false,
    src4: -1,
    srcStart: 0,
    srcEnd: 0,
    dstStart: 0,
    dstEnd: 0,
    length: 0,
    proto: PROTO_OTHER,
    protoStart: 0,
    protoEnd: 0,
    dport: -1,
    sport: -1,
    icmpType: -1,
    icmpCode: -1,
  };
}

/** An ASCII word as bytes: compared byte to byte with the line's (a string's `charCodeAt` is slower). */
function word(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

const W_SP_CODE = word(' CODE=');
const W_ICMP = word('ICMP');
const W_ICMPV6 = word('ICMPv6');
const W_IN = word('IN=');
const W_MAC = word('MAC=');
const W_SCTP = word('SCTP');
const W_SRC = word('SRC=');
const W_TYPE = word('TYPE=');
const W_UDPLITE = word('UDPLITE');

/**
 * Where `word` (ASCII, at least 3 bytes) first occurs in `buf[i, end)`, or -1. Hand-rolled:
 * `Buffer#indexOf` has no end bound, and a line without the word would search the whole chunk.
 */
function find(buf: Buffer, i: number, end: number, word: Uint8Array): number {
  const c0 = word[0] as number;
  const c1 = word[1] as number;
  const n = word.length;
  const last = end - n;
  outer: for (let k = i; k <= last; k++) {
    if (buf[k] !== c0 || buf[k + 1] !== c1) continue;
    for (let j = 2; j < n; j++) if (buf[k + j] !== word[j]) continue outer;
    return k;
  }
  return -1;
}

/** Where `byte` first occurs in `buf[i, end)`, or -1 (bounded, unlike `Buffer#indexOf`). */
export function byteAt(buf: Buffer, i: number, end: number, byte: number): number {
  for (let k = i; k < end; k++) if (buf[k] === byte) return k;
  return -1;
}

/** Whether `buf` holds `word` at `at` (ASCII). */
function at(buf: Buffer, i: number, word: Uint8Array): boolean {
  const n = word.length;
  for (let k = 0; k < n; k++) if (buf[i + k] !== word[k]) return false;
  return true;
}

/** A decimal number at `i`, up to `end`; -1 when there is no digit. Sets `numberEnd`. */
let numberEnd = 0;
function number(buf: Buffer, i: number, end: number): number {
  let n = 0;
  let k = i;
  for (; k < end && k - i < 10; k++) {
    const c = (buf[k] as number) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  numberEnd = k;
  return k === i ? -1 : n;
}

/** The end of a space-delimited token at `i`. */
function token(buf: Buffer, i: number, end: number): number {
  let k = i;
  while (k < end && buf[k] !== 0x20) k++;
  return k;
}

/** The prefix (the text before `IN=`) of the last packet line read by searching, for `samePrefix`. */
const lastPrefix = new Uint8Array(256);
let lastPrefixLength = -1;
/** Numbers the contents `lastPrefix` has held: equal numbers, equal prefix texts (`prefixSerial`). */
let lastPrefixSerial = 0;

/**
 * Where `IN=` is in `buf[start, end)` when the text starts with the last line's prefix followed by
 * `IN=`, else -1. The search from the start would find it there too: an earlier `IN=` inside the
 * prefix was passed over on that line, and what decided it (its interface up to a space, and the
 * five bytes after) lies within the prefix and the `IN=` after it, the same bytes on this line.
 */
function samePrefix(buf: Buffer, start: number, end: number): number {
  const n = lastPrefixLength;
  if (n < 0 || start + n + 3 > end) return -1;
  for (let k = 0; k < n; k++) if (buf[start + k] !== lastPrefix[k]) return -1;
  const i = start + n;
  return buf[i] === 0x49 && buf[i + 1] === 0x4e && buf[i + 2] === 0x3d ? i : -1;
}

// The fixed words of the layout, compared byte by byte with constants (the hot path's `at`).
/** ` OUT=` at `i`. */
const isSpOut = (b: Buffer, i: number) =>
  b[i] === 0x20 && b[i + 1] === 0x4f && b[i + 2] === 0x55 && b[i + 3] === 0x54 && b[i + 4] === 0x3d;
/** ` MAC=` at `i`. */
const isSpMac = (b: Buffer, i: number) =>
  b[i] === 0x20 && b[i + 1] === 0x4d && b[i + 2] === 0x41 && b[i + 3] === 0x43 && b[i + 4] === 0x3d;
/** `MAC=` at `i`. */
const isMac = (b: Buffer, i: number) =>
  b[i] === 0x4d && b[i + 1] === 0x41 && b[i + 2] === 0x43 && b[i + 3] === 0x3d;
/** ` SRC=` at `i`. */
const isSpSrc = (b: Buffer, i: number) =>
  b[i] === 0x20 && b[i + 1] === 0x53 && b[i + 2] === 0x52 && b[i + 3] === 0x43 && b[i + 4] === 0x3d;
/** `SRC=` at `i`. */
const isSrc = (b: Buffer, i: number) =>
  b[i] === 0x53 && b[i + 1] === 0x52 && b[i + 2] === 0x43 && b[i + 3] === 0x3d;
/** ` DST=` at `i`. */
const isSpDst = (b: Buffer, i: number) =>
  b[i] === 0x20 && b[i + 1] === 0x44 && b[i + 2] === 0x53 && b[i + 3] === 0x54 && b[i + 4] === 0x3d;
/** ` LEN=` at `i`. */
const isSpLen = (b: Buffer, i: number) =>
  b[i] === 0x20 && b[i + 1] === 0x4c && b[i + 2] === 0x45 && b[i + 3] === 0x4e && b[i + 4] === 0x3d;
/** ` ID=` at `i`. */
const isSpId = (b: Buffer, i: number) =>
  b[i] === 0x20 && b[i + 1] === 0x49 && b[i + 2] === 0x44 && b[i + 3] === 0x3d;
/** `SPT=` at `i`. */
const isSpt = (b: Buffer, i: number) =>
  b[i] === 0x53 && b[i + 1] === 0x50 && b[i + 2] === 0x54 && b[i + 3] === 0x3d;
/** ` DPT=` at `i`. */
const isSpDpt = (b: Buffer, i: number) =>
  b[i] === 0x20 && b[i + 1] === 0x44 && b[i + 2] === 0x50 && b[i + 3] === 0x54 && b[i + 4] === 0x3d;

/** The second hex digit of a MAC's first octet (at `i`) is odd: a broadcast or multicast address. */
function oddOctet(buf: Buffer, i: number): boolean {
  const c = buf[i] as number;
  const v = c <= 0x39 ? c - 48 : (c | 0x20) - 87;
  return (v & 1) === 1;
}

/**
 * Reads the packet fields of the LOG text in `buf[start, end)`. Returns 0 when the text is not a
 * packet log line (no `IN=… OUT=`), 1 when it is one and was read, -1 when it looks like one but
 * its fields are damaged or cut.
 */
export function readPacket(buf: Buffer, start: number, end: number, p: PacketFields): -1 | 0 | 1 {
  // `IN=` whose interface is followed by ` OUT=`: a prefix may itself contain `IN=`.
  // Most lines carry the prefix of the line before: then `IN=` is looked for right after it, the
  // same place the search from the start finds (see `samePrefix`), else searched as usual.
  let i = samePrefix(buf, start, end);
  let cached = i >= 0;
  if (!cached) i = find(buf, start, end, W_IN);
  let outAt = -1;
  while (i >= 0) {
    const e = token(buf, i + 3, end);
    if (isSpOut(buf, e)) {
      outAt = e + 1;
      p.inStart = i + 3;
      p.inEnd = e;
      break;
    }
    // Proxmox's pvefw-logger leaves an empty OUT= out: `IN=vmbr0 MAC=…` / `IN=fwbr0 PHYSIN=…`.
    if (isSpMac(buf, e) || isSpSrc(buf, e)) {
      outAt = -2;
      p.inStart = i + 3;
      p.inEnd = e;
      break;
    }
    if (cached) {
      cached = false;
      i = find(buf, start, end, W_IN);
      continue;
    }
    i = find(buf, i + 3, end, W_IN);
  }
  if (outAt === -1) return 0;
  if (cached) p.prefixSerial = lastPrefixSerial;
  else if (i - start <= lastPrefix.length) {
    const n = i - start;
    for (let k = 0; k < n; k++) lastPrefix[k] = buf[start + k] as number;
    lastPrefixLength = n;
    p.prefixSerial = ++lastPrefixSerial;
  } else p.prefixSerial = -1;
  p.prefixStart = start;
  p.prefixEnd = i;
  if (outAt >= 0) {
    p.outStart = outAt + 4;
    p.outEnd = token(buf, p.outStart, end);
  } else {
    p.outStart = p.inEnd;
    p.outEnd = p.inEnd;
  }
  let k = p.outEnd + 1;
  // Optional PHYSIN=/PHYSOUT= (bridges) and MAC= come before SRC=: in the usual order, by position.
  p.nonUnicast = false;
  let src = -1;
  if (isMac(buf, k)) {
    p.nonUnicast = oddOctet(buf, k + 5); // the destination's first octet
    // Ethernet's 14 header bytes print as 41 characters: jump over them when that is what is there.
    const e = buf[k + 45] === 0x20 && buf[k + 46] === 0x53 ? k + 45 : token(buf, k + 4, end);
    if (isSpSrc(buf, e)) src = e + 1;
  } else if (isSrc(buf, k)) src = k;
  if (src < 0) {
    src = find(buf, k, end, W_SRC);
    if (src < 0) return -1;
    const mac = find(buf, k, src, W_MAC);
    if (mac >= 0) p.nonUnicast = oddOctet(buf, mac + 5);
  }
  // The source up to a space, read as a dotted quad on the way (`ipv4`, fused: one pass; a part
  // over 255 is caught at its dot or at the end, as a number that only grows).
  const ss = src + 4;
  let q = ss;
  let value = 0;
  let part = -1;
  let dots = 0;
  let v4 = true;
  for (; q < end; q++) {
    const c = buf[q] as number;
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      part = part < 0 ? d : part * 10 + d;
      continue;
    }
    if (c === 0x2e && part >= 0 && part <= 255 && dots < 3) {
      value = value * 256 + part;
      part = -1;
      dots++;
      continue;
    }
    if (c !== 0x20) v4 = false;
    break;
  }
  while (q < end && buf[q] !== 0x20) q++;
  p.srcStart = ss;
  p.srcEnd = q;
  if (!isSpDst(buf, q)) return -1;
  p.dstStart = q + 5;
  p.dstEnd = token(buf, p.dstStart, end);
  if (!isSpLen(buf, p.dstEnd)) return -1;
  p.length = number(buf, p.dstEnd + 5, end);
  if (p.length < 0) return -1;
  p.src4 = v4 && dots === 3 && part >= 0 && part <= 255 ? value * 256 + part : -1;
  if (p.src4 < 0) {
    // not IPv4: accept an IPv6 address (hex digits and colons), else damaged
    for (let r = p.srcStart; r < p.srcEnd; r++) {
      const c = buf[r] as number;
      if (!(c === 0x3a || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))) return -1;
    }
    if (p.srcEnd === p.srcStart) return -1;
  }
  k = numberEnd;
  // IPv4 prints TOS and PREC in fixed width (`TOS=0x%02X PREC=0x%02X`), then TTL and ID.
  if (
    buf[k + 1] === 0x54 &&
    buf[k + 10] === 0x50 &&
    buf[k] === 0x20 &&
    buf[k + 2] === 0x4f &&
    buf[k + 3] === 0x53 &&
    buf[k + 4] === 0x3d &&
    buf[k + 5] === 0x30 &&
    buf[k + 6] === 0x78 &&
    buf[k + 19] === 0x20 &&
    buf[k + 20] === 0x54 &&
    buf[k + 21] === 0x54 &&
    buf[k + 22] === 0x4c &&
    buf[k + 23] === 0x3d
  ) {
    number(buf, k + 24, end);
    if (isSpId(buf, numberEnd)) {
      number(buf, numberEnd + 4, end);
      k = numberEnd;
    }
  }
  p.dport = -1;
  p.sport = -1;
  p.icmpType = -1;
  p.icmpCode = -1;
  p.proto = PROTO_OTHER;
  // PROTO= follows TOS, PREC, TTL, ID and the flags (IPv6: TC, HOPLIMIT, FLOWLBL and extension
  // headers); a bracket before it would open an inner packet: the outer one had none (a fragment).
  let proto = -1;
  for (let r = k; r < end - 6; r++) {
    const c = buf[r];
    if (
      c === 0x50 /* P */ &&
      buf[r + 1] === 0x52 &&
      buf[r + 2] === 0x4f &&
      buf[r + 3] === 0x54 &&
      buf[r + 4] === 0x4f &&
      buf[r + 5] === 0x3d &&
      buf[r - 1] === 0x20
    ) {
      proto = r;
      break;
    }
    if (c === 0x5b /* [ */) break;
  }
  if (proto < 0) return 1;
  const ps = proto + 6;
  p.protoStart = ps;
  p.protoEnd = token(buf, ps, end);
  const len = p.protoEnd - ps;
  const c0 = buf[ps];
  if (len === 3 && c0 === 0x54 && buf[ps + 1] === 0x43 && buf[ps + 2] === 0x50) p.proto = PROTO_TCP;
  else if (len === 3 && c0 === 0x55 && buf[ps + 1] === 0x44 && buf[ps + 2] === 0x50) p.proto = PROTO_UDP;
  else if (len === 4 && at(buf, ps, W_ICMP)) p.proto = PROTO_ICMP;
  else if (len === 6 && at(buf, ps, W_ICMPV6)) p.proto = PROTO_ICMPV6;
  else if (len === 4 && at(buf, ps, W_SCTP)) p.proto = PROTO_SCTP;
  else if (len === 7 && at(buf, ps, W_UDPLITE)) p.proto = PROTO_UDPLITE;
  k = p.protoEnd + 1;
  if (p.proto === PROTO_ICMP || p.proto === PROTO_ICMPV6) {
    if (at(buf, k, W_TYPE)) {
      p.icmpType = number(buf, k + 5, end);
      if (at(buf, numberEnd, W_SP_CODE)) p.icmpCode = number(buf, numberEnd + 6, end);
    }
  } else if (p.proto !== PROTO_OTHER && isSpt(buf, k)) {
    // "PROTO=TCP INCOMPLETE [65535 bytes]" or a later fragment: no ports to read.
    p.sport = number(buf, k + 4, end);
    if (!isSpDpt(buf, numberEnd)) return -1;
    p.dport = number(buf, numberEnd + 5, end);
    if (p.dport < 0 || p.dport > 65535) return -1;
  }
  return 1;
}

/** The IPv4 number as dotted text. */
export function ipv4Text(n: number): string {
  return `${Math.floor(n / 16777216)}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** An IPv6 address as the kernel prints it (eight 4-digit groups), compressed (RFC 5952). */
export function compressIpv6(full: string): string {
  const groups = full.toLowerCase().split(':');
  if (groups.length !== 8) return full.toLowerCase();
  const short = groups.map((g) => g.replace(/^0+(?=.)/, ''));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (short[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && short[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return short.join(':');
  return `${short.slice(0, best).join(':')}::${short.slice(best + bestLen).join(':')}`;
}
