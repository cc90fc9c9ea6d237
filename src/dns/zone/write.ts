/**
 * Zone writers: the canonical form (one absolute record per line, as `named-compilezone -D`
 * loads and prints a zone, for comparing zones record for record) and a pretty form for a zone
 * file a person keeps editing (relative names, `$TTL`, the SOA on commented lines), plus the SOA
 * serial bump in the YYYYMMDDnn convention (RFC 1912 §2.2).
 *
 * @example
 *   formatZone({ origin: 'example.org.', records })        // a zone file to save
 *   canonicalLines(zone)                                    // ['example.org. 3600 IN SOA …', …]
 *   nextSerial(2026120601, new Date('2026-12-06'))          // 2026120602
 */

import { NetdoctorError } from '../../core/errors.js';
import { ZONE_ERRORS } from './error-messages.js';
import { Lexer, type Token } from './lexer.js';
import type { Zone, ZoneRecord } from './model.js';
import { isSubdomain, nameKey, relativeName } from './name.js';
import { parseRdata } from './rdata.js';
import { formatTtl } from './ttl.js';
import { typeCode } from './types.js';

/** Types whose names in the data compare without case (RFC 4034 §6.2 canonical form). */
const CASELESS_DATA = new Set([
  'NS',
  'MD',
  'MF',
  'CNAME',
  'SOA',
  'MB',
  'MG',
  'MR',
  'PTR',
  'HINFO',
  'MINFO',
  'MX',
  'RP',
  'AFSDB',
  'RT',
  'SIG',
  'PX',
  'NXT',
  'NAPTR',
  'KX',
  'SRV',
  'DNAME',
  'A6',
  'RRSIG',
  'NSEC',
]);

/** Key under which two records are the same data (BIND drops the second at load). */
export function rdataKey(r: Pick<ZoneRecord, 'type' | 'rdata'>): string {
  return CASELESS_DATA.has(r.type) ? r.rdata.toLowerCase() : r.rdata;
}

interface OwnerEntry<S> {
  sets: S;
  /** Where the owner's records are in the loaded list, in file order. */
  records: number[];
}

/**
 * The loaded records by owner key (lower case), read-only: what `loadedRecords` built anyway, so
 * a million-name zone is indexed once, not twice.
 */
export class OwnerIndex {
  constructor(
    private readonly owners: Map<string, number | OwnerEntry<unknown>>,
    private readonly records: readonly ZoneRecord[],
    /** The types the records have (`withType` of any other is empty without a look). */
    private readonly types?: ReadonlySet<string>,
  ) {}
  private list(v: number | OwnerEntry<unknown>): ZoneRecord[] {
    return typeof v === 'number'
      ? [this.records[v] as ZoneRecord]
      : v.records.map((i) => this.records[i] as ZoneRecord);
  }
  get size(): number {
    return this.owners.size;
  }
  get(key: string): ZoneRecord[] | undefined {
    const v = this.owners.get(key);
    return v === undefined ? undefined : this.list(v);
  }
  has(key: string): boolean {
    return this.owners.has(key);
  }
  *values(): IterableIterator<ZoneRecord[]> {
    for (const v of this.owners.values()) yield this.list(v);
  }
  *entries(): IterableIterator<[string, ZoneRecord[]]> {
    for (const [k, v] of this.owners) yield [k, this.list(v)];
  }
  [Symbol.iterator](): IterableIterator<[string, ZoneRecord[]]> {
    return this.entries();
  }
  /** The owners that have a record of `type`, with all their records (no list made for others). */
  *withType(type: string): IterableIterator<[string, ZoneRecord[]]> {
    if (this.types && !this.types.has(type)) return;
    const rs = this.records;
    for (const [k, v] of this.owners) {
      if (typeof v === 'number' ? rs[v]?.type === type : v.records.some((i) => rs[i]?.type === type))
        yield [k, this.list(v)];
    }
  }
}

/** Splits an absolute name into lower-case labels, right to left, for canonical ordering. */
function orderKey(name: string): string[] {
  if (name === '.') return [];
  return nameKey(name)
    .slice(0, -1)
    .split(/(?<!\\)\./)
    .reverse();
}

/** RFC 4034 §6.1 canonical name order (labels compared right to left, without case). */
export function compareNames(a: string, b: string): number {
  return compareKeys(orderKey(a), orderKey(b));
}

