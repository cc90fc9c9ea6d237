/**
 * NTP (RFC 5905): on UDP port 123, a 48-byte header (plus extension fields or a MAC) with
 * version 1–4 and mode 1–5, or a mode 6/7 control message. The port is required: 48 random
 * bytes have no shape of their own.
 */
import { type Classifier, type Details, type Direction, onPort, type ProbeFlow } from './classifier.js';

const MODES = [
  'reserved',
  'symmetric active',
  'symmetric passive',
  'client',
  'server',
  'broadcast',
  'control',
  'private',
];

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (!onPort(flow, 123) || p.length < 12) return 'no' as const;
  const version = (p[0]! >> 3) & 7;
  const mode = p[0]! & 7;
  if (version < 1 || version > 4 || mode === 0) return 'no' as const;
  return mode >= 6 || p.length >= 48 ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: Direction, _flow: ProbeFlow, details: Details) {
  details.version = (p[0]! >> 3) & 7;
  details.mode = MODES[p[0]! & 7]!;
  return 'done' as const;
}

export const ntp: Classifier = {
  id: 'ntp',
  name: 'NTP',
  transports: ['udp'],
  ports: [123],
  maxDepth: 1,
  probe,
  describe,
  describeDepth: 1,
};
