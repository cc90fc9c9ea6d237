/**
 * `importInventory`: drafts an inventory from what already exists — dhcpd.conf, Kea and dnsmasq
 * configurations, zone files, /etc/hosts, /etc/ethers, arp.dat, `ip -j neigh` — merging what the
 * files say about one device (by MAC, then address, then name) so nobody retypes 80 devices.
 *
 * @example
 *   const draft = importInventory([{ path: '/etc/dhcp/dhcpd.conf', text }], { domain: 'home.arpa' });
 *   writeFileSync('lan.yaml', draft.yaml);
 */
import { stringify } from 'yaml';
import { NetdoctorError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import { compareAddresses, inSubnet, parseCidr } from './address.js';
import { LAN_ERRORS as E } from './error-messages.js';
import {
  detectImportFormat,
  type FoundConfig,
  type FoundHost,
  type ImportFormat,
  READERS,
} from './formats.js';
import { readZoneHosts } from './zone.js';

export interface ImportSource {
  path: string;
  text: string;
  /** The format, when the caller knows it (otherwise detected from the content). */
  format?: ImportFormat | 'zone';
}

export interface ImportOptions {
  domain?: string;
  /** Reads a zone file into hosts (the shared zone parser; see src/dns/zone). */
  readZone?: (text: string, source: string, domain: string | undefined) => FoundConfig;
}

export interface DraftDevice {
  name: string;
  aliases: string[];
  macs: string[];
  ipv4?: string;
  ipv6: string[];
  sources: string[];
}

export interface ImportResult {
  findings: Finding[];
  devices: DraftDevice[];
  domain: string;
  subnets: FoundConfig['subnets'];
  /** The draft inventory as YAML. */
  yaml: string;
}

function shortName(name: string, domain: string): string {
  const n = name.replace(/\.$/, '').toLowerCase();
  return domain && n.endsWith(`.${domain}`) ? n.slice(0, -domain.length - 1) : n;
}

export function readSource(src: ImportSource, options: ImportOptions = {}): FoundConfig {
  // No format this reads holds a NUL byte: a binary file (a lease database, a dump) would be read
  // as an empty list, and the draft would look like a site without devices.
  if (src.text.includes('\0')) throw new NetdoctorError('ND_INPUT_FORMAT', E.binary, { input: src.path });
  const format = src.format ?? detectImportFormat(src.text);
  if (!format) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.unknownFormat, { input: src.path, option: 'from' });
  }
  if (format === 'zone') {
    return (options.readZone ?? readZoneHosts)(src.text, src.path, options.domain);
  }
  return READERS[format](src.text, src.path);
}

