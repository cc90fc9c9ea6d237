/**
 * Forward and reverse zones side by side: every address of the forward zones with its names,
 * every PTR of the reverse zones with its targets, which reverse zone covers an address, and
 * which names are mail hosts (MX targets). Built once per lint run for the set checks.
 */
import net from 'node:net';
import type { ZoneRecord } from '../model.js';
import type { LintContext } from './check.js';
import { addressKey, addressOfArpa, arpaOf, cutAbove, isSubdomain, nameKey, type ZoneView } from './view.js';

export interface AddressUse {
  address: string;
  name: string;
  record: ZoneRecord;
}

/**
 * Address key → the records that use the address (A/AAAA in forward zones, PTR in reverse
 * zones). Compact for a million records: the map holds the record itself (an array only for an
 * address used twice), and the `AddressUse` a check reads is made when it asks.
 */
export class AddressIndex {
  private readonly m = new Map<string, ZoneRecord | ZoneRecord[]>();
  constructor(private readonly side: 'forward' | 'reverse') {}
  add(key: string, r: ZoneRecord): void {
    const v = this.m.get(key);
    if (v === undefined) this.m.set(key, r);
    else if (Array.isArray(v)) v.push(r);
    else this.m.set(key, [v, r]);
  }
  private use(key: string, r: ZoneRecord): AddressUse {
    return this.side === 'forward'
      ? { address: (r.data as { address: string }).address, name: r.owner, record: r }
      : { address: key, name: (r.data as { target: string }).target, record: r };
  }
  get size(): number {
    return this.m.size;
  }
  has(key: string): boolean {
    return this.m.has(key);
  }
  /** How many records use the address (0 when none). */
  count(key: string): number {
    const v = this.m.get(key);
    return v === undefined ? 0 : Array.isArray(v) ? v.length : 1;
  }
  get(key: string): AddressUse[] | undefined {
    const v = this.m.get(key);
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v.map((r) => this.use(key, r)) : [this.use(key, v)];
  }
  /** The records of the address as stored: one record, or a list when it is used twice. */
  raw(key: string): ZoneRecord | ZoneRecord[] | undefined {
    return this.m.get(key);
  }
  /** Whether some record of the address names `name` (owner or target, without case). */
  names(key: string, name: string): boolean {
    const v = this.m.get(key);
    if (v === undefined) return false;
    const n = nameKey(name);
    const of = (r: ZoneRecord) => (this.side === 'forward' ? r.owner : (r.data as { target: string }).target);
    const is = (r: ZoneRecord) => of(r) === name || nameKey(of(r)) === n;
    return Array.isArray(v) ? v.some(is) : is(v);
  }
  keys(): IterableIterator<string> {
    return this.m.keys();
  }
  *entries(): IterableIterator<[string, AddressUse[]]> {
    for (const k of this.m.keys()) yield [k, this.get(k) as AddressUse[]];
  }
  *values(): IterableIterator<AddressUse[]> {
    for (const k of this.m.keys()) yield this.get(k) as AddressUse[];
  }
  [Symbol.iterator](): IterableIterator<[string, AddressUse[]]> {
    return this.entries();
  }
}

export interface Pairs {
  /** address key → forward records naming it. */
  forward: AddressIndex;
  /** address key → PTR records for it. */
  reverse: AddressIndex;
  /** Names that are MX targets in the forward zones. */
  mailHosts: Set<string>;
  sending: Set<string>;
  forwardZones: ZoneView[];
  reverseZones: ZoneView[];
}

const cache = new WeakMap<LintContext, Pairs>();

export function pairsOf(ctx: LintContext): Pairs {
  const hit = cache.get(ctx);
  if (hit) return hit;
  const p: Pairs = {
    forward: new AddressIndex('forward'),
    reverse: new AddressIndex('reverse'),
    mailHosts: new Set(),
    sending: new Set(ctx.sendingIps.map(addressKey)),
    forwardZones: ctx.zones.filter((z) => !z.reverse),
    reverseZones: ctx.zones.filter((z) => z.reverse),
  };
  for (const view of p.forwardZones) {
    for (const r of view.records) {
      if (r.type === 'MX') p.mailHosts.add(nameKey((r.data as { exchange: string }).exchange));
      if (r.type !== 'A' && r.type !== 'AAAA') continue;
      // Wildcards and glue below a delegation are not hosts of this zone.
      if (r.owner.startsWith('*.') || cutAbove(view, r.owner)) continue;
      p.forward.add(addressKey((r.data as { address: string }).address), r);
    }
  }
  for (const view of p.reverseZones) {
    for (const r of view.records) {
      if (r.type !== 'PTR') continue;
      const address = addressOfArpa(r.owner);
      if (!address) continue;
      p.reverse.add(addressKey(address), r);
    }
  }
  cache.set(ctx, p);
  return p;
}

