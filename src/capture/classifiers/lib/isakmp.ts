/**
 * A small ISAKMP/IKE message reader (IKEv1: RFC 2408/2409; IKEv2: RFC 7296): the fixed header,
 * the cleartext payload chain, notify types, and the proposals of an SA payload summarised in
 * strongSwan's proposal words (`aes256-sha256-modp2048`) — the words the admin types in
 * `swanctl.conf` or `ipsec.conf`. Hand-written: no JavaScript library decodes IKE, and only these
 * few fields are needed. Every read is bounds-checked; encrypted payloads are not opened.
 */
import { u16, u32 } from '../classifier.js';

export interface IkeHeader {
  version: 1 | 2;
  exchange: number;
  /** IKEv2: the Initiator flag; IKEv1: a zero responder SPI (the first message). */
  fromInitiator: boolean;
  isResponse: boolean;
  length: number;
}

export interface IkeMessage extends IkeHeader {
  notifies: number[];
  /** The SA payload's proposals in strongSwan words, one string per proposal. */
  proposals: string[];
  encrypted: boolean;
}

const EXCHANGES: Record<number, string> = {
  2: 'Main Mode',
  4: 'Aggressive Mode',
  5: 'Informational',
  32: 'Quick Mode',
  34: 'IKE_SA_INIT',
  35: 'IKE_AUTH',
  36: 'CREATE_CHILD_SA',
  37: 'INFORMATIONAL',
  43: 'IKE_INTERMEDIATE',
};

export function exchangeName(n: number): string {
  return EXCHANGES[n] ?? `exchange ${n}`;
}

/** Notify message types (RFC 7296 §3.10.1; IKEv1 errors share the numbers below 31, RFC 2408 §3.14.1). */
const NOTIFIES: Record<number, string> = {
  1: 'UNSUPPORTED_CRITICAL_PAYLOAD',
  4: 'INVALID_IKE_SPI',
  5: 'INVALID_MAJOR_VERSION',
  7: 'INVALID_SYNTAX',
  9: 'INVALID_MESSAGE_ID',
  11: 'INVALID_SPI',
  14: 'NO_PROPOSAL_CHOSEN',
  16: 'PAYLOAD_MALFORMED',
  17: 'INVALID_KE_PAYLOAD',
  18: 'INVALID_ID_INFORMATION',
  24: 'AUTHENTICATION_FAILED',
  34: 'SINGLE_PAIR_REQUIRED',
  35: 'NO_ADDITIONAL_SAS',
  36: 'INTERNAL_ADDRESS_FAILURE',
  37: 'FAILED_CP_REQUIRED',
  38: 'TS_UNACCEPTABLE',
  39: 'INVALID_SELECTORS',
  40: 'UNACCEPTABLE_ADDRESSES',
  41: 'UNEXPECTED_NAT_DETECTED',
  43: 'TEMPORARY_FAILURE',
  44: 'CHILD_SA_NOT_FOUND',
  45: 'INVALID_GROUP_ID',
  46: 'AUTHORIZATION_FAILED',
  16384: 'INITIAL_CONTACT',
  16385: 'SET_WINDOW_SIZE',
  16386: 'ADDITIONAL_TS_POSSIBLE',
  16387: 'IPCOMP_SUPPORTED',
  16388: 'NAT_DETECTION_SOURCE_IP',
  16389: 'NAT_DETECTION_DESTINATION_IP',
  16390: 'COOKIE',
  16391: 'USE_TRANSPORT_MODE',
  16393: 'REKEY_SA',
  16394: 'ESP_TFC_PADDING_NOT_SUPPORTED',
  16396: 'MOBIKE_SUPPORTED',
  16404: 'MULTIPLE_AUTH_SUPPORTED',
  16405: 'ANOTHER_AUTH_FOLLOWS',
  16406: 'REDIRECT_SUPPORTED',
  16407: 'REDIRECT',
  16417: 'EAP_ONLY_AUTHENTICATION',
  16418: 'CHILDLESS_IKEV2_SUPPORTED',
  16430: 'IKEV2_FRAGMENTATION_SUPPORTED',
  16431: 'SIGNATURE_HASH_ALGORITHMS',
  16438: 'INTERMEDIATE_EXCHANGE_SUPPORTED',
  24576: 'RESPONDER_LIFETIME',
  36136: 'R_U_THERE',
  36137: 'R_U_THERE_ACK',
};

