/**
 * Crafted IKEv2 messages (RFC 7296) for the classifier and diagnose tests: an IKE_SA_INIT request
 * with one proposal, and the responder's answer carrying a NO_PROPOSAL_CHOSEN notify.
 */
import { be16, be32, bytes, zeros } from './classifiers/payloads.js';

const SPI_I = [0x8a, 0x3b, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66];

function payload(next: number, body: number[]): number[] {
  return [next, 0, ...be16(body.length + 4), ...body];
}

function transform(last: boolean, type: number, id: number, keyLength?: number): number[] {
  const attr = keyLength === undefined ? [] : [...be16(0x800e), ...be16(keyLength)];
  return [last ? 0 : 3, 0, ...be16(8 + attr.length), type, 0, ...be16(id), ...attr];
}

function header(next: number, exchange: number, flags: number, spiR: number[], length: number): number[] {
  return [...SPI_I, ...spiR, next, 0x20, exchange, flags, ...be32(0), ...be32(length)];
}

/** IKE_SA_INIT request proposing aes128-sha1-prfsha1-modp1024 (what an old Windows client sends). */
export function ikeSaInitRequest(): Uint8Array {
  const transforms = [
    ...transform(false, 1, 12, 128),
    ...transform(false, 3, 2),
    ...transform(false, 2, 2),
    ...transform(true, 4, 2),
  ];
  const proposal = [0, 0, ...be16(8 + transforms.length), 1, 1, 0, 4, ...transforms];
  const sa = payload(34, proposal); // next: KE
  const ke = payload(40, [...be16(2), 0, 0, ...zeros(128)]); // next: Nonce
  const nonce = payload(41, zeros(32)); // next: Notify
  const natd = payload(0, [0, 0, ...be16(16388), ...zeros(20)]);
  const body = [...sa, ...ke, ...nonce, ...natd];
  return bytes(header(33, 34, 0x08, zeros(8), 28 + body.length), body);
}

/** The responder's IKE_SA_INIT answer: only N(NO_PROPOSAL_CHOSEN) (RFC 7296 §2.7). */
export function ikeNoProposalChosen(): Uint8Array {
  const body = payload(0, [0, 0, ...be16(14)]);
  return bytes(header(41, 34, 0x20, zeros(8), 28 + body.length), body);
}

function v1Header(next: number, exchange: number, spiR: number[], length: number): number[] {
  return [...SPI_I, ...spiR, next, 0x10, exchange, 0, ...be32(0), ...be32(length)];
}

/** IKEv1 Main Mode message 1 (RFC 2409 §5): one proposal, aes256-sha1-modp1024 with a PSK. */
export function ikev1MainModeRequest(): Uint8Array {
  const attrs = [
    [1, 7],
    [14, 256],
    [2, 2],
    [3, 1],
    [4, 2],
  ].flatMap(([t, v]) => [...be16(0x8000 | t!), ...be16(v!)]);
  const transform = [0, 0, ...be16(8 + attrs.length), 1, 1, 0, 0, ...attrs];
  const proposal = [0, 0, ...be16(8 + transform.length), 1, 1, 0, 1, ...transform];
  const sa = payload(0, [...be32(1), ...be32(1), ...proposal]);
  return bytes(v1Header(1, 2, zeros(8), 28 + sa.length), sa);
}

/** The responder's Informational exchange with a NO-PROPOSAL-CHOSEN notification (RFC 2408 §3.14). */
export function ikev1NoProposalChosen(): Uint8Array {
  const n = payload(0, [...be32(1), 1, 16, ...be16(14), ...SPI_I, ...zeros(8)]);
  return bytes(v1Header(11, 5, [1, 2, 3, 4, 5, 6, 7, 8], 28 + n.length), n);
}
