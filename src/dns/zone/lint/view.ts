/**
 * A loaded zone as the checks see it: the records BIND would serve (duplicates and out-of-zone
 * data dropped, one TTL per RRset), indexed by owner, with the delegation points, the SOA and —
 * for a reverse zone — the address each owner stands for.
 */
import net from 'node:net';
import { expandIPv6 } from '../../ip.js';
import type { Zone, ZoneRecord } from '../model.js';
import { isSubdomain, nameKey, relativeName } from '../name.js';
import type { ZoneRecordData } from '../rdata.js';
import { loadedRecords, type OwnerIndex } from '../write.js';

export type SoaData = Extract<ZoneRecordData, { type: 'SOA' }>;

export interface ZoneView {
  zone: Zone;
  origin: string;
  /** The records as loaded (first occurrence's file:line kept). */
  records: ZoneRecord[];
  /** Records by owner key (lower case). */
  byOwner: OwnerIndex;
  soa: (ZoneRecord & { data: SoaData }) | undefined;
  /** Owner keys of delegation points (NS below the apex). */
  cuts: Set<string>;
  /** `in-addr.arpa` (4), `ip6.arpa` (6), or undefined for a forward zone. */
  reverse: 4 | 6 | undefined;
  /** Records that repeat an earlier one of their RRset (named keeps one). */
  duplicates: { record: ZoneRecord; first: ZoneRecord }[];
  /** RRsets written with more than one TTL (RRSIG aside): every record of each, and the TTL served. */
  ttlMixed: { records: ZoneRecord[]; served: number }[];
  /** Records of the file whose owner is outside the zone (named ignores them), in file order. */
  outside: ZoneRecord[];
}

export function viewOf(zone: Zone): ZoneView {
  const duplicates: ZoneView['duplicates'] = [];
  const ttlMixed: ZoneView['ttlMixed'] = [];
  let byOwner: OwnerIndex | undefined;
  const outside: ZoneRecord[] = [];
  const records = loadedRecords(
    zone,
    false,
    duplicates,
    ttlMixed,
    (ix) => {
      byOwner = ix;
    },
    outside,
  );
  const cuts = new Set<string>();
  const apex = nameKey(zone.origin);
  let soa: ZoneView['soa'];
  for (const r of records) {
    if (r.type === 'NS') {
      const k = nameKey(r.owner);
      if (k !== apex) cuts.add(k);
    } else if (r.type === 'SOA' && !soa && nameKey(r.owner) === apex)
      soa = r as ZoneRecord & { data: SoaData };
  }
  const o = nameKey(zone.origin);
  const reverse = o.endsWith('in-addr.arpa.') ? 4 : o.endsWith('ip6.arpa.') ? 6 : undefined;
  return {
    zone,
    origin: zone.origin,
    records,
    byOwner: byOwner as OwnerIndex,
    soa,
    cuts,
    reverse,
    duplicates,
    ttlMixed,
    outside,
  };
}

/** The delegation point at or above `name` (below the apex), if any. */
export function cutAbove(view: ZoneView, name: string): string | undefined {
  if (view.cuts.size === 0) return undefined;
  let k = nameKey(name);
  const apex = nameKey(view.origin);
  while (k !== apex && k.length > apex.length) {
    if (view.cuts.has(k)) return k;
    const dot = k.indexOf('.');
    if (dot < 0) break;
    k = k.slice(dot + 1);
  }
  return undefined;
}

/** True when a DNAME at a name above `name` makes it unreachable (RFC 6672 §2.3: occluded). */
export function belowDname(view: ZoneView, name: string): boolean {
  let k = nameKey(name);
  const apex = nameKey(view.origin);
  while (k.length > apex.length || k === apex) {
    const dot = k.indexOf('.');
    if (dot < 0 || dot === k.length - 1) return false;
    k = k.slice(dot + 1);
    if (view.byOwner.get(k)?.some((r) => r.type === 'DNAME')) return true;
    if (k === apex) return false;
  }
  return false;
}

/** A/AAAA addresses of a name in this zone. */
export function addressesOf(view: ZoneView, name: string): string[] {
  return (view.byOwner.get(nameKey(name)) ?? [])
    .filter((r) => r.type === 'A' || r.type === 'AAAA')
    .map((r) => (r.data as { address: string }).address);
}

export function typesAt(view: ZoneView, name: string): Set<string> {
  return new Set((view.byOwner.get(nameKey(name)) ?? []).map((r) => r.type));
}

/** The address a reverse-zone owner stands for (`25.2.0.192.in-addr.arpa.` → `192.0.2.25`). */
export function addressOfArpa(owner: string): string | undefined {
  const fast = ipv4OfArpa(owner);
  if (fast !== null) return fast;
  const k = nameKey(owner);
  if (k.endsWith('.in-addr.arpa.')) {
    const parts = k.slice(0, -'.in-addr.arpa.'.length).split('.');
    if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) < 256))
      return undefined;
    return parts.reverse().join('.');
  }
  if (k.endsWith('.ip6.arpa.')) {
    const n = k.slice(0, -'.ip6.arpa.'.length).split('.');
    if (n.length !== 32 || !n.every((x) => /^[0-9a-f]$/.test(x))) return undefined;
    const hex = n.reverse().join('');
    return canonical6(hex.match(/.{4}/g)!.join(':'));
  }
  return undefined;
}

/**
 * `d.c.b.a.in-addr.arpa.` → `a.b.c.d` in one pass over the characters; `undefined` when the name
 * is under in-addr.arpa but not a whole address, `null` when it is not under in-addr.arpa at all.
 */
function ipv4OfArpa(owner: string): string | undefined | null {
  const end = owner.length - 14; // '.in-addr.arpa.'
  if (end <= 0 || !isSubdomain(owner, 'in-addr.arpa.') || owner.charCodeAt(end) !== 0x2e) return null;
  const octets: number[] = [];
  let v = -1;
  let digits = 0;
  for (let i = 0; i <= end; i++) {
    const c = i === end ? 0x2e : owner.charCodeAt(i);
    if (c === 0x2e) {
      if (v < 0 || v > 255 || octets.length === 4) return undefined;
      octets.push(v);
      v = -1;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // No leading zeros ("01"), at most three digits.
      if (v === 0 || ++digits > 3) return undefined;
      v = v < 0 ? c - 0x30 : v * 10 + (c - 0x30);
    } else return undefined;
  }
  if (octets.length !== 4) return undefined;
  return `${octets[3]}.${octets[2]}.${octets[1]}.${octets[0]}`;
}

function canonical6(ip: string): string {
  return net.isIPv6(ip) ? expandIPv6(ip) : ip;
}

/** Comparable text of an address (IPv6 expanded). */
export function addressKey(ip: string): string {
  return ip.includes(':') ? expandIPv6(ip) : ip;
}

/** The `in-addr.arpa` / `ip6.arpa` owner of an address, absolute. */
export function arpaOf(ip: string): string {
  if (!ip.includes(':')) return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
  return `${expandIPv6(ip).replace(/:/g, '').split('').reverse().join('.')}.ip6.arpa.`;
}

/** A record as a zone-file line relative to `origin`: what the fix tells the admin to write. */
export function zoneLine(owner: string, type: string, rdata: string, origin: string): string {
  const rel = relativeName(owner, origin);
  return `${rel.padEnd(Math.max(8, rel.length + 1))}IN ${type.padEnd(6)}${rdata}`;
}

/** `file:line` of a record. */
export function where(r: Pick<ZoneRecord, 'file' | 'line'>): string {
  return `${r.file}:${r.line}`;
}

export { isSubdomain, nameKey };
