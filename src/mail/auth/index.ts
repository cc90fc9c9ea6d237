/**
 * Mail authentication, the SPF, DKIM and DMARC parts of the mail audit: each takes the audit's
 * `MailCheckContext` and returns `{ findings, data }`. The audit (`mail/audit.ts`) runs them in
 * parallel with its MX, PTR, MTA-STS and SMTP parts.
 *
 * @example
 *   const ctx = { resolver, domain: 'example.org', ips: ['192.0.2.10'], selectors: [] };
 *   const [spf, dkim, dmarc] = await Promise.all([auditSpf(ctx), auditDkim(ctx), auditDmarc(ctx)]);
 */
export { organizationalDomain } from './alignment.js';
export {
  auditDkim,
  COMMON_DKIM_SELECTORS,
  DKIM_RSA_FAIL_BITS,
  DKIM_RSA_WARN_BITS,
  type DkimKeyRecord,
  type DkimReport,
  type DkimSelectorResult,
  parseDkimKey,
} from './dkim.js';
export {
  auditDmarc,
  type DmarcPolicy,
  type DmarcPolicyAction,
  type DmarcReport,
  isDmarcRecord,
  parseDmarc,
  type ReportDestination,
} from './dmarc.js';
export { mailAuthMessages } from './messages.js';
export { auditSpf, type SpfReport, suggestedSpf } from './spf.js';
export { evaluateSpf, type SpfEvaluateInput, type SpfEvaluation, type SpfResult } from './spf-evaluate.js';
export {
  isSpfRecord,
  type ParsedSpf,
  parseSpf,
  type SpfMechanism,
  type SpfModifier,
  type SpfTerm,
} from './spf-record.js';
export { SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT, type SpfNode, type SpfTree, spfTree } from './spf-tree.js';
