/**
 * Zone files for the LAN: the records the inventory gives (A, AAAA, CNAME for aliases, PTR), the
 * SOA serial raised (YYYYMMDDnn) only when the zone's records changed, a skeleton for a new zone,
 * the first apply's adoption of hand-written records, and `lan import` from zones — all through
 * the one zone parser and writer in `src/dns/zone`.
 */
import net from 'node:net';
import { causeText, NetdoctorError } from '../core/errors.js';
import { arpaName } from '../dns/ip.js';
import {
  formatZone,
  makeRecord,
  nameKey,
  nextSerial,
  parseZoneText,
  type Zone,
  type ZoneRecord,
} from '../dns/zone/index.js';
import { inSubnet } from './address.js';
import { LAN_ERRORS as E } from './error-messages.js';
import type { FoundConfig, FoundHost } from './formats.js';
import type { Inventory } from './inventory.js';
import { findBlock } from './markers.js';
import { fqdn, generatedDevices } from './targets/target.js';

function abs(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** The SOA RNAME from `hostmaster@example.org` or `hostmaster.example.org`. */
export function rname(hostmaster: string, domain: string): string {
  const at = hostmaster.indexOf('@');
  if (at < 0) return abs(hostmaster.includes('.') ? hostmaster : `${hostmaster}.${domain}`);
  return abs(`${hostmaster.slice(0, at).replace(/\./g, '\\.')}.${hostmaster.slice(at + 1)}`);
}

function nsNames(inv: Inventory): string[] {
  const list = inv.site.nameservers.length ? inv.site.nameservers : ['ns'];
  return list.map((n) => abs(n.endsWith('.') ? n.slice(0, -1) : fqdn(n, inv)));
}

/** The hand-written part of a new zone: SOA and NS records. */
export function zoneSkeleton(inv: Inventory, origin: string, serial: number): string {
  const o = abs(origin);
  const ns = nsNames(inv);
  const records = [
    makeRecord(
      {
        owner: '@',
        type: 'SOA',
        data: `${ns[0]} ${rname(inv.site.hostmaster, inv.site.domain)} ${serial} 3600 900 1209600 300`,
      },
      o,
      inv.site.ttl,
    ),
    ...ns.map((n) => makeRecord({ owner: '@', type: 'NS', data: n }, o, inv.site.ttl)),
  ];
  return formatZone({ origin: o, records }, { defaultTtl: inv.site.ttl, keepOrder: true });
}

/**
 * A record of the model from values the inventory check has already validated (RFC 1123 names,
 * addresses that `net` accepts). `makeRecord` would lex each one again as zone-file text; for
 * 10,000 devices that alone costs most of the one-second render budget.
 */
function record(owner: string, type: 'A' | 'AAAA' | 'CNAME' | 'PTR', value: string, ttl: number): ZoneRecord {
  const data: ZoneRecord['data'] =
    type === 'A' || type === 'AAAA' ? { type, address: value } : { type, target: value };
  return { owner, ttl, class: 'IN', type, data, rdata: value, file: '', line: 0, explicitTtl: false };
}

/** The generated records of the forward zone (the site's domain). */
export function forwardRecords(inv: Inventory): ZoneRecord[] {
  const out: ZoneRecord[] = [];
  for (const d of generatedDevices(inv)) {
    const owner = abs(fqdn(d.name, inv));
    const ttl = inv.site.ttl;
    if (d.ipv4) out.push(record(owner, 'A', d.ipv4, ttl));
    for (const a of d.ipv6) out.push(record(owner, 'AAAA', a, ttl));
    if (!d.ipv4 && d.ipv6.length === 0) continue;
    for (const alias of d.aliases) out.push(record(abs(fqdn(alias, inv)), 'CNAME', owner, ttl));
  }
  return out;
}

/** The PTR records of one reverse zone: every device address inside its subnets. */
export function reverseRecords(inv: Inventory, zone: string): ZoneRecord[] {
  const o = abs(zone);
  const subnets = inv.site.subnets.filter((s) => s.reverseZone === zone).map((s) => s.subnet);
  const v4 = subnets.filter((s) => s.family === 4);
  const v6 = subnets.filter((s) => s.family === 6);
  const out: ZoneRecord[] = [];
  for (const d of generatedDevices(inv)) {
    const target = abs(fqdn(d.name, inv));
    const addrs = [...(d.ipv4 && v4.length ? [d.ipv4] : []), ...(v6.length ? d.ipv6 : [])];
    for (const ip of addrs) {
      if (!(ip.includes(':') ? v6 : v4).some((s) => inSubnet(ip, s))) continue;
      const owner = `${arpaName(ip)}.`;
      if (owner.endsWith(`.${o}`)) out.push(record(owner, 'PTR', target, inv.site.ttl));
    }
  }
  return out;
}

/** Block lines: `$ORIGIN` and `$TTL` of the block, then the records (the writer's layout). */
export function zoneBlock(records: readonly ZoneRecord[], origin: string, ttl: number): string[] {
  if (records.length === 0) return [`$ORIGIN ${abs(origin)}`];
  return formatZone({ origin: abs(origin), records: [...records] }, { defaultTtl: ttl, keepOrder: true })
    .trimEnd()
    .split('\n');
}

function parse(text: string, origin: string, file: string): Zone {
  try {
    return parseZoneText(text, { origin, file, includeRoot: false, onError: 'throw' });
  } catch (e) {
    if (e instanceof NetdoctorError) throw e;
    throw new NetdoctorError('ND_INPUT_FORMAT', E.zone, { input: file, params: { why: causeText(e) } });
  }
}

/** Offset of the start of 1-based line `n`. */
function lineOffset(text: string, n: number): number {
  let off = 0;
  for (let i = 1; i < n; i++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return off;
}

/**
 * The zone text with its SOA serial set to `serial`, edited in place so the admin's layout and
 * comments stay: the third field after `SOA`, across parentheses and comments.
 */
export function setSerial(
  text: string,
  origin: string,
  file: string,
  serial: number | undefined,
  now = new Date(),
): string {
  const zone = parse(text, origin, file);
  const soa = zone.records.find((r) => r.type === 'SOA' && r.file === file);
  if (!soa) throw new NetdoctorError('ND_INPUT_FORMAT', E.noSoa, { input: file });
  const current = soa.data.type === 'SOA' && 'serial' in soa.data ? soa.data.serial : 0;
  const value = serial ?? nextSerial(current, now);
  let i = lineOffset(text, soa.line);
  const word = /[^\s();]+/y;
  let fields = -1; // counting from the SOA keyword
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ';') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (/[\s()]/.test(c)) {
      i++;
      continue;
    }
    word.lastIndex = i;
    const m = word.exec(text);
    if (!m) break;
    if (fields < 0) {
      if (m[0].toUpperCase() === 'SOA') fields = 0;
    } else if (++fields === 3) {
      return text.slice(0, i) + String(value) + text.slice(i + m[0].length);
    }
    i += m[0].length;
  }
  throw new NetdoctorError('ND_INPUT_FORMAT', E.noSerial, { input: file });
}

