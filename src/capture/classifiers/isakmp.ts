/**
 * IKE/ISAKMP (RFC 7296, RFC 2408) on UDP 500, and NAT traversal on UDP 4500 (RFC 3948): IKE
 * behind a 4-byte zero non-ESP marker, 1-byte NAT keepalives (0xFF), and ESP in UDP. The header
 * must agree with the datagram (version, exchange type, length). `describe` follows the exchange
 * for a few packets and records what diagnose explains: version, exchange, the initiator's
 * proposals, the responder's choice and every notify type — an error notify such as
 * NO_PROPOSAL_CHOSEN with the side that sent it — and, on 4500, ESP-in-UDP packets per direction.
 * It stops after 64 packets: enough to see both directions of a working tunnel.
 */
import { type Classifier, type Details, type Direction, onPort, type ProbeFlow, u32 } from './classifier.js';
import { exchangeName, isErrorNotify, notifyName, readHeader, readIkeMessage } from './lib/isakmp.js';

/** Where the ISAKMP header starts in this datagram, -1 for ESP in UDP, -2 for a keepalive or junk. */
function ikeOffset(p: Uint8Array, flow: ProbeFlow): number {
  if (!onPort(flow, 4500)) return 0;
  if (p.length === 1 && p[0] === 0xff) return -2;
  if (p.length >= 4 && u32(p, 0) === 0) return 4;
  return p.length >= 16 ? -1 : -2;
}

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  const o = ikeOffset(p, flow);
  if (o === -2) return 'more' as const;
  if (o === -1) return 'match' as const; // ESP in UDP on 4500: IPsec NAT traversal
  return readHeader(p, o) !== undefined ? ('match' as const) : ('no' as const);
}

function addUnique(details: Details, key: string, word: string): void {
  const seen = details[key];
  if (seen === undefined) details[key] = word;
  else if (!String(seen).split(', ').includes(word)) details[key] = `${seen}, ${word}`;
}

function describe(p: Uint8Array, dir: Direction, flow: ProbeFlow, details: Details) {
  const o = ikeOffset(p, flow);
  if (o === -1) {
    // ESP inside UDP 4500, counted per direction: one side's ESP never arriving is the classic
    // NAT-T failure (a firewall passing the IKE exchange but not the data after it).
    details.espInUdp = 'yes';
    const key = dir === 'toServer' ? 'espToServer' : 'espToClient';
    details[key] = ((details[key] as number | undefined) ?? 0) + 1;
    return 'more' as const;
  }
  if (o < 0) return 'more' as const;
  const m = readIkeMessage(p, o);
  if (m === undefined) return 'more' as const;
  details.version = m.version === 2 ? 'IKEv2' : 'IKEv1';
  if (details.exchange === undefined) details.exchange = exchangeName(m.exchange);
  const side = dir === 'toServer' ? 'initiator' : 'responder';
  if (m.proposals.length > 0) {
    const key = side === 'initiator' ? 'proposed' : 'accepted';
    if (details[key] === undefined) details[key] = m.proposals.join(' | ');
  }
  for (const n of m.notifies) {
    addUnique(details, 'notify', notifyName(n));
    if (isErrorNotify(n) && details.error === undefined) {
      details.error = notifyName(n);
      details.errorFrom = side;
    }
  }
  return 'more' as const;
}

export const isakmp: Classifier = {
  // tshark's name (its filter field is `isakmp`); the display filters accept `ike` as well.
  id: 'isakmp',
  name: 'IKE/ISAKMP',
  transports: ['udp'],
  ports: [500, 4500],
  maxDepth: 3,
  probe,
  describe,
  describeDepth: 64,
};
