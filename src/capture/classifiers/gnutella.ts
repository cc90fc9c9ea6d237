/**
 * Gnutella (the Gnutella 0.6 protocol, RFC-Gnutella 0.6 draft) and Gnutella2 (G2).
 * TCP: the handshake `GNUTELLA CONNECT/0.6` and its answer `GNUTELLA/0.6 200`, push `GIV`,
 * and HTTP downloads that name Gnutella (`/uri-res/`, `X-Gnutella-…`, `X-Queue`).
 * UDP: a G2 datagram (`GND`, flags, sequence, part ≤ count), or a Gnutella 0.6 message: a 16-byte
 * GUID, a known function byte, TTL and hops ≤ 15, and a little-endian payload length that is
 * exactly the rest of the datagram. Servents use random, non-well-known ports, so no port helps.
 */
import {
  type Classifier,
  type Details,
  type Direction,
  firstLine,
  hasAscii,
  headerValue,
  type ProbeFlow,
  u32le,
} from './classifier.js';

/** Gnutella 0.6 message functions: ping, pong, bye, QRP, vendor, push, DHT (0x44, the Kademlia RPC of LimeWire and gtk-gnutella), query, query hit. */
const FUNCTIONS = new Set([0x00, 0x01, 0x02, 0x30, 0x31, 0x32, 0x40, 0x44, 0x80, 0x81]);

export function isGnutellaUdpMessage(p: Uint8Array): boolean {
  return (
    p.length >= 23 && FUNCTIONS.has(p[16]!) && p[17]! <= 15 && p[18]! <= 15 && u32le(p, 19) === p.length - 23
  );
}

export function isG2Datagram(p: Uint8Array): boolean {
  // "GND", flags, sequence (2), part, count; an acknowledgement has count 0 (G2 UDP transceiver).
  return p.length >= 8 && p[0] === 0x47 && p[1] === 0x4e && p[2] === 0x44 && (p[7] === 0 || p[6]! <= p[7]!);
}

function tcpProbe(p: Uint8Array) {
  const c = p[0];
  if (c === 0x47 /* G */) {
    if (hasAscii(p, 'GNUTELLA CONNECT/') || hasAscii(p, 'GNUTELLA/')) return 'match' as const;
    if (hasAscii(p, 'GIV ')) return 'match' as const;
    if (hasAscii(p, 'GET /uri-res/') || hasAscii(p, 'GET /get/')) return 'match' as const;
  }
  if (
    (c === 0x47 || c === 0x48) &&
    (hasAscii(p, 'GET /') || hasAscii(p, 'HEAD /') || hasAscii(p, 'HTTP/1.'))
  ) {
    if (
      headerValue(p, 'x-gnutella-content-urn') !== undefined ||
      headerValue(p, 'x-queue') !== undefined ||
      headerValue(p, 'x-gnutella-alternate-location') !== undefined ||
      headerValue(p, 'x-alt') !== undefined ||
      (headerValue(p, 'user-agent') ?? '').toLowerCase().includes('gnutella') ||
      (headerValue(p, 'server') ?? '').toLowerCase().includes('gnutella')
    )
      return 'match' as const;
  }
  return 'no' as const;
}

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (flow.transport === 'tcp') return p.length < 4 ? ('more' as const) : tcpProbe(p);
  return isG2Datagram(p) || isGnutellaUdpMessage(p) ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: Direction, flow: ProbeFlow, details: Details) {
  if (flow.transport === 'udp') details.kind = isG2Datagram(p) ? 'G2 datagram' : 'Gnutella message';
  else {
    details.kind = 'TCP';
    details.first = firstLine(p, 0, 80);
    const agent = headerValue(p, 'user-agent') ?? headerValue(p, 'server');
    if (agent !== undefined) details.agent = agent;
  }
  return 'done' as const;
}

export const gnutella: Classifier = {
  id: 'gnutella',
  name: 'Gnutella',
  transports: ['tcp', 'udp'],
  ports: [6346, 6347],
  maxDepth: 3,
  before: ['http'],
  probe,
  describe,
  describeDepth: 1,
};
