/**
 * Application-layer names and fields for display filters, decoded from the packet's first TCP or
 * UDP payload only when a filter asks: which application protocol Wireshark would show for the
 * packet (`dns`, `tls`, `http`, `isakmp` …), the DNS query name, the TLS SNI and the HTTP Host.
 *
 * Wireshark picks a dissector by port (its "decode as" table, lower port first) and the protocol
 * appears on a packet only when the payload holds (the end of) a message of it; this module
 * follows those rules for the protocols the filter subset names. It does not reassemble messages
 * split over several TCP segments, so a TLS record or HTTP header cut across segments is seen on
 * none of them (tshark shows it on the last): a documented limit, listed in the conformance
 * suite's known misses.
 */
import type { PacketView } from './packet-view.js';
import type { TlsRecordTracker } from './tls-records.js';

export interface AppFields {
  /** Application protocol names present (`dns`, `tls` …). */
  protocols: Set<string>;
  dnsQueryNames: string[];
  serverNames: string[];
  httpHosts: string[];
}

const TLS_TCP_PORTS = new Set([
  261, 324, 443, 448, 465, 563, 614, 636, 802, 853, 989, 990, 992, 993, 994, 995, 1300, 2221, 2252, 2443,
  3249, 3250, 3251, 3252, 3496, 4433, 5061, 5671, 5684, 5868, 8443, 8883, 10161, 10162, 11207, 19999, 27017,
]);
/** Protocols that switch to TLS in the same connection (RFC 3207 SMTP, RFC 9051 IMAP, RFC 2595 POP3). */
const STARTTLS_PORTS = new Set([25, 110, 143, 587]);
const HTTP_TCP_PORTS = new Set([80, 631, 1900, 2710, 2869, 3128, 3132, 3689, 5985, 8080, 8088, 11371]);
const HTTP_START =
  /^(GET|POST|HEAD|PUT|DELETE|OPTIONS|CONNECT|PATCH|TRACE|PROPFIND|NOTIFY|M-SEARCH|SUBSCRIBE|HTTP\/1\.[01]) /;

const EMPTY: AppFields = { protocols: new Set(), dnsQueryNames: [], serverNames: [], httpHosts: [] };

/** The application fields of the packet in `view`, computed once per packet. */
export function appFields(view: PacketView): AppFields {
  if (view.app !== undefined) return view.app as AppFields;
  const fields = decodeApp(view);
  view.app = fields;
  return fields;
}

function decodeApp(view: PacketView): AppFields {
  const d = view.data;
  if (view.tcpOff.length > 0 && view.tcpHdr[0]! > 0) {
    const off = view.tcpOff[0]!;
    const start = off + view.tcpHdr[0]!;
    const len = Math.min(view.tcpLen[0]!, view.end - start);
    if (len <= 0) return EMPTY;
    return tcpApp(view, d.subarray(start, start + len), view.u16(off), view.u16(off + 2));
  }
  if (view.udpOff.length > 0) {
    const off = view.udpOff[0]!;
    const start = off + 8;
    const len = Math.min(view.udpLen[0]!, view.end - start);
    if (len < 0) return EMPTY;
    return udpApp(d.subarray(start, start + len), view.u16(off), view.u16(off + 2));
  }
  return EMPTY;
}

/**
 * Feeds the packet in `view` to the TLS record tracker (every packet, in capture order) and leaves
 * what it found in `view.tlsFrame` for `appFields`.
 */
export function trackTls(view: PacketView, tracker: TlsRecordTracker): void {
  view.tlsFrame = undefined;
  if (view.tcpOff.length === 0 || view.tcpHdr[0] === 0) return;
  const off = view.tcpOff[0]!;
  const sport = view.u16(off);
  const dport = view.u16(off + 2);
  if (either(sport, dport, (p) => p === 53 || p === 5353)) return;
  const startTls = either(sport, dport, (p) => STARTTLS_PORTS.has(p));
  if (!startTls && !either(sport, dport, (p) => TLS_TCP_PORTS.has(p))) return;
  const start = off + view.tcpHdr[0]!;
  const len = Math.max(0, Math.min(view.tcpLen[0]!, view.end - start));
  view.tlsFrame = tracker.see(view, start, len, serverName, startTls);
}

