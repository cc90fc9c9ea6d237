/**
 * The record fields whose presentation form BIND rewrites rather than keeps: LOC (RFC 1876),
 * WKS (RFC 1035 §3.4.2), DNSSEC signature times (RFC 4034 §3.2) and NSEC3's base32hex hashes
 * (RFC 5155 §3.3). Each is parsed into its wire value and printed back the way BIND 9.18's
 * `totext` prints it, so `canonicalLines` equals `named-compilezone -D` for these types too.
 */
import { readFileSync } from 'node:fs';
import type { LocalParam } from '../../core/errors.js';
import { RdataError } from './rdata-error.js';
import { FIELD, ZONE_SYNTAX as S } from './syntax-messages.js';

// ---------------------------------------------------------------------------------------------
// LOC (RFC 1876 §3): d [m [s[.fff]]] N|S d [m [s[.fff]]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000];

/** `12`, `12.5`, `12.50m`: whole part and hundredths, as BIND reads metres (at most 2 decimals). */
function metres(text: string, min: number, max: number, what: LocalParam): { m: number; cm: number } {
  const r = /^(-?[0-9]+)(?:\.([0-9]{0,2}))?m?$/.exec(text);
  if (!r) throw new RdataError(S.locNotMetres, { value: text.slice(0, 40), what });
  const m = Number(r[1]);
  if (m < min || m > max) throw new RdataError(S.locRange, { what, value: text.slice(0, 40) });
  const frac = Number((r[2] ?? '').padEnd(2, '0'));
  return { m, cm: r[1]?.startsWith('-') ? -frac : frac };
}

/** A size or precision as RFC 1876's mantissa/exponent byte (BIND truncates, never rounds up). */
function precision(text: string, what: LocalParam): number {
  const { m, cm } = metres(text, 0, 90_000_000, what);
  if (m > 0) {
    let exp = 0;
    while (exp < 7 && m >= (POW10[exp + 1] as number)) exp++;
    return (Math.floor(m / (POW10[exp] as number)) << 4) + exp + 2;
  }
  return cm >= 10 ? (Math.floor(cm / 10) << 4) + 1 : cm << 4;
}

function precisionText(b: number): string {
  const man = b >> 4;
  const exp = b & 15;
  return exp > 1
    ? `${man * (POW10[exp - 2] as number)}m`
    : `0.${String(man * (POW10[exp] as number)).padStart(2, '0')}m`;
}

/** One coordinate: degrees, optional minutes and seconds (up to 3 decimals), then the hemisphere. */
function coordinate(
  tokens: string[],
  at: number,
  maxDeg: number,
  hemis: [string, string],
): { value: number; next: number } {
  const deg = tokens[at];
  if (deg === undefined || !/^[0-9]+$/.test(deg)) throw new RdataError(S.locNoDegrees);
  const d = Number(deg);
  if (d > maxDeg) throw new RdataError(S.locDegrees, { value: d });
  let i = at + 1;
  let m = 0;
  let ms = 0;
  const isHemi = (t: string | undefined) => t === hemis[0] || t === hemis[1];
  if (!isHemi(tokens[i])) {
    const t = tokens[i++] ?? '';
    if (!/^[0-9]+$/.test(t) || Number(t) > 59) throw new RdataError(S.locMinutes, { value: t.slice(0, 20) });
    m = Number(t);
    if (!isHemi(tokens[i])) {
      const s = tokens[i++] ?? '';
      const r = /^([0-9]+)(?:\.([0-9]{0,3}))?$/.exec(s);
      if (!r || Number(r[1]) > 59) throw new RdataError(S.locSeconds, { value: s.slice(0, 20) });
      ms = Number(r[1]) * 1000 + Number((r[2] ?? '').padEnd(3, '0'));
    }
  }
  const h = tokens[i++];
  if (!isHemi(h))
    throw new RdataError(S.locHemisphere, { value: { en: hemis.join(' or '), ja: hemis.join(' か ') } });
  const total = (d * 3600 + m * 60) * 1000 + ms;
  if (total > maxDeg * 3_600_000) throw new RdataError(S.locCoordinate);
  return { value: h === hemis[0] ? 0x80000000 + total : 0x80000000 - total, next: i };
}

