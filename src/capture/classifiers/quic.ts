/**
 * QUIC: a long-header packet (RFC 9000 §17.2: header form and fixed bits set) carrying a known
 * version — 1 (RFC 9000), 2 (RFC 9369), the IETF drafts (0xff0000xx) or Google's QUIC (Q0xx, T0xx)
 * — and a destination connection ID of at most 20 bytes. Initial packets are padded to 1200 bytes
 * by clients (RFC 9000 §14.1), which keeps random UDP from matching.
 */
import { type Classifier, type Details, type Direction, u32 } from './classifier.js';

function versionName(v: number): string | undefined {
  if (v === 0x00000001) return 'QUIC v1';
  if (v === 0x6b3343cf) return 'QUIC v2';
  if (v >>> 8 === 0xff0000 && (v & 0xff) >= 1 && (v & 0xff) <= 34) return `draft-${v & 0xff}`;
  const a = v >>> 24;
  const b = (v >>> 16) & 0xff;
  if ((a === 0x51 || a === 0x54) && b === 0x30) return String.fromCharCode(a, b, (v >>> 8) & 0xff, v & 0xff);
  return undefined;
}

function probe(p: Uint8Array, dir: Direction) {
  // A client's Initial is padded to at least 1200 bytes (RFC 9000 §14.1).
  if (p.length < (dir === 'toServer' ? 1200 : 7)) return 'no' as const;
  if ((p[0]! & 0xc0) !== 0xc0) return 'no' as const;
  if (versionName(u32(p, 1)) === undefined) return 'no' as const;
  return p[5]! <= 20 ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: unknown, _flow: unknown, details: Details) {
  details.version = versionName(u32(p, 1)) ?? 'unknown';
  return 'done' as const;
}

export const quic: Classifier = {
  id: 'quic',
  name: 'QUIC',
  transports: ['udp'],
  ports: [443],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 1,
};
