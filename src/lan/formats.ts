/**
 * Reading the files `lan import` drafts an inventory from, and `lan apply` adopts on first use:
 * ISC dhcpd.conf, Kea's JSON, dnsmasq's configuration, /etc/hosts, /etc/ethers, arp.dat and
 * `ip -j neigh`. Each reader returns the host entries it found with their byte span in the text,
 * so that the first apply can replace exactly those hand-kept entries with the generated block.
 *
 * Hand-written: no npm package reads dhcpd.conf or dnsmasq's format; these are small lexers over
 * comments, quoted strings and braces, with bounded work per byte.
 */
import net from 'node:net';
import { causeText, NetdoctorError } from '../core/errors.js';
import { parseArpDat } from './arpdat.js';
import { LAN_ERRORS as E } from './error-messages.js';
import { normalizeMac } from './mac.js';

export interface FoundHost {
  name?: string;
  macs: string[];
  ipv4?: string;
  ipv6: string[];
  aliases: string[];
  source: string;
  /** Byte span of the entry in its file (start of its line, past its last newline). */
  span?: [number, number];
}

export interface FoundSubnet {
  cidr: string;
  pools: string[];
  gateway?: string;
  dns: string[];
}

export interface FoundConfig {
  hosts: FoundHost[];
  subnets: FoundSubnet[];
  domain?: string;
}

export type ImportFormat = 'dhcpd' | 'kea' | 'dnsmasq' | 'hosts' | 'ethers' | 'arpdat' | 'neigh';

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  'dhcpd',
  'kea',
  'dnsmasq',
  'hosts',
  'ethers',
  'arpdat',
  'neigh',
];

/** Guesses a file's format from its content (never its name). */
export function detectImportFormat(text: string): ImportFormat | 'zone' | undefined {
  const head = text.slice(0, 65536);
  if (/^\s*\[\s*(\{|\])/.test(head)) return 'neigh';
  if (/"Dhcp4"\s*:/.test(head)) return 'kea';
  if (/^\s*(host\s+\S+\s*\{|subnet\s+[\d.]+\s+netmask)/m.test(head)) return 'dhcpd';
  if (/^\s*(dhcp-host|dhcp-range|domain|interface)=/m.test(head)) return 'dnsmasq';
  if (/^\s*(\$ORIGIN|\$TTL)|\sIN\s+SOA\s/im.test(head)) return 'zone';
  if (/^[0-9a-f:]{11,17}\t[\d.]+\t\d+/im.test(head)) return 'arpdat';
  if (/^\s*[0-9a-f]{1,2}([:-][0-9a-f]{1,2}){5}\s+\S+/im.test(head)) return 'ethers';
  if (/^\s*[0-9a-f.:]+\s+[a-z0-9]/im.test(head)) return 'hosts';
  return undefined;
}

function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

// ---------------------------------------------------------------- ISC dhcpd.conf

interface Token {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
}

/** What ends a dhcpd.conf word: any white space (a full-width or no-break space pasted from a web page too), `{ } ; , " #`. */
const WORD_END = /[\s{};,"#]/;

/** dhcpd.conf tokens: words, quoted strings, and the punctuation `{ } ; ,` — comments dropped. */
function dhcpdTokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '#') {
      i = lineEnd(text, i);
    } else if (/\s/.test(c)) {
      // Every kind of white space, as the word below ends at any: else a vertical tab or an
      // ideographic space (U+3000) would be neither, and the loop would never move on.
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push({ text: text.slice(i + 1, j), start: i, end: j + 1, quoted: true });
      i = j + 1;
    } else if (c === '{' || c === '}' || c === ';' || c === ',') {
      out.push({ text: c, start: i, end: i + 1, quoted: false });
      i++;
    } else {
      let j = i;
      while (j < n && !WORD_END.test(text[j] as string)) j++;
      out.push({ text: text.slice(i, j), start: i, end: j, quoted: false });
      i = j;
    }
  }
  return out;
}