function either(a: number, b: number, test: (p: number) => boolean): boolean {
  return test(a) || test(b);
}

function tcpApp(view: PacketView, payload: Uint8Array, sport: number, dport: number): AppFields {
  const out: AppFields = { protocols: new Set(), dnsQueryNames: [], serverNames: [], httpHosts: [] };
  const low = Math.min(sport, dport);
  if (either(sport, dport, (p) => p === 53 || p === 5353) && payload.length >= 14) {
    out.protocols.add('dns');
    const name = dnsQueryName(payload, 2); // DNS over TCP: a 2-byte length before the message
    if (name !== undefined) out.dnsQueryNames.push(name);
  } else if (either(sport, dport, (p) => TLS_TCP_PORTS.has(p)) && (view.tlsFrame || isTlsRecord(payload))) {
    const frame = view.tlsFrame;
    if (frame) {
      // Followed across segments (tls-records.ts): TLS where a record ends, the SNI where the
      // ClientHello does.
      if (frame.tls) out.protocols.add('tls');
      if (frame.serverName !== undefined) out.serverNames.push(frame.serverName);
    } else {
      out.protocols.add('tls');
      const sni = serverName(payload);
      if (sni !== undefined) out.serverNames.push(sni);
    }
  } else if (either(sport, dport, (p) => HTTP_TCP_PORTS.has(p))) {
    const head = ascii(payload, 0, Math.min(payload.length, 4096));
    if (HTTP_START.test(head)) {
      out.protocols.add('http');
      const host = httpHost(head);
      if (host !== undefined) out.httpHosts.push(host);
    }
  } else if (low === 6346 || either(sport, dport, (p) => p === 6346)) out.protocols.add('gnutella');
  else if (either(sport, dport, (p) => p === 22)) out.protocols.add('ssh');
  else if (either(sport, dport, (p) => STARTTLS_PORTS.has(p)) && view.tlsFrame) {
    // After STARTTLS the connection carries TLS records (followed by tls-records.ts).
    if (view.tlsFrame.tls) out.protocols.add('tls');
    if (view.tlsFrame.serverName !== undefined) out.serverNames.push(view.tlsFrame.serverName);
  } else if (either(sport, dport, (p) => p === 25 || p === 587)) out.protocols.add('smtp');
  else if (either(sport, dport, (p) => p >= 6881 && p <= 6889)) out.protocols.add('bittorrent');
  else if (either(sport, dport, (p) => p === 500)) out.protocols.add('isakmp');
  return out;
}

function udpApp(payload: Uint8Array, sport: number, dport: number): AppFields {
  const out: AppFields = { protocols: new Set(), dnsQueryNames: [], serverNames: [], httpHosts: [] };
  if (either(sport, dport, (p) => p === 53)) {
    out.protocols.add('dns');
    const name = dnsQueryName(payload, 0);
    if (name !== undefined) out.dnsQueryNames.push(name);
  } else if (either(sport, dport, (p) => p === 5353 || p === 5355)) {
    // mDNS and LLMNR are their own protocols in Wireshark but carry the dns.* fields.
    out.protocols.add(sport === 5353 || dport === 5353 ? 'mdns' : 'llmnr');
    const name = dnsQueryName(payload, 0);
    if (name !== undefined) out.dnsQueryNames.push(name);
  } else if (either(sport, dport, (p) => p === 500)) out.protocols.add('isakmp');
  else if (either(sport, dport, (p) => p === 4500)) {
    // RFC 3948: on UDP 4500 a zero "non-ESP marker" precedes IKE; a single 0xff byte is a
    // NAT-keepalive; anything else is ESP.
    if (payload.length >= 4 && payload[0] === 0 && payload[1] === 0 && payload[2] === 0 && payload[3] === 0) {
      out.protocols.add('isakmp');
    } else if (payload.length > 1) out.protocols.add('esp');
  } else if (either(sport, dport, (p) => p === 67 || p === 68)) out.protocols.add('dhcp');
  else if (either(sport, dport, (p) => p === 123)) out.protocols.add('ntp');
  else if (either(sport, dport, (p) => p === 1701)) out.protocols.add('l2tp');
  else if (either(sport, dport, (p) => p === 1900)) {
    // SSDP is HTTP over UDP: Wireshark shows it as ssdp, with the http.* header fields.
    const head = ascii(payload, 0, Math.min(payload.length, 4096));
    if (HTTP_START.test(head)) {
      out.protocols.add('ssdp');
      const host = httpHost(head);
      if (host !== undefined) out.httpHosts.push(host);
    }
  }
  return out;
}

