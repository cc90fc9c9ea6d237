/**
 * The LAN inventory: one human-edited YAML file — a `site` section and one entry per device —
 * read with the position of every value kept, so that `lan check` can name `file:line:column`.
 *
 * @example
 *   const inv = parseInventory(readFileSync('lan.yaml', 'utf8'), 'lan.yaml');
 *   inv.devices[0]; // { name: 'printer', macs: ['00:11:22:33:44:55'], ipv4: '192.168.1.20', … }
 *   inv.problems;   // findings for what could not be read (unknown keys, wrong types)
 */
import net from 'node:net';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { NetdoctorError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import { canonicalAddress } from '../dns/ip.js';
import { type Pool, parseCidr, parsePool, reverseZoneName, type Subnet } from './address.js';
import { LAN_ERRORS as E } from './error-messages.js';
import { normalizeMac } from './mac.js';

/** Where a value stands in the inventory file (1-based). */
export interface Place {
  line: number;
  column: number;
}

export interface SubnetDef {
  subnet: Subnet;
  /** IPv4 dynamic pool(s): addresses the DHCP server hands out to unknown clients. */
  pools: Pool[];
  gateway?: string;
  /** DNS servers the DHCP server announces. */
  dns: string[];
  /** The reverse zone that holds this subnet's PTR records. */
  reverseZone: string;
  /** Where the reverse zone file lives (the `reverse` target writes it). */
  reverseFile?: string;
  at: Place;
}

export interface Site {
  domain: string;
  ttl: number;
  /** Name servers of the generated zones (relative to the domain or absolute with a dot). */
  nameservers: string[];
  /** SOA RNAME as a mail address or a dotted name. */
  hostmaster: string;
  subnets: SubnetDef[];
  /** target id → the live file it writes (`dhcpd: /etc/dhcp/dhcpd.conf`). */
  targets: Record<string, string>;
  /** DHCP lease time in seconds for generated skeletons. */
  leaseTime: number;
  /** Interface the DHCP server listens on (skeletons of Kea and dnsmasq). */
  interface?: string;
}

export interface Device {
  name: string;
  aliases: string[];
  /** Canonical MACs (lower-case, colons); the raw spellings that failed are in `badMacs`. */
  macs: string[];
  ipv4?: string;
  ipv6: string[];
  netbios?: string;
  owner?: string;
  tags: string[];
  /** Allowed on the LAN (the allow-lists carry only allowed devices). Default true. */
  allowed: boolean;
  comment?: string;
  /** Position of the entry and of each of its fields. */
  at: Place;
  fieldAt: Record<string, Place>;
  /** Raw MAC spellings that could not be read (reported by `checkInventory`). */
  badMacs: { text: string; at: Place }[];
  /** Raw addresses that are not addresses. */
  badAddresses: { field: string; text: string; at: Place }[];
}

export interface Inventory {
  file: string;
  site: Site;
  devices: Device[];
  /** Structural problems found while reading (unknown keys, wrong types). */
  problems: Finding[];
}

const SITE_KEYS = new Set([
  'domain',
  'ttl',
  'nameservers',
  'hostmaster',
  'subnets',
  'targets',
  'lease-time',
  'interface',
]);
const SUBNET_KEYS = new Set(['cidr', 'pool', 'pools', 'gateway', 'dns', 'reverse-zone', 'reverse-file']);
const DEVICE_KEYS = new Set([
  'name',
  'aliases',
  'mac',
  'macs',
  'ipv4',
  'ipv6',
  'netbios',
  'owner',
  'tags',
  'allowed',
  'comment',
]);

/** A YAML document's text at the positions `yaml` reports. */
class Reader {
  readonly lines = new LineCounter();
  readonly problems: Finding[] = [];
  constructor(readonly file: string) {}

  place(node: Node | null | undefined): Place {
    const off = node?.range?.[0] ?? 0;
    const p = this.lines.linePos(off);
    return { line: p.line, column: p.col };
  }

  where(at: Place): string {
    return `${this.file}:${at.line}:${at.column}`;
  }

  problem(id: string, at: Place, params: Record<string, string>): void {
    this.problems.push(finding(id, 'fail', { where: this.where(at), ...params }));
  }

  /** A scalar's text as written (so `001122334455` stays a MAC, not a number). */
  text(node: unknown, key: string): string | undefined {
    if (node === null || node === undefined) return undefined;
    if (isScalar(node)) {
      if (node.value === null) return undefined;
      return typeof node.source === 'string' ? node.source : String(node.value);
    }
    this.problem('lan.inventory.type', this.place(node as Node), { key, expected: 'text' });
    return undefined;
  }

  list(node: unknown, key: string): { text: string; at: Place }[] {
    if (node === null || node === undefined) return [];
    if (isSeq(node)) {
      const out: { text: string; at: Place }[] = [];
      for (const item of node.items) {
        const t = this.text(item, key);
        if (t !== undefined) out.push({ text: t, at: this.place(item as Node) });
      }
      return out;
    }
    const t = this.text(node, key);
    return t === undefined ? [] : [{ text: t, at: this.place(node as Node) }];
  }

  entries(map: YAMLMap, allowed: Set<string>, section: string): Map<string, { node: unknown; at: Place }> {
    const out = new Map<string, { node: unknown; at: Place }>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const at = this.place(keyNode);
      if (!allowed.has(key)) {
        this.problems.push(
          finding('lan.inventory.unknown-key', 'warn', {
            where: this.where(at),
            key,
            section,
            known: [...allowed].join(', '),
          }),
        );
        continue;
      }
      out.set(key, { node: pair.value, at: this.place(pair.value as Node) ?? at });
    }
    return out;
  }
}