export function readDhcpd(text: string, source: string): FoundConfig {
  const t = dhcpdTokens(text);
  const hosts: FoundHost[] = [];
  const subnets: FoundSubnet[] = [];
  let domain: string | undefined;
  const statement = (from: number): { words: string[]; next: number } => {
    const words: string[] = [];
    let k = from;
    while (k < t.length && t[k]?.text !== ';' && t[k]?.text !== '{' && t[k]?.text !== '}') {
      if (t[k]?.text !== ',') words.push(t[k]?.text as string);
      k++;
    }
    return { words, next: k };
  };
  let depth = 0;
  let subnet: FoundSubnet | undefined;
  let subnetDepth = -1;
  for (let k = 0; k < t.length; k++) {
    const tok = t[k] as Token;
    if (tok.text === '{') {
      depth++;
      continue;
    }
    if (tok.text === '}') {
      depth--;
      if (depth === subnetDepth) {
        subnet = undefined;
        subnetDepth = -1;
      }
      continue;
    }
    if (tok.quoted || tok.text === ';') continue;
    if (tok.text === 'host' && t[k + 2]?.text === '{') {
      const name = t[k + 1]?.text as string;
      const start = lineStart(text, tok.start);
      let d = 0;
      let m = k + 2;
      const h: FoundHost = { name, macs: [], ipv6: [], aliases: [], source };
      for (; m < t.length; m++) {
        const x = t[m]?.text;
        if (x === '{') d++;
        else if (x === '}') {
          d--;
          if (d === 0) break;
        } else if (x === 'hardware' && t[m + 1]?.text === 'ethernet') {
          const mac = normalizeMac(t[m + 2]?.text ?? '');
          if (mac) h.macs.push(mac);
        } else if (x === 'fixed-address') {
          const { words } = statement(m + 1);
          const v4 = words.find((w) => net.isIPv4(w));
          if (v4) h.ipv4 = v4;
        } else if (x === 'fixed-address6') {
          const { words } = statement(m + 1);
          h.ipv6.push(...words.filter((w) => net.isIPv6(w)));
        } else if (x === 'option' && t[m + 1]?.text === 'host-name' && t[m + 2]) {
          const hn = t[m + 2]?.text as string;
          if (hn !== name) h.aliases.push(hn);
        }
      }
      const close = t[m];
      h.span = [start, close ? lineEnd(text, close.start) : text.length];
      hosts.push(h);
      k = m;
      continue;
    }
    if (tok.text === 'subnet' && t[k + 2]?.text === 'netmask') {
      const network = t[k + 1]?.text ?? '';
      const mask = t[k + 3]?.text ?? '';
      if (net.isIPv4(network) && net.isIPv4(mask)) {
        const bits = mask
          .split('.')
          .reduce((a, o) => a + (Number(o) >>> 0).toString(2).replace(/0/g, '').length, 0);
        subnet = { cidr: `${network}/${bits}`, pools: [], dns: [] };
        subnets.push(subnet);
        subnetDepth = depth;
      }
      continue;
    }
    if (tok.text === 'range' && subnet) {
      const { words } = statement(k + 1);
      const ips = words.filter((w) => net.isIPv4(w));
      if (ips.length === 2) subnet.pools.push(`${ips[0]}-${ips[1]}`);
      else if (ips.length === 1) subnet.pools.push(`${ips[0]}-${ips[0]}`);
      continue;
    }
    if (tok.text === 'option') {
      const { words } = statement(k + 1);
      if (words[0] === 'domain-name' && words[1] && depth === 0) domain = words[1];
      if (words[0] === 'routers' && subnet && words[1]) subnet.gateway = words[1];
      if (words[0] === 'domain-name-servers' && subnet) subnet.dns.push(...words.slice(1));
    }
  }
  return { hosts, subnets, ...(domain ? { domain } : {}) };
}

// ---------------------------------------------------------------- Kea

