/**
 * What every mail check receives: the run's one resolver and what the user asked about.
 * The audit (`mail/audit.ts`) builds one context and hands it to each part (MX, SPF, DKIM,
 * DMARC, MTA-STS, SMTP), which return findings plus the data they saw.
 */
import type { Finding } from '../core/findings.js';
import type { Resolver } from '../dns/resolver.js';

export interface MailCheckContext {
  resolver: Resolver;
  /** The domain audited, lower-case, without a trailing dot. */
  domain: string;
  /** Sending IPs to evaluate (from --ip, or the MX hosts' addresses). */
  ips: readonly string[];
  /** DKIM selectors to try (from --selector, or the documented common list). */
  selectors: readonly string[];
}

/** One part of the audit's result: findings plus the data (records, trees) behind them. */
export interface MailPart<T> {
  findings: Finding[];
  data: T;
}
