/** Addresses of the LAN inventory: IPv4 as 32-bit numbers, IPv6 as bigints, subnets and pools. */
import net from 'node:net';
import { canonicalAddress, expandIPv6 } from '../dns/ip.js';

export function v4ToInt(ip: string): number {
  let n = 0;
  for (const o of ip.split('.')) n = n * 256 + Number(o);
  return n >>> 0;
}

export function intToV4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function v6ToBigInt(ip: string): bigint {
  return BigInt(`0x${expandIPv6(ip).replace(/:/g, '')}`);
}

export interface Subnet {
  family: 4 | 6;
  /** The network address, canonical text. */
  network: string;
  prefix: number;
  cidr: string;
}

/** Parses `192.168.1.0/24` or `2001:db8:1::/64`; undefined when malformed. Host bits are masked. */
export function parseCidr(text: string): Subnet | undefined {
  const m = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const base = m[1] as string;
  const prefix = Number(m[2]);
  if (net.isIPv4(base) && prefix <= 32) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const network = intToV4((v4ToInt(base) & mask) >>> 0);
    return { family: 4, network, prefix, cidr: `${network}/${prefix}` };
  }
  if (net.isIPv6(base) && prefix <= 128) {
    const bits = BigInt(128 - prefix);
    const n = (v6ToBigInt(base) >> bits) << bits;
    const network = bigIntToV6(n);
    return { family: 6, network, prefix, cidr: `${network}/${prefix}` };
  }
  return undefined;
}

export function bigIntToV6(n: bigint): string {
  const hex = n.toString(16).padStart(32, '0');
  return canonicalAddress(hex.match(/.{4}/g)?.join(':') ?? '::');
}

/** Whether `ip` lies inside `subnet` (same family only). */
export function inSubnet(ip: string, subnet: Subnet): boolean {
  if (subnet.family === 4) {
    if (!net.isIPv4(ip)) return false;
    const mask = subnet.prefix === 0 ? 0 : (0xffffffff << (32 - subnet.prefix)) >>> 0;
    return (v4ToInt(ip) & mask) >>> 0 === v4ToInt(subnet.network);
  }
  if (!net.isIPv6(ip)) return false;
  const bits = BigInt(128 - subnet.prefix);
  return v6ToBigInt(ip) >> bits === v6ToBigInt(subnet.network) >> bits;
}

/** The netmask of an IPv4 prefix, dotted (`255.255.255.0`). */
export function netmask(prefix: number): string {
  return intToV4(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

/** The broadcast address of an IPv4 subnet. */
export function broadcast(subnet: Subnet): string {
  return intToV4((v4ToInt(subnet.network) | (2 ** (32 - subnet.prefix) - 1)) >>> 0);
}

/** An inclusive IPv4 range `first-last`. */
export interface Pool {
  first: string;
  last: string;
}

/** Parses `192.168.1.100-192.168.1.199` (IPv4 only); undefined when malformed or reversed. */
export function parsePool(text: string): Pool | undefined {
  const m = /^\s*([0-9.]+)\s*-\s*([0-9.]+)\s*$/.exec(text);
  if (!m || !net.isIPv4(m[1] as string) || !net.isIPv4(m[2] as string)) return undefined;
  if (v4ToInt(m[1] as string) > v4ToInt(m[2] as string)) return undefined;
  return { first: m[1] as string, last: m[2] as string };
}

export function inPool(ip: string, pool: Pool): boolean {
  if (!net.isIPv4(ip)) return false;
  const n = v4ToInt(ip);
  return n >= v4ToInt(pool.first) && n <= v4ToInt(pool.last);
}

/**
 * The reverse zone of a subnet on an octet (IPv4) or nibble (IPv6) boundary: `1.168.192.in-addr.arpa`
 * for a /24, `0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa` for a /64. A prefix off the boundary is
 * rounded down (a /26 lives in the /24's zone; RFC 2317 delegation is out of scope).
 */
export function reverseZoneName(subnet: Subnet): string {
  if (subnet.family === 4) {
    const octets = Math.max(1, Math.floor(subnet.prefix / 8));
    return `${subnet.network.split('.').slice(0, octets).reverse().join('.')}.in-addr.arpa`;
  }
  const nibbles = Math.max(1, Math.floor(subnet.prefix / 4));
  const hex = expandIPv6(subnet.network).replace(/:/g, '').slice(0, nibbles);
  return `${hex.split('').reverse().join('.')}.ip6.arpa`;
}

/** Sort key for addresses: IPv4 numerically before IPv6 numerically. */
export function compareAddresses(a: string, b: string): number {
  const fa = net.isIPv4(a) ? 4 : 6;
  const fb = net.isIPv4(b) ? 4 : 6;
  if (fa !== fb) return fa - fb;
  if (fa === 4) return v4ToInt(a) - v4ToInt(b);
  const x = v6ToBigInt(a);
  const y = v6ToBigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
