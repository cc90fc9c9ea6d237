/**
 * `reverseLookup`: the PTR name(s) of an address, then forward-confirmed reverse DNS (FCrDNS):
 * each PTR name's A (for IPv4) or AAAA (for IPv6) records must contain the address. This is the
 * check Gmail and Japanese carriers apply before they accept mail from an address.
 *
 * @example
 *   const r = await reverseLookup(resolver, '192.0.2.25');
 *   r.findings.map((f) => f.id); // ['dns.fcrdns.ok']
 */
import net from 'node:net';
import { usageError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import { DNS_ERRORS } from './error-messages.js';
import { arpaName, canonicalAddress, sameAddress } from './ip.js';
import { answerFindings } from './lookup.js';
import type { AnswerStatus, DnsAnswer, Resolver } from './resolver.js';

export interface ForwardCheck {
  /** A PTR name of the address. */
  name: string;
  rrtype: 'A' | 'AAAA';
  status: AnswerStatus;
  /** The addresses the PTR name really has. */
  addresses: string[];
  confirmed: boolean;
}

export interface ReverseResult {
  ip: string;
  arpa: string;
  ptr: DnsAnswer;
  names: string[];
  forward: ForwardCheck[];
  findings: Finding[];
}

/** The reverse zone an address most likely sits in when the server did not name it (/24 or /64). */
function guessZone(ip: string, arpa: string): string {
  const labels = arpa.split('.');
  return labels.slice(net.isIPv4(ip) ? 1 : 16).join('.');
}

export async function reverseLookup(resolver: Resolver, address: string): Promise<ReverseResult> {
  const ip = address.trim();
  if (!net.isIP(ip)) throw usageError(DNS_ERRORS.notAddress, address);
  const shown = canonicalAddress(ip);
  const arpa = arpaName(ip);
  const ptr = await resolver.query(arpa, 'PTR');
  const names = ptr.records.map((r) => (r.data as { target: string }).target.toLowerCase());
  const result: ReverseResult = { ip: shown, arpa, ptr, names, forward: [], findings: [] };

  if (ptr.status === 'nxdomain' || ptr.status === 'nodata') {
    const zone = ptr.zone ?? guessZone(ip, arpa);
    const label = arpa.endsWith(`.${zone}`) ? arpa.slice(0, -(zone.length + 1)) : arpa;
    const status = ptr.status === 'nxdomain' ? 'NXDOMAIN' : 'NODATA';
    result.findings.push(
      finding(
        'dns.ptr.missing',
        'fail',
        { ip: shown, arpa, zone, label, status },
        { query: arpa, rcode: ptr.rcode, server: ptr.server, zone },
      ),
    );
    return result;
  }
  if (ptr.status !== 'ok') {
    result.findings.push(...answerFindings(ptr));
    return result;
  }
  if (names.length > 1) {
    const zone = ptr.zone ?? guessZone(ip, arpa);
    result.findings.push(
      finding('dns.ptr.multiple', 'warn', { ip: shown, count: names.length, names, zone }, { names }),
    );
  }

  const rrtype = net.isIPv4(ip) ? 'A' : 'AAAA';
  for (const name of names) {
    const fwd = await resolver.query(name, rrtype);
    if (fwd.status === 'servfail' || fwd.status === 'refused' || fwd.status === 'error') {
      result.findings.push(...answerFindings(fwd));
    }
    const addresses = fwd.records.map((r) => canonicalAddress(r.text));
    const confirmed = addresses.some((a) => sameAddress(a, ip));
    result.forward.push({ name, rrtype, status: fwd.status, addresses, confirmed });
    const params = { ip: shown, ptr: name, rrtype };
    if (confirmed) {
      result.findings.push(finding('dns.fcrdns.ok', 'ok', params, { ptr: name, addresses }));
    } else if (addresses.length === 0) {
      const status = fwd.status === 'nxdomain' ? 'NXDOMAIN' : fwd.status === 'nodata' ? 'NODATA' : fwd.rcode;
      result.findings.push(
        finding('dns.fcrdns.unresolvable', 'fail', { ...params, status }, { ptr: name, rcode: fwd.rcode }),
      );
    } else {
      result.findings.push(
        finding('dns.fcrdns.mismatch', 'fail', { ...params, addresses }, { ptr: name, addresses }),
      );
    }
  }
  return result;
}
