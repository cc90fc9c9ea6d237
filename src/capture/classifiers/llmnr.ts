/**
 * LLMNR (RFC 4795) on UDP 5355: DNS's message format with exactly one question (§2.1.1), sent
 * to 224.0.0.252 / ff02::1:3. The port is required. Its messages carry the `dns.*` filter fields.
 */
import { type Classifier, type Details, type Direction, onPort, type ProbeFlow, u16 } from './classifier.js';
import { questionName } from './dns.js';
import { dnsShapedHeader } from './mdns.js';

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (!onPort(flow, 5355) || !dnsShapedHeader(p) || u16(p, 4) !== 1) return 'no' as const;
  return questionName(p, 0) !== undefined ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: Direction, _flow: ProbeFlow, details: Details) {
  details.query = questionName(p, 0) ?? '';
  return 'done' as const;
}

export const llmnr: Classifier = {
  id: 'llmnr',
  name: 'LLMNR',
  transports: ['udp'],
  ports: [5355],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 1,
};
