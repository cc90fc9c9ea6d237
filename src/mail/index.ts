/**
 * The mail capability's public API: `auditMail` (one report for a domain) and its parts, each
 * callable on its own with a `MailCheckContext`; DKIM keys (`generateDkimKey`, `checkDkim`,
 * `rotationPlan`).
 */

export type { SmtpProbeResult } from '../net/smtp-probe.js';
export { auditMail, domainArgument, type MailAuditOptions, type MailAuditResult } from './audit.js';
export type { SpfNode } from './auth/index.js';
export type { MailCheckContext, MailPart } from './context.js';
export {
  checkDkim,
  DKIM_KEY_TYPES,
  DKIM_RSA_BITS,
  type DkimCheckOptions,
  type DkimCheckResult,
  type DkimKeygenOptions,
  type DkimKeygenResult,
  type DkimKeyType,
  generateDkimKey,
  parsePlanDate,
  ROTATION_DEFAULTS,
  type RotationOptions,
  type RotationPlan,
  type RotationStep,
  rotationPlan,
  type SignerConfig,
} from './dkim/index.js';
export { mailAuditMessages } from './messages/index.js';
export {
  auditMtaSts,
  type MtaStsData,
  type MtaStsOptions,
  mxPatternMatches,
  parsePolicy,
} from './mta-sts.js';
export { auditMx, ipLiteralIn, type MxData, type MxHost } from './mx.js';
export {
  PROVIDERS,
  type ProviderSummary,
  providerSummaries,
  REQUIREMENT_NAMES_JA,
  type RequirementFacts,
} from './provider-requirements.js';
export { type AddressCheck, auditAddresses, genericPtrReason } from './sending-ips.js';
export { probeMxHosts, SMTP_DEFAULTS, type SmtpData, type SmtpOptions, smtpFindings } from './smtp.js';
export {
  BOUNCE_REASONS,
  type BounceReason,
  reasonFromStatus,
  reasonFromText,
  textMayBe,
} from './trace/bounce-rules.js';
