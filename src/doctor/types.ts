/** The site doctor's report: its sections (one per concern), hosts, certificates and findings. */
import type { Finding, Severity } from '../core/findings.js';
import type { Resolver } from '../dns/resolver.js';
import type { MtaStsOptions } from '../mail/mta-sts.js';
import type { SmtpOptions } from '../mail/smtp.js';
import type { DmarcHistory } from '../store/dmarc-history.js';
import type { MonitorHistory } from '../store/monitor-history.js';

/** The concerns of a report, in the order it shows them. */
export const CONCERNS = ['dns', 'mail', 'exposure', 'tls', 'dmarc', 'monitor'] as const;
export type Concern = (typeof CONCERNS)[number];

export const DOCTOR_DEFAULTS = {
  /** The ports scanned on each host: the 100 most common, as `scan --ports top100`. */
  ports: 'top100',
  /** Days of the DMARC history the report sums up. */
  dmarcDays: 30,
  /** Failing DMARC sources listed (the worst first). */
  dmarcSources: 10,
} as const;

export interface DoctorOptions {
  /** More addresses to examine (the domain's hosts are found through DNS). */
  ips?: readonly string[];
  /** Ports to scan on every host, as `scan` takes them; default `top100`. */
  ports?: string | readonly number[];
  /** The parent zone's servers for the delegation check (`IP[:PORT]`); default: found through DNS. */
  parent?: readonly string[];
  /** Port of the domain's name servers (default 53). */
  nsPort?: number;
  /** Deadline of each DNS question of the delegation check (ms). */
  dnsTimeoutMs?: number;
  /** DKIM selectors to try; default the mail audit's common ones. */
  selectors?: readonly string[];
  /** Probe the MX hosts over SMTP (default true); an object sets port, timeout, trust anchors. */
  smtp?: boolean | SmtpOptions;
  /** Where the MTA-STS policy is fetched (port, trust anchors). */
  mtaSts?: MtaStsOptions;
  /** Trust anchors (PEM) for the scan's certificate checks; default the system CAs. */
  ca?: string;
  /** Deadline of each banner probe of the scan (ms). */
  probeTimeoutMs?: number;
  /**
   * The store (SQLite file or `postgres://` URL) holding the DMARC history and the monitor's state.
   * A SQLite file that does not exist is not created: the report says the store is absent.
   */
  db?: string;
  /** Now, for the DMARC period (ms since the epoch); default `Date.now()`. */
  now?: number;
}

export interface DoctorDeps {
  /** The resolver every part asks (bound to the user's server, or the test's BIND). */
  resolver: Resolver;
  /** Called as each concern starts and ends (`failed`: it threw; the report says why). */
  onProgress?: (concern: Concern, phase: 'start' | 'done' | 'failed' | 'skipped') => void;
  /** Histories already open (the dashboard's); used instead of opening `db`. */
  dmarcHistory?: DmarcHistory;
  monitorHistory?: MonitorHistory;
}

export type SectionState = 'done' | 'skipped' | 'failed';

export interface DoctorSection {
  concern: Concern;
  state: SectionState;
  worst: Severity;
  counts: Record<Severity, number>;
  /** This concern's findings, worst first. */
  findings: Finding[];
}

export type HostRole = 'mx' | 'web' | 'given';

export interface DoctorHost {
  address: string;
  /** The names that led to it (MX target, the domain, www.domain). */
  names: string[];
  roles: HostRole[];
}

export interface DoctorCertificate {
  address: string;
  port: number;
  service: string;
  subject: string;
  subjectAltNames: string[];
  issuer: string;
  validTo: string;
  daysLeft: number;
  expired: boolean;
  selfSigned: boolean;
  chainVerified: boolean;
  /** Whether the certificate covers the host name scanned (absent when an address was scanned). */
  nameMatches?: boolean;
}

export interface DoctorFinding extends Finding {
  concern: Concern;
}

export interface DoctorReport {
  domain: string;
  startedAt: string;
  elapsedMs: number;
  worst: Severity;
  counts: Record<Severity, number>;
  /** Every finding of every concern, worst first (a concern's own order within a severity). */
  findings: DoctorFinding[];
  sections: DoctorSection[];
  hosts: DoctorHost[];
  certificates: DoctorCertificate[];
  /** Each part's own data, as its command's `--json` has it (absent when the part did not run). */
  data: {
    dns?: Record<string, unknown>;
    mail?: Record<string, unknown>;
    exposure?: Record<string, unknown>;
    dmarc?: Record<string, unknown>;
    monitor?: Record<string, unknown>;
  };
}
