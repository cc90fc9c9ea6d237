/**
 * Record data (RDATA) in presentation form: from the tokens of a zone-file line to typed data and
 * the canonical text BIND prints (`named-compilezone -D`), type by type.
 *
 * Each type the project reads (A, AAAA, NS, CNAME, PTR, MX, TXT, SOA, SRV, CAA, …) and the DNSSEC
 * and mail types have a field schema; a type without one keeps its tokens as they were written
 * (`fields`), and any type may be given in RFC 3597's generic form `\# <length> <hex>`.
 */
import net from 'node:net';
import type { LocalParam } from '../../core/errors.js';
import { canonicalAddress, expandIPv6 } from '../ip.js';
import type { Token } from './lexer.js';
import { parseName } from './name.js';
import { RdataError } from './rdata-error.js';
import { base32hexBytes, locText, signatureTime, signatureTimeText, wksText } from './rdata-special.js';
import { svcParams } from './svcb.js';
import { FIELD, fieldOf, ZONE_SYNTAX as Z } from './syntax-messages.js';
import { parseTtl } from './ttl.js';
import { typeCode, typeName } from './types.js';

/** Typed data of a record; `fields` for types parsed only into their presentation fields. */
export type ZoneRecordData =
  | { type: 'A' | 'AAAA'; address: string }
  | { type: 'NS' | 'CNAME' | 'PTR' | 'DNAME'; target: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'TXT' | 'SPF'; strings: string[]; text: string }
  | {
      type: 'SOA';
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { type: 'CAA'; flags: number; tag: string; value: string }
  | { type: string; kind: 'fields'; fields: string[] }
  | { type: string; kind: 'unknown'; hex: string };

export { RdataError } from './rdata-error.js';

type Field =
  | 'name'
  | 'u8'
  | 'u16'
  | 'u32'
  | 'ttl'
  | 'ipv4'
  | 'ipv6'
  | 'string'
  | 'strings'
  | 'hex'
  | 'base64'
  | 'alg'
  | 'type'
  | 'time'
  | 'types'
  | 'salt'
  | 'tag'
  | 'value'
  | 'eui48'
  | 'eui64'
  | 'ilnp64'
  | 'certtype'
  | 'certalg'
  | 'nsap'
  | 'atma'
  | 'svcparams'
  | 'optstring'
  | 'loc'
  | 'wks'
  | 'gateway'
  | 'base64opt'
  | 'base64raw'
  | 'hash';

const S: Readonly<Record<string, readonly Field[]>> = {
  A: ['ipv4'],
  AAAA: ['ipv6'],
  NS: ['name'],
  MD: ['name'],
  MF: ['name'],
  CNAME: ['name'],
  MB: ['name'],
  MG: ['name'],
  MR: ['name'],
  PTR: ['name'],
  DNAME: ['name'],
  'NSAP-PTR': ['name'],
  SOA: ['name', 'name', 'u32', 'ttl', 'ttl', 'ttl', 'ttl'],
  MINFO: ['name', 'name'],
  RP: ['name', 'name'],
  TALINK: ['name', 'name'],
  MX: ['u16', 'name'],
  AFSDB: ['u16', 'name'],
  RT: ['u16', 'name'],
  KX: ['u16', 'name'],
  LP: ['u16', 'name'],
  PX: ['u16', 'name', 'name'],
  HINFO: ['string', 'string'],
  ISDN: ['string', 'optstring'],
  X25: ['string'],
  GPOS: ['string', 'string', 'string'],
  TXT: ['strings'],
  SPF: ['strings'],
  NINFO: ['strings'],
  AVC: ['strings'],
  RESINFO: ['strings'],
  WALLET: ['strings'],
  SRV: ['u16', 'u16', 'u16', 'name'],
  NAPTR: ['u16', 'u16', 'string', 'string', 'string', 'name'],
  DS: ['u16', 'alg', 'u8', 'hex'],
  CDS: ['u16', 'alg', 'u8', 'hex'],
  TA: ['u16', 'alg', 'u8', 'hex'],
  DLV: ['u16', 'alg', 'u8', 'hex'],
  DNSKEY: ['u16', 'u8', 'alg', 'base64'],
  CDNSKEY: ['u16', 'u8', 'alg', 'base64'],
  RKEY: ['u16', 'u8', 'alg', 'base64'],
  KEY: ['u16', 'u8', 'alg', 'base64'],
  CERT: ['certtype', 'u16', 'certalg', 'base64'],
  NSAP: ['nsap'],
  SVCB: ['u16', 'name', 'svcparams'],
  HTTPS: ['u16', 'name', 'svcparams'],
  ATMA: ['atma'],
  SSHFP: ['u8', 'u8', 'hex'],
  TLSA: ['u8', 'u8', 'u8', 'hex'],
  SMIMEA: ['u8', 'u8', 'u8', 'hex'],
  OPENPGPKEY: ['base64'],
  DHCID: ['base64'],
  ZONEMD: ['u32', 'u8', 'u8', 'hex'],
  CAA: ['u8', 'tag', 'value'],
  URI: ['u16', 'u16', 'value'],
  NSEC: ['name', 'types'],
  CSYNC: ['u32', 'u16', 'types'],
  SIG: ['type', 'alg', 'u8', 'ttl', 'time', 'time', 'u16', 'name', 'base64'],
  RRSIG: ['type', 'alg', 'u8', 'ttl', 'time', 'time', 'u16', 'name', 'base64'],
  NSEC3PARAM: ['u8', 'u8', 'u16', 'salt'],
  NSEC3: ['u8', 'u8', 'u16', 'salt', 'hash', 'types'],
  L32: ['u16', 'ipv4'],
  L64: ['u16', 'ilnp64'],
  NID: ['u16', 'ilnp64'],
  EUI48: ['eui48'],
  EUI64: ['eui64'],
  LOC: ['loc'],
  WKS: ['ipv4', 'wks'],
  EID: ['hex'],
  NIMLOC: ['hex'],
  IPSECKEY: ['u8', 'u8', 'u8', 'gateway', 'base64opt'],
  DOA: ['u32', 'u32', 'u8', 'string', 'base64raw'],
};

/** Types BIND reads only in RFC 3597 form (no presentation format of their own). */
const GENERIC_ONLY = new Set(['UINFO', 'UID', 'GID', 'UNSPEC', 'NULL']);

/** Types whose schema ends in a field that may take zero tokens. */
const NAME_TYPES = new Set(['NS', 'CNAME', 'PTR', 'DNAME']);

const ALGORITHMS: Readonly<Record<string, number>> = {
  RSAMD5: 1,
  DH: 2,
  DSA: 3,
  RSASHA1: 5,
  'DSA-NSEC3-SHA1': 6,
  NSEC3DSA: 6,
  'RSASHA1-NSEC3-SHA1': 7,
  NSEC3RSASHA1: 7,
  RSASHA256: 8,
  RSASHA512: 10,
  'ECC-GOST': 12,
  ECDSAP256SHA256: 13,
  ECDSAP384SHA384: 14,
  ED25519: 15,
  ED448: 16,
  INDIRECT: 252,
  PRIVATEDNS: 253,
  PRIVATEOID: 254,
};

const CERT_TYPES: Readonly<Record<string, number>> = {
  PKIX: 1,
  SPKI: 2,
  PGP: 3,
  IPKIX: 4,
  ISPKI: 5,
  IPGP: 6,
  ACPKIX: 7,
  IACPKIX: 8,
  URI: 253,
  OID: 254,
};

const ALGORITHM_NAMES = new Map<number, string>();
for (const [k, v] of Object.entries(ALGORITHMS)) if (!ALGORITHM_NAMES.has(v)) ALGORITHM_NAMES.set(v, k);

const chunk = (s: string, n = 56) =>
  s.length <= n ? s : (s.match(new RegExp(`.{1,${n}}`, 'g')) as string[]).join(' ');

function uint(text: string, max: number, what: LocalParam): number {
  if (!/^[0-9]{1,10}$/.test(text)) throw new RdataError(Z.notNumber, { value: text.slice(0, 40), what });
  const n = Number(text);
  if (n > max) throw new RdataError(Z.numberRange, { value: text, what, max });
  return n;
}

/** Decodes one character-string (RFC 1035 §5.1: `\X` and `\DDD` escapes) to a latin1 byte string. */
export function decodeString(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const d = text.slice(i + 1, i + 4);
    if (/^[0-9]{3}$/.test(d)) {
      const v = Number(d);
      if (v > 255) throw new RdataError(Z.escapeOver255, { digits: d });
      out += String.fromCharCode(v);
      i += 3;
    } else if (i + 1 < text.length) {
      out += text[i + 1];
      i++;
    } else throw new RdataError(Z.stringLoneBackslash);
  }
  return out;
}

