/**
 * TLS (RFC 8446, RFC 5246): a handshake record (content type 22, version 3.x) carrying a
 * ClientHello or ServerHello, or an SSLv2-framed ClientHello from old clients. `describe` reads
 * the server name (SNI, RFC 6066 §3) and the version: the one the server chose (the
 * `supported_versions` extension for TLS 1.3, RFC 8446 §4.2.1), else the highest the client offered.
 */
import { type Classifier, type Details, type Direction, type ProbeFlow, u16 } from './classifier.js';

const VERSION_NAMES: Record<number, string> = {
  768: 'SSL 3.0',
  769: 'TLS 1.0',
  770: 'TLS 1.1',
  771: 'TLS 1.2',
  772: 'TLS 1.3',
};

export function tlsVersionName(v: number): string {
  return VERSION_NAMES[v] ?? `0x${v.toString(16).padStart(4, '0')}`;
}

/** True when `p` starts with a TLS handshake record holding a ClientHello (1) or ServerHello (2). */
export function isTlsHello(p: Uint8Array, o = 0): boolean {
  if (p.length < o + 6 || p[o] !== 0x16 || p[o + 1] !== 0x03 || p[o + 2]! > 0x04) return false;
  const hs = p[o + 5];
  return (hs === 1 || hs === 2) && u16(p, o + 3) >= 4;
}

function isSslv2ClientHello(p: Uint8Array): boolean {
  // 2-byte header with the high bit set, message type 1, then version 0x0002 or 0x03xx.
  return p.length >= 11 && (p[0]! & 0x80) !== 0 && p[2] === 1 && (p[3] === 3 || (p[3] === 0 && p[4] === 2));
}

/**
 * A record of application data, alert or change-cipher-spec (content type 20, 21 or 23, version
 * 3.1–3.4, RFC 8446 §5.1): a flow seen after its handshake. The length must fit the segment
 * exactly or be followed by another record header, and may not exceed 2^14 + 2048 bytes.
 */
function isTlsRecordRun(p: Uint8Array): boolean {
  let o = 0;
  for (let n = 0; n < 2; n++) {
    const t = p[o];
    if ((t !== 23 && t !== 21 && t !== 20) || p[o + 1] !== 3 || p[o + 2]! < 1 || p[o + 2]! > 4) return false;
    const len = u16(p, o + 3);
    if (len === 0 || len > 18432) return false;
    o += 5 + len;
    if (o === p.length) return true;
    if (o + 5 > p.length) return false;
  }
  return true;
}

function probe(p: Uint8Array) {
  if (p.length < 6) return 'more' as const;
  return isTlsHello(p) || isSslv2ClientHello(p) || isTlsRecordRun(p) ? ('match' as const) : ('no' as const);
}

/** Walks the extensions of a hello whose extension block starts at `o`. */
function readExtensions(p: Uint8Array, o: number, isClient: boolean, details: Details): void {
  if (o + 2 > p.length) return;
  const end = Math.min(p.length, o + 2 + u16(p, o));
  o += 2;
  while (o + 4 <= end) {
    const type = u16(p, o);
    const len = u16(p, o + 2);
    const body = o + 4;
    if (body + len > end) return;
    if (type === 0 && isClient && len >= 5 && p[body + 2] === 0) {
      const n = u16(p, body + 3);
      let name = '';
      for (let i = body + 5; i < body + 5 + n && i < body + len; i++) name += String.fromCharCode(p[i]!);
      details.sni = name;
    } else if (type === 43 && isClient && len >= 3) {
      let best = 0;
      for (let i = body + 1; i + 1 < body + 1 + p[body]! && i + 1 < body + len; i += 2) {
        const v = u16(p, i);
        if ((v & 0x0f0f) !== 0x0a0a && v > best && v <= 0x0304) best = v; // skip GREASE (RFC 8701)
      }
      if (best) details.offered = tlsVersionName(best);
    } else if (type === 43 && !isClient && len === 2) {
      details.version = tlsVersionName(u16(p, body));
    }
    o = body + len;
  }
}

/** Reads the SNI and versions of a ClientHello or ServerHello record at the start of `p`. */
export function describeHello(p: Uint8Array, details: Details): void {
  const isClient = p[5] === 1;
  let o = 9; // record header (5) + handshake header (4)
  if (o + 34 > p.length) return;
  const legacy = u16(p, o);
  if (isClient && details.offered === undefined) details.offered = tlsVersionName(legacy);
  if (!isClient) details.version = tlsVersionName(legacy);
  o += 34; // version + random
  o += 1 + (p[o] ?? 0); // session id
  if (isClient) {
    if (o + 2 > p.length) return;
    o += 2 + u16(p, o); // cipher suites
    if (o + 1 > p.length) return;
    o += 1 + p[o]!; // compression methods
  } else {
    o += 3; // cipher suite + compression method
  }
  readExtensions(p, o, isClient, details);
}

/**
 * The server name (SNI, RFC 6066 §3) of a ClientHello record at the start of `p`, read within the
 * record's length; undefined when there is none. The one SNI reader of capture/: flow details
 * and the display filters' `tls.handshake.extensions_server_name` both use it.
 */
export function clientHelloServerName(p: Uint8Array): string | undefined {
  if (p.length < 9 || p[0] !== 22 || p[5] !== 1) return undefined;
  const details: Details = {};
  describeHello(p.subarray(0, Math.min(p.length, 5 + u16(p, 3))), details);
  return details.sni as string | undefined;
}

/**
 * A ClientHello larger than one segment (post-quantum key shares make Chrome's about 1,800 bytes)
 * is gathered from the client's next segments, up to this many bytes, before its extensions are
 * read: the SNI may sit in the second segment.
 */
const MAX_HELLO = 16 * 1024;

function describe(p: Uint8Array, dir: Direction, flow: ProbeFlow, details: Details) {
  const pending = flow.scratch?.tlsHello as Uint8Array | undefined;
  if (pending !== undefined && dir === 'toServer') {
    const joined = new Uint8Array(pending.length + p.length);
    joined.set(pending);
    joined.set(p, pending.length);
    if (joined.length < 5 + u16(joined, 3) && joined.length < MAX_HELLO) {
      flow.scratch = { ...flow.scratch, tlsHello: joined };
      return 'more' as const;
    }
    flow.scratch = { ...flow.scratch, tlsHello: undefined };
    describeHello(joined, details);
  } else if (isTlsHello(p)) {
    if (p[5] === 1 && p.length < 5 + u16(p, 3) && dir === 'toServer') {
      flow.scratch = { ...flow.scratch, tlsHello: p.slice() };
      return 'more' as const;
    }
    describeHello(p, details);
  } else if (details.offered === undefined && pending === undefined) {
    details.handshake = 'not seen';
    return 'done' as const;
  }
  return details.version !== undefined ? ('done' as const) : ('more' as const);
}

export const tls: Classifier = {
  id: 'tls',
  name: 'TLS',
  transports: ['tcp'],
  ports: [443, 465, 993, 995, 853, 8443],
  maxDepth: 3,
  probe,
  describe,
  describeDepth: 8,
};
