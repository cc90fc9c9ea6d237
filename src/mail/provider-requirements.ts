/**
 * The provider summary: the audit's results mapped onto the sender requirements Gmail and Yahoo
 * publish (Feb 2024: "Email sender guidelines", "Sender Best Practices") — valid forward and
 * reverse DNS for the sending IPs, SPF or DKIM, DMARC, DMARC alignment, and TLS. Each line is
 * pass, fail or not checked (null). TLS is judged on the MX hosts' STARTTLS: for a self-hosted
 * server the MX host is also the sending host.
 */
import { type Finding, finding } from '../core/findings.js';

export type Requirement = 'ptr' | 'fcrdns' | 'spf-or-dkim' | 'dmarc' | 'alignment' | 'tls';

/** How each requirement is named in the summary (the same technical words in every language). */
export const REQUIREMENT_NAMES: Record<Requirement, string> = {
  ptr: 'PTR',
  fcrdns: 'FCrDNS',
  'spf-or-dkim': 'SPF or DKIM',
  dmarc: 'DMARC',
  alignment: 'DMARC alignment',
  tls: 'TLS',
};

/** The same names for Japanese readers (アライメント: the one term the README's glossary names). */
export const REQUIREMENT_NAMES_JA: Record<Requirement, string> = {
  ptr: 'PTR',
  fcrdns: 'FCrDNS',
  'spf-or-dkim': 'SPF か DKIM',
  dmarc: 'DMARC',
  alignment: 'DMARC アライメント',
  tls: 'TLS',
};

function nameList(rs: readonly Requirement[]): { en: string; ja: string } {
  if (rs.length === 0) return { en: '-', ja: '-' };
  return {
    en: rs.map((r) => REQUIREMENT_NAMES[r]).join(', '),
    ja: rs.map((r) => REQUIREMENT_NAMES_JA[r]).join('、'),
  };
}

export const PROVIDERS: Readonly<Record<string, readonly Requirement[]>> = {
  Gmail: ['ptr', 'fcrdns', 'spf-or-dkim', 'dmarc', 'alignment', 'tls'],
  Yahoo: ['ptr', 'fcrdns', 'spf-or-dkim', 'dmarc', 'alignment'],
};

/** What the audit established, per requirement: true, false, or null when it could not be checked. */
export type RequirementFacts = Record<Requirement, boolean | null>;

export interface ProviderLine {
  requirement: Requirement;
  name: string;
  /** null: not checked (no sending IP known, SMTP skipped …). */
  pass: boolean | null;
}

export interface ProviderSummary {
  provider: string;
  lines: ProviderLine[];
  meets: boolean;
}

export function providerSummaries(
  domain: string,
  facts: RequirementFacts,
): {
  summaries: ProviderSummary[];
  findings: Finding[];
} {
  const summaries: ProviderSummary[] = [];
  const findings: Finding[] = [];
  for (const [provider, wanted] of Object.entries(PROVIDERS)) {
    const lines = wanted.map((r) => ({ requirement: r, name: REQUIREMENT_NAMES[r], pass: facts[r] }));
    const missing = nameList(lines.filter((l) => l.pass === false).map((l) => l.requirement));
    const checked = nameList(lines.filter((l) => l.pass === true).map((l) => l.requirement));
    summaries.push({ provider, lines, meets: missing.en === '-' });
    findings.push(
      missing.en === '-'
        ? finding('mail.provider.meets', 'ok', { domain, provider, lines: checked }, { lines })
        : finding('mail.provider.misses', 'fail', { domain, provider, missing }, { lines }),
    );
  }
  return { summaries, findings };
}
