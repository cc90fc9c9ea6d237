/** IP address helpers for reverse DNS: arpa names and address comparison. */
import net from 'node:net';
import { usageError } from '../core/errors.js';
import { DNS_ERRORS } from './error-messages.js';

/** Expands an IPv6 address to eight 4-digit groups (`2001:db8::1` → `2001:0db8:0000:…:0001`). */
export function expandIPv6(ip: string): string {
  let s = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s); // ::ffff:192.0.2.1
  if (v4) {
    const o = (v4[1] as string).split('.').map(Number);
    s =
      s.slice(0, -(v4[1] as string).length) +
      `${(((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16)}:${(((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

/** The reverse-DNS name of an address: `4.3.2.1.in-addr.arpa` or the nibble form under `ip6.arpa`. */
export function arpaName(ip: string): string {
  if (net.isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  if (net.isIPv6(ip)) return `${expandIPv6(ip).replace(/:/g, '').split('').reverse().join('.')}.ip6.arpa`;
  throw usageError(DNS_ERRORS.notAddress, ip);
}

/** Whether two textual addresses are the same address (IPv6 compared in expanded form). */
export function sameAddress(a: string, b: string): boolean {
  if (net.isIPv4(a) && net.isIPv4(b)) return a === b;
  if (net.isIPv6(a) && net.isIPv6(b)) return expandIPv6(a) === expandIPv6(b);
  return false;
}

/** The canonical short text of an address (IPv6 compressed the way `inet_ntop` does). */
export function canonicalAddress(ip: string): string {
  if (!net.isIPv6(ip)) return ip;
  const groups = expandIPv6(ip)
    .split(':')
    .map((g) => g.replace(/^0+(?=.)/, ''));
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  const left = groups.slice(0, best.start).join(':');
  const right = groups.slice(best.start + best.len).join(':');
  return `${left}::${right}`;
}
