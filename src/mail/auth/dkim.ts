/**
 * The DKIM part of the mail audit: the key records (RFC 6376 §3.6.1, RFC 8463 for ed25519) of the
 * selectors given, or of the common ones. Reading and judging one selector's record is
 * `mail/dkim/record.ts`, shared with `mail dkim check`.
 */
import { finding } from '../../core/findings.js';
import type { MailCheckContext, MailPart } from '../context.js';
import { type DkimSelectorResult, dkimSelectorFindings, lookupDkimSelector } from '../dkim/record.js';

/**
 * Selectors tried when the user names none: those of the common hosted services and signing
 * tools (Google Workspace, Microsoft 365, Mailchimp/Mandrill k1, Amazon SES-style s1/s2, cPanel,
 * opendkim/rspamd defaults) and dates some admins use.
 */
export const COMMON_DKIM_SELECTORS: readonly string[] = [
  'default',
  'google',
  'selector1',
  'selector2',
  'k1',
  'k2',
  's1',
  's2',
  'dkim',
  'mail',
  'smtp',
  'mx',
  'key1',
  'sig1',
  'everlytickey1',
  'mandrill',
];

export {
  DKIM_RSA_FAIL_BITS,
  DKIM_RSA_WARN_BITS,
  type DkimKeyRecord,
  type DkimSelectorResult,
  parseDkimKey,
} from '../dkim/record.js';

export interface DkimReport {
  domain: string;
  /** Whether the selectors came from the user (true) or from COMMON_DKIM_SELECTORS (false). */
  selectorsGiven: boolean;
  selectors: DkimSelectorResult[];
}

/**
 * Looks up the DKIM key of each selector (ctx.selectors, or COMMON_DKIM_SELECTORS) in parallel.
 *
 * @example
 *   const { findings, data } = await auditDkim({ resolver, domain: 'example.org', ips: [], selectors: ['s1'] });
 *   data.selectors[0].key?.bits; // 2048
 */
export async function auditDkim(ctx: MailCheckContext): Promise<MailPart<DkimReport>> {
  const given =
    ctx.selectors.length > 0 &&
    !(
      ctx.selectors.length === COMMON_DKIM_SELECTORS.length &&
      ctx.selectors.every((s, i) => s === COMMON_DKIM_SELECTORS[i])
    );
  const selectors = [...new Set((given ? ctx.selectors : COMMON_DKIM_SELECTORS).map((s) => s.toLowerCase()))];
  const results = await Promise.all(selectors.map((s) => lookupDkimSelector(ctx.resolver, ctx.domain, s)));
  const anyFound = results.some((r) => r.status === 'found');
  // The same judgement as `mail dkim check` (dkim/record.ts): the two never disagree.
  const findings = results.flatMap((r) => dkimSelectorFindings(r, { domain: ctx.domain, given, anyFound }));
  if (!anyFound) {
    const params = { domain: ctx.domain, selectors, count: selectors.length };
    findings.push(
      finding('mail.dkim.none', given ? 'fail' : 'warn', params, { tried: results.map((r) => r.name) }),
    );
  }
  return { findings, data: { domain: ctx.domain, selectorsGiven: given, selectors: results } };
}