/**
 * The records as BIND loads them: data outside the zone dropped, duplicates dropped, each owner
 * spelt as first written, and one TTL per RRset (within a run of lines for one owner the first
 * TTL wins; a later run of the same RRset sets the TTL again, as BIND's loader does). Sorted in
 * canonical order with the SOA first.
 */
export function loadedRecords(
  zone: Pick<Zone, 'origin' | 'records'>,
  sorted = true,
  duplicates?: { record: ZoneRecord; first: ZoneRecord }[],
  mixedTtl?: { records: ZoneRecord[]; served: number }[],
  index?: (byOwner: OwnerIndex) => void,
  outside?: ZoneRecord[],
): ZoneRecord[] {
  // One pass, few allocations: a million-record zone must not build a million objects beside
  // its records. An owner with one record is only a number in the owner map (its place in
  // `kept`); its RRset, owner entry and duplicate keys are made when a second record arrives.
  interface RRset {
    type: string;
    cls: string;
    /** The covered type of an RRSIG set (one set per covered type). */
    cover: string;
    ttl: number;
    firstTtl: number;
    mixed: boolean;
    owner: string;
    first: ZoneRecord;
    keys?: Map<string, ZoneRecord>;
    /** Every record written for the set, duplicates included, once it has a second one. */
    all?: ZoneRecord[];
    next?: RRset;
  }
  const newSet = (r: ZoneRecord, cover: string): RRset => ({
    type: r.type,
    cls: r.class,
    cover,
    ttl: r.ttl,
    firstTtl: r.ttl,
    mixed: false,
    owner: r.owner,
    first: r,
  });
  const coverOf = (r: ZoneRecord) => (r.type === 'RRSIG' ? r.rdata.slice(0, r.rdata.indexOf(' ')) : '');
  const owners = new Map<string, number | OwnerEntry<RRset>>();
  const types = new Set<string>();
  const kept: ZoneRecord[] = [];
  /** The RRset of kept[i], or undefined while its owner has only that record. */
  const keptSet: (RRset | undefined)[] = [];
  let blockOwner = '';
  const blockSets: RRset[] = [];
  const mixedSets: RRset[] = [];
  for (const r of zone.records) {
    if (!isSubdomain(r.owner, zone.origin)) {
      outside?.push(r);
      continue;
    }
    types.add(r.type);
    const ok = nameKey(r.owner);
    const sameBlock = ok === blockOwner;
    if (!sameBlock) {
      blockOwner = ok;
      blockSets.length = 0;
    }
    let v = owners.get(ok);
    if (v === undefined) {
      owners.set(ok, kept.length);
      kept.push(r);
      keptSet.push(undefined);
      continue;
    }
    if (typeof v === 'number') {
      // The owner's second record: give the first its RRset and entry now.
      const first = kept[v] as ZoneRecord;
      const set0 = newSet(first, coverOf(first));
      keptSet[v] = set0;
      // The first record is in the current block exactly when the block is this owner's.
      if (sameBlock) blockSets.push(set0);
      v = { sets: set0, records: [v] };
      owners.set(ok, v);
    }
    const entry = v;
    const cover = coverOf(r);
    let set: RRset | undefined = entry.sets;
    let last: RRset | undefined;
    while (set && (set.type !== r.type || set.cls !== r.class || set.cover !== cover)) {
      last = set;
      set = set.next;
    }
    if (!set) {
      set = newSet(r, cover);
      (last as RRset).next = set;
      blockSets.push(set);
      entry.records.push(kept.length);
      kept.push(r);
      keptSet.push(set);
      continue;
    }
    if (!blockSets.includes(set)) {
      blockSets.push(set);
      set.ttl = r.ttl;
    }
    if (!set.all) set.all = [set.first];
    set.all.push(r);
    if (!set.mixed && r.ttl !== set.firstTtl && r.type !== 'RRSIG') {
      set.mixed = true;
      mixedSets.push(set);
    }
    if (!set.keys) set.keys = new Map([[rdataKey(set.first), set.first]]);
    const dk = rdataKey(r);
    const dup = set.keys.get(dk);
    if (dup) {
      duplicates?.push({ record: r, first: dup });
      continue;
    }
    set.keys.set(dk, r);
    entry.records.push(kept.length);
    kept.push(r);
    keptSet.push(set);
  }
  if (mixedTtl) for (const m of mixedSets) mixedTtl.push({ records: m.all ?? [m.first], served: m.ttl });
  // Each RRset keeps the owner's spelling it was made with and the TTL named serves.
  const out = kept;
  for (let i = 0; i < out.length; i++) {
    const set = keptSet[i];
    const r = out[i] as ZoneRecord;
    if (set && (r.owner !== set.owner || r.ttl !== set.ttl))
      out[i] = { ...r, owner: set.owner, ttl: set.ttl };
  }
  index?.(new OwnerIndex(owners, out, types));
  if (!sorted) return out;
  const keyed = out.map((r) => ({
    r,
    k: orderKey(r.owner),
    t: r.type === 'SOA' ? -1 : (typeCode(r.type) ?? 0),
  }));
  keyed.sort((a, b) => compareKeys(a.k, b.k) || a.t - b.t);
  return keyed.map((x) => x.r);
}

