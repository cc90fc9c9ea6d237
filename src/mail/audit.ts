/**
 * `auditMail`: "why is my mail rejected?" in one report — MX, reverse DNS of the MX hosts and
 * sending IPs, SPF, DKIM, DMARC, MTA-STS/TLS-RPT, SMTP/STARTTLS, and the Gmail/Yahoo summary.
 *
 * Independent lookups run in parallel: MX, DKIM and DMARC start at once (and SPF too when the
 * sending IPs are given); once the MX hosts are known, the reverse DNS, SPF (for the MX
 * addresses), MTA-STS and the SMTP probes run side by side. The resolver's cache makes a name
 * asked twice (an MX host by the MX check and the SPF `mx` mechanism) one query.
 *
 * @example
 *   const resolver = new Resolver({ servers: ['127.0.0.1:5353'] });
 *   const r = await auditMail(resolver, { domain: 'example.org', ips: ['192.0.2.25'], smtp: false });
 *   r.findings.filter((f) => f.severity === 'fail').map((f) => f.id); // ['mail.ptr.missing']
 */
import net from 'node:net';
import { usageError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { Resolver } from '../dns/resolver.js';
import {
  auditDkim,
  auditDmarc,
  auditSpf,
  type DkimReport,
  type DmarcReport,
  dmarcAlignment,
  type SpfReport,
} from './auth/index.js';
import type { MailCheckContext } from './context.js';
import { MAIL_ERRORS } from './error-messages.js';
import { auditMtaSts, type MtaStsData, type MtaStsOptions } from './mta-sts.js';
import { auditMx, type MxData } from './mx.js';
import { type ProviderSummary, providerSummaries, type RequirementFacts } from './provider-requirements.js';
import { type AddressCheck, auditAddresses } from './sending-ips.js';
import { probeMxHosts, SMTP_DEFAULTS, type SmtpData, type SmtpOptions, smtpFindings } from './smtp.js';

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
  /** DNS messages sent for this audit (cache hits excluded). */
  dnsQueries: number;
  findings: Finding[];
}

/** A domain name as the user typed it, checked and normalised (lower-case, no trailing dot). */
export function domainArgument(raw: string): string {
  const d = raw.trim().toLowerCase().replace(/\.$/, '');
  const label = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
  if (d.length === 0 || d.length > 253 || !d.includes('.') || !d.split('.').every((l) => label.test(l))) {
    throw usageError(MAIL_ERRORS.notDomain, raw);
  }
  if (net.isIP(d)) throw usageError(MAIL_ERRORS.ipNotDomain, raw);
  return d;
}

function requirementFacts(
  r: Omit<MailAuditResult, 'providers' | 'findings' | 'dnsQueries'>,
): RequirementFacts {
  const sending = r.addresses.filter((a) => a.sending);
  const spfPass = r.spf.results.length > 0 && r.spf.results.every((x) => x.result === 'pass');
  const keys = r.dkim.selectors.filter(
    (s) => s.status === 'found' && s.key && !s.key.revoked && s.key.errors.length === 0,
  );
  const policy = r.dmarc.policy;
  const alignment = policy
    ? dmarcAlignment({
        fromDomain: r.domain,
        spfDomain: r.domain,
        spfPass,
        dkimDomains: keys.length > 0 ? [{ domain: r.domain, pass: true }] : [],
        adkim: policy.adkim,
        aspf: policy.aspf,
      }).pass
    : false;
  // Hosts that could not be reached say nothing about TLS (their own findings say why).
  const sessions = (r.smtp?.sessions ?? []).filter(
    (s) => s.probe.outcome === 'ok' || s.probe.outcome === 'tls-error',
  );
  return {
    ptr: sending.length ? sending.every((a) => a.ptr.length > 0) : null,
    fcrdns: sending.length ? sending.every((a) => a.fcrdns) : null,
    'spf-or-dkim': spfPass || keys.length > 0,
    dmarc: policy !== undefined,
    alignment,
    tls: sessions.length ? sessions.every((s) => s.probe.starttls?.tls?.outcome === 'ok') : null,
  };
}

export async function auditMail(resolver: Resolver, options: MailAuditOptions): Promise<MailAuditResult> {
  const domain = domainArgument(options.domain);
  for (const ip of options.ips ?? []) if (!net.isIP(ip)) throw usageError(MAIL_ERRORS.notIp, ip);
  const before = resolver.queriesSent;
  const given = [...new Set(options.ips ?? [])];
  const base: MailCheckContext = { resolver, domain, ips: given, selectors: options.selectors ?? [] };

  const mxPart = auditMx(base);
  const dkimPart = auditDkim(base);
  const dmarcPart = auditDmarc(base);
  const earlySpf = given.length ? auditSpf(base) : undefined;
  // If the MX lookup throws (DNS server unreachable), the parts already started must not become
  // unhandled rejections; they are awaited below when it does not.
  for (const p of [dkimPart, dmarcPart, earlySpf]) p?.catch(() => undefined);

  const mx = await mxPart;
  const ips = given.length ? given : [...new Set(mx.data.hosts.flatMap((h) => h.addresses))];
  const ctx: MailCheckContext = { ...base, ips };
  const smtpOptions: SmtpOptions | undefined =
    options.smtp === false
      ? undefined
      : options.smtp === true || options.smtp === undefined
        ? {}
        : options.smtp;
  const [addresses, spf, mtaSts, smtp, dkim, dmarc] = await Promise.all([
    auditAddresses(ctx, mx.data.hosts),
    earlySpf ?? auditSpf(ctx),
    auditMtaSts(ctx, mx.data.hosts, options.mtaSts),
    smtpOptions ? probeMxHosts(mx.data.hosts, smtpOptions) : Promise.resolve(undefined),
    dkimPart,
    dmarcPart,
  ]);

  const partial = {
    domain,
    ips,
    ipsFrom: given.length ? ('given' as const) : ('mx' as const),
    mx: mx.data,
    addresses: addresses.data.addresses,
    spf: spf.data,
    dkim: dkim.data,
    dmarc: dmarc.data,
    mtaSts: mtaSts.data,
    ...(smtp ? { smtp } : {}),
  };
  const provider = providerSummaries(domain, requirementFacts(partial));
  const timeoutMs = smtpOptions?.timeoutMs ?? SMTP_DEFAULTS.timeoutMs;
  const findings = [
    ...mx.findings,
    ...addresses.findings,
    ...spf.findings,
    ...dkim.findings,
    ...dmarc.findings,
    ...mtaSts.findings,
    ...(smtp ? smtpFindings(smtp, addresses.data.addresses, timeoutMs) : []),
    ...provider.findings,
  ];
  return { ...partial, providers: provider.summaries, dnsQueries: resolver.queriesSent - before, findings };
}
