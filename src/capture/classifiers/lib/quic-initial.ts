/**
 * Opens a client's QUIC Initial packets to read the TLS ClientHello inside (RFC 9001 §5): the
 * Initial keys derive from the client's first Destination Connection ID and a salt fixed per
 * version, so anyone on the path can read them — this is how Wireshark shows a QUIC SNI.
 * Hand-written on node:crypto (HKDF, AES-128-ECB for header protection, AES-128-GCM): no npm
 * package does QUIC Initial decryption without a whole QUIC stack.
 *
 * The ClientHello may be scattered over several CRYPTO frames, out of order (Chrome does so on
 * purpose) and over two Initials (post-quantum key shares); the pieces are gathered by offset, up
 * to 16 KiB, until the handshake message is whole.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { u16 } from '../classifier.js';

const SALTS: Record<string, string> = {
  v1: '38762cf7f55934b34d179ae6a4c80cadccbb7f0a', // RFC 9001 §5.2
  v2: '0dede3def700a6db819381be6e269dcbf9bd2ed9', // RFC 9369 §3.3.1
  d29: 'afbfec289993d24c9e9786f19c6111e04390a899', // draft-ietf-quic-tls-29 to -32
  d23: 'c3eef712c72ebb5a11a7d2432bb46365bef9f502', // draft-ietf-quic-tls-23 to -28
};
const MAX_CRYPTO = 16 * 1024;

export interface InitialKeys {
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
  v2: boolean;
}

function expandLabel(secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, full.length]),
    full,
    Buffer.from([0, 1]),
  ]);
  return createHmac('sha256', secret).update(info).digest().subarray(0, length); // one HKDF block (≤ 32)
}

function saltFor(version: number): { salt: string; v2: boolean } | undefined {
  if (version === 1) return { salt: SALTS.v1!, v2: false };
  if (version === 0x6b3343cf) return { salt: SALTS.v2!, v2: true };
  const draft = version >>> 8 === 0xff0000 ? version & 0xff : 0;
  if (draft >= 29 && draft <= 32) return { salt: SALTS.d29!, v2: false };
  if (draft >= 23 && draft <= 28) return { salt: SALTS.d23!, v2: false };
  return undefined;
}

/** The client's Initial keys for a version and its first Destination Connection ID. */
export function clientInitialKeys(version: number, dcid: Uint8Array): InitialKeys | undefined {
  const s = saltFor(version);
  if (s === undefined) return undefined;
  const initial = createHmac('sha256', Buffer.from(s.salt, 'hex')).update(dcid).digest();
  const client = expandLabel(initial, 'client in', 32);
  const p = s.v2 ? 'quicv2 ' : 'quic ';
  return {
    key: expandLabel(client, `${p}key`, 16),
    iv: expandLabel(client, `${p}iv`, 12),
    hp: expandLabel(client, `${p}hp`, 16),
    v2: s.v2,
  };
}

/** A QUIC variable-length integer at `o` (RFC 9000 §16): [value, next offset], or undefined. */
function varint(p: Uint8Array, o: number): [number, number] | undefined {
  if (o >= p.length) return undefined;
  const len = 1 << (p[o]! >> 6);
  if (o + len > p.length) return undefined;
  let v = p[o]! & 0x3f;
  for (let i = 1; i < len; i++) v = v * 256 + p[o + i]!;
  return [v, o + len];
}

/** Where the Destination Connection ID is, for key derivation from the first Initial. */
export function initialDcid(p: Uint8Array): Uint8Array | undefined {
  const n = p[5];
  return n !== undefined && n <= 20 && 6 + n <= p.length ? p.subarray(6, 6 + n) : undefined;
}

