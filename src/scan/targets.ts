/**
 * Scan targets as admins write them: `192.0.2.10`, `2001:db8::25`, `192.0.2.0/28`,
 * `2001:db8::/120`, `mail.example.org` (A and AAAA through netdoctor's resolver), `localhost`.
 *
 * Safety (issue 9): only what the user named is scanned; more than 256 addresses needs `yes`;
 * a hard cap keeps a typo like `/8` from queueing millions of hosts.
 */
import net from 'node:net';
import { NetdoctorError, usageError } from '../core/errors.js';
import { asciiName } from '../dns/idn.js';
import { canonicalAddress, expandIPv6 } from '../dns/ip.js';
import type { Resolver } from '../dns/resolver.js';

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
  if (!m) throw usageError('not a CIDR block (expected address/prefix, e.g. 192.0.2.0/24)', spec);
  const base = m[1] as string;
  const prefix = Number(m[2]);
  if (net.isIPv4(base)) {
    if (prefix > 32) throw usageError(`prefix /${prefix} is out of range for IPv4 (0-32)`, spec);
    const size = 2 ** (32 - prefix);
    if (size > limit)
      throw usageError(`/${prefix} holds ${size} addresses; the most per run is ${limit}`, spec);
    const start = prefix === 0 ? 0 : (v4ToInt(base) & (0xffffffff << (32 - prefix))) >>> 0;
    return Array.from({ length: size }, (_, i) => intToV4(start + i));
  }
  if (net.isIPv6(base)) {
    if (prefix > 128) throw usageError(`prefix /${prefix} is out of range for IPv6 (0-128)`, spec);
    const bits = 128 - prefix;
    if (bits > 16 || 2 ** bits > limit) {
      throw usageError(`/${prefix} holds 2^${bits} addresses; the most per run is ${limit}`, spec);
    }
    const mask = ((1n << 128n) - 1n) ^ ((1n << BigInt(bits)) - 1n);
    const start = v6ToBigInt(base) & mask;
    return Array.from({ length: 2 ** bits }, (_, i) => bigIntToV6(start + BigInt(i)));
  }
  throw usageError(`"${base}" is not an IPv4 or IPv6 address`, spec);
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
    const why = answers
      .map((a) => `${a.type} ${a.status === 'ok' ? 'none' : a.status.toUpperCase()}`)
      .join(', ');
    throw new NetdoctorError(
      'ND_USAGE',
      `cannot resolve the name to scan (${why} from ${answers[0]?.server})`,
      {
        input: name,
      },
    );
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
  if (specs.length === 0) throw usageError('name at least one target (address, CIDR block or host name)');
  const out: ScanTarget[] = [];
  const seen = new Set<string>();
  const add = (t: ScanTarget) => {
    const key = net.isIPv6(t.address) ? expandIPv6(t.address) : t.address;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(t);
    if (out.length > MAX_ADDRESSES)
      throw usageError(`more than ${MAX_ADDRESSES} addresses in one run`, specs.join(' '));
  };
  for (const raw of specs) {
    // A host name typed in Unicode (例え.jp) is resolved as its A-labels (UTS #46).
    const spec = asciiName(raw.trim(), raw);
    const bare = spec.replace(/^\[(.*)\]$/, '$1');
    if (spec.includes('/')) for (const address of expandCidr(spec)) add({ address });
    else if (net.isIP(bare)) add({ address: net.isIPv6(bare) ? canonicalAddress(bare) : bare });
    else if (/^[\d.]+$/.test(spec) || spec.includes(':'))
      throw usageError('not a valid IPv4 or IPv6 address', spec);
    else if (HOST_NAME.test(spec)) for (const t of await resolveName(resolver, spec)) add(t);
    else throw usageError('not an address, CIDR block or host name', spec);
  }
  if (out.length > CONFIRM_ABOVE && !yes) {
    throw usageError(
      `${out.length} addresses to scan; more than ${CONFIRM_ABOVE} needs --yes (scan only networks you run)`,
      specs.join(' '),
    );
  }
  return out;
}
