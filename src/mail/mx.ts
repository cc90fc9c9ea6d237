/**
 * The MX part of the mail audit: where mail for the domain goes, and whether each target is a
 * host name with addresses (RFC 5321 §5.1). Reverse DNS of those addresses is checked by
 * `sending-ips.ts`, once per address, together with the sending IPs.
 *
 * @example
 *   const mx = await auditMx(ctx);
 *   mx.data.hosts.map((h) => h.addresses); // [['192.0.2.25']]
 */
import net from 'node:net';
import { type Finding, finding } from '../core/findings.js';
import { answerFindings } from '../dns/lookup.js';
import type { DnsRecord } from '../dns/records.js';
import type { AnswerStatus, DnsAnswer } from '../dns/resolver.js';
import type { MailCheckContext, MailPart } from './context.js';

export interface MxHost {
  /** The MX target (exchange), lower-case, no trailing dot; the domain itself for an implicit MX. */
  exchange: string;
  preference: number;
  /** IPv4 and IPv6 addresses of the target, after any CNAME. */
  addresses: string[];
  /** The CNAME chain the target went through (an MX must not point at an alias). */
  cnames: string[];
  /** The target is an IP address written as a name (`10 192.0.2.1.`). */
  ipLiteral: boolean;
  status: { A: AnswerStatus; AAAA: AnswerStatus };
}

