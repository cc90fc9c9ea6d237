/**
 * Multicast DNS (RFC 6762) on UDP 5353: DNS's message format, but queries may carry several
 * questions and known answers, and responses carry no question at all. The port is required
 * (RFC 6762 §6: responses go from 5353). Its messages carry the `dns.*` filter fields.
 */
import { type Classifier, type Details, type Direction, onPort, type ProbeFlow, u16 } from './classifier.js';
import { questionName } from './dns.js';

/** A DNS-format header (RFC 1035 §4.1.1) with opcode 0 and some record, counts within reason. */
export function dnsShapedHeader(p: Uint8Array): boolean {
  if (p.length < 12 || ((p[2]! >> 3) & 0x0f) !== 0) return false;
  let records = 0;
  for (let o = 4; o < 12; o += 2) {
    const n = u16(p, o);
    if (n > 256) return false;
    records += n;
  }
  return records > 0;
}

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  return onPort(flow, 5353) && dnsShapedHeader(p) ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: Direction, _flow: ProbeFlow, details: Details) {
  const name = questionName(p, 0);
  if (name !== undefined) details.query = name;
  return name === undefined ? ('more' as const) : ('done' as const);
}

export const mdns: Classifier = {
  id: 'mdns',
  name: 'mDNS',
  transports: ['udp'],
  ports: [5353],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 4,
};