/** A byte string as BIND prints a character-string: quoted, `"` and `\` escaped, others `\DDD`. */
export function quoteString(bytes: string): string {
  let s = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes.charCodeAt(i);
    if (b === 0x22 || b === 0x5c) s += `\\${bytes[i]}`;
    else if (b >= 0x20 && b < 0x7f) s += bytes[i];
    else s += `\\${String(b).padStart(3, '0')}`;
  }
  return `${s}"`;
}

/** Dotted quad without leading zeros (inet_pton: `010.0.0.1` is refused). */
const IPV4 =
  /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

function ipv4(text: string): string {
  if (!IPV4.test(text)) {
    throw new RdataError(Z.notIpv4, { value: text.slice(0, 60) });
  }
  return text;
}

/** IPv6 as BIND's inet_ntop prints it (RFC 5952 compression, IPv4-mapped tail in dotted form). */
export function ipv6Text(text: string): string {
  if (!net.isIPv6(text) || text.includes('%')) throw new RdataError(Z.notIpv6, { value: text.slice(0, 60) });
  const w = expandIPv6(text)
    .split(':')
    .map((g) => Number.parseInt(g, 16));
  const v4 = () => `${w[6]! >> 8}.${w[6]! & 255}.${w[7]! >> 8}.${w[7]! & 255}`;
  if (w.slice(0, 5).every((x) => x === 0)) {
    if (w[5] === 0xffff) return `::ffff:${v4()}`;
    if (w[5] === 0 && (w[6] !== 0 || (w[7] !== 0 && w[7] !== 1))) return `::${v4()}`;
  }
  return canonicalAddress(text);
}

