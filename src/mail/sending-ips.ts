/**
 * Reverse DNS of every address the audit cares about — the MX hosts' addresses and the sending
 * IPs — checked once per address: PTR present, forward-confirmed (FCrDNS), and a PTR name that
 * does not look like an ISP's dynamic pool. `reverseLookup` from `dns/` does the DNS work; its
 * `dns.*` findings become `mail.*` findings here, whose fixes speak of mail (Gmail's 550-5.7.25,
 * "IP name lookup failed", the HELO name).
 */
import { type Finding, finding } from '../core/findings.js';
import { type ForwardCheck, reverseLookup } from '../dns/reverse.js';
import type { MailCheckContext, MailPart } from './context.js';
import type { MxHost } from './mx.js';

export interface AddressCheck {
  ip: string;
  /** The MX hosts that have this address. */
  mxHosts: string[];
  /** Whether the address is one the domain sends from (from --ip, or an MX address by default). */
  sending: boolean;
  arpa: string;
  /** PTR names found. */
  ptr: string[];
  forward: ForwardCheck[];
  /** At least one PTR name resolves back to the address. */
  fcrdns: boolean;
  /** Why the PTR name looks like a dynamic pool, when it does. */
  generic?: string;
}

export interface AddressData {
  addresses: AddressCheck[];
}

/** `dns.*` reverse-DNS ids and the mail ids that replace them. */
const MAIL_ID: Record<string, string> = {
  'dns.ptr.missing': 'mail.ptr.missing',
  'dns.ptr.multiple': 'mail.ptr.multiple',
  'dns.fcrdns.ok': 'mail.fcrdns.ok',
  'dns.fcrdns.mismatch': 'mail.fcrdns.mismatch',
  'dns.fcrdns.unresolvable': 'mail.fcrdns.unresolvable',
};

// Words ISPs put in the PTR names of home and dynamic ranges (also Japanese ISPs' ipngn, bbtec …).
const POOL_WORDS =
  /(?:^|[^a-z])(dyn|dynamic|dynip|dhcp|pool|dsl|adsl|xdsl|vdsl|ppp|pppoe|dial|dialup|cable|cpe|broadband|client|customer|cust|residential|ipngn|flets|catv|ftth|bbtec|fttx)(?:[^a-z]|\d|$)/;

/**
 * Why a PTR name looks generic (an ISP's pool name rather than a mail host's), or undefined.
 * Heuristic, as receivers' own filters are: the address's numbers written into the name, or a
 * pool word in the host part.
 *
 * @example genericPtrReason('p1234-ipngn100.tokyo.ocn.ne.jp', '192.0.2.5') // 'pool word "ipngn"'
 */
export function genericPtrReason(name: string, ip: string): string | undefined {
  const host = name.toLowerCase();
  if (ip.includes('.')) {
    const o = ip.split('.');
    const padded = o.map((x) => x.padStart(3, '0'));
    const forms = [
      o.join('-'),
      [...o].reverse().join('-'),
      o.join('.'),
      [...o].reverse().join('.'),
      o.join(''),
      padded.join(''), // softbank126000002005.bbtec.net, KD111000002005.ppp-bb.dion.ne.jp
      [...padded].reverse().join(''),
    ];
    const hex = o.map((x) => Number(x).toString(16).padStart(2, '0')).join('');
    for (const f of [...forms, hex]) if (f.length >= 7 && host.includes(f)) return `address in name "${f}"`;
    // The last two octets dashed or dotted inside a label with other digits: 5-10.pool…, 25-4-10
    const tail = `${o[2]}-${o[3]}`;
    if (new RegExp(`(^|[^0-9])${tail}([^0-9]|$)`).test(host) && /\d/.test(host.split('.')[0] ?? '')) {
      return `address in name "${tail}"`;
    }
  }
  // Only the labels before the last two (the provider's own domain) are the host part.
  const labels = host.split('.');
  const hostPart = labels.slice(0, Math.max(1, labels.length - 2)).join('.');
  const word = POOL_WORDS.exec(hostPart);
  if (word && /\d/.test(hostPart)) return `pool word "${word[1]}"`;
  return undefined;
}

interface Wanted {
  ip: string;
  mxHosts: string[];
  sending: boolean;
}

function wantedAddresses(ctx: MailCheckContext, hosts: readonly MxHost[]): Wanted[] {
  const byIp = new Map<string, Wanted>();
  const get = (ip: string) => {
    let w = byIp.get(ip);
    if (w === undefined) {
      w = { ip, mxHosts: [], sending: false };
      byIp.set(ip, w);
    }
    return w;
  };
  for (const h of hosts) for (const ip of h.addresses) get(ip).mxHosts.push(h.exchange);
  for (const ip of ctx.ips) get(ip).sending = true;
  return [...byIp.values()];
}

/** Reverse DNS of the MX hosts' addresses and the sending IPs, in parallel, once per address. */
export async function auditAddresses(
  ctx: MailCheckContext,
  hosts: readonly MxHost[],
): Promise<MailPart<AddressData>> {
  const wanted = wantedAddresses(ctx, hosts);
  const results = await Promise.all(wanted.map((w) => reverseLookup(ctx.resolver, w.ip)));
  const findings: Finding[] = [];
  const addresses: AddressCheck[] = [];
  wanted.forEach((w, i) => {
    const r = results[i];
    if (r === undefined) return;
    const used = [...w.mxHosts.map((h) => `MX ${h}`), ...(w.sending ? ['sending'] : [])];
    const check: AddressCheck = {
      ip: r.ip,
      mxHosts: w.mxHosts,
      sending: w.sending,
      arpa: r.arpa,
      ptr: r.names,
      forward: r.forward,
      fcrdns: r.forward.some((f) => f.confirmed),
    };
    // The PTR name to suggest: the MX host that has this address, or mail.<domain> to be created.
    const host = w.mxHosts[0] ?? `mail.${ctx.domain}`;
    const rrtype = r.ip.includes(':') ? 'AAAA' : 'A';
    for (const f of r.findings) {
      const id = MAIL_ID[f.id];
      findings.push(
        id === undefined
          ? f
          : finding(
              id,
              f.severity,
              { rrtype, ...f.params, domain: ctx.domain, host },
              { ...(f.evidence as object), used },
            ),
      );
    }
    for (const name of r.names) {
      const reason = genericPtrReason(name, r.ip);
      if (reason === undefined) continue;
      check.generic = reason;
      findings.push(
        finding('mail.ptr.generic', 'warn', { ip: r.ip, ptr: name, domain: ctx.domain }, { reason, used }),
      );
    }
    addresses.push(check);
  });
  return { findings, data: { addresses } };
}