export function notifyName(n: number): string {
  return NOTIFIES[n] ?? `notify ${n}`;
}

/** Error notifies are the types below 16384 (RFC 7296 §3.10.1, RFC 2408 §3.14.1). */
export function isErrorNotify(n: number): boolean {
  return n > 0 && n < 16384;
}

/** The ISAKMP header at `o` when it is consistent with the datagram, else undefined. */
export function readHeader(p: Uint8Array, o: number): IkeHeader | undefined {
  if (p.length < o + 28) return undefined;
  const major = p[o + 17]! >> 4;
  if (major !== 1 && major !== 2) return undefined;
  const next = p[o + 16]!;
  if (next > 53 && next < 128) return undefined;
  const exchange = p[o + 18]!;
  const length = u32(p, o + 24);
  if (length < 28 || length !== p.length - o) return undefined;
  // The initiator's SPI is never zero (RFC 7296 §3.1, RFC 2408 §3.1).
  if (u32(p, o) === 0 && u32(p, o + 4) === 0) return undefined;
  const flags = p[o + 19]!;
  if (major === 2) {
    if (exchange < 34 || exchange > 43) return undefined;
    return {
      version: 2,
      exchange,
      fromInitiator: (flags & 0x08) !== 0,
      isResponse: (flags & 0x20) !== 0,
      length,
    };
  }
  if (
    exchange !== 2 &&
    exchange !== 4 &&
    exchange !== 5 &&
    exchange !== 32 &&
    exchange !== 33 &&
    exchange !== 34
  )
    return undefined;
  const responderSpiZero = u32(p, o + 8) === 0 && u32(p, o + 12) === 0;
  return { version: 1, exchange, fromInitiator: responderSpiZero, isResponse: false, length };
}

const V2_ENCR: Record<number, string> = {
  2: 'des',
  3: '3des',
  12: 'aes',
  13: 'aesctr',
  18: 'aesgcm8',
  19: 'aesgcm12',
  20: 'aesgcm16',
  28: 'chacha20poly1305',
};
const V2_PRF: Record<number, string> = {
  1: 'prfmd5',
  2: 'prfsha1',
  4: 'prfaesxcbc',
  5: 'prfsha256',
  6: 'prfsha384',
  7: 'prfsha512',
};
const V2_INTEG: Record<number, string> = {
  1: 'md5',
  2: 'sha1',
  5: 'aesxcbc',
  12: 'sha256',
  13: 'sha384',
  14: 'sha512',
};
const DH: Record<number, string> = {
  1: 'modp768',
  2: 'modp1024',
  5: 'modp1536',
  14: 'modp2048',
  15: 'modp3072',
  16: 'modp4096',
  17: 'modp6144',
  18: 'modp8192',
  19: 'ecp256',
  20: 'ecp384',
  21: 'ecp521',
  31: 'curve25519',
  32: 'curve448',
};
const V1_ENCR: Record<number, string> = { 1: 'des', 5: '3des', 7: 'aes' };
const V1_HASH: Record<number, string> = { 1: 'md5', 2: 'sha1', 4: 'sha256', 5: 'sha384', 6: 'sha512' };

function word(table: Record<number, string>, id: number, kind: string): string {
  return table[id] ?? `${kind}${id}`;
}

