/**
 * Record types and classes by mnemonic and number (IANA "Resource Record (RR) TYPEs"), with
 * RFC 3597's `TYPEnnn` / `CLASSnnn` forms for the rest.
 */

export const TYPE_CODES: Readonly<Record<string, number>> = {
  A: 1,
  NS: 2,
  MD: 3,
  MF: 4,
  CNAME: 5,
  SOA: 6,
  MB: 7,
  MG: 8,
  MR: 9,
  NULL: 10,
  WKS: 11,
  PTR: 12,
  HINFO: 13,
  MINFO: 14,
  MX: 15,
  TXT: 16,
  RP: 17,
  AFSDB: 18,
  X25: 19,
  ISDN: 20,
  RT: 21,
  NSAP: 22,
  'NSAP-PTR': 23,
  SIG: 24,
  KEY: 25,
  PX: 26,
  GPOS: 27,
  AAAA: 28,
  LOC: 29,
  NXT: 30,
  EID: 31,
  NIMLOC: 32,
  SRV: 33,
  ATMA: 34,
  NAPTR: 35,
  KX: 36,
  CERT: 37,
  A6: 38,
  DNAME: 39,
  SINK: 40,
  OPT: 41,
  APL: 42,
  DS: 43,
  SSHFP: 44,
  IPSECKEY: 45,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  DHCID: 49,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  HIP: 55,
  NINFO: 56,
  RKEY: 57,
  TALINK: 58,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  CSYNC: 62,
  ZONEMD: 63,
  SVCB: 64,
  HTTPS: 65,
  DSYNC: 66,
  HHIT: 67,
  BRID: 68,
  SPF: 99,
  UINFO: 100,
  UID: 101,
  GID: 102,
  UNSPEC: 103,
  NID: 104,
  L32: 105,
  L64: 106,
  LP: 107,
  EUI48: 108,
  EUI64: 109,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
  URI: 256,
  CAA: 257,
  AVC: 258,
  DOA: 259,
  AMTRELAY: 260,
  RESINFO: 261,
  WALLET: 262,
  TA: 32768,
  DLV: 32769,
};

const TYPE_NAMES = new Map<number, string>(Object.entries(TYPE_CODES).map(([k, v]) => [v, k]));

/** Meta and query-only types: never data in a zone file (BIND refuses them). */
export const META_TYPES = new Set([41, 249, 250, 251, 252, 253, 254, 255]);

/** The mnemonic of a type number, or `TYPEnnn`. */
export function typeName(code: number): string {
  return TYPE_NAMES.get(code) ?? `TYPE${code}`;
}

/** Mnemonic → number, as written and upper-cased (a Map: `constructor` is not a type). */
const TYPE_MAP = new Map<string, number>(Object.entries(TYPE_CODES));

/** The number of a type mnemonic or `TYPEnnn` (any case), or undefined. */
export function typeCode(text: string): number | undefined {
  const exact = TYPE_MAP.get(text);
  if (exact !== undefined) return exact;
  const up = text.toUpperCase();
  const known = TYPE_MAP.get(up);
  if (known !== undefined) return known;
  if (up.startsWith('TYPE')) {
    const m = /^TYPE([0-9]{1,5})$/.exec(up);
    if (m) {
      const n = Number(m[1]);
      if (n <= 65535) return n;
    }
  }
  return undefined;
}

const CLASS_CODES: Readonly<Record<string, number>> = {
  IN: 1,
  CH: 3,
  CHAOS: 3,
  HS: 4,
  HESIOD: 4,
  NONE: 254,
  ANY: 255,
};
const CLASS_NAMES = new Map<number, string>([
  [1, 'IN'],
  [3, 'CH'],
  [4, 'HS'],
  [254, 'NONE'],
  [255, 'ANY'],
]);

const CLASS_MAP = new Map<string, number>(Object.entries(CLASS_CODES));

export function classCode(text: string): number | undefined {
  const exact = CLASS_MAP.get(text);
  if (exact !== undefined) return exact;
  // Every class mnemonic has at most six letters; CLASSnnn at most ten characters.
  if (text.length > 10) return undefined;
  const up = text.toUpperCase();
  const known = CLASS_MAP.get(up);
  if (known !== undefined) return known;
  if (up.startsWith('CLASS')) {
    const m = /^CLASS([0-9]{1,5})$/.exec(up);
    if (m && Number(m[1]) <= 65535) return Number(m[1]);
  }
  return undefined;
}

export function className(code: number): string {
  return CLASS_NAMES.get(code) ?? `CLASS${code}`;
}
