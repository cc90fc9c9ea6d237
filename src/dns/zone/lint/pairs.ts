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
 * An address as an index key: an IPv4 address is its 32-bit number (no string to build or hash
 * for the million PTR owners of a large reverse zone), any other its `addressKey` text.
 */
export type AddressKey = number | string;

/** `a.b.c.d` (decimal, no leading zeros, as A data and PTR owners give it) → its number, or -1. */
function ipv4Number(s: string): number {
  let v = 0;
  let octet = -1;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (octet < 0 || ++dots > 3) return -1;
      v = v * 256 + octet;
      octet = -1;
    } else if (c >= 0x30 && c <= 0x39) {
      if (octet === 0) return -1;
      octet = octet < 0 ? c - 0x30 : octet * 10 + (c - 0x30);
      if (octet > 255) return -1;
    } else return -1;
  }
  return octet < 0 || dots !== 3 ? -1 : v * 256 + octet;
}

/** The key of an address as text. */
export function keyOfAddress(address: string): AddressKey {
  const n = ipv4Number(address);
  return n >= 0 ? n : addressKey(address);
}

/** The address of a key as text (`addressKey` form). */
export function addressOfKey(key: AddressKey): string {
  return typeof key === 'number'
    ? `${key >>> 24}.${(key >>> 16) & 255}.${(key >>> 8) & 255}.${key & 255}`
    : key;
}

/**
 * `d.c.b.a.in-addr.arpa.` → the number of `a.b.c.d` in one pass over the characters, without
 * building the address; -1 when the owner is not a whole IPv4 address under in-addr.arpa
 * (`addressOfArpa` then decides).
 */
function arpaIpv4Number(owner: string): number {
  const end = owner.length - 14; // '.in-addr.arpa.'
  if (end <= 0 || owner.charCodeAt(end) !== 0x2e || !isSubdomain(owner, 'in-addr.arpa.')) return -1;
  let v = 0;
  let octets = 0;
  let octet = -1;
  let digits = 0;
  for (let i = 0; i <= end; i++) {
    const c = i === end ? 0x2e : owner.charCodeAt(i);
    if (c === 0x2e) {
      if (octet < 0 || octets === 4) return -1;
      // The first label is the last octet.
      v += octet * 256 ** octets++;
      octet = -1;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (octet === 0 || ++digits > 3) return -1;
      octet = octet < 0 ? c - 0x30 : octet * 10 + (c - 0x30);
      if (octet > 255) return -1;
    } else return -1;
  }
  return octets === 4 ? v : -1;
}

/** Open addressing over typed arrays: 32-bit key → entry number (a Map holds a million slowly). */
class Uint32Index {
  private keys = new Uint32Array(1024);
  /** Entry number + 1; 0 for a free slot. */
  private slots = new Int32Array(1024);
  private count = 0;
  get(key: number): number {
    const mask = this.slots.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i] as number;
      if (e === 0) return -1;
      if (this.keys[i] === key) return e - 1;
    }
  }
  /** Adds a key that is not there yet. */
  add(key: number, entry: number): void {
    if (++this.count * 2 > this.slots.length) this.grow();
    this.place(this.keys, this.slots, key, entry + 1);
  }
  private place(keys: Uint32Array, slots: Int32Array, key: number, value: number): void {
    const mask = slots.length - 1;
    let i = Math.imul(key, 0x9e3779b1) & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    keys[i] = key;
    slots[i] = value;
  }
  private grow(): void {
    const keys = new Uint32Array(this.keys.length * 2);
    const slots = new Int32Array(this.slots.length * 2);
    for (let i = 0; i < this.slots.length; i++) {
      const v = this.slots[i] as number;
      if (v !== 0) this.place(keys, slots, this.keys[i] as number, v);
    }
    this.keys = keys;
    this.slots = slots;
  }
}

/**
 * Address key → the records that use the address (A/AAAA in forward zones, PTR in reverse
 * zones), in the order the addresses were first seen. Compact for a million records: an entry
 * holds the record itself (an array only for an address used twice), IPv4 keys are numbers in a
 * typed-array index, and the `AddressUse` a check reads is made when it asks.
 */
