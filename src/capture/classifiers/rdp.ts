/**
 * RDP (MS-RDPBCGR §2.2.1.1): a TPKT header (version 3, RFC 1006) with an X.224 Connection
 * Request (0xE0) or Confirm (0xD0), carrying a `Cookie: mstshash=` or an RDP negotiation
 * request. TPKT also carries ISO-TSAP and H.323, so without the cookie the port must be 3389.
 */
import {
  type Classifier,
  type Details,
  type Direction,
  indexOfAscii,
  onPort,
  type ProbeFlow,
  u16,
} from './classifier.js';

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (p.length < 11) return 'more' as const;
  if (p[0] !== 3 || p[1] !== 0 || u16(p, 2) !== p.length) return 'no' as const;
  const code = p[5]! & 0xf0;
  if (code !== 0xe0 && code !== 0xd0) return 'no' as const;
  if (indexOfAscii(p, 'Cookie: mstshash=', 11) !== -1 || onPort(flow, 3389)) return 'match' as const;
  // rdpNegReq / rdpNegRsp: type 1 or 2, flags, length 8, at the end of the X.224 PDU.
  const n = p.length - 8;
  return (p[n] === 1 || p[n] === 2) && u16(p, n + 2) === 0x0800 ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: Direction, _flow: ProbeFlow, details: Details) {
  const i = indexOfAscii(p, 'Cookie: mstshash=', 11);
  if (i !== -1) {
    let user = '';
    for (let j = i + 17; j < p.length && p[j] !== 0x0d && user.length < 64; j++)
      user += String.fromCharCode(p[j]!);
    details.user = user;
  }
  return 'done' as const;
}

export const rdp: Classifier = {
  id: 'rdp',
  name: 'RDP',
  transports: ['tcp'],
  ports: [3389],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 1,
};