/** IKEv2 proposal substructures (§3.3.1) from `o` to `end`, as strongSwan proposal strings. */
function v2Proposals(p: Uint8Array, o: number, end: number): string[] {
  const out: string[] = [];
  while (o + 8 <= end && out.length < 16) {
    const plen = u16(p, o + 2);
    if (plen < 8 || o + plen > end) break;
    const spiSize = p[o + 6]!;
    let t = o + 8 + spiSize;
    const words: string[] = [];
    while (t + 8 <= o + plen) {
      const tlen = u16(p, t + 2);
      if (tlen < 8 || t + tlen > o + plen) break;
      const type = p[t + 4]!;
      const id = u16(p, t + 6);
      let keyLength = '';
      if (tlen >= 12 && u16(p, t + 8) === 0x800e) keyLength = String(u16(p, t + 10));
      if (type === 1) words.push(word(V2_ENCR, id, 'encr') + keyLength);
      else if (type === 2) words.push(word(V2_PRF, id, 'prf'));
      else if (type === 3) words.push(word(V2_INTEG, id, 'integ'));
      else if (type === 4) words.push(word(DH, id, 'dh'));
      t += tlen;
    }
    out.push(words.join('-'));
    o += plen;
  }
  return out;
}

/** IKEv1 SA payload body (DOI, situation, proposal payloads with transforms, RFC 2408 §3.4–3.6). */
function v1Proposals(p: Uint8Array, o: number, end: number): string[] {
  const out: string[] = [];
  let prop = o + 8; // DOI + situation
  while (prop + 8 <= end && out.length < 16) {
    const plen = u16(p, prop + 2);
    if (plen < 8 || prop + plen > end) break;
    const spiSize = p[prop + 6]!;
    let t = prop + 8 + spiSize;
    while (t + 8 <= prop + plen && out.length < 16) {
      const tlen = u16(p, t + 2);
      if (tlen < 8 || t + tlen > prop + plen) break;
      let encr = '';
      let keyLength = '';
      let hash = '';
      let group = '';
      for (let a = t + 8; a + 4 <= t + tlen; ) {
        const type = u16(p, a);
        if ((type & 0x8000) === 0) {
          a += 4 + u16(p, a + 2); // TLV attribute: skip
          continue;
        }
        const value = u16(p, a + 2);
        const attr = type & 0x7fff;
        if (attr === 1) encr = word(V1_ENCR, value, 'encr');
        else if (attr === 2) hash = word(V1_HASH, value, 'hash');
        else if (attr === 4) group = word(DH, value, 'dh');
        else if (attr === 14) keyLength = String(value);
        a += 4;
      }
      out.push([encr + keyLength, hash, group].filter((w) => w !== '').join('-'));
      t += tlen;
    }
    const nextIsProposal = p[prop] === 2;
    prop += plen;
    if (!nextIsProposal) break;
  }
  return out;
}

/** Reads one ISAKMP message starting at `o`; undefined when the header is not ISAKMP. */
export function readIkeMessage(p: Uint8Array, o = 0): IkeMessage | undefined {
  const h = readHeader(p, o);
  if (h === undefined) return undefined;
  const m: IkeMessage = { ...h, notifies: [], proposals: [], encrypted: false };
  if (h.version === 1 && (p[o + 19]! & 0x01) !== 0) {
    m.encrypted = true; // IKEv1 encryption flag: the payloads are ciphertext
    return m;
  }
  let next = p[o + 16]!;
  let at = o + 28;
  const end = o + h.length;
  for (let count = 0; next !== 0 && at + 4 <= end && count < 32; count++) {
    const len = u16(p, at + 2);
    if (len < 4 || at + len > end) break;
    const body = at + 4;
    if (next === 46 || next === 53) {
      m.encrypted = true; // IKEv2 SK / SKF: the rest is ciphertext
      break;
    }
    if (next === 41 && len >= 8) m.notifies.push(u16(p, body + 2));
    else if (next === 11 && len >= 12) m.notifies.push(u16(p, body + 6));
    else if (next === 33) m.proposals.push(...v2Proposals(p, body, at + len));
    else if (next === 1) m.proposals.push(...v1Proposals(p, body, at + len));
    next = p[at]!;
    at += len;
  }
  return m;
}
