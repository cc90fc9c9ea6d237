/**
 * From what the probes saw to findings: version disclosure, clear-text logins, STARTTLS, and the
 * certificate checks. One function per concern; `portFindings` runs them all for one port.
 */
import { type Finding, finding } from '../core/findings.js';
import type { TlsProbeResult } from '../net/tls-probe.js';
import type { ServiceInfo } from './banners/index.js';

/** Warn about certificates that expire sooner than this. */
export const EXPIRY_WARN_DAYS = 21;
const OLD_PROTOCOLS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

export interface PortContext {
  address: string;
  port: number;
  /** The host name the user gave, when there was one. */
  name?: string;
}

function where(p: PortContext) {
  return { address: p.address, port: p.port };
}

function url(p: PortContext, tls: boolean): string {
  const host = p.name ?? (p.address.includes(':') ? `[${p.address}]` : p.address);
  const standard = p.port === (tls ? 443 : 80);
  return `${tls ? 'https' : 'http'}://${host}${standard ? '' : `:${p.port}`}/`;
}

export function httpFindings(p: PortContext, info: ServiceInfo): Finding[] {
  const revealing = info.http?.revealing ?? [];
  if (revealing.length === 0) return [];
  const headers = revealing.map(([k, v]) => `${k}: ${v}`);
  return [
    finding(
      'scan.http.version-disclosure',
      'warn',
      {
        ...where(p),
        service: info.service,
        headers: headers.join('; '),
        url: url(p, info.service === 'https'),
      },
      { headers: Object.fromEntries(revealing), status: info.http?.status },
    ),
  ];
}

export function tlsFindings(p: PortContext, tls: TlsProbeResult | undefined, now = Date.now()): Finding[] {
  if (tls?.outcome !== 'ok') return [];
  const out: Finding[] = [];
  const cert = tls.certificate;
  const evidence = {
    protocol: tls.protocol,
    cipher: tls.cipher,
    subject: cert?.subject,
    subjectAltNames: cert?.subjectAltNames,
    issuer: cert?.issuer,
    validFrom: cert?.validFrom,
    validTo: cert?.validTo,
    verifyError: tls.verifyError,
  };
  if (OLD_PROTOCOLS.has(tls.protocol)) {
    out.push(finding('scan.tls.old-protocol', 'warn', { ...where(p), protocol: tls.protocol }, evidence));
  }
  if (!cert) return out;
  const subject = cert.subjectCN ?? cert.subjectAltNames[0] ?? cert.subject;
  const validTo = cert.validTo.slice(0, 10);
  if (cert.expired) {
    out.push(finding('scan.tls.cert-expired', 'fail', { ...where(p), subject, validTo }, evidence));
  } else if (cert.daysLeft < EXPIRY_WARN_DAYS && Date.parse(cert.validTo) > now) {
    out.push(
      finding(
        'scan.tls.cert-expiring',
        'warn',
        { ...where(p), subject, validTo, days: cert.daysLeft },
        evidence,
      ),
    );
  }
  if (cert.selfSigned) {
    out.push(finding('scan.tls.cert-self-signed', 'warn', { ...where(p), subject }, evidence));
  } else if (!tls.chainVerified && !cert.expired) {
    out.push(
      finding(
        'scan.tls.cert-untrusted',
        'warn',
        { ...where(p), reason: tls.verifyError ?? 'unknown' },
        evidence,
      ),
    );
  }
  // The name is only known when the user scanned a host name; an address has nothing to match.
  if (p.name && !tls.nameMatches) {
    const names = cert.subjectAltNames.length ? cert.subjectAltNames : [subject];
    out.push(finding('scan.tls.name-mismatch', 'warn', { ...where(p), name: p.name, names }, evidence));
  }
  return out;
}

const CLEARTEXT_LOGIN: Record<string, string> = { telnet: 'telnet', ftp: 'FTP', pop3: 'POP3', imap: 'IMAP' };

export function cleartextFindings(p: PortContext, info: ServiceInfo): Finding[] {
  const label = CLEARTEXT_LOGIN[info.service];
  if (label === undefined || info.starttls === true || info.error !== undefined) return [];
  return [
    finding(
      'scan.service.cleartext-auth',
      'warn',
      { ...where(p), service: label },
      { banner: info.banner, starttls: false },
    ),
  ];
}

export function smtpFindings(p: PortContext, info: ServiceInfo): Finding[] {
  const r = info.smtp;
  if (info.service !== 'smtp' || !r?.ehlo) return [];
  const evidence = { banner: info.banner, capabilities: r.ehlo.capabilities };
  if (!r.ehlo.starttls) return [finding('scan.smtp.no-starttls', 'warn', where(p), evidence)];
  const tls = r.starttls?.tls;
  if (r.starttls?.reply && r.starttls.reply.code !== 220) {
    const error = `${r.starttls.reply.code} ${r.starttls.reply.lines.join(' ')}`;
    return [finding('scan.smtp.starttls-failed', 'fail', { ...where(p), error }, evidence)];
  }
  if (tls && tls.outcome !== 'ok') {
    return [finding('scan.smtp.starttls-failed', 'fail', { ...where(p), error: tls.error }, evidence)];
  }
  return [];
}

export function dnsFindings(p: PortContext, info: ServiceInfo): Finding[] {
  const told = (info.dns ?? []).filter((d) => d.version);
  if (told.length === 0) return [];
  const version = told[0]?.version as string;
  return [
    finding(
      'scan.dns.version-disclosure',
      'warn',
      { ...where(p), version, transports: told.map((d) => d.transport.toUpperCase()) },
      { dns: info.dns },
    ),
  ];
}

/** Every finding for one probed port. */
export function portFindings(p: PortContext, info: ServiceInfo): Finding[] {
  return [
    ...httpFindings(p, info),
    ...tlsFindings(p, info.tls),
    ...cleartextFindings(p, info),
    ...smtpFindings(p, info),
    ...dnsFindings(p, info),
  ];
}