function compareKeys(x: string[], y: string[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = (x[i] as string) < (y[i] as string) ? -1 : (x[i] as string) > (y[i] as string) ? 1 : 0;
    if (c) return c;
  }
  return x.length - y.length;
}

/** One record as a canonical line: `owner ttl class type data`, single spaces. */
export function canonicalLine(r: Pick<ZoneRecord, 'owner' | 'ttl' | 'class' | 'type' | 'rdata'>): string {
  return `${r.owner} ${r.ttl} ${r.class} ${r.type} ${r.rdata}`.trimEnd();
}

/** The zone as BIND loads it, one canonical line per record (comparable with `named-compilezone -D`). */
export function canonicalLines(zone: Pick<Zone, 'origin' | 'records'>): string[] {
  return loadedRecords(zone).map(canonicalLine);
}

/** `canonicalLines` as text, one line per record and a final newline. */
export function canonicalZoneText(zone: Pick<Zone, 'origin' | 'records'>): string {
  const lines = canonicalLines(zone);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export interface FormatZoneOptions {
  /** `$TTL` to write (default: the most common TTL of the records). */
  defaultTtl?: number;
  /** Comment lines written at the top (`; ` is added). */
  header?: string[];
  /** Keep the records' order instead of sorting (SOA still first). */
  keepOrder?: boolean;
}

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s.padEnd(n));

/**
 * A zone file for people: `$ORIGIN` and `$TTL`, the SOA with one commented timer per line,
 * names relative to the origin, an owner written once for its consecutive records, a TTL only
 * where it differs from `$TTL`. Parsing the result gives the same records back.
 */
export function formatZone(zone: Pick<Zone, 'origin' | 'records'>, options: FormatZoneOptions = {}): string {
  const origin = zone.origin;
  const records = options.keepOrder
    ? [...zone.records].sort((a, b) => (a.type === 'SOA' ? 0 : 1) - (b.type === 'SOA' ? 0 : 1))
    : loadedRecords(zone);
  const count = new Map<number, number>();
  for (const r of records) count.set(r.ttl, (count.get(r.ttl) ?? 0) + 1);
  const ttl = options.defaultTtl ?? [...count].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 3600;
  const lines: string[] = [];
  for (const h of options.header ?? []) lines.push(`; ${h}`);
  lines.push(`$ORIGIN ${origin}`, `$TTL ${formatTtl(ttl)}`);
  const rel = (n: string) => relativeName(n, origin);
  const width = Math.min(32, Math.max(8, ...records.map((r) => rel(r.owner).length + 2)));
  let last = '';
  for (const r of records) {
    const owner = nameKey(r.owner) === last ? '' : rel(r.owner);
    last = nameKey(r.owner);
    const head = `${pad(owner, width)}${pad(r.ttl === ttl ? '' : formatTtl(r.ttl), 8)}${r.class === 'IN' ? '' : `${r.class} `}${pad(r.type, 8)}`;
    lines.push(`${head}${prettyData(r, origin)}`);
  }
  return `${lines.join('\n')}\n`;
}

