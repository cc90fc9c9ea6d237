/**
 * The SMTP part of the mail audit: each MX host's addresses on port 25 (or the port given) —
 * banner, EHLO, STARTTLS offered and completing, the certificate, and whether the banner's host
 * name is the address's PTR name. The talking is done by the shared probe in `net/smtp-probe.ts`
 * (the same one `netdoctor scan` uses); this module turns its data into `mail.smtp.*` findings.
 */
import { type Finding, finding } from '../core/findings.js';
import { probeSmtp, type SmtpProbeResult } from '../net/smtp-probe.js';
import type { MxHost } from './mx.js';
import type { AddressCheck } from './sending-ips.js';

export interface SmtpOptions {
  /** Port to connect to (default 25). */
  port?: number;
  /** Deadline for connecting and for each reply, in milliseconds (default 8000). */
  timeoutMs?: number;
  /** Trust anchors (PEM) for the certificate check instead of the system CAs. */
  ca?: string | Buffer;
  /** Name to send in EHLO (default: the local host name). */
  heloName?: string;
  /** At most this many addresses are probed (default 10): a domain with 50 MX addresses is not scanned. */
  maxAddresses?: number;
}

export const SMTP_DEFAULTS = { port: 25, timeoutMs: 8000, maxAddresses: 10 } as const;
/** Warn this many days before a certificate expires (Let's Encrypt renews at 30 days left). */
const EXPIRY_WARN_DAYS = 14;

export interface SmtpSession {
  exchange: string;
  ip: string;
  port: number;
  probe: SmtpProbeResult;
}

export interface SmtpData {
  port: number;
  sessions: SmtpSession[];
}

/** Probes every address of every MX host in parallel (up to `maxAddresses`). */
export async function probeMxHosts(hosts: readonly MxHost[], options: SmtpOptions = {}): Promise<SmtpData> {
  const port = options.port ?? SMTP_DEFAULTS.port;
  const timeoutMs = options.timeoutMs ?? SMTP_DEFAULTS.timeoutMs;
  const targets = hosts
    .flatMap((h) => h.addresses.map((ip) => ({ exchange: h.exchange, ip })))
    .slice(0, options.maxAddresses ?? SMTP_DEFAULTS.maxAddresses);
  const sessions = await Promise.all(
    targets.map(async ({ exchange, ip }) => {
      const probe = await probeSmtp({
        host: ip,
        port,
        timeoutMs,
        servername: exchange,
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
        ...(options.heloName !== undefined ? { heloName: options.heloName } : {}),
      });
      return { exchange, ip, port, probe };
    }),
  );
  return { port, sessions };
}

const FAILURE_ID: Record<string, string> = {
  refused: 'mail.smtp.port-closed',
  timeout: 'mail.smtp.timeout',
  unreachable: 'mail.smtp.unreachable',
  closed: 'mail.smtp.closed',
  'protocol-error': 'mail.smtp.closed',
  'banner-rejected': 'mail.smtp.banner-rejected',
  'ehlo-rejected': 'mail.smtp.ehlo-rejected',
};