export class AddressIndex {
  private readonly keyList: AddressKey[] = [];
  private readonly vals: (ZoneRecord | ZoneRecord[])[] = [];
  private readonly v4 = new Uint32Index();
  private readonly other = new Map<string, number>();
  constructor(private readonly side: 'forward' | 'reverse') {}
  private find(key: AddressKey): number {
    return typeof key === 'number' ? this.v4.get(key) : (this.other.get(key) ?? -1);
  }
  add(key: AddressKey, r: ZoneRecord): void {
    const e = this.find(key);
    if (e < 0) {
      const n = this.vals.length;
      this.keyList.push(key);
      this.vals.push(r);
      if (typeof key === 'number') this.v4.add(key, n);
      else this.other.set(key, n);
      return;
    }
    const v = this.vals[e] as ZoneRecord | ZoneRecord[];
    if (Array.isArray(v)) v.push(r);
    else this.vals[e] = [v, r];
  }
  private use(key: AddressKey, r: ZoneRecord): AddressUse {
    return this.side === 'forward'
      ? { address: (r.data as { address: string }).address, name: r.owner, record: r }
      : { address: addressOfKey(key), name: (r.data as { target: string }).target, record: r };
  }
  /** Number of addresses; entries are numbered 0 … size-1 in first-seen order. */
  get size(): number {
    return this.vals.length;
  }
  keyAt(i: number): AddressKey {
    return this.keyList[i] as AddressKey;
  }
  /** The records of entry `i` as stored: one record, or a list when the address is used twice. */
  rawAt(i: number): ZoneRecord | ZoneRecord[] {
    return this.vals[i] as ZoneRecord | ZoneRecord[];
  }
  has(key: AddressKey): boolean {
    return this.find(key) >= 0;
  }
  /** How many records use the address (0 when none). */
  count(key: AddressKey): number {
    const e = this.find(key);
    if (e < 0) return 0;
    const v = this.vals[e];
    return Array.isArray(v) ? v.length : 1;
  }
  get(key: AddressKey): AddressUse[] | undefined {
    const e = this.find(key);
    if (e < 0) return undefined;
    const v = this.vals[e] as ZoneRecord | ZoneRecord[];
    return Array.isArray(v) ? v.map((r) => this.use(key, r)) : [this.use(key, v)];
  }
  /** The records of the address as stored: one record, or a list when it is used twice. */
  raw(key: AddressKey): ZoneRecord | ZoneRecord[] | undefined {
    const e = this.find(key);
    return e < 0 ? undefined : this.vals[e];
  }
  /** Whether some record of the address names `name` (owner or target, without case). */
  names(key: AddressKey, name: string): boolean {
    const v = this.raw(key);
    if (v === undefined) return false;
    if (!Array.isArray(v)) {
      const of = this.nameOf(v);
      return of === name || nameKey(of) === nameKey(name);
    }
    const n = nameKey(name);
    for (const r of v) {
      const of = this.nameOf(r);
      if (of === name || nameKey(of) === n) return true;
    }
    return false;
  }
  private nameOf(r: ZoneRecord): string {
    return this.side === 'forward' ? r.owner : (r.data as { target: string }).target;
  }
  keys(): IterableIterator<AddressKey> {
    return this.keyList.values();
  }
  *entries(): IterableIterator<[AddressKey, AddressUse[]]> {
    for (const k of this.keyList) yield [k, this.get(k) as AddressUse[]];
  }
  *values(): IterableIterator<AddressUse[]> {
    for (const k of this.keyList) yield this.get(k) as AddressUse[];
  }
  [Symbol.iterator](): IterableIterator<[AddressKey, AddressUse[]]> {
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
      p.forward.add(keyOfAddress((r.data as { address: string }).address), r);
    }
  }
  for (const view of p.reverseZones) {
    for (const r of view.records) {
      if (r.type !== 'PTR') continue;
      const n = arpaIpv4Number(r.owner);
      if (n >= 0) {
        p.reverse.add(n, r);
        continue;
      }
      const address = addressOfArpa(r.owner);
      if (!address) continue;
      p.reverse.add(keyOfAddress(address), r);
    }
  }
  cache.set(ctx, p);
  return p;
}

/** Whether the forward zones give `name` the address `key`. */
export function hasAddress(p: Pairs, name: string, key: AddressKey): boolean {
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
  {
    depth4: number;
    depth6: number;
    hits: Map<string, ZoneView | undefined>;
    lastPrefix?: string;
    last?: ZoneView | undefined;
  }
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
    ? ipv4Prefix(address, depth)
    : `:${addressKey(address).replace(/:/g, '').slice(0, depth)}`;
  // Addresses come in runs of one subnet: the last answer first, then the map.
  if (prefix === c.lastPrefix) return c.last;
  let z: ZoneView | undefined;
  if (c.hits.has(prefix)) z = c.hits.get(prefix);
  else {
    z = findReverseZone(p, address);
    c.hits.set(prefix, z);
  }
  c.lastPrefix = prefix;
  c.last = z;
  return z;
}

/** The first `octets` octets of a dotted quad as written (`address.split('.', octets).join('.')`). */
function ipv4Prefix(address: string, octets: number): string {
  if (octets === 0) return '';
  let end = -1;
  for (let d = 0; d < octets; d++) {
    end = address.indexOf('.', end + 1);
    if (end < 0) return address;
  }
  return address.slice(0, end);
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