function hexField(tokens: string[], what: string | LocalParam): string {
  const h = tokens.join('');
  if (!/^[0-9a-fA-F]*$/.test(h) || h.length % 2) throw new RdataError(Z.badHex, { what });
  return h.toUpperCase();
}

function base64Field(tokens: string[]): string {
  const b = tokens.join('');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b) || b.length % 4) throw new RdataError(Z.badBase64);
  return Buffer.from(b, 'base64').toString('base64');
}

function typeList(tokens: string[]): string {
  const codes = new Set<number>();
  for (const t of tokens) {
    const c = typeCode(t);
    if (c === undefined) throw new RdataError(Z.typeListUnknown, { value: t.slice(0, 40) });
    codes.add(c);
  }
  return [...codes]
    .sort((a, b) => a - b)
    .map(typeName)
    .join(' ');
}

function timeField(text: string): string {
  return signatureTimeText(signatureTime(text));
}

/** Whether a token was written as a quoted string (for fields that keep the writer's choice). */
const textOf = (t: Token) => (t.kind === 'quoted' ? `"${t.text}"` : t.text);

/**
 * Parses the RDATA tokens of one record.
 *
 * @example
 *   parseRdata('MX', [tok('10'), tok('mail')], 'example.org.')
 *   // { data: { type: 'MX', preference: 10, exchange: 'mail.example.org.' }, text: '10 mail.example.org.' }
 */