function coordinateText(v: number, hemis: [string, string]): string {
  const north = v >= 0x80000000;
  let x = north ? v - 0x80000000 : 0x80000000 - v;
  const fs = x % 1000;
  x = Math.floor(x / 1000);
  const s = x % 60;
  x = Math.floor(x / 60);
  return `${Math.floor(x / 60)} ${x % 60} ${s}.${String(fs).padStart(3, '0')} ${north ? hemis[0] : hemis[1]}`;
}

/** LOC data in BIND's form (`37 52 56.788 N 121 54 55.020 W 1120.00m 10m 100m 10m`). */
export function locText(tokens: string[]): string {
  const lat = coordinate(tokens, 0, 90, ['N', 'S']);
  const lon = coordinate(tokens, lat.next, 180, ['E', 'W']);
  let i = lon.next;
  const altTok = tokens[i++];
  if (altTok === undefined) throw new RdataError(S.locNoAltitude);
  const { m, cm } = metres(altTok, -100_000, 42_849_672, FIELD.altitude);
  if ((m === -100_000 && cm !== 0) || (m === 42_849_672 && cm > 95))
    throw new RdataError(S.locRange, { what: FIELD.altitude, value: altTok });
  const alt = (m + 100_000) * 100 + cm;
  const sizes = [0x12, 0x16, 0x13];
  const names = [FIELD.size, FIELD.hPrecision, FIELD.vPrecision];
  for (let k = 0; k < 3 && i < tokens.length; k++)
    sizes[k] = precision(tokens[i++] as string, names[k] as LocalParam);
  if (i < tokens.length) throw new RdataError(S.locExtra, { value: (tokens[i] as string).slice(0, 40) });
  const below = alt < 10_000_000;
  const a = below ? 10_000_000 - alt : alt - 10_000_000;
  return [
    coordinateText(lat.value, ['N', 'S']),
    coordinateText(lon.value, ['E', 'W']),
    `${below ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}m`,
    ...sizes.map(precisionText),
  ].join(' ');
}

// ---------------------------------------------------------------------------------------------
// WKS: address, protocol, services. Names are looked up as BIND looks them up
// (getprotobyname/getservbyname read /etc/protocols and /etc/services); numbers need no table.

let protocols: Map<string, number> | undefined;
let services: Map<string, number> | undefined;

/** The fallback when the system has no /etc/protocols or /etc/services (a minimal container). */
const PROTOCOLS_FALLBACK = 'icmp 1\ntcp 6\nudp 17\n';
const SERVICES_FALLBACK =
  'ftp-data 20/tcp\nftp 21/tcp\nssh 22/tcp\ntelnet 23/tcp\nsmtp 25/tcp\ndomain 53/tcp\ndomain 53/udp\nhttp 80/tcp\npop3 110/tcp\nntp 123/udp\nimap 143/tcp\nsnmp 161/udp\nhttps 443/tcp\nsubmission 587/tcp\nimaps 993/tcp\npop3s 995/tcp\n';

function table(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return fallback;
  }
}