export function importInventory(sources: readonly ImportSource[], options: ImportOptions = {}): ImportResult {
  const configs = sources.map((s) => readSource(s, options));
  const domain = (options.domain ?? configs.find((c) => c.domain)?.domain ?? 'home.arpa')
    .replace(/\.$/, '')
    .toLowerCase();
  const devices: DraftDevice[] = [];
  const byMac = new Map<string, DraftDevice>();
  const byIp = new Map<string, DraftDevice>();
  const byName = new Map<string, DraftDevice>();
  const findings: Finding[] = [];
  const merge = (h: FoundHost) => {
    const name = h.name ? shortName(h.name, domain) : undefined;
    let d =
      h.macs.map((m) => byMac.get(m)).find(Boolean) ??
      (h.ipv4 ? byIp.get(h.ipv4) : undefined) ??
      h.ipv6.map((a) => byIp.get(a)).find(Boolean) ??
      (name ? byName.get(name) : undefined);
    if (!d) {
      d = { name: name ?? '', aliases: [], macs: [], ipv6: [], sources: [] };
      devices.push(d);
    }
    if (name && !d.name) d.name = name;
    else if (name && d.name !== name && !d.aliases.includes(name)) d.aliases.push(name);
    for (const a of h.aliases.map((x) => shortName(x, domain))) {
      if (a !== d.name && !d.aliases.includes(a)) d.aliases.push(a);
    }
    for (const m of h.macs) if (!d.macs.includes(m)) d.macs.push(m);
    if (h.ipv4 && !d.ipv4) d.ipv4 = h.ipv4;
    else if (h.ipv4 && d.ipv4 !== h.ipv4) {
      findings.push(
        finding('lan.import.conflict', 'warn', {
          name: d.name || h.ipv4,
          first: d.ipv4 as string,
          other: h.ipv4,
          source: h.source,
        }),
      );
    }
    for (const a of h.ipv6) if (!d.ipv6.includes(a)) d.ipv6.push(a);
    if (!d.sources.includes(h.source)) d.sources.push(h.source);
    for (const m of d.macs) byMac.set(m, d);
    if (d.ipv4) byIp.set(d.ipv4, d);
    for (const a of d.ipv6) byIp.set(a, d);
    if (d.name) byName.set(d.name, d);
  };
  for (const c of configs) for (const h of c.hosts) merge(h);
  for (const d of devices) {
    if (!d.name)
      d.name = d.ipv4
        ? `host-${d.ipv4.replace(/\./g, '-')}`
        : `mac-${(d.macs[0] ?? 'unknown').replace(/:/g, '')}`;
  }
  const subnets = new Map<string, FoundConfig['subnets'][number]>();
  for (const c of configs) {
    for (const s of c.subnets) {
      const cidr = parseCidr(s.cidr)?.cidr;
      if (cidr && !subnets.has(cidr)) subnets.set(cidr, { ...s, cidr });
    }
  }
  // Addresses no imported subnet covers get one guessed (/24, /64): the draft must pass lan check.
  for (const d of devices) {
    for (const ip of [...(d.ipv4 ? [d.ipv4] : []), ...d.ipv6]) {
      const covered = [...subnets.values()].some((s) => {
        const c = parseCidr(s.cidr);
        return c !== undefined && inSubnet(ip, c);
      });
      if (covered) continue;
      const guess = parseCidr(`${ip}/${ip.includes(':') ? 64 : 24}`);
      if (guess) subnets.set(guess.cidr, { cidr: guess.cidr, pools: [], dns: [] });
    }
  }
  devices.sort((a, b) =>
    a.ipv4 && b.ipv4 ? compareAddresses(a.ipv4, b.ipv4) : a.ipv4 ? -1 : b.ipv4 ? 1 : 0,
  );
  const doc = {
    site: {
      domain,
      subnets: [...subnets.values()].map((s) => ({
        cidr: s.cidr,
        ...(s.pools.length ? { pool: s.pools.length === 1 ? s.pools[0] : s.pools } : {}),
        ...(s.gateway ? { gateway: s.gateway } : {}),
        ...(s.dns.length ? { dns: s.dns } : {}),
      })),
      targets: {},
    },
    devices: devices.map((d) => ({
      name: d.name,
      ...(d.aliases.length ? { aliases: d.aliases } : {}),
      ...(d.macs.length === 1 ? { mac: d.macs[0] } : d.macs.length ? { macs: d.macs } : {}),
      ...(d.ipv4 ? { ipv4: d.ipv4 } : {}),
      ...(d.ipv6.length === 1 ? { ipv6: d.ipv6[0] } : d.ipv6.length ? { ipv6: d.ipv6 } : {}),
    })),
  };
  const header = `# Drafted by netdoctor lan import from ${sources.map((s) => s.path).join(', ')}\n# Review, fill in site.targets, then: netdoctor lan check this-file\n`;
  findings.push(finding('lan.import.drafted', 'info', { count: devices.length, files: sources.length }));
  return {
    findings,
    devices,
    domain,
    subnets: [...subnets.values()],
    yaml: header + stringify(doc, { lineWidth: 0 }),
  };
}
