/**
 * DHCP (RFC 2131) / BOOTP: op 1 or 2, hardware address length ≤ 16, and the magic cookie
 * 99.130.83.99 at offset 236 (RFC 2131 §3). `describe` records the message type (option 53).
 */
import { type Classifier, type Details, u32 } from './classifier.js';

const MESSAGE_TYPES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];

function probe(p: Uint8Array) {
  if (p.length < 240) return 'no' as const;
  if ((p[0] !== 1 && p[0] !== 2) || p[2]! > 16) return 'no' as const;
  return u32(p, 236) === 0x63825363 ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: unknown, _flow: unknown, details: Details) {
  let o = 240;
  while (o + 1 < p.length) {
    const code = p[o]!;
    if (code === 255) break;
    if (code === 0) {
      o++;
      continue;
    }
    const len = p[o + 1]!;
    if (code === 53 && len === 1 && o + 2 < p.length) {
      details.messageType = MESSAGE_TYPES[p[o + 2]!] ?? String(p[o + 2]);
      break;
    }
    o += 2 + len;
  }
  return 'done' as const;
}

export const dhcp: Classifier = {
  id: 'dhcp',
  name: 'DHCP',
  transports: ['udp'],
  ports: [67, 68],
  maxDepth: 1,
  probe,
  describe,
  describeDepth: 1,
};