function prettyData(r: ZoneRecord, origin: string): string {
  const d = r.data;
  const rel = (n: string) =>
    isSubdomain(n, origin) && nameKey(n) !== nameKey(origin) ? relativeName(n, origin) : n;
  switch (d.type) {
    case 'SOA':
      if ('mname' in d) {
        const i = ' '.repeat(8);
        return [
          `${rel(d.mname)} ${rel(d.rname)} (`,
          `${i}${String(d.serial).padEnd(12)}; serial`,
          `${i}${formatTtl(d.refresh).padEnd(12)}; refresh`,
          `${i}${formatTtl(d.retry).padEnd(12)}; retry`,
          `${i}${formatTtl(d.expire).padEnd(12)}; expire`,
          `${i}${formatTtl(d.minimum).padEnd(12)}; negative-answer TTL`,
          `${i})`,
        ].join('\n');
      }
      break;
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      if ('target' in d) return rel(d.target);
      break;
    case 'MX':
      if ('exchange' in d) return `${d.preference} ${rel(d.exchange)}`;
      break;
    case 'SRV':
      if ('port' in d) return `${d.priority} ${d.weight} ${d.port} ${rel(d.target)}`;
      break;
  }
  return r.rdata;
}

/** Whether a serial is a YYYYMMDDnn date serial with a real date (day 32 is not). */
export function isDateSerial(serial: number): boolean {
  return dateOfSerial(serial) !== undefined;
}

/** The date a YYYYMMDDnn serial names, or undefined when it names none. */
export function dateOfSerial(serial: number): Date | undefined {
  const s = String(serial);
  if (s.length !== 10) return undefined;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  if (y < 1970 || m < 1 || m > 12 || d < 1) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/**
 * The next serial after `current` on `today`: `YYYYMMDD00` of today when that is larger, else
 * `current + 1` (so `2026120699` becomes `2026120700`, still larger). Serials wrap at 2^32 (RFC
 * 1982); a serial that would wrap is refused, since secondaries would not see it as newer.
 */
export function nextSerial(current: number, today: Date = new Date()): number {
  const ymd = today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  const dated = ymd * 100;
  const next = dated > current && dated <= 0xffffffff ? dated : current + 1;
  if (next > 0xffffffff)
    throw new NetdoctorError('ND_INPUT_FORMAT', ZONE_ERRORS.serialWraps, { params: { serial: current } });
  return next;
}

/** The zone's records with the SOA serial raised by `nextSerial` (the records are not changed). */
export function bumpSerial<Z extends Pick<Zone, 'origin' | 'records'>>(zone: Z, today: Date = new Date()): Z {
  const records = zone.records.map((r) => {
    if (r.data.type !== 'SOA' || !('serial' in r.data)) return r;
    const serial = nextSerial(r.data.serial, today);
    const data = { ...r.data, serial };
    const rdata = r.rdata.replace(/^(\S+ \S+ )\d+/, `$1${serial}`);
    return { ...r, data, rdata };
  });
  return { ...zone, records };
}

export interface RecordInput {
  /** Owner, relative to the origin or absolute (`pc1`, `@`, `pc1.example.org.`). */
  owner: string;
  type: string;
  /** The data as a zone file writes it: `192.0.2.10`, `10 mail`, `"v=spf1 -all"`. */
  data: string;
  ttl?: number;
  class?: string;
}

/**
 * Builds a record from zone-file text, for programs that generate zones (the LAN inventory).
 *
 * @example
 *   makeRecord({ owner: 'pc1', type: 'A', data: '192.168.1.10' }, 'lan.example.') // owner 'pc1.lan.example.'
 */
export function makeRecord(input: RecordInput, origin: string, defaultTtl = 3600): ZoneRecord {
  const lex = new Lexer(`${input.data}\n`);
  const tokens: Token[] = [];
  for (let t = lex.next(); t.kind === 'word' || t.kind === 'quoted'; t = lex.next()) tokens.push(t);
  const org = origin.endsWith('.') ? origin : `${origin}.`;
  const type = input.type.toUpperCase();
  const { data, text } = parseRdata(type, tokens, org);
  const owner = input.owner === '@' ? org : input.owner.endsWith('.') ? input.owner : `${input.owner}.${org}`;
  return {
    owner,
    ttl: input.ttl ?? defaultTtl,
    class: input.class ?? 'IN',
    type,
    data,
    rdata: text,
    file: '',
    line: 0,
    explicitTtl: input.ttl !== undefined,
  };
}