export interface MxData {
  /** The MX records as the server gave them. */
  records: DnsRecord[];
  status: AnswerStatus;
  /** No MX: mail goes to the domain's own A/AAAA (RFC 5321 §5.1 implicit MX). */
  implicit: boolean;
  /** `MX 0 .`: the domain declares that it accepts no mail (RFC 7505). */
  nullMx: boolean;
  hosts: MxHost[];
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * An IP address written where a host name belongs: `192.0.2.1` itself, or `192.0.2.1.example.org`
 * when the zone file line lacked the final dot and the origin was appended.
 */
export function ipLiteralIn(exchange: string): string | undefined {
  const bare = exchange.replace(/^\[|\]$/g, '');
  if (net.isIP(bare)) return bare;
  const labels = exchange.split('.');
  if (labels.length >= 4 && labels.slice(0, 4).every((l) => OCTET.test(l)))
    return labels.slice(0, 4).join('.');
  return undefined;
}

function addressesOf(a: DnsAnswer): string[] {
  return a.records.map((r) => r.text);
}

async function resolveHost(ctx: MailCheckContext, exchange: string, preference: number) {
  if (ipLiteralIn(exchange) !== undefined || exchange === '') {
    // Not a name to look up: asking DNS for "192.0.2.1." only draws REFUSED from the root's side,
    // and "." beside other MX records is a broken null MX.
    const host: MxHost = {
      exchange,
      preference,
      addresses: [],
      cnames: [],
      ipLiteral: exchange !== '',
      status: { A: 'nxdomain', AAAA: 'nxdomain' },
    };
    return { host, answers: [] as DnsAnswer[], trouble: [] as DnsAnswer[] };
  }
  const [a, aaaa] = await Promise.all([
    ctx.resolver.query(exchange, 'A'),
    ctx.resolver.query(exchange, 'AAAA'),
  ]);
  const cnames = [...new Set([...a.cnames, ...aaaa.cnames].map((r) => r.text))];
  const host: MxHost = {
    exchange,
    preference,
    addresses: [...addressesOf(a), ...addressesOf(aaaa)],
    cnames,
    ipLiteral: false,
    status: { A: a.status, AAAA: aaaa.status },
  };
  const trouble = [a, aaaa].filter(
    (x) => x.status === 'servfail' || x.status === 'refused' || x.status === 'error',
  );
  return { host, answers: [a, aaaa], trouble };
}

function hostFindings(domain: string, h: MxHost, answers: DnsAnswer[]): Finding[] {
  const out: Finding[] = [];
  const literal = ipLiteralIn(h.exchange);
  if (literal !== undefined) {
    out.push(
      finding(
        'mail.mx.ip-literal',
        'fail',
        { domain, exchange: h.exchange, ip: literal, preference: h.preference },
        { exchange: h.exchange },
      ),
    );
    return out;
  }
  const chain = answers.find((x) => x.cnames.length > 0)?.cnames ?? [];
  const last = chain[chain.length - 1];
  if (last !== undefined) {
    const target = last.text.replace(/\.$/, '');
    out.push(
      finding(
        'mail.mx.cname',
        'fail',
        { domain, exchange: h.exchange, target, preference: h.preference },
        { cnames: chain.map((r) => `${r.name}. CNAME ${r.text}`) },
      ),
    );
  }
  if (h.addresses.length === 0) {
    out.push(
      finding(
        'mail.mx.unresolvable',
        'fail',
        {
          domain,
          exchange: h.exchange,
          status: `${h.status.A.toUpperCase()}/${h.status.AAAA.toUpperCase()}`,
        },
        { A: h.status.A, AAAA: h.status.AAAA },
      ),
    );
  }
  return out;
}

export async function auditMx(ctx: MailCheckContext): Promise<MailPart<MxData>> {
  const { domain } = ctx;
  const mx = await ctx.resolver.query(domain, 'MX');
  const data: MxData = {
    records: mx.records,
    status: mx.status,
    implicit: false,
    nullMx: false,
    hosts: [],
  };
  const findings: Finding[] = [];

  if (mx.status === 'nxdomain') {
    findings.push(
      finding('mail.domain.nxdomain', 'fail', { domain }, { query: `${domain} MX`, rcode: mx.rcode }),
    );
    return { findings, data };
  }
  if (mx.status === 'servfail' || mx.status === 'refused' || mx.status === 'error') {
    findings.push(...answerFindings(mx));
    return { findings, data };
  }

  const targets = mx.records.map((r) => {
    const d = r.data as { preference: number; exchange: string };
    return { preference: d.preference, exchange: d.exchange.toLowerCase().replace(/\.$/, '') };
  });
  // RFC 7505 §3: a null MX is a single record with preference 0 and an empty exchange (".").
  if (targets.length === 1 && targets[0]?.exchange === '') {
    data.nullMx = true;
    findings.push(finding('mail.mx.null', 'info', { domain }, { records: mx.records.map((r) => r.text) }));
    return { findings, data };
  }

  if (targets.length === 0) {
    // RFC 5321 §5.1: with no MX, the domain's own A/AAAA is the implicit MX.
    const implicit = await resolveHost(ctx, domain, 0);
    findings.push(...implicit.trouble.flatMap(answerFindings));
    if (implicit.host.addresses.length > 0) {
      data.implicit = true;
      data.hosts.push(implicit.host);
      findings.push(
        finding(
          'mail.mx.implicit',
          'warn',
          { domain, addresses: implicit.host.addresses },
          { addresses: implicit.host.addresses },
        ),
      );
    } else {
      findings.push(finding('mail.mx.none', 'fail', { domain }, { query: `${domain} MX`, rcode: mx.rcode }));
    }
    return { findings, data };
  }

  const sorted = [...targets].sort((a, b) => a.preference - b.preference);
  const resolved = await Promise.all(sorted.map((t) => resolveHost(ctx, t.exchange, t.preference)));
  for (const r of resolved) {
    data.hosts.push(r.host);
    findings.push(...r.trouble.flatMap(answerFindings));
    findings.push(...hostFindings(domain, r.host, r.answers));
  }
  const good = data.hosts.filter((h) => h.addresses.length > 0 && !h.ipLiteral && h.cnames.length === 0);
  if (good.length === data.hosts.length) {
    findings.push(
      finding(
        'mail.mx.ok',
        'ok',
        { domain, count: good.length, hosts: good.map((h) => `${h.preference} ${h.exchange}`) },
        { records: mx.records.map((r) => r.text) },
      ),
    );
  }
  return { findings, data };
}
