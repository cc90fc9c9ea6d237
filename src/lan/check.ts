/**
 * `checkInventory`: what is wrong with an inventory before anything is generated from it — the
 * same IP, MAC or name twice, an address outside every subnet or inside a dynamic pool, a host
 * name that breaks RF 1123, a NetBIOS name over 15 characters, a MAC that is not one, a randomised
 * (locally administered) MAC. Each finding names `file:line:column`.
 */
import { type Finding, finding } from '../core/findings.js';
import { broadcast, inPool, inSubnet } from './address.js';
import type { Device, Inventory, Place } from './inventory.js';
import { isGroupMac } from './mac.js';
import type { VendorRegistry } from './vendor.js';

/** RFC 1123 §2.1 label: letters, digits, hyphens; not starting or ending with a hyphen; 1-63. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A host name of one or more RFC 1123 labels (253 characters at most). */
export function isHostName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name
    .replace(/\.$/, '')
    .split('.')
    .every((l) => LABEL.test(l));
}

/** NetBIOS names: at most 15 characters, none of `\/:*?"<>|` (the 16th byte is the service type). */
export function netbiosProblem(name: string): 'too-long' | 'bad-char' | undefined {
  if (name.length > 15) return 'too-long';
  if (/[\\/:*?"<>|.\s]/.test(name) || name.length === 0) return 'bad-char';
  return undefined;
}

export interface CheckOptions {
  /** The IEEE registries, to tell randomised MACs from old vendor blocks that carry the U/L bit. */
  vendors?: VendorRegistry;
}

export interface CheckResult {
  findings: Finding[];
  /** True when nothing of severity `fail` was found: generating from it is safe. */
  ok: boolean;
}

export function checkInventory(inv: Inventory, options: CheckOptions = {}): CheckResult {
  const out: Finding[] = [...inv.problems];
  const where = (at: Place | undefined, d: Device) => {
    const p = at ?? d.at;
    return `${inv.file}:${p.line}:${p.column}`;
  };
  const seen = {
    name: new Map<string, string>(),
    mac: new Map<string, string>(),
    ip: new Map<string, string>(),
  };
  const dup = (kind: 'name' | 'mac' | 'ip', key: string, here: string, d: Device, value: string) => {
    const first = seen[kind].get(key);
    if (first !== undefined) {
      out.push(finding(`lan.device.duplicate-${kind}`, 'fail', { where: here, name: d.name, value, first }));
    } else seen[kind].set(key, here);
  };
  for (const d of inv.devices) {
    if (!d.name) {
      out.push(finding('lan.inventory.missing', 'fail', { where: where(d.at, d), key: 'devices[].name' }));
      continue;
    }
    for (const n of [d.name, ...d.aliases]) {
      const at = where(n === d.name ? d.fieldAt.name : d.fieldAt.aliases, d);
      if (!isHostName(n)) out.push(finding('lan.device.bad-name', 'fail', { where: at, name: n }));
      else dup('name', n.toLowerCase().replace(/\.$/, ''), at, d, n);
    }
    if (d.netbios !== undefined) {
      const p = netbiosProblem(d.netbios);
      if (p === 'too-long') {
        out.push(
          finding('lan.device.netbios-too-long', 'fail', {
            where: where(d.fieldAt.netbios, d),
            name: d.netbios,
            length: d.netbios.length,
          }),
        );
      } else if (p === 'bad-char') {
        out.push(
          finding('lan.device.bad-netbios', 'fail', { where: where(d.fieldAt.netbios, d), name: d.netbios }),
        );
      }
    }
    for (const b of d.badMacs) {
      out.push(
        finding('lan.device.bad-mac', 'fail', {
          where: `${inv.file}:${b.at.line}:${b.at.column}`,
          name: d.name,
          value: b.text,
        }),
      );
    }
    for (const b of d.badAddresses) {
      out.push(
        finding('lan.device.bad-address', 'fail', {
          where: `${inv.file}:${b.at.line}:${b.at.column}`,
          name: d.name,
          field: b.field,
          value: b.text,
        }),
      );
    }
    const macAt = where(d.fieldAt.mac ?? d.fieldAt.macs, d);
    for (const mac of d.macs) {
      if (isGroupMac(mac)) {
        out.push(finding('lan.device.bad-mac', 'fail', { where: macAt, name: d.name, value: mac }));
        continue;
      }
      dup('mac', mac, macAt, d, mac);
      if (options.vendors?.isLocallyAdministered(mac)) {
        out.push(finding('lan.device.random-mac', 'warn', { where: macAt, name: d.name, mac }));
      }
    }
    const addrs = [
      ...(d.ipv4 ? [{ ip: d.ipv4, at: where(d.fieldAt.ipv4, d) }] : []),
      ...d.ipv6.map((ip) => ({ ip, at: where(d.fieldAt.ipv6, d) })),
    ];
    for (const { ip, at } of addrs) {
      dup('ip', ip, at, d, ip);
      const family = ip.includes(':') ? 6 : 4;
      const subnets = inv.site.subnets.filter((s) => s.subnet.family === family);
      const home = subnets.find((s) => inSubnet(ip, s.subnet));
      if (!home) {
        out.push(
          finding('lan.device.outside-subnet', 'fail', {
            where: at,
            name: d.name,
            ip,
            subnets: subnets.map((s) => s.subnet.cidr).join(', ') || '-',
          }),
        );
        continue;
      }
      if (
        family === 4 &&
        home.subnet.prefix < 31 &&
        (ip === home.subnet.network || ip === broadcast(home.subnet))
      ) {
        out.push(
          finding('lan.device.reserved-address', 'fail', {
            where: at,
            name: d.name,
            ip,
            cidr: home.subnet.cidr,
          }),
        );
      }
      const pool = home.pools.find((p) => inPool(ip, p));
      if (pool) {
        out.push(
          finding('lan.device.in-pool', 'fail', {
            where: at,
            name: d.name,
            ip,
            pool: `${pool.first}-${pool.last}`,
          }),
        );
      }
    }
  }
  const ok = !out.some((f) => f.severity === 'fail');
  if (out.length === 0) {
    out.push(
      finding('lan.inventory.ok', 'ok', {
        file: inv.file,
        devices: inv.devices.length,
        subnets: inv.site.subnets.length,
      }),
    );
  }
  return { findings: out, ok };
}