/** Decrypts the first (Initial) packet of a datagram; the plaintext frames, or undefined. */
export function openInitial(p: Uint8Array, keys: InitialKeys): Uint8Array | undefined {
  if (p.length < 7 || (p[0]! & 0xc0) !== 0xc0) return undefined;
  const type = (p[0]! >> 4) & 3;
  if (type !== (keys.v2 ? 1 : 0)) return undefined; // RFC 9369 §3.2 renumbers the packet types
  let o = 6 + p[5]!;
  if (o >= p.length) return undefined;
  o += 1 + p[o]!;
  const token = varint(p, o);
  if (token === undefined) return undefined;
  o = token[1] + token[0];
  const length = varint(p, o);
  if (length === undefined) return undefined;
  const pnOffset = length[1];
  const end = pnOffset + length[0];
  if (end > p.length || pnOffset + 4 + 16 > end) return undefined;
  const mask = createCipheriv('aes-128-ecb', keys.hp, null).update(p.subarray(pnOffset + 4, pnOffset + 20));
  const header = Buffer.from(p.subarray(0, pnOffset + 4));
  header[0] = header[0]! ^ (mask[0]! & 0x0f);
  const pnLength = (header[0]! & 3) + 1;
  const nonce = Buffer.from(keys.iv);
  for (let i = 0; i < pnLength; i++) {
    header[pnOffset + i] = header[pnOffset + i]! ^ mask[1 + i]!;
    nonce[12 - pnLength + i] = nonce[12 - pnLength + i]! ^ header[pnOffset + i]!;
  }
  try {
    const d = createDecipheriv('aes-128-gcm', keys.key, nonce);
    d.setAAD(header.subarray(0, pnOffset + pnLength));
    d.setAuthTag(Buffer.from(p.subarray(end - 16, end)));
    return Buffer.concat([d.update(p.subarray(pnOffset + pnLength, end - 16)), d.final()]);
  } catch {
    return undefined; // not an Initial under these keys (or corrupt): nothing to read
  }
}

/** CRYPTO frame data gathered so far: pieces by offset, at most 16 KiB and 64 pieces. */
export interface CryptoPieces {
  pieces: { offset: number; bytes: Uint8Array }[];
  total: number;
}

export function newCryptoPieces(): CryptoPieces {
  return { pieces: [], total: 0 };
}

/** Collects the CRYPTO frames of a decrypted Initial payload. */
export function gatherCrypto(frames: Uint8Array, into: CryptoPieces): void {
  let o = 0;
  while (o < frames.length) {
    const type = frames[o]!;
    if (type === 0x00 || type === 0x01) {
      o++; // PADDING, PING
      continue;
    }
    if (type === 0x02 || type === 0x03) {
      // ACK: largest, delay, range count, first range, then (gap, length) pairs [+ 3 ECN counts].
      const fields: number[] = [];
      let at = o + 1;
      for (let i = 0; i < 4; i++) {
        const v = varint(frames, at);
        if (v === undefined) return;
        fields.push(v[0]);
        at = v[1];
      }
      const extra = fields[2]! * 2 + (type === 0x03 ? 3 : 0);
      for (let i = 0; i < extra; i++) {
        const w = varint(frames, at);
        if (w === undefined) return;
        at = w[1];
      }
      o = at;
      continue;
    }
    if (type !== 0x06) return; // CONNECTION_CLOSE or anything else: stop reading
    const off = varint(frames, o + 1);
    const len = off && varint(frames, off[1]);
    if (off === undefined || len === undefined) return;
    const to = Math.min(len[1] + len[0], frames.length);
    const bytes = frames.slice(len[1], to);
    if (into.pieces.length >= 64 || into.total + bytes.length > MAX_CRYPTO || off[0] >= MAX_CRYPTO) return;
    into.pieces.push({ offset: off[0], bytes });
    into.total += bytes.length;
    o = to;
  }
}

/** The whole ClientHello as a TLS record (for `describeHello`), once its bytes are all in. */
export function helloRecord(from: CryptoPieces): Uint8Array | undefined {
  const pieces = [...from.pieces].sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const piece of pieces) {
    if (piece.offset > end) break;
    end = Math.max(end, piece.offset + piece.bytes.length);
  }
  if (end < 4) return undefined;
  const buffer = new Uint8Array(end);
  for (const piece of pieces)
    if (piece.offset < end) buffer.set(piece.bytes.subarray(0, end - piece.offset), piece.offset);
  if (buffer[0] !== 1) return undefined;
  const len = (buffer[1]! << 16) | u16(buffer, 2);
  if (4 + len > end) return undefined;
  const record = new Uint8Array(5 + 4 + len);
  record.set([0x16, 0x03, 0x01, ((4 + len) >> 8) & 0xff, (4 + len) & 0xff]);
  record.set(buffer.subarray(0, 4 + len), 5);
  return record;
}