/**
 * Reads an inventory. A YAML syntax error throws a NetdoctorError `file:line:column: …`;
 * everything else that is wrong is left to `checkInventory` (or is in `problems`).
 */
export function parseInventory(source: string, file: string): Inventory {
  const r = new Reader(file);
  const doc = parseDocument(source, { lineCounter: r.lines, uniqueKeys: true, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const p = r.lines.linePos(err.pos[0]);
    const why = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? err.code;
    throw new NetdoctorError('ND_INPUT_FORMAT', E.yaml, {
      input: `${file}:${p.line}:${p.col}`,
      params: { why },
    });
  }
  const root = doc.contents;
  if (!isMap(root)) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.notMapping, {
      input: `${file}:1:1`,
    });
  }
  const top = r.entries(root as YAMLMap, new Set(['site', 'devices']), 'top level');
  const siteNode = top.get('site');
  if (!siteNode || !isMap(siteNode.node)) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.noSite, {
      input: `${file}:1:1`,
    });
  }
  const site = readSite(r, siteNode.node as YAMLMap);
  const devices: Device[] = [];
  const devNode = top.get('devices')?.node;
  if (devNode !== undefined && devNode !== null) {
    if (!isSeq(devNode)) {
      r.problem('lan.inventory.type', r.place(devNode as Node), { key: 'devices', expected: 'a list' });
    } else {
      for (const item of devNode.items) {
        if (!isMap(item)) {
          r.problem('lan.inventory.type', r.place(item as Node), { key: 'devices', expected: 'a mapping' });
          continue;
        }
        devices.push(readDevice(r, item as YAMLMap));
      }
    }
  }
  return { file, site, devices, problems: r.problems };
}

function readSite(r: Reader, map: YAMLMap): Site {
  const e = r.entries(map, SITE_KEYS, 'site');
  const domain = (r.text(e.get('domain')?.node, 'domain') ?? '').replace(/\.$/, '').toLowerCase();
  if (!domain) r.problem('lan.inventory.missing', r.place(map), { key: 'site.domain' });
  const num = (key: string, dflt: number): number => {
    const t = r.text(e.get(key)?.node, key);
    if (t === undefined) return dflt;
    if (!/^\d{1,10}$/.test(t)) {
      r.problem('lan.inventory.type', e.get(key)?.at ?? r.place(map), {
        key,
        expected: 'a number of seconds',
      });
      return dflt;
    }
    return Number(t);
  };
  const subnets: SubnetDef[] = [];
  const sn = e.get('subnets')?.node;
  if (isSeq(sn)) {
    for (const item of sn.items) {
      if (!isMap(item)) {
        r.problem('lan.inventory.type', r.place(item as Node), { key: 'subnets', expected: 'a mapping' });
        continue;
      }
      const s = readSubnet(r, item as YAMLMap);
      if (s) subnets.push(s);
    }
  } else if (sn !== undefined && sn !== null) {
    r.problem('lan.inventory.type', r.place(sn as Node), { key: 'subnets', expected: 'a list' });
  }
  const targets: Record<string, string> = {};
  const tn = e.get('targets')?.node;
  if (isMap(tn)) {
    for (const pair of tn.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      const v = r.text(pair.value, `targets.${k}`);
      // Relative paths are relative to the inventory's folder, not to wherever the command runs.
      if (k && v) targets[k] = r.file === 'stdin' ? v : path.resolve(path.dirname(r.file), v);
    }
  }
  const iface = r.text(e.get('interface')?.node, 'interface');
  return {
    domain,
    ttl: num('ttl', 3600),
    nameservers: r.list(e.get('nameservers')?.node, 'nameservers').map((x) => x.text),
    hostmaster: r.text(e.get('hostmaster')?.node, 'hostmaster') ?? `hostmaster.${domain}`,
    subnets,
    targets,
    leaseTime: num('lease-time', 86400),
    ...(iface ? { interface: iface } : {}),
  };
}