/** Whether the forward zones give `name` the address `key` (an `addressKey`). */
export function hasAddress(p: Pairs, name: string, key: string): boolean {
  return p.forward.names(key, name);
}

/** The addresses (keys) the forward zones give `name`, for messages. */
export function addressesOfName(p: Pairs, name: string): string[] {
  const n = nameKey(name);
  const out = new Set<string>();
  for (const v of p.forwardZones)
    for (const r of v.byOwner.get(n) ?? [])
      if (r.type === 'A' || r.type === 'AAAA') out.add(addressKey((r.data as { address: string }).address));
  return [...out];
}

const zoneForCache = new WeakMap<
  Pairs,
  { depth4: number; depth6: number; hits: Map<string, ZoneView | undefined> }
>();

/**
 * The given reverse zone that holds the PTR of `address`, if any. Asked for every address of the
 * forward zones, so answers are remembered per prefix: when no reverse zone is deeper than N
 * labels and none delegates, every address with the same first N octets (nibbles) has the same
 * answer.
 */
export function reverseZoneFor(p: Pairs, address: string): ZoneView | undefined {
  let c = zoneForCache.get(p);
  if (!c) {
    let depth4 = 0;
    let depth6 = 0;
    for (const v of p.reverseZones) {
      const labels = v.origin.split('.').length - 3;
      if (v.cuts.size > 0) depth4 = depth6 = 99;
      if (v.reverse === 4) depth4 = Math.max(depth4, labels);
      else depth6 = Math.max(depth6, labels);
    }
    c = { depth4, depth6, hits: new Map() };
    zoneForCache.set(p, c);
  }
  const v4 = !address.includes(':');
  const depth = v4 ? c.depth4 : c.depth6;
  if ((v4 && depth > 3) || (!v4 && depth > 31)) return findReverseZone(p, address);
  const prefix = v4
    ? address.split('.', depth).join('.')
    : `:${addressKey(address).replace(/:/g, '').slice(0, depth)}`;
  if (c.hits.has(prefix)) return c.hits.get(prefix);
  const z = findReverseZone(p, address);
  c.hits.set(prefix, z);
  return z;
}

function findReverseZone(p: Pairs, address: string): ZoneView | undefined {
  const arpa = arpaOf(address);
  let best: ZoneView | undefined;
  for (const v of p.reverseZones) {
    if (isSubdomain(arpa, v.origin) && (!best || v.origin.length > best.origin.length) && !cutAbove(v, arpa))
      best = v;
  }
  return best;
}

/** The given forward zone that holds `name`, if any (the deepest). */
export function forwardZoneFor(p: Pairs, name: string): ZoneView | undefined {
  let best: ZoneView | undefined;
  for (const v of p.forwardZones) {
    if (isSubdomain(name, v.origin) && (!best || v.origin.length > best.origin.length)) best = v;
  }
  return best && !cutAbove(best, name) ? best : undefined;
}

/** The conventional reverse zone of an address: /24 for IPv4, /64 for IPv6. */
export function subnetZone(address: string): { subnet: string; zone: string } {
  if (net.isIPv4(address)) {
    const o = address.split('.');
    return { subnet: `${o.slice(0, 3).join('.')}.0/24`, zone: `${o[2]}.${o[1]}.${o[0]}.in-addr.arpa.` };
  }
  const arpa = arpaOf(address);
  const zone = arpa.split('.').slice(16).join('.');
  const hex = addressKey(address).replace(/:/g, '').slice(0, 16);
  const prefix = hex
    .match(/.{4}/g)!
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
  return { subnet: `${prefix}::/64`, zone };
}

/** Whether a name is a mail host (MX target) or one of its addresses is a declared sending IP. */
export function weighsForMail(p: Pairs, name: string, address: string): boolean {
  return p.mailHosts.has(nameKey(name)) || p.sending.has(addressKey(address));
}
