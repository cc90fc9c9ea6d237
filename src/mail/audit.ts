/**
 * `auditMail`: "why is my mail rejected?" in one report — MX, reverse DNS of the MX hosts and
 * sending IPs, SPF, DKIM, DMARC, MTA-STS/TLS-RPT, SMTP/STARTTLS, and the Gmail/Yahoo summary.
 *
 * The parts are the checks of `mail/checks/` (one file each, listed in `checks/index.ts`); they
 * all start at once and each waits only for what it reads: MX, DKIM and DMARC at once (and SPF
 * too when the sending IPs are given); once the MX hosts are known, the reverse DNS, SPF (for the
 * MX addresses), MTA-STS and the SMTP probes side by side. The resolver's cache makes a name
 * asked twice (an MX host by the MX check and the SPF `mx` mechanism) one query.
 *
 * A domain that does not exist (NXDOMAIN) is one finding: what the other checks find then (no
 * SPF, no DMARC, no MX …) follows from it and says nothing more.
 *
 * @example
 *   const resolver = new Resolver({ servers: ['127.0.0.1:5353'] });
 *   const r = await auditMail(resolver, { domain: 'example.org', ips: ['192.0.2.25'], smtp: false });
 *   r.findings.filter((f) => f.severity === 'fail').map((f) => f.id); // ['mail.ptr.missing']
 */
import net from 'node:net';
import { internalError, usageError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import { asciiName } from '../dns/idn.js';
import type { Resolver } from '../dns/resolver.js';
import type { DkimReport, DmarcReport, SpfReport } from './auth/index.js';
import type { AuditContext, MailAuditParts } from './checks/check.js';
import { MAIL_CHECKS } from './checks/index.js';
import type { MailPart } from './context.js';
import { MAIL_ERRORS } from './error-messages.js';
import type { MtaStsData, MtaStsOptions } from './mta-sts.js';
import type { MxData } from './mx.js';
import type { ProviderSummary } from './provider-requirements.js';
import type { AddressCheck } from './sending-ips.js';
import type { SmtpData, SmtpOptions } from './smtp.js';

export interface MailAuditOptions {
  domain: string;
  /** Sending IPs; default: the MX hosts' addresses. */
  ips?: readonly string[];
  /** DKIM selectors; default: COMMON_DKIM_SELECTORS. */
  selectors?: readonly string[];
  /** Probe the MX hosts over SMTP (default true); an object sets port, timeout, trust anchors. */
  smtp?: boolean | SmtpOptions;
  /** Where to fetch the MTA-STS policy (port, trust anchors); default 443 and the system CAs. */
  mtaSts?: MtaStsOptions;
}

export interface MailAuditResult {
  domain: string;
  /** The sending IPs evaluated (given, or the MX hosts' addresses). */
  ips: string[];
  ipsFrom: 'given' | 'mx';
  mx: MxData;
  addresses: AddressCheck[];
  spf: SpfReport;
  dkim: DkimReport;
  dmarc: DmarcReport;
  mtaSts: MtaStsData;
  /** Absent with `smtp: false`. */
  smtp?: SmtpData;
  providers: ProviderSummary[];
  /** The data of every other registered check, under its id. */
  [check: string]: unknown;
  /** DNS messages sent for this audit (cache hits excluded). */
  dnsQueries: number;
  findings: Finding[];
}

/** A domain name as the user typed it, checked and normalised (lower-case, no trailing dot). */
export function domainArgument(raw: string): string {
  // 例え.jp is audited as xn--r8jz45g.jp (UTS #46); an invalid IDN is refused naming it.
  const d = asciiName(raw, raw).toLowerCase().replace(/\.$/, '');
  const label = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
  if (d.length === 0 || d.length > 253 || !d.includes('.') || !d.split('.').every((l) => label.test(l))) {
    throw usageError(MAIL_ERRORS.notDomain, raw);
  }
  if (net.isIP(d)) throw usageError(MAIL_ERRORS.ipNotDomain, raw);
  return d;
}

/** The finding that makes every other one moot. */
const DOMAIN_MISSING = 'mail.domain.nxdomain';

export async function auditMail(resolver: Resolver, options: MailAuditOptions): Promise<MailAuditResult> {
  const domain = domainArgument(options.domain);
  for (const ip of options.ips ?? []) if (!net.isIP(ip)) throw usageError(MAIL_ERRORS.notIp, ip);
  const before = resolver.queriesSent;
  const given = [...new Set(options.ips ?? [])];
  const running = new Map<string, Promise<MailPart<unknown>>>();
  const part = <K extends keyof MailAuditParts>(id: K) => {
    const p = running.get(id);
    if (!p) throw internalError(`mail audit: no check "${id}" in mail/checks/index.ts`);
    return p as Promise<MailPart<MailAuditParts[K]>>;
  };
  let sending: Promise<string[]> | undefined;
  const ctx: AuditContext = {
    resolver,
    domain,
    ips: given,
    selectors: options.selectors ?? [],
    settings: {
      ...(options.smtp === false ? {} : { smtp: options.smtp === true || !options.smtp ? {} : options.smtp }),
      ...(options.mtaSts ? { mtaSts: options.mtaSts } : {}),
    },
    part,
    sendingIps: () => {
      sending ??= given.length
        ? Promise.resolve(given)
        : part('mx').then((mx) => [...new Set(mx.data.hosts.flatMap((h) => h.addresses))]);
      return sending;
    },
  };
  // Every check is registered before any starts, so each can await any other.
  for (const check of MAIL_CHECKS)
    running.set(
      check.meta.id,
      Promise.resolve().then(() => check.run(ctx)),
    );
  // Promise.all: if one throws (the DNS server unreachable), the first error is the audit's, and
  // the others' rejections are handled.
  const parts = await Promise.all(
    MAIL_CHECKS.map((c) => running.get(c.meta.id) as Promise<MailPart<unknown>>),
  );
  const data = Object.fromEntries(MAIL_CHECKS.map((c, i) => [c.meta.id, parts[i]?.data]));
  const missing = parts.flatMap((p) => p.findings).filter((f) => f.id === DOMAIN_MISSING);
  const findings = missing.length ? missing : parts.flatMap((p) => p.findings);
  const ips = await ctx.sendingIps();
  const result = {
    domain,
    ips,
    ipsFrom: given.length ? ('given' as const) : ('mx' as const),
    ...data,
    dnsQueries: resolver.queriesSent - before,
    findings,
  } as MailAuditResult;
  if (result.smtp === undefined) delete result.smtp;
  return result;
}
