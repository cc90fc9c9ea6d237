/**
 * What an application-protocol classifier is, and the few byte helpers every probe uses.
 *
 * A classifier is data plus one function (Suricata's app-layer probing parser registration:
 * `{ port, ipproto, probe_ts, probe_tc, max_depth }`): it declares the transports and
 * well-known ports it lives on and how many payload packets it needs at most, and its `probe`
 * answers `match`, `no` or `more` for one payload packet. The engine (`index.ts`) stops asking a
 * probe that said `no` or ran past its depth, and stops the whole flow once one matched.
 *
 * Probes run once per payload packet of every unclassified flow, so they check the cheapest
 * bytes first (a length, a first byte) and allocate nothing; `describe` runs only on classified
 * flows and may decode strings.
 */

export type Transport = 'tcp' | 'udp';
export type ProbeAnswer = 'match' | 'no' | 'more';
/** Which way a payload packet went: from the flow's client (first sender / SYN sender) or back. */
export type Direction = 'toServer' | 'toClient';
export type Details = Record<string, string | number>;

/** What a probe may know about the flow besides the packet in hand. */
export interface ProbeFlow {
  readonly transport: Transport;
  readonly clientPort: number;
  readonly serverPort: number;
  /** Payload packets seen so far in this flow, counting the current one (1 for the first). */
  readonly payloadPackets: number;
  /** Per-flow memory for probes that need two packets; created by the probe that needs it. */
  scratch: Record<string, unknown> | undefined;
}

export interface Classifier {
  /** Stable lower-case id, used as the flow's protocol label (`tls`, `gnutella`). */
  readonly id: string;
  /** The name people know (`TLS`, `Gnutella`). */
  readonly name: string;
  readonly transports: readonly Transport[];
  /** Well-known ports: probed first, and the label a payload-less flow gets (evidence `port`). */
  readonly ports: readonly number[];
  /** Payload packets after which the probe gives up on a flow. */
  readonly maxDepth: number;
  /**
   * A heuristic that can mistake random bytes for its protocol (a short binary header with few
   * fixed bits): probed after the strong signatures of the same flow.
   */
  readonly weak?: boolean;
  /**
   * Ids of more general classifiers this one must be asked before, whatever the ports: a
   * BitTorrent tracker request or a Gnutella download is also valid HTTP.
   */
  readonly before?: readonly string[];
  probe(payload: Uint8Array, dir: Direction, flow: ProbeFlow): ProbeAnswer;
  /**
   * Adds what the flow shows (host, SNI, banner, notify types) to `details`; called on the
   * matching packet and on later ones until it answers `done` or `describeDepth` payload packets
   * have passed.
   */
  describe?(payload: Uint8Array, dir: Direction, flow: ProbeFlow, details: Details): 'more' | 'done';
  /** Payload packets (counted from the flow's first) during which `describe` keeps being called. */
  readonly describeDepth?: number;
}

/** True when `p` holds the ASCII text `s` at `offset`. */
export function hasAscii(p: Uint8Array, s: string, offset = 0): boolean {
  if (offset + s.length > p.length) return false;
  for (let i = 0; i < s.length; i++) if (p[offset + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Like `hasAscii`, ignoring ASCII letter case in `p` (`s` must be lower case). */
export function hasAsciiNoCase(p: Uint8Array, s: string, offset = 0): boolean {
  if (offset + s.length > p.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = p[offset + i]!;
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== s.charCodeAt(i)) return false;
  }
  return true;
}

/** Index of the ASCII text `s` in `p[from, limit)`, or -1. */
export function indexOfAscii(p: Uint8Array, s: string, from = 0, limit = p.length): number {
  const first = s.charCodeAt(0);
  const end = Math.min(limit, p.length) - s.length;
  for (let i = from; i <= end; i++) if (p[i] === first && hasAscii(p, s, i)) return i;
  return -1;
}

/** Index of the first CR or LF at or after `from`, or -1 when none within `limit`. */
export function lineEnd(p: Uint8Array, from = 0, limit = p.length): number {
  const end = Math.min(limit, p.length);
  for (let i = from; i < end; i++) if (p[i] === 0x0d || p[i] === 0x0a) return i;
  return -1;
}

/** Printable ASCII text of `p[from, to)`, non-printable bytes shown as `.`; at most `max` chars. */
export function asciiText(p: Uint8Array, from: number, to: number, max = 200): string {
  let s = '';
  const end = Math.min(to, p.length, from + max);
  for (let i = from; i < end; i++) {
    const c = p[i]!;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}

/** The first line of `p` from `from` (without CR/LF), as text. */
export function firstLine(p: Uint8Array, from = 0, max = 200): string {
  const e = lineEnd(p, from, from + max);
  return asciiText(p, from, e === -1 ? Math.min(p.length, from + max) : e, max);
}

/**
 * The value of an HTTP-style header (`Host:`) in the head of a request or response, or undefined.
 * Header names compare case-insensitively (RFC 9110 §5.1); `name` is lower case, without colon.
 */
export function headerValue(p: Uint8Array, name: string, limit = 4096): string | undefined {
  const end = Math.min(p.length, limit);
  let i = 0;
  while (i < end) {
    const e = lineEnd(p, i, end);
    const stop = e === -1 ? end : e;
    if (stop === i) return undefined; // blank line: end of the head
    if (hasAsciiNoCase(p, name, i) && p[i + name.length] === 0x3a) {
      let v = i + name.length + 1;
      while (v < stop && (p[v] === 0x20 || p[v] === 0x09)) v++;
      return asciiText(p, v, stop);
    }
    i = stop;
    if (p[i] === 0x0d) i++;
    if (p[i] === 0x0a) i++;
  }
  return undefined;
}

export function u16(p: Uint8Array, o: number): number {
  return (p[o]! << 8) | p[o + 1]!;
}

export function u32(p: Uint8Array, o: number): number {
  return ((p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8) | p[o + 3]!) >>> 0;
}

export function u32le(p: Uint8Array, o: number): number {
  return (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0;
}

/** True when the flow has `port` on either side. */
export function onPort(flow: ProbeFlow, port: number): boolean {
  return flow.serverPort === port || flow.clientPort === port;
}

export function hex(p: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to && i < p.length; i++) s += p[i]!.toString(16).padStart(2, '0');
  return s;
}
