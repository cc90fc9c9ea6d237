/**
 * L2TP (RFC 2661 v2, RFC 3931 v3 over UDP): the version nibble of the second byte is 2 or 3;
 * control messages set the T, L and S bits (RFC 2661 §3.1) and their length field equals the
 * datagram. Data messages have no such redundancy, so they count only on port 1701.
 */
import { type Classifier, type Details, type Direction, onPort, type ProbeFlow, u16 } from './classifier.js';

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (p.length < 6) return 'no' as const;
  const version = p[1]! & 0x0f;
  if (version !== 2 && version !== 3) return 'no' as const;
  const isControl = (p[0]! & 0x80) !== 0;
  if (isControl) {
    if ((p[0]! & 0xcb) !== 0xc8) return 'no' as const; // T, L, S set; O and P clear
    return u16(p, 2) === p.length ? ('match' as const) : ('no' as const);
  }
  return onPort(flow, 1701) ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: Direction, _flow: ProbeFlow, details: Details) {
  details.version = p[1]! & 0x0f;
  return 'done' as const;
}

export const l2tp: Classifier = {
  id: 'l2tp',
  name: 'L2TP',
  transports: ['udp'],
  ports: [1701],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 1,
};
