/**
 * SNMP (RFC 3416, RFC 3412) in BER: SEQUENCE { INTEGER version (0 = v1, 1 = v2c, 3 = v3), … }.
 * v1/v2c then carry an OCTET STRING community and a PDU tagged 0xA0–0xA8; v3 a SEQUENCE of
 * global data. `describe` records the version and the PDU type.
 */
import type { Classifier, Details } from './classifier.js';

const PDUS = ['get', 'get-next', 'response', 'set', 'trap', 'get-bulk', 'inform', 'trap-v2', 'report'];

/** Offset just past a BER length starting at `o` and the length, or undefined. */
function berLength(p: Uint8Array, o: number): [number, number] | undefined {
  const b = p[o];
  if (b === undefined) return undefined;
  if (b < 0x80) return [o + 1, b];
  const n = b & 0x7f;
  if (n === 0 || n > 3 || o + 1 + n > p.length) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + p[o + 1 + i]!;
  return [o + 1 + n, len];
}

interface Shape {
  version: number;
  pdu?: number;
}

function parse(p: Uint8Array): Shape | undefined {
  if (p.length < 12 || p[0] !== 0x30) return undefined;
  const outer = berLength(p, 1);
  if (outer === undefined || outer[0] + outer[1] !== p.length) return undefined;
  let o = outer[0];
  if (p[o] !== 0x02 || p[o + 1] !== 0x01) return undefined;
  const version = p[o + 2]!;
  if (version !== 0 && version !== 1 && version !== 3) return undefined;
  o += 3;
  if (version === 3) return p[o] === 0x30 ? { version } : undefined;
  if (p[o] !== 0x04) return undefined;
  const community = berLength(p, o + 1);
  if (community === undefined) return undefined;
  o = community[0] + community[1];
  const pdu = p[o];
  if (pdu === undefined || pdu < 0xa0 || pdu > 0xa8) return undefined;
  return { version, pdu: pdu - 0xa0 };
}

function probe(p: Uint8Array) {
  return parse(p) !== undefined ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: unknown, _flow: unknown, details: Details) {
  const s = parse(p);
  if (s !== undefined) {
    details.version = s.version === 0 ? 'v1' : s.version === 1 ? 'v2c' : 'v3';
    if (s.pdu !== undefined) details.pdu = PDUS[s.pdu]!;
  }
  return 'done' as const;
}

export const snmp: Classifier = {
  id: 'snmp',
  name: 'SNMP',
  transports: ['udp'],
  ports: [161, 162],
  maxDepth: 1,
  probe,
  describe,
  describeDepth: 1,
};
