/**
 * The ARP watch: arpwatch's bookkeeping (one list of MACs per IPv4 address, most recent first)
 * and its event kinds, plus what only an inventory makes possible.
 *
 * arpwatch 2.1a15's rules, as its `arpwatch.c` and `db.c` apply them (and as the tests compare
 * against the real program):
 * - a sender MAC of all zeros or all ones: `ethernet broadcast`, nothing recorded;
 * - sender IP 0.0.0.0 (an RFC 5227 probe): ignored;
 * - Ethernet source ≠ ARP sender MAC: `ethernet mismatch`, nothing recorded;
 * - a sender outside the local networks (when they are given): `bogon`, nothing recorded;
 * - an address never seen: `new station`;
 * - the current MAC again after six months: `new activity`;
 * - the previous MAC again: `flip flop`; an older one: `reused old ethernet address`;
 * - any other MAC: `changed ethernet address`.
 * From the inventory: a MAC it does not list (`unknown-mac`), a device marked `allowed: false`
 * (`not-allowed`), a known MAC on another address than its fixed one (`wrong-address`), a device's
 * fixed address claimed by another MAC (`claimed-address`), and two MACs answering for one address
 * within a few seconds of each other (`duplicate-ip`: ARP spoofing or an address conflict).
 *
 * Per packet nothing is allocated on the usual path (a known pair seen again): addresses are kept
 * as numbers and turned into text only for an event.
 */
import { intToV4, type Subnet, v4ToInt } from './address.js';
import type { ArpDatEntry } from './arpdat.js';
import type { Inventory } from './inventory.js';

export type ArpEventKind =
  | 'new-station'
  | 'new-activity'
  | 'changed-ethernet'
  | 'flip-flop'
  | 'reused-ethernet'
  | 'ethernet-broadcast'
  | 'ethernet-mismatch'
  | 'bogon'
  | 'unknown-mac'
  | 'not-allowed'
  | 'wrong-address'
  | 'claimed-address'
  | 'duplicate-ip';

/** arpwatch's own words for its kinds (what its reports and syslog lines say). */
export const ARPWATCH_WORDS: Partial<Record<ArpEventKind, string>> = {
  'new-station': 'new station',
  'new-activity': 'new activity',
  'changed-ethernet': 'changed ethernet address',
  'flip-flop': 'flip flop',
  'reused-ethernet': 'reused old ethernet address',
  'ethernet-broadcast': 'ethernet broadcast',
  'ethernet-mismatch': 'ethernet mismatch',
  bogon: 'bogon',
};

export interface ArpEvent {
  kind: ArpEventKind;
  ip: string;
  mac: string;
  /** The MAC the address had before (changed, flip flop, reused, duplicate, claimed). */
  oldMac?: string;
  /** Epoch seconds (with fraction) of the packet, and of the previous sighting. */
  time: number;
  previousTime?: number;
  /** The inventory's name for the MAC (or for the address's owner in claimed-address). */
  name?: string;
  /** The address the inventory fixes for this MAC (wrong-address). */
  expected?: string;
  iface: string;
}

/** arpwatch's NEWACTIVITY_DELTA: six months. */
export const NEW_ACTIVITY_SECONDS = 180 * 24 * 3600;

export interface ArpWatchOptions {
  inventory?: Inventory;
  /** Local IPv4 networks: a sender outside them is a bogon. None given: no bogon check (as arpwatch -r). */
  localNets?: readonly Subnet[];
  /** Two MACs for one address within this many seconds: duplicate-ip (default 10). */
  conflictSeconds?: number;
  /** Interface name for the state file's fifth field. */
  iface?: string;
}

interface AddressEntry {
  /** MACs as 48-bit numbers, most recent first, and their last-seen times. */
  macs: number[];
  times: number[];
  hostname: string;
  iface: string;
}

function macNumber(b: Uint8Array, off: number): number {
  return (
    ((b[off] as number) * 0x10000 + (b[off + 1] as number) * 0x100 + (b[off + 2] as number)) * 0x1000000 +
    ((b[off + 3] as number) * 0x10000 + (b[off + 4] as number) * 0x100 + (b[off + 5] as number))
  );
}

export function macText(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}

export function macFromText(mac: string): number {
  return Number.parseInt(mac.replace(/:/g, ''), 16);
}

const ALL_ONES = 0xffffffffffff;

export class ArpWatch {
  private readonly table = new Map<number, AddressEntry>();
  private readonly byMac = new Map<number, { name: string; ip?: number; allowed: boolean }>();
  private readonly fixedOwner = new Map<number, { mac: number[]; name: string }>();
  private readonly nets: { net: number; mask: number }[];
  private readonly conflict: number;
  private readonly iface: string;
  private readonly hasInventory: boolean;
  /** Counters for the summary. */
  packets = 0;
  arpPackets = 0;
  readonly counts: Partial<Record<ArpEventKind, number>> = {};

  constructor(
    private readonly emit: (e: ArpEvent) => void,
    options: ArpWatchOptions = {},
  ) {
    this.conflict = options.conflictSeconds ?? 10;
    this.iface = options.iface ?? '';
    this.nets = (options.localNets ?? [])
      .filter((s) => s.family === 4)
      .map((s) => {
        const mask = s.prefix === 0 ? 0 : (0xffffffff << (32 - s.prefix)) >>> 0;
        return { net: v4ToInt(s.network), mask };
      });
    this.hasInventory = options.inventory !== undefined;
    for (const d of options.inventory?.devices ?? []) {
      const ip = d.ipv4 ? v4ToInt(d.ipv4) : undefined;
      for (const m of d.macs) {
        this.byMac.set(macFromText(m), {
          name: d.name,
          ...(ip !== undefined ? { ip } : {}),
          allowed: d.allowed,
        });
      }
      if (ip !== undefined) this.fixedOwner.set(ip, { mac: d.macs.map(macFromText), name: d.name });
    }
  }

