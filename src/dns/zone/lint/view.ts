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
import { loadedRecords } from '../write.js';

export type SoaData = Extract<ZoneRecordData, { type: 'SOA' }>;

export interface ZoneView {
  zone: Zone;
  origin: string;
  /** The records as loaded (first occurrence's file:line kept). */
  records: ZoneRecord[];
  byOwner: Map<string, ZoneRecord[]>;
  soa: (ZoneRecord & { data: SoaData }) | undefined;
  /** Owner keys of delegation points (NS below the apex). */
  cuts: Set<string>;
  /** `in-addr.arpa` (4), `ip6.arpa` (6), or undefined for a forward zone. */
  reverse: 4 | 6 | undefined;
  /** Records that repeat an earlier one of their RRset (named keeps one). */
  duplicates: { record: ZoneRecord; first: ZoneRecord }[];
}

export function viewOf(zone: Zone): ZoneView {
  const duplicates: ZoneView['duplicates'] = [];
  const records = loadedRecords(zone, false, duplicates);
  const byOwner = new Map<string, ZoneRecord[]>();
  const cuts = new Set<string>();
  const apex = nameKey(zone.origin);
  let soa: ZoneView['soa'];
  for (const r of records) {
    const k = nameKey(r.owner);
    let list = byOwner.get(k);
    if (!list) {
      list = [];
      byOwner.set(k, list);
    }
    list.push(r);
    if (r.type === 'NS' && k !== apex) cuts.add(k);
    if (r.type === 'SOA' && k === apex && !soa) soa = r as ZoneRecord & { data: SoaData };
  }
  const o = nameKey(zone.origin);
  const reverse = o.endsWith('in-addr.arpa.') ? 4 : o.endsWith('ip6.arpa.') ? 6 : undefined;
  return { zone, origin: zone.origin, records, byOwner, soa, cuts, reverse, duplicates };
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