export function parseRdata(
  type: string,
  tokens: Token[],
  origin: string,
): { data: ZoneRecordData; text: string } {
  // `\#` starts the generic form only when a length follows; `TXT \# text` is the text "#" (BIND).
  if (tokens[0]?.kind === 'word' && tokens[0].text === '\\#' && /^[0-9]+$/.test(tokens[1]?.text ?? '')) {
    return generic(type, tokens.slice(1), origin);
  }
  const schema = S[type];
  if (!schema) {
    if (/^TYPE[0-9]+$/.test(type) || GENERIC_ONLY.has(type)) throw new RdataError(Z.genericOnly, { type });
    const fields = tokens.map(textOf);
    return { data: { type, kind: 'fields', fields }, text: fields.join(' ') };
  }
  const out: string[] = [];
  const values: (string | number | string[])[] = [];
  let i = 0;
  const need = (what: LocalParam) => {
    const t = tokens[i++];
    if (!t) throw new RdataError(Z.missingField, { type, what });
    return t;
  };
  const rest = () => tokens.slice(i).map((t) => t.text);
  for (const f of schema) {
    switch (f) {
      case 'name': {
        const n = parseName(need(FIELD.name).text, origin);
        out.push(n);
        values.push(n);
        break;
      }
      case 'u8':
      case 'u16':
      case 'u32': {
        const n = uint(
          need(FIELD.number).text,
          f === 'u8' ? 255 : f === 'u16' ? 65535 : 0xffffffff,
          fieldOf(type, FIELD.field),
        );
        out.push(String(n));
        values.push(n);
        break;
      }
      case 'ttl': {
        const t = need(FIELD.timeValue).text;
        const n = parseTtl(t);
        if (n === undefined) throw new RdataError(Z.notTimeValue, { type, value: t.slice(0, 40) });
        out.push(String(n));
        values.push(n);
        break;
      }
      case 'alg': {
        const t = need(FIELD.algorithm).text;
        const n = ALGORITHMS[t.toUpperCase()] ?? uint(t, 255, fieldOf(type, FIELD.algorithm));
        out.push(String(n));
        values.push(n);
        break;
      }
      case 'type': {
        const t = need(FIELD.type).text;
        const c = typeCode(t);
        if (c === undefined) throw new RdataError(Z.unknownFieldType, { type, value: t.slice(0, 40) });
        out.push(typeName(c));
        values.push(typeName(c));
        break;
      }
      case 'time':
        out.push(timeField(need(FIELD.time).text));
        break;
      case 'ipv4': {
        const a = ipv4(need(FIELD.address).text);
        out.push(a);
        values.push(a);
        break;
      }
      case 'ipv6': {
        const a = ipv6Text(need(FIELD.address).text);
        out.push(a);
        values.push(a);
        break;
      }
      case 'string':
      case 'optstring': {
        if (f === 'optstring' && i >= tokens.length) break;
        const s = decodeString(need(FIELD.string).text);
        if (s.length > 255) throw new RdataError(Z.stringTooLong, { type });
        out.push(quoteString(s));
        values.push(s);
        break;
      }
      case 'strings': {
        if (i >= tokens.length) throw new RdataError(Z.noText, { type });
        const strings = tokens.slice(i).map((t) => decodeString(t.text));
        i = tokens.length;
        if (strings.some((s) => s.length > 255)) throw new RdataError(Z.stringTooLong, { type });
        out.push(strings.map(quoteString).join(' '));
        values.push(strings);
        break;
      }
      case 'hex': {
        const h = hexField(rest(), type);
        i = tokens.length;
        if (!h) throw new RdataError(Z.missingHex, { type });
        out.push(chunk(h));
        break;
      }
      case 'base64': {
        const b = base64Field(rest());
        i = tokens.length;
        if (!b) throw new RdataError(Z.missingBase64, { type });
        out.push(chunk(b));
        break;
      }
      case 'salt': {
        const t = need(FIELD.salt).text;
        out.push(t === '-' ? '-' : hexField([t], FIELD.salt));
        break;
      }
      case 'hash': {
        // NSEC3's next hashed owner: base32hex without padding; SHA-1 (algorithm 1) is 20 bytes.
        const t = need(FIELD.hash).text;
        const n = base32hexBytes(t);
        if (n === undefined || n === 0) throw new RdataError(Z.badHash, { type, value: t.slice(0, 60) });
        if (n > 255 || (values[0] === 1 && n !== 20)) throw new RdataError(Z.hashLength, { type, bytes: n });
        out.push(t.toUpperCase());
        break;
      }
      case 'loc': {
        out.push(locText(rest()));
        i = tokens.length;
        break;
      }
      case 'wks': {
        out[out.length - 1] = wksText(out.at(-1) as string, rest());
        i = tokens.length;
        break;
      }
      case 'gateway': {
        // IPSECKEY (RFC 4025 §2.3): the gateway's form follows the gateway type before it.
        const t = need(FIELD.gateway).text;
        const gt = values[1] as number;
        if (gt === 0) {
          if (t !== '.') throw new RdataError(Z.gatewayDot, { type });
          out.push('.');
        } else if (gt === 1) out.push(ipv4(t));
        else if (gt === 2) out.push(ipv6Text(t));
        else if (gt === 3) out.push(parseName(t, origin));
        else throw new RdataError(Z.gatewayType, { type, value: gt });
        break;
      }
      case 'base64opt': {
        const b = base64Field(rest());
        i = tokens.length;
        if (b) out.push(chunk(b));
        break;
      }
      case 'base64raw': {
        // DOA data: one base64 word, or "-" for none; BIND prints it unbroken.
        const t = rest();
        i = tokens.length;
        out.push(t.length === 1 && t[0] === '-' ? '-' : base64Field(t) || '-');
        break;
      }
      case 'types': {
        const l = typeList(rest());
        i = tokens.length;
        if (l) out.push(l);
        break;
      }
      case 'tag': {
        const t = need(FIELD.tag).text;
        if (!/^[A-Za-z0-9]{1,255}$/.test(t)) throw new RdataError(Z.badTag, { type, value: t.slice(0, 40) });
        out.push(t);
        values.push(t);
        break;
      }
      case 'value': {
        const s = decodeString(need(FIELD.value).text);
        out.push(quoteString(s));
        values.push(s);
        break;
      }
      case 'eui48':
      case 'eui64': {
        // BIND 9.18 reads these with sscanf("%x-%x-…"): one or two digits a group, and it ignores
        // what follows the last group. Kept so that what 9.18 loads loads here; lint flags it.
        const t = need(FIELD.address).text;
        const groups = f === 'eui48' ? 6 : 8;
        const m = new RegExp(`^[0-9a-fA-F]{1,2}(-[0-9a-fA-F]{1,2}){${groups - 1}}`).exec(t);
        if (!m) throw new RdataError(Z.badAddress, { type, value: t.slice(0, 40) });
        out.push(
          m[0]
            .split('-')
            .map((g) => g.toLowerCase().padStart(2, '0'))
            .join('-'),
        );
        break;
      }
      case 'certtype': {
        const t = need(FIELD.certType).text;
        out.push(String(CERT_TYPES[t.toUpperCase()] ?? uint(t, 65535, fieldOf('CERT', FIELD.certType))));
        break;
      }
      case 'certalg': {
        const t = need(FIELD.algorithm).text;
        const n = ALGORITHMS[t.toUpperCase()] ?? uint(t, 255, fieldOf('CERT', FIELD.algorithm));
        out.push(ALGORITHM_NAMES.get(n) ?? String(n));
        break;
      }
      case 'nsap': {
        const t = rest().join('');
        i = tokens.length;
        const h = t.replace(/^0x/i, '').replace(/\./g, '');
        if (!/^0x/i.test(t) || !h || h.length % 2 || !/^[0-9a-fA-F]+$/.test(h))
          throw new RdataError(Z.badNsap, { type });
        out.push(`0x${h.toLowerCase()}`);
        break;
      }
      case 'svcparams': {
        const rest = tokens.slice(i).map((t) => ({ text: t.text, quoted: t.kind === 'quoted' }));
        i = tokens.length;
        const text = svcParams(rest, values[0] as number, {
          decodeString,
          quoteString,
          ipv4,
          ipv6: ipv6Text,
          base64: (b) => base64Field([b]),
        });
        if (text) out.push(text);
        break;
      }
      case 'atma': {
        const t = need(FIELD.address).text;
        if (t.startsWith('+')) {
          const d = t.slice(1).replace(/\./g, '');
          if (!/^[0-9]+$/.test(d)) throw new RdataError(Z.badE164, { type });
          out.push(`+${d}`);
        } else {
          const h = t.replace(/\./g, '');
          if (!/^[0-9a-fA-F]+$/.test(h) || h.length % 2) throw new RdataError(Z.badNsap, { type });
          out.push(h.toLowerCase());
        }
        break;
      }
      case 'ilnp64': {
        const t = need(FIELD.locator).text;
        if (!/^[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{1,4}){3}$/.test(t)) throw new RdataError(Z.badLocator, { type });
        out.push(
          t
            .split(':')
            .map((g) => Number.parseInt(g, 16).toString(16))
            .join(':'),
        );
        break;
      }
    }
  }
  if (i < tokens.length) throw new RdataError(Z.extraData, { type, value: tokens[i]!.text.slice(0, 40) });
  return { data: typed(type, values), text: out.join(' ') };
}

