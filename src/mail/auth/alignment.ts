/**
 * DMARC identifier alignment (RFC 7489 §3.1), computed by netdoctor itself: mailauth 4.13.3's
 * `getAlignment` falls back to an organizational-domain match even when `adkim=s`/`aspf=s` asks
 * for an exact one (see test/mail-auth/alignment.test.ts, which pins that case).
 */
import { getDomain } from 'tldts';

/** The organizational domain by the Public Suffix List (ICANN and private sections), or the name itself. */
export function organizationalDomain(domain: string): string {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return getDomain(d, { allowPrivateDomains: true }) ?? d;
}

/** §3.1.1/§3.1.2: strict = the same name; relaxed = the same organizational domain. */
export function aligned(fromDomain: string, authDomain: string, mode: 'r' | 's'): boolean {
  const a = fromDomain.toLowerCase().replace(/\.$/, '');
  const b = authDomain.toLowerCase().replace(/\.$/, '');
  if (mode === 's') return a === b;
  return organizationalDomain(a) === organizationalDomain(b);
}

export interface AlignmentInput {
  /** The RFC5322.From domain. */
  fromDomain: string;
  /** The domain SPF checked (MAIL FROM, or HELO for a null sender). */
  spfDomain?: string;
  spfPass: boolean;
  /** The d= of each DKIM signature and whether it verified. */
  dkimDomains: { domain: string; pass: boolean }[];
  adkim: 'r' | 's';
  aspf: 'r' | 's';
}

/**
 * Whether a message passes DMARC: SPF passes for an aligned domain, or some DKIM signature passes
 * for an aligned d= (RFC 7489 §4.2).
 *
 * @example
 *   dmarcAlignment({ fromDomain: 'a.b.example.com', spfPass: false,
 *     dkimDomains: [{ domain: 'example.com', pass: true }], adkim: 's', aspf: 'r' });
 *   // { spfAligned: false, dkimAligned: false, pass: false } — strict needs d=a.b.example.com
 */
export function dmarcAlignment(input: AlignmentInput): {
  spfAligned: boolean;
  dkimAligned: boolean;
  pass: boolean;
} {
  const spfAligned =
    input.spfPass && input.spfDomain !== undefined && aligned(input.fromDomain, input.spfDomain, input.aspf);
  const dkimAligned = input.dkimDomains.some(
    (d) => d.pass && aligned(input.fromDomain, d.domain, input.adkim),
  );
  return { spfAligned, dkimAligned, pass: spfAligned || dkimAligned };
}
