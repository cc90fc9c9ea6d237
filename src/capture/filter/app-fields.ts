/**
 * Application-layer names and fields for display filters: which application protocol a packet
 * carries (`dns`, `tls`, `http`, `isakmp` …), the DNS query name, the TLS SNI and the HTTP Host.
 * Computed only when a filter asks, once per packet.
 *
 * The protocol comes from the flow's classification (classifiers/, the labels `pcap protocols`
 * and `pcap conversations` show), never from a port table of its own: DNS on port 40077 is `dns`
 * as soon as the classifier recognised it, as tshark's heuristics would. A packet carries its
 * flow's protocol when it carries payload, with the message boundaries tshark shows: TLS where a
 * record ends (tls-records.ts), HTTP where a request or response starts, IKE or ESP on UDP 4500
 * by the non-ESP marker (RFC 3948). The fields are read by the classifiers' own readers.
 */
import { hasAscii, headerValue } from '../classifiers/classifier.js';
import { questionName } from '../classifiers/dns.js';
import { httpMethodLength } from '../classifiers/http.js';
import { clientHelloServerName } from '../classifiers/tls.js';
import type { PacketView } from './packet-view.js';
import type { TlsRecordTracker } from './tls-records.js';

export interface AppFields {
  /** Application protocol names present (`dns`, `tls` …). */
  protocols: Set<string>;
  dnsQueryNames: string[];
  serverNames: string[];
  httpHosts: string[];
}

/** Labels whose connections may switch to TLS (RFC 3207 SMTP, RFC 9051 IMAP, RFC 2595 POP3). */
const STARTTLS = new Set(['smtp', 'imap', 'pop']);
/** Labels that carry DNS messages (and so the `dns.*` fields, as Wireshark's mDNS and LLMNR do). */
const DNS_LIKE = new Set(['dns', 'mdns', 'llmnr']);

/**
 * The application label of layer `i`'s flow as known at this packet, or undefined. While the
 * probes are still reading a flow that no payload signature has named yet, it has none: the
 * port alone would guess (UDP 443 is QUIC until OpenVPN's second packet says otherwise).
 */
export function layerLabel(view: PacketView, i: number): string | undefined {
  const f = view.layerFlow[i]!;
  if (f < 0 || view.table === undefined) return undefined;
  const c = view.table.classifiers[f];
  if (c === undefined) return undefined;
  const r = c.result();
  return c.done || r.evidence === 'payload' ? r.protocol : undefined;
}

/** The application fields of the packet in `view`, computed once per packet. */
export function appFields(view: PacketView): AppFields {
  if (view.app !== undefined) return view.app as AppFields;
  const out: AppFields = { protocols: new Set(), dnsQueryNames: [], serverNames: [], httpHosts: [] };
  for (let i = 0; i < view.tcpOff.length; i++) if (view.tcpHdr[i]! > 0) tcpLayer(view, i, out);
  for (let i = 0; i < view.udpOff.length; i++) udpLayer(view, i, out);
  view.app = out;
  return out;
}

/** The captured payload of TCP entry `i` (bounded by the IP length). */
function tcpPayload(view: PacketView, i: number): Uint8Array {
  const start = view.tcpOff[i]! + view.tcpHdr[i]!;
  const len = Math.max(0, Math.min(view.tcpLen[i]!, view.end - start));
  return view.data.subarray(start, start + len);
}

function udpPayload(view: PacketView, i: number): Uint8Array {
  const start = view.udpOff[i]! + 8;
  const len = Math.max(0, Math.min(view.udpLen[i]!, view.end - start));
  return view.data.subarray(start, start + len);
}

/**
 * Feeds the packet in `view` to the TLS record tracker (every packet, in capture order) and leaves
 * what it found in `view.tlsFrame` for `appFields`: the first TCP layer whose flow is TLS, or a
 * mail protocol that may switch to it.
 */