/**
 * `parseRdata` for the bare words of a simple line (no quote, parenthesis or backslash: see
 * `Lexer.simpleLine`), from `words[start]` on. The data of most lines of a large zone (A, AAAA,
 * NS, CNAME, PTR, DNAME, MX) is read straight from the words with the same field parsers; any
 * other type, or a word count that is not the type's, goes through `parseRdata` (same result,
 * same errors).
 */
export function parseRdataWords(
  type: string,
  words: readonly string[],
  start: number,
  origin: string,
  line: number,
): { data: ZoneRecordData; text: string } {
  const n = words.length - start;
  if (n === 1) {
    const w = words[start] as string;
    if (type === 'A') {
      const address = ipv4(w);
      return { data: { type, address }, text: address };
    }
    if (NAME_TYPES.has(type)) {
      const target = parseName(w, origin);
      return { data: { type: type as 'NS', target }, text: target };
    }
    if (type === 'AAAA') {
      const address = ipv6Text(w);
      return { data: { type, address }, text: address };
    }
  } else if (n === 2 && type === 'MX') {
    const preference = uint(words[start] as string, 65535, fieldOf(type, FIELD.field));
    const exchange = parseName(words[start + 1] as string, origin);
    return { data: { type, preference, exchange }, text: `${preference} ${exchange}` };
  }
  const tokens: Token[] = [];
  for (let i = start; i < words.length; i++) tokens.push({ kind: 'word', text: words[i] as string, line });
  return parseRdata(type, tokens, origin);
}