function readSubnet(r: Reader, map: YAMLMap): SubnetDef | undefined {
  const e = r.entries(map, SUBNET_KEYS, 'subnet');
  const at = r.place(map);
  const cidrText = r.text(e.get('cidr')?.node, 'cidr');
  if (!cidrText) {
    r.problem('lan.inventory.missing', at, { key: 'subnets[].cidr' });
    return undefined;
  }
  const subnet = parseCidr(cidrText);
  if (!subnet) {
    r.problem('lan.inventory.bad-cidr', e.get('cidr')?.at ?? at, { value: cidrText });
    return undefined;
  }
  const pools: Pool[] = [];
  for (const p of [...r.list(e.get('pool')?.node, 'pool'), ...r.list(e.get('pools')?.node, 'pools')]) {
    const pool = parsePool(p.text);
    if (pool) pools.push(pool);
    else r.problem('lan.inventory.bad-pool', p.at, { value: p.text });
  }
  const gateway = r.text(e.get('gateway')?.node, 'gateway');
  const reverseText = r.text(e.get('reverse-file')?.node, 'reverse-file');
  const reverseFile =
    reverseText && r.file !== 'stdin' ? path.resolve(path.dirname(r.file), reverseText) : reverseText;
  return {
    subnet,
    pools,
    ...(gateway ? { gateway } : {}),
    dns: r.list(e.get('dns')?.node, 'dns').map((x) => x.text),
    reverseZone: (r.text(e.get('reverse-zone')?.node, 'reverse-zone') ?? reverseZoneName(subnet))
      .replace(/\.$/, '')
      .toLowerCase(),
    ...(reverseFile ? { reverseFile } : {}),
    at,
  };
}

function readDevice(r: Reader, map: YAMLMap): Device {
  const e = r.entries(map, DEVICE_KEYS, 'device');
  const fieldAt: Record<string, Place> = {};
  for (const [k, v] of e) fieldAt[k] = v.at;
  const macs: string[] = [];
  const badMacs: Device['badMacs'] = [];
  for (const m of [...r.list(e.get('mac')?.node, 'mac'), ...r.list(e.get('macs')?.node, 'macs')]) {
    const mac = normalizeMac(m.text);
    if (mac) macs.push(mac);
    else badMacs.push(m);
  }
  const badAddresses: Device['badAddresses'] = [];
  const ipv4Text = r.text(e.get('ipv4')?.node, 'ipv4');
  let ipv4: string | undefined;
  if (ipv4Text !== undefined) {
    if (net.isIPv4(ipv4Text)) ipv4 = ipv4Text;
    else badAddresses.push({ field: 'ipv4', text: ipv4Text, at: e.get('ipv4')?.at ?? r.place(map) });
  }
  const ipv6: string[] = [];
  for (const a of r.list(e.get('ipv6')?.node, 'ipv6')) {
    if (net.isIPv6(a.text)) ipv6.push(canonicalAddress(a.text.toLowerCase()));
    else badAddresses.push({ field: 'ipv6', text: a.text, at: a.at });
  }
  const allowedText = r.text(e.get('allowed')?.node, 'allowed');
  const netbios = r.text(e.get('netbios')?.node, 'netbios');
  const owner = r.text(e.get('owner')?.node, 'owner');
  const comment = r.text(e.get('comment')?.node, 'comment');
  return {
    name: (r.text(e.get('name')?.node, 'name') ?? '').trim(),
    aliases: r.list(e.get('aliases')?.node, 'aliases').map((x) => x.text),
    macs,
    ...(ipv4 ? { ipv4 } : {}),
    ipv6,
    ...(netbios ? { netbios } : {}),
    ...(owner ? { owner } : {}),
    tags: r.list(e.get('tags')?.node, 'tags').map((x) => x.text),
    allowed: allowedText === undefined ? true : !/^(false|no|off|0)$/i.test(allowedText),
    ...(comment ? { comment } : {}),
    at: r.place(map),
    fieldAt,
    badMacs,
    badAddresses,
  };
}
