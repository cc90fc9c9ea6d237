/**
 * QUIC: a long-header packet (RFC 9000 §17.2: header form and fixed bits set) carrying a known
 * version — 1 (RFC 9000), 2 (RFC 9369), the IETF drafts (0xff0000xx) or Google's QUIC (Q0xx, T0xx)
 * — and a destination connection ID of at most 20 bytes. Initial packets are padded to 1200 bytes
 * by clients (RFC 9000 §14.1), which keeps random UDP from matching.
 */
import { type Classifier, type Details, type Direction, type ProbeFlow, u32 } from './classifier.js';
import {
  type CryptoPieces,
  clientInitialKeys,
  gatherCrypto,
  helloRecord,
  type InitialKeys,
  initialDcid,
  newCryptoPieces,
  openInitial,
} from './lib/quic-initial.js';
import { describeHello } from './tls.js';

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

interface QuicMemo {
  keys: InitialKeys | undefined;
  crypto: CryptoPieces;
}

/**
 * Records the version, and the SNI and TLS versions of the ClientHello inside the client's
 * Initial packets (see lib/quic-initial.ts), as Wireshark shows them.
 */
function describe(p: Uint8Array, dir: Direction, flow: ProbeFlow, details: Details) {
  if (details.version === undefined) details.version = versionName(u32(p, 1)) ?? 'unknown';
  if (dir !== 'toServer' || (p[0]! & 0xc0) !== 0xc0) return 'more' as const;
  let memo = flow.scratch?.quic as QuicMemo | undefined;
  if (memo === undefined) {
    const dcid = initialDcid(p);
    memo = { keys: dcid && clientInitialKeys(u32(p, 1), dcid), crypto: newCryptoPieces() };
    flow.scratch = { ...flow.scratch, quic: memo };
  }
  if (memo.keys === undefined) return 'done' as const;
  const frames = openInitial(p, memo.keys);
  if (frames === undefined) return 'more' as const;
  gatherCrypto(frames, memo.crypto);
  const hello = helloRecord(memo.crypto);
  if (hello === undefined) return 'more' as const;
  describeHello(hello, details);
  flow.scratch = { ...flow.scratch, quic: undefined };
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
  describeDepth: 4,
};
