/**
 * The organizational domain of a name (RFC 7489 §3.2) by the Public Suffix List, for telling a
 * report destination outside the domain (`rua=mailto:…@other.example`) from one inside it, and for
 * the record a subdomain without its own `_dmarc` falls back to. DMARC verdicts themselves
 * (identifier alignment, `adkim`/`aspf`) are mailauth's (`dmarc()`), which enforces strict
 * alignment since 5.0 (test/mail-auth/alignment.test.ts).
 */
import { tldts } from '../../core/lazy-libraries.js';

/** The organizational domain by the Public Suffix List (ICANN and private sections), or the name itself. */
export function organizationalDomain(domain: string): string {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return tldts().getDomain(d, { allowPrivateDomains: true }) ?? d;
}
