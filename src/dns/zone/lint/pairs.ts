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
  view: ZoneView;
}

export interface Pairs {
  /** address key → forward records naming it. */
  forward: Map<string, AddressUse[]>;
  /** address key → PTR records for it. */
  reverse: Map<string, AddressUse[]>;
  /** name key → addresses (A/AAAA) in the forward zones. */
  addressesByName: Map<string, string[]>;
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
    forward: new Map(),
    reverse: new Map(),
    addressesByName: new Map(),
    mailHosts: new Set(),
    sending: new Set(ctx.sendingIps.map(addressKey)),
    forwardZones: ctx.zones.filter((z) => !z.reverse),
    reverseZones: ctx.zones.filter((z) => z.reverse),
  };
  const push = (m: Map<string, AddressUse[]>, k: string, u: AddressUse) => {
    const l = m.get(k);
    if (l) l.push(u);
    else m.set(k, [u]);
  };
  for (const view of p.forwardZones) {
    for (const r of view.records) {
      if (r.type === 'MX') p.mailHosts.add(nameKey((r.data as { exchange: string }).exchange));
      if (r.type !== 'A' && r.type !== 'AAAA') continue;
      // Wildcards and glue below a delegation are not hosts of this zone.
      if (r.owner.startsWith('*.') || cutAbove(view, r.owner)) continue;
      const address = (r.data as { address: string }).address;
      const k = addressKey(address);
      push(p.forward, k, { address, name: r.owner, record: r, view });
      const s = p.addressesByName.get(nameKey(r.owner));
      if (!s) p.addressesByName.set(nameKey(r.owner), [k]);
      else if (!s.includes(k)) s.push(k);
    }
  }
  for (const view of p.reverseZones) {
    for (const r of view.records) {
      if (r.type !== 'PTR') continue;
      const address = addressOfArpa(r.owner);
      if (!address) continue;
      push(p.reverse, addressKey(address), {
        address,
        name: (r.data as { target: string }).target,
        record: r,
        view,
      });
    }
  }
  cache.set(ctx, p);
  return p;
}

/** The given reverse zone that holds the PTR of `address`, if any. */
export function reverseZoneFor(p: Pairs, address: string): ZoneView | undefined {
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