function httpHost(head: string): string | undefined {
  const m = /\r\nHost:[ \t]*([^\r\n]*)/i.exec(head);
  return m ? (m[1] as string).trimEnd() : undefined;
}

function ascii(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/**
 * The first question's name of a DNS message starting at `base` (RFC 1035 §4.1.2), with
 * compression pointers followed backwards only and at most 128 labels, as dns-packet does.
 */
export function dnsQueryName(b: Uint8Array, base: number): string | undefined {
  if (b.length < base + 12) return undefined;
  const qdcount = (b[base + 4]! << 8) | b[base + 5]!;
  if (qdcount === 0) return undefined;
  const labels: string[] = [];
  let at = base + 12;
  for (let hops = 0; hops < 128; hops++) {
    const len = b[at];
    if (len === undefined) return undefined;
    if (len === 0) return labels.length ? labels.join('.') : '<Root>';
    if ((len & 0xc0) === 0xc0) {
      const target = base + (((len & 0x3f) << 8) | (b[at + 1] ?? 0));
      if (target >= at) return undefined;
      at = target;
      continue;
    }
    if (len > 63 || at + 1 + len > b.length) return undefined;
    labels.push(ascii(b, at + 1, at + 1 + len));
    at += 1 + len;
  }
  return undefined;
}

function isTlsRecord(b: Uint8Array): boolean {
  // RFC 8446 §5.1: content type 20–24, legacy version 3.x.
  return b.length >= 5 && b[0]! >= 20 && b[0]! <= 24 && b[1] === 3 && b[2]! <= 4;
}

/** The server_name (RFC 6066 §3) of a ClientHello in the first TLS record, if it is whole. */
export function serverName(b: Uint8Array): string | undefined {
  if (b[0] !== 22 || b.length < 9 || b[5] !== 1) return undefined;
  const recordEnd = 5 + ((b[3]! << 8) | b[4]!);
  const end = Math.min(recordEnd, b.length);
  let at = 9 + 2 + 32; // handshake header, client version, random
  if (at >= end) return undefined;
  at += 1 + b[at]!; // session id
  if (at + 2 > end) return undefined;
  at += 2 + ((b[at]! << 8) | b[at + 1]!); // cipher suites
  if (at + 1 > end) return undefined;
  at += 1 + b[at]!; // compression methods
  if (at + 2 > end) return undefined;
  const extEnd = Math.min(end, at + 2 + ((b[at]! << 8) | b[at + 1]!));
  at += 2;
  while (at + 4 <= extEnd) {
    const type = (b[at]! << 8) | b[at + 1]!;
    const len = (b[at + 2]! << 8) | b[at + 3]!;
    const body = at + 4;
    if (type === 0 && body + 5 <= extEnd) {
      const nameLen = (b[body + 3]! << 8) | b[body + 4]!;
      if (b[body + 2] === 0 && body + 5 + nameLen <= extEnd) return ascii(b, body + 5, body + 5 + nameLen);
      return undefined;
    }
    at = body + len;
  }
  return undefined;
}