function typed(type: string, v: (string | number | string[])[]): ZoneRecordData {
  if (type === 'A' || type === 'AAAA') return { type, address: v[0] as string };
  if (NAME_TYPES.has(type)) return { type: type as 'NS', target: v[0] as string };
  if (type === 'MX') return { type, preference: v[0] as number, exchange: v[1] as string };
  if (type === 'TXT' || type === 'SPF') {
    const strings = v[0] as string[];
    return { type, strings, text: strings.join('') };
  }
  if (type === 'SOA') {
    const [mname, rname, serial, refresh, retry, expire, minimum] = v as [string, string, ...number[]];
    return {
      type,
      mname,
      rname,
      serial: serial as number,
      refresh: refresh as number,
      retry: retry as number,
      expire: expire as number,
      minimum: minimum as number,
    };
  }
  if (type === 'SRV') {
    const [priority, weight, port, target] = v as [number, number, number, string];
    return { type, priority, weight, port, target };
  }
  if (type === 'CAA') return { type, flags: v[0] as number, tag: v[1] as string, value: v[2] as string };
  return { type, kind: 'fields', fields: v.map((x) => (Array.isArray(x) ? x.join(' ') : String(x))) };
}

/** RFC 3597 §5: `\# <length> <hex>…`; known simple types are turned into their own form. */
function generic(type: string, tokens: Token[], origin: string): { data: ZoneRecordData; text: string } {
  const len = uint(tokens[0]?.text ?? '', 65535, FIELD.length);
  const hex = hexField(
    tokens.slice(1).map((t) => t.text),
    FIELD.data,
  );
  if (hex.length !== len * 2) throw new RdataError(Z.genericLength, { bytes: hex.length / 2, len });
  const bytes = Buffer.from(hex, 'hex');
  const native = fromWire(type, bytes);
  // BIND decodes the generic form of a known type with the type's own rules and refuses data
  // that does not fit (`A \# 5 …`: "extra input data"); the checks rely on these types' fields.
  if (native === undefined && (FROM_WIRE_TYPES.has(type) || NAME_TYPES.has(type)))
    throw new RdataError(Z.genericNotType, { len, type });
  if (native !== undefined)
    return parseRdata(
      type,
      native.map((text) => ({ kind: 'quoted', text, line: 0 })),
      origin,
    );
  return { data: { type, kind: 'unknown', hex }, text: len === 0 ? '\\# 0' : `\\# ${len} ${chunk(hex)}` };
}

