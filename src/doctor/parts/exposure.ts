/**
 * The domain's own hosts and what they expose: the MX hosts (from the mail audit), the addresses
 * of the domain and of www (the web), the addresses the caller named — scanned with `scan`, whose
 * safety rules apply (only these addresses; more than 256 would need the scan's confirmation) —
 * and the certificate of every TLS service the scan's probes met.
 */
import { type Finding, finding } from '../../core/findings.js';
import type { Resolver } from '../../dns/resolver.js';
import { EXPIRY_WARN_DAYS, scan } from '../../scan/index.js';
import {
  DOCTOR_DEFAULTS,
  type DoctorCertificate,
  type DoctorHost,
  type DoctorOptions,
  type HostRole,
} from '../types.js';

export interface WebName {
  name: string;
  addresses: string[];
  /** No question about the name was answered (the DNS server is unreachable). */
  unanswered?: boolean;
}

/** The addresses of the domain and of www.domain (A and AAAA, after CNAMEs); none when DNS fails. */
export async function findHosts(resolver: Resolver, domain: string): Promise<WebName[]> {
  const names = [domain, `www.${domain}`];
  return Promise.all(
    names.map(async (name) => {
      const addresses: string[] = [];
      let answered = false;
      for (const type of ['A', 'AAAA'] as const) {
        try {
          const a = await resolver.query(name, type);
          answered = true;
          for (const r of a.records) if (r.data.type === type) addresses.push(r.data.address);
        } catch {
          // The DNS part reports an unreachable server; here a name without addresses is no host.
        }
      }
      return { name, addresses: [...new Set(addresses)], ...(answered ? {} : { unanswered: true }) };
    }),
  );
}

export interface ExposureResult {
  scanned: boolean;
  hosts: DoctorHost[];
  certificates: DoctorCertificate[];
  findings: Finding[];
  tlsFindings: Finding[];
  data?: Record<string, unknown>;
  /** Nothing to examine because DNS did not answer. */
  skipped?: boolean;
}

/** Merges the hosts by address, keeping every name and role that led to each. */
function hostList(sources: {
  mx: readonly { exchange: string; addresses: string[] }[];
  web: readonly WebName[];
  ips: readonly string[];
}): DoctorHost[] {
  const byAddress = new Map<string, { names: Set<string>; roles: Set<HostRole> }>();
  const add = (address: string, role: HostRole, name?: string) => {
    const h = byAddress.get(address) ?? { names: new Set<string>(), roles: new Set<HostRole>() };
    if (name) h.names.add(name);
    h.roles.add(role);
    byAddress.set(address, h);
  };
  for (const m of sources.mx) for (const a of m.addresses) add(a, 'mx', m.exchange);
  for (const w of sources.web) for (const a of w.addresses) add(a, 'web', w.name);
  for (const ip of sources.ips) add(ip, 'given');
  return [...byAddress].map(([address, h]) => ({ address, names: [...h.names], roles: [...h.roles] }));
}

/**
 * What the scan is given: a host name where every address it has is its own (so the certificate
 * checks know the name to match), else the address.
 */
function scanTargets(hosts: readonly DoctorHost[]): string[] {
  const first = new Map<string, string[]>();
  for (const h of hosts) {
    const name = h.names[0];
    if (name === undefined) continue;
    first.set(name, [...(first.get(name) ?? []), h.address]);
  }
  const targets: string[] = [];
  const named = new Set<string>();
  for (const [name, addresses] of first) {
    const all = hosts.filter((h) => h.names.includes(name));
    if (all.length === addresses.length) {
      targets.push(name);
      for (const a of addresses) named.add(a);
    }
  }
  for (const h of hosts) if (!named.has(h.address)) targets.push(h.address);
  return targets;
}

export async function exposurePart(
  domain: string,
  sources: {
    mx: readonly { exchange: string; addresses: string[] }[];
    /** The mail audit failed: the MX hosts are not known. */
    mxUnknown: boolean;
    web: readonly WebName[];
    ips: readonly string[];
  },
  options: DoctorOptions,
  resolver: Resolver,
): Promise<ExposureResult> {
  const hosts = hostList(sources);
  // DNS did not answer at all: the DNS and mail sections say so; "publishes no host" would be wrong.
  if (hosts.length === 0 && sources.mxUnknown && sources.web.every((w) => w.unanswered))
    return { scanned: false, hosts, certificates: [], findings: [], tlsFindings: [], skipped: true };
  if (hosts.length === 0) {
    return {
      scanned: false,
      hosts,
      certificates: [],
      findings: [finding('doctor.hosts.none', 'warn', { domain })],
      tlsFindings: [],
    };
  }
  const r = await scan({
    targets: scanTargets(hosts),
    resolver,
    ports: options.ports ?? DOCTOR_DEFAULTS.ports,
    probe: true,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.probeTimeoutMs !== undefined ? { probeTimeoutMs: options.probeTimeoutMs } : {}),
  });
  const certificates: DoctorCertificate[] = [];
  const tlsFindings: Finding[] = r.findings.filter((f) => f.id.startsWith('scan.tls.'));
  for (const h of r.hosts) {
    for (const p of h.ports) {
      const tls = p.probe?.tls;
      if (tls?.outcome !== 'ok' || !tls.certificate) continue;
      const c = tls.certificate;
      const subject = c.subjectCN ?? c.subjectAltNames[0] ?? c.subject;
      const issuer = c.issuerCN ?? c.issuer;
      const cert: DoctorCertificate = {
        address: h.address,
        port: p.port,
        service: p.probe?.service ?? p.service,
        subject,
        subjectAltNames: c.subjectAltNames,
        issuer,
        validTo: c.validTo,
        daysLeft: c.daysLeft,
        expired: c.expired,
        selfSigned: c.selfSigned,
        chainVerified: tls.chainVerified,
        ...(h.name ? { nameMatches: tls.nameMatches } : {}),
      };
      certificates.push(cert);
      // The scan's own findings say what is wrong with it; this one says what is there and until when.
      const sound = !c.expired && c.daysLeft >= EXPIRY_WARN_DAYS && tls.chainVerified && !c.selfSigned;
      tlsFindings.push(
        finding(
          'doctor.tls.certificate',
          sound ? 'ok' : 'info',
          {
            address: h.address,
            port: p.port,
            service: cert.service,
            subject,
            validTo: c.validTo.slice(0, 10),
            days: c.daysLeft,
            issuer,
          },
          { subjectAltNames: c.subjectAltNames, fingerprint256: c.fingerprint256 },
        ),
      );
    }
  }
  const { findings, ...data } = r;
  return {
    scanned: true,
    hosts,
    certificates,
    findings: findings.filter((f) => !f.id.startsWith('scan.tls.')),
    tlsFindings,
    data: { ...data },
  };
}
