/**
 * Scan targets as admins write them: `192.0.2.10`, `2001:db8::25`, `192.0.2.0/28`,
 * `2001:db8::/120`, `mail.example.org` (A and AAAA through netdoctor's resolver), `localhost`.
 *
 * Safety (issue 9): only what the user named is scanned; more than 256 addresses needs `yes`;
 * a hard cap keeps a typo like `/8` from queueing millions of hosts.
 */
import net from 'node:net';
import { NetdoctorError, optionError, usageError } from '../core/errors.js';
import { asciiName } from '../dns/idn.js';
import { canonicalAddress, expandIPv6 } from '../dns/ip.js';
import type { Resolver } from '../dns/resolver.js';
import { SCAN_ERRORS as E } from './error-messages.js';

export interface ScanTarget {
  address: string;
  /** The name the user gave, when the address came from DNS. */
  name?: string;
}

/** Above this many addresses the user must say `--yes`. */
export const CONFIRM_ABOVE = 256;
/** Never more than this many addresses in one run. */
export const MAX_ADDRESSES = 65_536;

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToV4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function v6ToBigInt(ip: string): bigint {
  return BigInt(`0x${expandIPv6(ip).replace(/:/g, '')}`);
}

function bigIntToV6(n: bigint): string {
  const hex = n.toString(16).padStart(32, '0');
  return canonicalAddress(hex.match(/.{4}/g)?.join(':') ?? '::');
}

/** Expands a CIDR block to its addresses (network and broadcast included, as nmap does). */
export function expandCidr(spec: string, limit = MAX_ADDRESSES): string[] {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(spec);
  if (!m) throw usageError(E.notCidr, spec);
  const base = m[1] as string;
  const prefix = Number(m[2]);
  if (net.isIPv4(base)) {
    if (prefix > 32) throw usageError(E.prefixV4, spec, { prefix });
    const size = 2 ** (32 - prefix);
    if (size > limit) throw usageError(E.blockTooBig, spec, { prefix, size, limit });
    const start = prefix === 0 ? 0 : (v4ToInt(base) & (0xffffffff << (32 - prefix))) >>> 0;
    return Array.from({ length: size }, (_, i) => intToV4(start + i));
  }
  if (net.isIPv6(base)) {
    if (prefix > 128) throw usageError(E.prefixV6, spec, { prefix });
    const bits = 128 - prefix;
    if (bits > 16 || 2 ** bits > limit) {
      throw usageError(E.blockTooBig, spec, { prefix, size: `2^${bits}`, limit });
    }
    const mask = ((1n << 128n) - 1n) ^ ((1n << BigInt(bits)) - 1n);
    const start = v6ToBigInt(base) & mask;
    return Array.from({ length: 2 ** bits }, (_, i) => bigIntToV6(start + BigInt(i)));
  }
  throw usageError(E.notIpBase, spec, { base });
}

async function resolveName(resolver: Resolver, name: string): Promise<ScanTarget[]> {
  const host = name.replace(/\.$/, '').toLowerCase();
  // RFC 6761 §6.3: "localhost" is the loopback address; it is not asked of DNS.
  if (host === 'localhost') return [{ address: '127.0.0.1', name: host }];
  const answers = await Promise.all([resolver.query(host, 'A'), resolver.query(host, 'AAAA')]);
  const out: ScanTarget[] = [];
  for (const a of answers) {
    for (const r of a.records)
      if (r.data.type === 'A' || r.data.type === 'AAAA') out.push({ address: r.data.address, name: host });
  }
  if (out.length === 0) {
    const why = (none: string) =>
      answers.map((a) => `${a.type} ${a.status === 'ok' ? none : a.status.toUpperCase()}`).join(', ');
    throw new NetdoctorError('ND_USAGE', E.cannotResolve, {
      input: name,
      params: { why: { en: why('none'), ja: why('なし') }, server: answers[0]?.server ?? '' },
    });
  }
  return out;
}

/**
 * Turns the user's targets into addresses. Throws a one-line `NetdoctorError` naming the target
 * for a malformed address or CIDR, an unresolvable name, or too many addresses.
 */
export async function resolveTargets(
  specs: readonly string[],
  resolver: Resolver,
  { yes = false }: { yes?: boolean } = {},
): Promise<ScanTarget[]> {
  if (specs.length === 0) throw optionError(E.noTargets, 'targets');
  const out: ScanTarget[] = [];
  const seen = new Set<string>();
  const add = (t: ScanTarget) => {
    const key = net.isIPv6(t.address) ? expandIPv6(t.address) : t.address;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(t);
    if (out.length > MAX_ADDRESSES)
      throw usageError(E.tooManyAddresses, specs.join(' '), { max: MAX_ADDRESSES });
  };
  for (const raw of specs) {
    // A host name typed in Unicode (例え.jp) is resolved as its A-labels (UTS #46).
    const spec = asciiName(raw.trim(), raw);
    const bare = spec.replace(/^\[(.*)\]$/, '$1');
    if (spec.includes('/')) for (const address of expandCidr(spec)) add({ address });
    else if (net.isIP(bare)) add({ address: net.isIPv6(bare) ? canonicalAddress(bare) : bare });
    else if (/^[\d.]+$/.test(spec) || spec.includes(':')) throw usageError(E.badAddress, spec);
    else if (HOST_NAME.test(spec)) for (const t of await resolveName(resolver, spec)) add(t);
    else throw usageError(E.notTarget, spec);
  }
  if (out.length > CONFIRM_ABOVE && !yes) {
    throw new NetdoctorError('ND_USAGE', E.needsYes, {
      input: specs.join(' '),
      option: 'yes',
      params: { count: out.length, max: CONFIRM_ABOVE },
    });
  }
  return out;
}
