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
