/**
 * SSDP (UPnP Device Architecture 2.0 §1): HTTP over UDP 1900 — `M-SEARCH * HTTP/1.1`,
 * `NOTIFY * HTTP/1.1` or an `HTTP/1.1 200 OK` answer. The port is required. Its messages carry
 * the `http.*` header fields in the display filters.
 */
import {
  type Classifier,
  type Details,
  type Direction,
  hasAscii,
  headerValue,
  onPort,
  type ProbeFlow,
} from './classifier.js';

const STARTS = ['M-SEARCH ', 'NOTIFY ', 'HTTP/1.1 ', 'HTTP/1.0 '];

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (!onPort(flow, 1900)) return 'no' as const;
  return STARTS.some((s) => hasAscii(p, s)) ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: Direction, _flow: ProbeFlow, details: Details) {
  const st = headerValue(p, 'st') ?? headerValue(p, 'nt');
  if (st !== undefined) details.target = st;
  const server = headerValue(p, 'server');
  if (server !== undefined) details.server = server;
  return 'done' as const;
}

export const ssdp: Classifier = {
  id: 'ssdp',
  name: 'SSDP',
  transports: ['udp'],
  ports: [1900],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 1,
};