function tlsFindings(s: SmtpSession, base: Record<string, string | number>): Finding[] {
  const st = s.probe.starttls;
  const out: Finding[] = [];
  const tls = st?.tls;
  if (st?.reply?.code !== 220 || !tls || tls.outcome !== 'ok') {
    const why = st?.reply && st.reply.code !== 220 ? `${st.reply.code} ${st.reply.lines.join(' ')}` : '';
    const error = tls && tls.outcome !== 'ok' ? tls.error : (s.probe.error ?? why);
    out.push(
      finding(
        'mail.smtp.starttls-failed',
        'fail',
        { ...base, error: error || why },
        { transcript: s.probe.transcript },
      ),
    );
    return out;
  }
  const cert = tls.certificate;
  const certEvidence = {
    protocol: tls.protocol,
    cipher: tls.cipher,
    certificate: cert,
    chainVerified: tls.chainVerified,
    verifyError: tls.verifyError,
  };
  out.push(
    finding(
      'mail.smtp.starttls-ok',
      'ok',
      {
        ...base,
        protocol: tls.protocol,
        names: cert?.subjectAltNames.length ? cert.subjectAltNames : [cert?.subjectCN ?? '-'],
        issuer: cert?.issuerCN ?? cert?.issuer ?? '-',
        validTo: cert?.validTo.slice(0, 10) ?? '-',
      },
      certEvidence,
    ),
  );
  // RFC 8996 deprecates TLS 1.0 and 1.1.
  if (tls.protocol === 'TLSv1' || tls.protocol === 'TLSv1.1') {
    out.push(finding('mail.smtp.tls-old', 'warn', { ...base, protocol: tls.protocol }, certEvidence));
  }
  if (cert?.expired) {
    out.push(finding('mail.smtp.cert-expired', 'fail', { ...base, validTo: cert.validTo }, certEvidence));
  } else if (cert && cert.daysLeft < EXPIRY_WARN_DAYS) {
    out.push(
      finding(
        'mail.smtp.cert-expiring',
        'warn',
        { ...base, validTo: cert.validTo, days: cert.daysLeft },
        certEvidence,
      ),
    );
  }
  if (!tls.chainVerified && !cert?.expired) {
    out.push(
      finding(
        'mail.smtp.cert-untrusted',
        'warn',
        { ...base, reason: tls.verifyError ?? 'unknown', issuer: cert?.issuer ?? '-' },
        certEvidence,
      ),
    );
  }
  if (!tls.nameMatches) {
    out.push(
      finding(
        'mail.smtp.cert-name-mismatch',
        'warn',
        { ...base, names: cert?.subjectAltNames.length ? cert.subjectAltNames : [cert?.subjectCN ?? '-'] },
        certEvidence,
      ),
    );
  }
  return out;
}

/** The findings of one SMTP session; `ptr` is the address's reverse DNS (for the banner name). */
export function sessionFindings(s: SmtpSession, ptr: AddressCheck | undefined, timeoutMs: number): Finding[] {
  const base = { host: s.exchange, ip: s.ip, port: s.port };
  const p = s.probe;
  const failure = FAILURE_ID[p.outcome];
  if (failure !== undefined) {
    const banner = p.banner ? `${p.banner.code} ${p.banner.lines.join(' ')}` : '';
    return [
      finding(
        failure,
        'fail',
        { ...base, error: p.error ?? p.outcome, banner, seconds: timeoutMs / 1000 },
        { transcript: p.transcript },
      ),
    ];
  }
  const out: Finding[] = [];
  const banner = p.banner ? `${p.banner.code} ${p.banner.lines[0] ?? ''}` : '';
  out.push(finding('mail.smtp.ok', 'ok', { ...base, banner }, { transcript: p.transcript }));
  const announced = p.banner?.hostname?.toLowerCase().replace(/\.$/, '');
  if (announced !== undefined && ptr && ptr.ptr.length > 0 && !ptr.ptr.includes(announced)) {
    out.push(
      finding(
        'mail.smtp.banner-ptr-mismatch',
        'warn',
        { ...base, announced, ptr: ptr.ptr },
        { banner: p.banner?.lines[0], ptr: ptr.ptr },
      ),
    );
  }
  if (!p.ehlo?.starttls) {
    out.push(
      finding(
        'mail.smtp.no-starttls',
        'fail',
        { ...base, capabilities: p.ehlo?.capabilities.length ? p.ehlo.capabilities : ['-'] },
        { transcript: p.transcript },
      ),
    );
    return out;
  }
  out.push(...tlsFindings(s, base));
  return out;
}

/** SMTP findings, once the reverse DNS of the addresses is known (for the banner name check). */
export function smtpFindings(
  data: SmtpData,
  addresses: readonly AddressCheck[],
  timeoutMs: number,
): Finding[] {
  const byIp = new Map(addresses.map((a) => [a.ip, a]));
  return data.sessions.flatMap((s) => sessionFindings(s, byIp.get(s.ip), timeoutMs));
}