export function trackTls(view: PacketView, tracker: TlsRecordTracker): void {
  view.tlsFrame = undefined;
  for (let i = 0; i < view.tcpOff.length; i++) {
    if (view.tcpHdr[i] === 0) continue;
    const label = layerLabel(view, view.tcpLayer[i]!);
    if (label !== 'tls' && !(label !== undefined && STARTTLS.has(label))) continue;
    const start = view.tcpOff[i]! + view.tcpHdr[i]!;
    const len = Math.max(0, Math.min(view.tcpLen[i]!, view.end - start));
    view.tlsFrame = tracker.see(view, i, start, len, clientHelloServerName, label !== 'tls');
    return;
  }
}

function tcpLayer(view: PacketView, i: number, out: AppFields): void {
  const label = layerLabel(view, view.tcpLayer[i]!);
  if (label === undefined) return;
  const payload = tcpPayload(view, i);
  if (payload.length === 0) return;
  const frame = view.tlsFrame;
  if (label === 'tls' || (STARTTLS.has(label) && frame)) {
    if (frame) {
      // Followed across segments (tls-records.ts): TLS where a record ends, the SNI where the
      // ClientHello does.
      if (frame.tls) out.protocols.add('tls');
      if (frame.serverName !== undefined) out.serverNames.push(frame.serverName);
    } else if (label === 'tls' && isTlsRecord(payload)) {
      out.protocols.add('tls');
      const sni = clientHelloServerName(payload);
      if (sni !== undefined) out.serverNames.push(sni);
    }
    return;
  }
  if (DNS_LIKE.has(label)) {
    // DNS over TCP: a 2-byte length before the message (RFC 1035 §4.2.2).
    if (payload.length < 14) return;
    out.protocols.add(label);
    const name = questionName(payload, 2);
    if (name !== undefined) out.dnsQueryNames.push(name);
    return;
  }
  if (label === 'http') {
    if (!startsHttpMessage(payload)) return;
    out.protocols.add('http');
    const host = headerValue(payload, 'host');
    if (host !== undefined) out.httpHosts.push(host);
    return;
  }
  out.protocols.add(label);
}

function udpLayer(view: PacketView, i: number, out: AppFields): void {
  const label = layerLabel(view, view.udpLayer[i]!);
  if (label === undefined) return;
  const payload = udpPayload(view, i);
  if (payload.length === 0) return;
  if (DNS_LIKE.has(label)) {
    out.protocols.add(label);
    const name = questionName(payload, 0);
    if (name !== undefined) out.dnsQueryNames.push(name);
  } else if (label === 'isakmp') {
    // RFC 3948: on UDP 4500 a zero "non-ESP marker" precedes IKE; a single 0xff byte is a
    // NAT-keepalive; anything else is ESP.
    const off = view.udpOff[i]!;
    if (view.u16(off) !== 4500 && view.u16(off + 2) !== 4500) out.protocols.add('isakmp');
    else if (
      payload.length >= 4 &&
      payload[0] === 0 &&
      payload[1] === 0 &&
      payload[2] === 0 &&
      payload[3] === 0
    )
      out.protocols.add('isakmp');
    else if (payload.length > 1) out.protocols.add('esp');
  } else if (label === 'ssdp') {
    // SSDP is HTTP over UDP: Wireshark shows it as ssdp, with the http.* header fields.
    if (!startsHttpMessage(payload)) return;
    out.protocols.add('ssdp');
    const host = headerValue(payload, 'host');
    if (host !== undefined) out.httpHosts.push(host);
  } else out.protocols.add(label);
}

const SSDP_METHODS = ['NOTIFY ', 'M-SEARCH ', 'SUBSCRIBE ', 'PROPFIND '];

/** A request line or a status line at the start of `p` (RFC 9112 §3, §4; SSDP's methods). */
function startsHttpMessage(p: Uint8Array): boolean {
  if (hasAscii(p, 'HTTP/1.0 ') || hasAscii(p, 'HTTP/1.1 ')) return true;
  return httpMethodLength(p) > 0 || SSDP_METHODS.some((m) => hasAscii(p, m));
}

function isTlsRecord(b: Uint8Array): boolean {
  // RFC 8446 §5.1: content type 20–24, legacy version 3.x.
  return b.length >= 5 && b[0]! >= 20 && b[0]! <= 24 && b[1] === 3 && b[2]! <= 4;
}
