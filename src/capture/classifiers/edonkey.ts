/**
 * eDonkey2000/eMule. TCP messages start with a protocol byte (0xE3 eDonkey, 0xC5 eMule, 0xD4
 * zlib-packed), a little-endian length and an opcode; the first message of a connection is a
 * hello (0x01) or a server login (0x01) and fits the length. The answer must again start with a
 * protocol byte. UDP (server and Kad, 0xE4/0xE5 Kademlia) packets have only two fixed bytes, so
 * they are a weak heuristic limited to the opcodes nDPI also accepts.
 */
import { type Classifier, type Details, type Direction, type ProbeFlow, u32le } from './classifier.js';

function isProtocolByte(b: number | undefined): boolean {
  return b === 0xe3 || b === 0xc5 || b === 0xd4;
}

/** A TCP message header: protocol byte and a plausible length (the message may span segments). */
function tcpHeader(p: Uint8Array): boolean {
  if (p.length < 6 || !isProtocolByte(p[0])) return false;
  const len = u32le(p, 1);
  return len >= 1 && len < 0x1000000;
}

/** Server UDP opcodes: status, search, get sources, server description (eMule's opcodes.h). */
const UDP_OPCODES = new Set([0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0xa2, 0xa3, 0xa4]);
const KAD_OPCODES = new Set([
  0x01, 0x09, 0x11, 0x19, 0x21, 0x29, 0x31, 0x39, 0x41, 0x43, 0x51, 0x59, 0x60, 0x61,
]);

function probe(p: Uint8Array, dir: Direction, flow: ProbeFlow) {
  if (flow.transport === 'udp') {
    if (p.length < 2) return 'no' as const;
    if ((p[0] === 0xe3 || p[0] === 0xc5) && UDP_OPCODES.has(p[1]!)) return 'match' as const;
    return (p[0] === 0xe4 || p[0] === 0xe5) && KAD_OPCODES.has(p[1]!) ? ('match' as const) : ('no' as const);
  }
  if (dir === 'toServer' && flow.scratch?.edonkeyHello === undefined) {
    if (!tcpHeader(p) || u32le(p, 1) + 5 !== p.length || (p[5] !== 0x01 && p[5] !== 0x4c))
      return 'no' as const;
    flow.scratch = { ...flow.scratch, edonkeyHello: true };
    return 'more' as const;
  }
  if (dir === 'toClient')
    return flow.scratch?.edonkeyHello === true && tcpHeader(p) ? ('match' as const) : ('no' as const);
  return 'more' as const;
}

function describe(p: Uint8Array, _dir: Direction, flow: ProbeFlow, details: Details) {
  details.kind = flow.transport === 'udp' ? (p[0] === 0xe4 || p[0] === 0xe5 ? 'Kad' : 'server UDP') : 'TCP';
  return 'done' as const;
}

export const edonkey: Classifier = {
  id: 'edonkey',
  name: 'eDonkey',
  transports: ['tcp', 'udp'],
  ports: [4662, 4672],
  maxDepth: 4,
  weak: true,
  probe,
  describe,
  describeDepth: 1,
};