/**
 * Raises the SOA serial when the zone changed: `next` differs from the live text only inside the
 * marked block (or by the adoption of hand-written records), so a different text is a different
 * zone. Only the hand-written part is parsed, to find the SOA; a new zone gets today's YYYYMMDD00.
 */
export function finalizeZone(
  next: string,
  old: string | undefined,
  origin: string,
  file: string,
  now: Date,
): string {
  if (old !== undefined && next === old) return next;
  const span = findBlock(next, ';', file);
  const head = span ? next.slice(0, span.start) : next;
  const inHead = parse(head, abs(origin), file).records.some((r) => r.type === 'SOA');
  if (!inHead) return setSerial(next, abs(origin), file, undefined, now);
  return setSerial(head, abs(origin), file, undefined, now) + next.slice(head.length);
}

/**
 * Hand-written records of inventory devices in a zone without markers (the first apply after
 * `lan import`): the lines of A/AAAA/CNAME records of inventory names and PTR records of their
 * addresses, when each is a one-line record that names its owner.
 */
export function zoneAdoptSpans(
  text: string,
  origin: string,
  file: string,
  inv: Inventory,
): [number, number][] {
  const zone = parse(text, abs(origin), file);
  const names = new Set(
    inv.devices.flatMap((d) => [d.name, ...d.aliases]).map((n) => nameKey(abs(fqdn(n, inv)))),
  );
  const ptrs = new Set(
    inv.devices
      .flatMap((d) => [...(d.ipv4 ? [d.ipv4] : []), ...d.ipv6])
      .map((ip) => nameKey(`${arpaName(ip)}.`)),
  );
  const lines = text.split('\n');
  const spans: [number, number][] = [];
  const byLine = new Map<number, number>();
  for (const r of zone.records) byLine.set(r.line, (byLine.get(r.line) ?? 0) + 1);
  for (const r of zone.records) {
    if (r.file !== file) continue;
    const mine =
      ((r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME') && names.has(nameKey(r.owner))) ||
      (r.type === 'PTR' && ptrs.has(nameKey(r.owner)));
    if (!mine) continue;
    const line = lines[r.line - 1] ?? '';
    const nextLine = lines[r.line] ?? '';
    // Only a line that names its owner, holds one record, and is not followed by a line that
    // inherits the owner from it (removing it would hand that record to another owner).
    if (/^\s/.test(line) || line.includes('(') || byLine.get(r.line) !== 1 || /^[ \t]+[^\s;]/.test(nextLine))
      continue;
    const start = lineOffset(text, r.line);
    const end = lineOffset(text, r.line + 1);
    spans.push([start, end]);
  }
  return spans;
}

/** `lan import` from a zone: A/AAAA (with CNAME aliases) or PTR records as hosts. */
export function readZoneHosts(text: string, source: string, domain: string | undefined): FoundConfig {
  const originMatch = /^\$ORIGIN\s+(\S+)/m.exec(text);
  const origin = originMatch?.[1] ?? domain;
  if (!origin) {
    throw new NetdoctorError('ND_USAGE', E.noOrigin, {
      input: source,
      option: 'domain',
    });
  }
  const zone = parse(text, abs(origin), source);
  const hosts = new Map<string, FoundHost>();
  const host = (owner: string) => {
    const k = nameKey(owner);
    let h = hosts.get(k);
    if (!h) {
      h = { name: owner.replace(/\.$/, ''), macs: [], ipv6: [], aliases: [], source };
      hosts.set(k, h);
    }
    return h;
  };
  const isApex = (owner: string) => nameKey(owner) === nameKey(abs(origin));
  for (const r of zone.records) {
    if (isApex(r.owner)) continue;
    if (r.type === 'A' && net.isIPv4(r.rdata)) {
      const h = host(r.owner);
      if (!h.ipv4) h.ipv4 = r.rdata;
    } else if (r.type === 'AAAA' && net.isIPv6(r.rdata)) host(r.owner).ipv6.push(r.rdata);
    else if (r.type === 'PTR') {
      const ip = arpaToIp(r.owner);
      if (ip) {
        const target = r.rdata.replace(/\.$/, '');
        const h = host(`${target}.`);
        if (net.isIPv4(ip)) h.ipv4 ??= ip;
        else if (!h.ipv6.includes(ip)) h.ipv6.push(ip);
      }
    }
  }
  for (const r of zone.records) {
    if (r.type !== 'CNAME') continue;
    const h = hosts.get(nameKey(r.rdata));
    if (h) h.aliases.push(r.owner.replace(/\.$/, ''));
  }
  const soaDomain = zone.origin.replace(/\.$/, '');
  return {
    hosts: [...hosts.values()],
    subnets: [],
    ...(soaDomain.endsWith('.arpa') ? {} : { domain: soaDomain }),
  };
}

function arpaToIp(owner: string): string | undefined {
  const n = owner.toLowerCase().replace(/\.$/, '');
  if (n.endsWith('.in-addr.arpa')) {
    const parts = n.slice(0, -'.in-addr.arpa'.length).split('.').reverse();
    const ip = parts.join('.');
    return net.isIPv4(ip) ? ip : undefined;
  }
  if (n.endsWith('.ip6.arpa')) {
    const nib = n.slice(0, -'.ip6.arpa'.length).split('.').reverse().join('');
    if (nib.length !== 32) return undefined;
    const ip = nib.match(/.{4}/g)?.join(':') ?? '';
    return net.isIPv6(ip) ? ip : undefined;
  }
  return undefined;
}