function protocolNumber(name: string): number | undefined {
  if (!protocols) {
    protocols = new Map();
    for (const line of table('/etc/protocols', PROTOCOLS_FALLBACK).split('\n')) {
      const f = line.replace(/#.*/, '').trim().split(/\s+/);
      if (f.length < 2 || !/^[0-9]+$/.test(f[1] as string)) continue;
      for (const n of [f[0], ...f.slice(2)]) if (n && !protocols.has(n)) protocols.set(n, Number(f[1]));
    }
  }
  return protocols.get(name);
}

function serviceNumber(name: string, proto: 'tcp' | 'udp' | undefined): number | undefined {
  if (!services) {
    services = new Map();
    for (const line of table('/etc/services', SERVICES_FALLBACK).split('\n')) {
      const f = line.replace(/#.*/, '').trim().split(/\s+/);
      const m = /^([0-9]+)\/([a-z0-9]+)$/.exec(f[1] ?? '');
      if (!m) continue;
      for (const n of [f[0], ...f.slice(2)]) {
        if (!n) continue;
        for (const key of [`${n}/${m[2]}`, `${n}/`]) if (!services.has(key)) services.set(key, Number(m[1]));
      }
    }
  }
  return services.get(`${name}/${proto ?? ''}`);
}

/** WKS data in BIND's form: `10.0.0.1 6 21 23` (protocol and ports as numbers, ports sorted). */
export function wksText(address: string, tokens: string[]): string {
  const p = tokens[0];
  if (p === undefined) throw new RdataError(S.wksNoProtocol);
  const proto = /^[0-9]+$/.test(p) ? Number(p) : protocolNumber(p);
  if (proto === undefined) throw new RdataError(S.wksProtocol, { value: p.slice(0, 40) });
  if (proto > 255) throw new RdataError(S.wksProtocolRange, { value: proto });
  const ps = proto === 6 ? 'tcp' : proto === 17 ? 'udp' : undefined;
  const ports = new Set<number>();
  for (const s of tokens.slice(1)) {
    const port = /^[0-9]+$/.test(s)
      ? Number(s)
      : (serviceNumber(s.toLowerCase(), ps) ?? serviceNumber(s, ps));
    if (port === undefined) throw new RdataError(S.wksService, { value: s.slice(0, 40) });
    if (port > 0xffff) throw new RdataError(S.wksPortRange, { value: port });
    ports.add(port);
  }
  return [address, String(proto), ...[...ports].sort((a, b) => a - b).map(String)].join(' ');
}

// ---------------------------------------------------------------------------------------------
// Signature times (RRSIG/SIG inception and expiration): a 32-bit count of seconds, written as
// YYYYMMDDHHmmSS or as a plain number. Printed, as BIND prints it, as the date nearest to now
// under serial-number arithmetic (RFC 4034 §3.1.5), so the same 32 bits read the same in 2106.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The 32-bit value of a signature time as written. */
export function signatureTime(text: string): number {
  if (text.length <= 10 && !text.startsWith('-')) {
    if (!/^[0-9]+$/.test(text)) throw new RdataError(S.sigTimeSyntax, { value: text.slice(0, 40) });
    const n = Number(text);
    if (n > 0xffffffff) throw new RdataError(S.sigTimeRange, { value: text });
    return n;
  }
  const r = /^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})$/.exec(text);
  if (!r) throw new RdataError(S.sigTimeSyntax, { value: text.slice(0, 40) });
  const [year, month, day, hour, minute, second] = r.slice(1).map(Number) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const mdays =
    month >= 1 && month <= 12 ? (DAYS[month - 1] as number) + (month === 2 && leap(year) ? 1 : 0) : 0;
  if (month < 1 || month > 12 || day < 1 || day > mdays || hour > 23 || minute > 59 || second > 60)
    throw new RdataError(S.sigTimeDate, { value: text });
  // setUTCFullYear, unlike Date.UTC, reads years 0-99 as written (not as 1900-1999).
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  const seconds = d.getTime() / 1000 + hour * 3600 + minute * 60 + second;
  return ((seconds % 2 ** 32) + 2 ** 32) % 2 ** 32;
}

/** A 32-bit signature time as YYYYMMDDHHmmSS, the date nearest to `now` (seconds). */
export function signatureTimeText(value: number, now = Math.floor(Date.now() / 1000)): string {
  const start = now >>> 0;
  const diff = (value - start) >>> 0;
  // Serial-number arithmetic: value is "after" now when the forward distance is under 2^31.
  const t = diff < 0x80000000 ? now + diff : now - ((start - value) >>> 0);
  return new Date(t * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

// ---------------------------------------------------------------------------------------------
// base32hex without padding (RFC 4648 §7), as NSEC3 hashes and NSEC3 owner labels are written.

/** The bytes a base32hex word decodes to, or undefined when BIND would refuse it. */
export function base32hexBytes(text: string): number | undefined {
  if (!/^[0-9A-Va-v]*$/.test(text)) return undefined;
  const rem = text.length % 8;
  if (rem === 1 || rem === 3 || rem === 6) return undefined;
  // The bits after the last whole byte must be zero (a canonical encoding).
  const spare = (text.length * 5) % 8;
  if (spare) {
    const last = Number.parseInt(text.at(-1) as string, 32);
    if (last & ((1 << spare) - 1)) return undefined;
  }
  return Math.floor((text.length * 5) / 8);
}