  /** Loads a previous run's state (arp.dat entries): no alert storm after a restart. */
  load(entries: readonly ArpDatEntry[]): void {
    const sorted = [...entries].sort((a, b) => b.time - a.time);
    for (const e of sorted) {
      const ip = v4ToInt(e.ip);
      const mac = macFromText(e.mac);
      let entry = this.table.get(ip);
      if (!entry) {
        entry = { macs: [], times: [], hostname: e.hostname, iface: e.iface };
        this.table.set(ip, entry);
      }
      if (!entry.macs.includes(mac)) {
        entry.macs.push(mac);
        entry.times.push(e.time);
      }
    }
  }

  /** The state as arp.dat entries (each address's MACs, most recent first). */
  entries(): ArpDatEntry[] {
    const out: ArpDatEntry[] = [];
    for (const [ip, e] of this.table) {
      for (let i = 0; i < e.macs.length; i++) {
        out.push({
          mac: macText(e.macs[i] as number),
          ip: intToV4(ip),
          time: Math.floor(e.times[i] as number),
          hostname: e.hostname,
          iface: e.iface,
        });
      }
    }
    return out;
  }

  private event(
    kind: ArpEventKind,
    ip: number,
    mac: number,
    time: number,
    extra: Partial<ArpEvent> = {},
  ): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    const known = this.byMac.get(mac);
    this.emit({
      kind,
      ip: intToV4(ip),
      mac: macText(mac),
      time,
      iface: this.iface,
      ...(known && extra.name === undefined ? { name: known.name } : {}),
      ...extra,
    });
  }

  /**
   * One ARP packet: Ethernet source MAC, ARP sender MAC and sender IPv4 (`sea`, `sha`, `spa` in
   * arpwatch's names), each MAC as 6 bytes at an offset of `b`, and its time in seconds.
   */
  arp(b: Uint8Array, seaOffset: number, shaOffset: number, spa: number, time: number): void {
    this.arpPackets++;
    const sha = macNumber(b, shaOffset);
    const sea = seaOffset >= 0 ? macNumber(b, seaOffset) : sha;
    this.observe(sea, sha, spa >>> 0, time);
  }

  /** As `arp`, with the addresses already as numbers (the neighbour-table source). */
  observe(sea: number, sha: number, spa: number, time: number): void {
    if (sha === 0 || sha === ALL_ONES) {
      this.event('ethernet-broadcast', spa, sha, time);
      return;
    }
    if (spa === 0) return; // RFC 5227 probe: arpwatch "ignored 0.0.0.0"
    if (sea !== sha) {
      this.event('ethernet-mismatch', spa, sha, time, { oldMac: macText(sea) });
      return;
    }
    if (this.nets.length > 0 && !this.nets.some((n) => (spa & n.mask) >>> 0 === n.net)) {
      this.event('bogon', spa, sha, time);
      return;
    }
    this.add(spa, sha, time);
  }

  private add(ip: number, mac: number, t: number): void {
    const entry = this.table.get(ip);
    if (entry && entry.macs[0] === mac) {
      const last = entry.times[0] as number;
      if (t - last > NEW_ACTIVITY_SECONDS) this.event('new-activity', ip, mac, t, { previousTime: last });
      if (t > last) entry.times[0] = t;
      return;
    }
    if (!entry) {
      this.table.set(ip, { macs: [mac], times: [t], hostname: '', iface: this.iface });
      this.event('new-station', ip, mac, t);
      this.inventoryEvents(ip, mac, t, undefined);
      return;
    }
    const prevMac = entry.macs[0] as number;
    const prevTime = entry.times[0] as number;
    const i = entry.macs.indexOf(mac);
    const old = { oldMac: macText(prevMac), previousTime: prevTime };
    if (i === 1) this.event('flip-flop', ip, mac, t, old);
    else if (i > 1) this.event('reused-ethernet', ip, mac, t, old);
    else this.event('changed-ethernet', ip, mac, t, old);
    if (t - prevTime <= this.conflict) this.event('duplicate-ip', ip, mac, t, old);
    if (i >= 0) {
      entry.macs.splice(i, 1);
      entry.times.splice(i, 1);
    }
    entry.macs.unshift(mac);
    entry.times.unshift(t);
    this.inventoryEvents(ip, mac, t, i >= 0 ? 'seen' : undefined);
  }

  /** Inventory events for a pair (ip, mac) that just became current. */
  private inventoryEvents(ip: number, mac: number, t: number, seen: 'seen' | undefined): void {
    if (!this.hasInventory) return;
    const known = this.byMac.get(mac);
    if (!known) {
      if (!seen) this.event('unknown-mac', ip, mac, t);
    } else {
      if (!known.allowed) this.event('not-allowed', ip, mac, t);
      if (known.ip !== undefined && known.ip !== ip && !seen) {
        this.event('wrong-address', ip, mac, t, { expected: intToV4(known.ip) });
      }
    }
    const owner = this.fixedOwner.get(ip);
    if (owner && !owner.mac.includes(mac)) {
      this.event('claimed-address', ip, mac, t, { name: owner.name });
    }
  }
}

/** Local networks from the inventory's IPv4 subnets. */
export function inventoryNets(inv: Inventory | undefined): Subnet[] {
  return (inv?.site.subnets ?? []).map((s) => s.subnet).filter((s) => s.family === 4);
}