function wireName(b: Buffer, start: number): { name: string; end: number } | undefined {
  const labels: string[] = [];
  let i = start;
  for (;;) {
    const l = b[i];
    if (l === undefined || l > 63) return undefined;
    if (l === 0) return { name: labels.length ? `${labels.join('.')}.` : '.', end: i + 1 };
    const raw = b.subarray(i + 1, i + 1 + l);
    if (raw.length !== l) return undefined;
    labels.push(
      [...raw]
        .map((c) =>
          c > 0x20 && c < 0x7f && !'".;\\()@$'.includes(String.fromCharCode(c))
            ? String.fromCharCode(c)
            : `\\${String(c).padStart(3, '0')}`,
        )
        .join(''),
    );
    i += 1 + l;
  }
}

/** Types besides NAME_TYPES that `fromWire` reads: their generic form must decode. */
const FROM_WIRE_TYPES = new Set(['A', 'AAAA', 'MX', 'TXT', 'SPF']);

/** Presentation tokens of a few simple types from their wire form; undefined to keep `\#`. */
function fromWire(type: string, b: Buffer): string[] | undefined {
  if (type === 'A' && b.length === 4) return [[...b].join('.')];
  if (type === 'AAAA' && b.length === 16) return [(b.toString('hex').match(/.{4}/g) as string[]).join(':')];
  if (NAME_TYPES.has(type)) {
    const n = wireName(b, 0);
    return n && n.end === b.length ? [n.name] : undefined;
  }
  if (type === 'MX' && b.length >= 3) {
    const n = wireName(b, 2);
    return n && n.end === b.length ? [String(b.readUInt16BE(0)), n.name] : undefined;
  }
  if ((type === 'TXT' || type === 'SPF') && b.length > 0) {
    const out: string[] = [];
    for (let i = 0; i < b.length; ) {
      const l = b[i] as number;
      if (i + 1 + l > b.length) return undefined;
      out.push([...b.subarray(i + 1, i + 1 + l)].map((c) => `\\${String(c).padStart(3, '0')}`).join(''));
      i += 1 + l;
    }
    return out;
  }
  return undefined;
}