/** Kea's JSON with its comments (`//`, `#`, C-style) removed outside strings. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

interface KeaReservation {
  'hw-address'?: string;
  'ip-address'?: string;
  hostname?: string;
}

export function readKea(text: string, source: string): FoundConfig {
  let doc: { Dhcp4?: { reservations?: KeaReservation[]; subnet4?: unknown[]; 'option-data'?: unknown[] } };
  try {
    doc = JSON.parse(stripJsonComments(text));
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.notKea, { input: source, params: { why: causeText(e) } });
  }
  const d4 = doc.Dhcp4 ?? {};
  const hosts: FoundHost[] = [];
  const subnets: FoundSubnet[] = [];
  const take = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const r of list as KeaReservation[]) {
      const mac = r['hw-address'] ? normalizeMac(r['hw-address']) : undefined;
      const ip = r['ip-address'];
      hosts.push({
        ...(r.hostname ? { name: r.hostname } : {}),
        macs: mac ? [mac] : [],
        ...(ip && net.isIPv4(ip) ? { ipv4: ip } : {}),
        ipv6: [],
        aliases: [],
        source,
      });
    }
  };
  take(d4.reservations);
  for (const s of (d4.subnet4 ?? []) as {
    subnet?: string;
    pools?: { pool?: string }[];
    reservations?: unknown;
  }[]) {
    if (s.subnet) {
      subnets.push({
        cidr: s.subnet,
        pools: (s.pools ?? []).map((p) => (p.pool ?? '').replace(/\s+/g, '')).filter(Boolean),
        dns: [],
      });
    }
    take(s.reservations);
  }
  const dn = (d4['option-data'] as { name?: string; data?: string }[] | undefined)?.find(
    (o) => o.name === 'domain-name',
  );
  return { hosts, subnets, ...(dn?.data ? { domain: dn.data } : {}) };
}

// ---------------------------------------------------------------- dnsmasq

export function readDnsmasq(text: string, source: string): FoundConfig {
  const hosts: FoundHost[] = [];
  const subnets: FoundSubnet[] = [];
  let domain: string | undefined;
  let pos = 0;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const line = text.slice(pos, end).trim();
    const m = /^([a-z0-9-]+)=(.*)$/.exec(line);
    if (m && m[1] === 'dhcp-host') {
      const h: FoundHost = { macs: [], ipv6: [], aliases: [], source, span: [pos, end] };
      for (const f of (m[2] as string).split(',')) {
        const mac = normalizeMac(f);
        if (mac) h.macs.push(mac);
        else if (net.isIPv4(f)) h.ipv4 = f;
        else if (/^\[.*\]$/.test(f) && net.isIPv6(f.slice(1, -1))) h.ipv6.push(f.slice(1, -1));
        else if (/^[a-z0-9][a-z0-9.-]*$/i.test(f) && !/^(\d+[smhdw]?|infinite|ignore)$/i.test(f)) h.name = f;
      }
      hosts.push(h);
    } else if (m && m[1] === 'domain') {
      domain = (m[2] as string).split(',')[0];
    } else if (m && m[1] === 'dhcp-range') {
      const ips = (m[2] as string).split(',').filter((f) => net.isIPv4(f));
      if (ips.length >= 2) subnets.push({ cidr: '', pools: [`${ips[0]}-${ips[1]}`], dns: [] });
    }
    pos = end;
  }
  return { hosts, subnets: subnets.filter((s) => s.cidr), ...(domain ? { domain } : {}) };
}

// ---------------------------------------------------------------- hosts, ethers, arp.dat, neigh

const LOOPBACK_NAMES = /^(localhost|ip6-|ip6-localhost|ip6-loopback)/;

export function readHosts(text: string, source: string): FoundConfig {
  const hosts: FoundHost[] = [];
  let pos = 0;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const line = text.slice(pos, end).replace(/#.*/, '').trim();
    const f = line.split(/\s+/);
    const ip = f[0] ?? '';
    if (f.length >= 2 && net.isIP(ip) && !/^(127\.|::1$|fe00::|ff0[0-9a-f]::|0\.0\.0\.0$)/i.test(ip)) {
      const names = f.slice(1).filter((n) => !LOOPBACK_NAMES.test(n));
      if (names.length) {
        hosts.push({
          name: names[0] as string,
          macs: [],
          ...(net.isIPv4(ip) ? { ipv4: ip } : {}),
          ipv6: net.isIPv6(ip) ? [ip] : [],
          aliases: names.slice(1),
          source,
          span: [pos, end],
        });
      }
    }
    pos = end;
  }
  return { hosts, subnets: [] };
}

export function readEthers(text: string, source: string): FoundConfig {
  const hosts: FoundHost[] = [];
  let pos = 0;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const f = text.slice(pos, end).replace(/#.*/, '').trim().split(/\s+/);
    const mac = normalizeMac(f[0] ?? '');
    if (mac && f[1]) {
      hosts.push({
        ...(net.isIPv4(f[1]) ? { ipv4: f[1] } : { name: f[1] }),
        macs: [mac],
        ipv6: [],
        aliases: [],
        source,
        span: [pos, end],
      });
    }
    pos = end;
  }
  return { hosts, subnets: [] };
}

export function readArpDatHosts(text: string, source: string): FoundConfig {
  return {
    hosts: parseArpDat(text, source).map((e) => ({
      ...(e.hostname ? { name: e.hostname } : {}),
      macs: [e.mac],
      ipv4: e.ip,
      ipv6: [],
      aliases: [],
      source,
    })),
    subnets: [],
  };
}

export function readNeigh(text: string, source: string): FoundConfig {
  let list: { dst?: string; lladdr?: string }[];
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.notNeigh, {
      input: source,
      params: { command: 'ip -j neigh', why: causeText(e) },
    });
  }
  const hosts: FoundHost[] = [];
  for (const n of Array.isArray(list) ? list : []) {
    const mac = n.lladdr ? normalizeMac(n.lladdr) : undefined;
    if (!mac || !n.dst) continue;
    hosts.push({
      macs: [mac],
      ...(net.isIPv4(n.dst) ? { ipv4: n.dst } : {}),
      ipv6: net.isIPv6(n.dst) && !n.dst.startsWith('fe80') ? [n.dst] : [],
      aliases: [],
      source,
    });
  }
  return { hosts, subnets: [] };
}

export const READERS: Record<ImportFormat, (text: string, source: string) => FoundConfig> = {
  dhcpd: readDhcpd,
  kea: readKea,
  dnsmasq: readDnsmasq,
  hosts: readHosts,
  ethers: readEthers,
  arpdat: readArpDatHosts,
  neigh: readNeigh,
};
