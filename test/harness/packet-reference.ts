/**
 * The kernel LOG line reader as it was before the speed work of 2026-12-07 (src/firewall/packet.ts
 * at 5b18bfc), kept unchanged as the oracle the current reader is held equal to
 * (test/firewall/fast-path.test.ts): every field, on varied and hostile lines.
 */
import { emptyPacket, type PacketFields } from '../../src/firewall/packet.js';

export type { PacketFields };
export { emptyPacket };

const PROTO_OTHER = 0;
const PROTO_TCP = 1;
const PROTO_UDP = 2;
const PROTO_ICMP = 3;
const PROTO_ICMPV6 = 4;
const PROTO_SCTP = 5;
const PROTO_UDPLITE = 6;

/** An ASCII word as bytes: compared byte to byte with the line's (a string's `charCodeAt` is slower). */
function word(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

const W_SP_CODE = word(' CODE=');
const W_SP_DPT = word(' DPT=');
const W_SP_DST = word(' DST=');
const W_SP_ID = word(' ID=');
const W_SP_LEN = word(' LEN=');
const W_SP_MAC = word(' MAC=');
const W_SP_OUT = word(' OUT=');
const W_SP_SRC = word(' SRC=');
const W_SP_TOS_0X = word(' TOS=0x');
const W_SP_TTL = word(' TTL=');
const W_ICMP = word('ICMP');
const W_ICMPV6 = word('ICMPv6');
const W_IN = word('IN=');
const W_MAC = word('MAC=');
const W_SCTP = word('SCTP');
const W_SPT = word('SPT=');
const W_SRC = word('SRC=');
const W_TCP = word('TCP');
const W_TYPE = word('TYPE=');
const W_UDP = word('UDP');
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

/** An IPv4 dotted quad at [i, e) as a number, or -1. */
function ipv4(buf: Buffer, i: number, e: number): number {
  let value = 0;
  let part = -1;
  let dots = 0;
  for (let k = i; k < e; k++) {
    const c = buf[k] as number;
    if (c === 0x2e) {
      if (part < 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = -1;
      dots++;
    } else if (c >= 0x30 && c <= 0x39) {
      part = part < 0 ? c - 48 : part * 10 + c - 48;
      if (part > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || part < 0) return -1;
  return value * 256 + part;
}

/** The prefix (the text before `IN=`) of the last packet line read by searching, for `samePrefix`. */
const lastPrefix = new Uint8Array(256);
let lastPrefixLength = -1;

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

/**
 * Reads the packet fields of the LOG text in `buf[start, end)`. Returns 0 when the text is not a
 * packet log line (no `IN=… OUT=`), 1 when it is one and was read, -1 when it looks like one but
 * its fields are damaged or cut.
 */
export function readPacketReference(buf: Buffer, start: number, end: number, p: PacketFields): -1 | 0 | 1 {
  // `IN=` whose interface is followed by ` OUT=`: a prefix may itself contain `IN=`.
  // Most lines carry the prefix of the line before: then `IN=` is looked for right after it, the
  // same place the search from the start finds (see `samePrefix`), else searched as usual.
  let i = samePrefix(buf, start, end);
  let cached = i >= 0;
  if (!cached) i = find(buf, start, end, W_IN);
  let outAt = -1;
  while (i >= 0) {
    const e = token(buf, i + 3, end);
    if (at(buf, e, W_SP_OUT)) {
      outAt = e + 1;
      p.inStart = i + 3;
      p.inEnd = e;
      break;
    }
    // Proxmox's pvefw-logger leaves an empty OUT= out: `IN=vmbr0 MAC=…` / `IN=fwbr0 PHYSIN=…`.
    if (at(buf, e, W_SP_MAC) || at(buf, e, W_SP_SRC)) {
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
  if (!cached && i - start <= lastPrefix.length) {
    lastPrefix.set(buf.subarray(start, i));
    lastPrefixLength = i - start;
  }
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
  if (at(buf, k, W_MAC)) {
    const c = buf[k + 5] as number; // second hex digit of the first octet (the destination's)
    const v = c <= 0x39 ? c - 48 : (c | 0x20) - 87;
    p.nonUnicast = (v & 1) === 1;
    // Ethernet's 14 header bytes print as 41 characters: jump over them when that is what is there.
    const e = buf[k + 45] === 0x20 && buf[k + 46] === 0x53 ? k + 45 : token(buf, k + 4, end);
    if (at(buf, e, W_SP_SRC)) src = e + 1;
  } else if (at(buf, k, W_SRC)) src = k;
  if (src < 0) {
    src = find(buf, k, end, W_SRC);
    if (src < 0) return -1;
    const mac = find(buf, k, src, W_MAC);
    if (mac >= 0) {
      const c = buf[mac + 5] as number;
      const v = c <= 0x39 ? c - 48 : (c | 0x20) - 87;
      p.nonUnicast = (v & 1) === 1;
    }
  }
  p.srcStart = src + 4;
  p.srcEnd = token(buf, p.srcStart, end);
  if (!at(buf, p.srcEnd, W_SP_DST)) return -1;
  p.dstStart = p.srcEnd + 5;
  p.dstEnd = token(buf, p.dstStart, end);
  if (!at(buf, p.dstEnd, W_SP_LEN)) return -1;
  p.length = number(buf, p.dstEnd + 5, end);
  if (p.length < 0) return -1;
  p.src4 = ipv4(buf, p.srcStart, p.srcEnd);
  if (p.src4 < 0) {
    // not IPv4: accept an IPv6 address (hex digits and colons), else damaged
    for (let q = p.srcStart; q < p.srcEnd; q++) {
      const c = buf[q] as number;
      if (!(c === 0x3a || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))) return -1;
    }
    if (p.srcEnd === p.srcStart) return -1;
  }
  k = numberEnd;
  // IPv4 prints TOS and PREC in fixed width (`TOS=0x%02X PREC=0x%02X`), then TTL and ID.
  if (buf[k + 1] === 0x54 && buf[k + 10] === 0x50 && at(buf, k, W_SP_TOS_0X) && at(buf, k + 19, W_SP_TTL)) {
    number(buf, k + 24, end);
    if (at(buf, numberEnd, W_SP_ID)) {
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
  for (let q = k; q < end - 6; q++) {
    const c = buf[q];
    if (
      c === 0x50 /* P */ &&
      buf[q + 1] === 0x52 &&
      buf[q + 2] === 0x4f &&
      buf[q + 3] === 0x54 &&
      buf[q + 4] === 0x4f &&
      buf[q + 5] === 0x3d &&
      buf[q - 1] === 0x20
    ) {
      proto = q;
      break;
    }
    if (c === 0x5b /* [ */) break;
  }
  if (proto < 0) return 1;
  p.protoStart = proto + 6;
  p.protoEnd = token(buf, p.protoStart, end);
  const len = p.protoEnd - p.protoStart;
  const s = p.protoStart;
  if (len === 3 && at(buf, s, W_TCP)) p.proto = PROTO_TCP;
  else if (len === 3 && at(buf, s, W_UDP)) p.proto = PROTO_UDP;
  else if (len === 4 && at(buf, s, W_ICMP)) p.proto = PROTO_ICMP;
  else if (len === 6 && at(buf, s, W_ICMPV6)) p.proto = PROTO_ICMPV6;
  else if (len === 4 && at(buf, s, W_SCTP)) p.proto = PROTO_SCTP;
  else if (len === 7 && at(buf, s, W_UDPLITE)) p.proto = PROTO_UDPLITE;
  k = p.protoEnd + 1;
  if (p.proto === PROTO_ICMP || p.proto === PROTO_ICMPV6) {
    if (at(buf, k, W_TYPE)) {
      p.icmpType = number(buf, k + 5, end);
      if (at(buf, numberEnd, W_SP_CODE)) p.icmpCode = number(buf, numberEnd + 6, end);
    }
  } else if (p.proto !== PROTO_OTHER && at(buf, k, W_SPT)) {
    // "PROTO=TCP INCOMPLETE [65535 bytes]" or a later fragment: no ports to read.
    p.sport = number(buf, k + 4, end);
    if (!at(buf, numberEnd, W_SP_DPT)) return -1;
    p.dport = number(buf, numberEnd + 5, end);
    if (p.dport < 0 || p.dport > 65535) return -1;
  }
  return 1;
}
