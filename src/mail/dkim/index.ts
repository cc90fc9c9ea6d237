/**
 * DKIM keys: generate (`generateDkimKey`), check what is published (`checkDkim`) and plan a
 * rotation (`rotationPlan`). The record reader and its findings (`record.ts`) are shared with
 * `mail audit`, so the two never disagree.
 */
export {
  checkDkim,
  type DkimCheckOptions,
  type DkimCheckResult,
  keyMatches,
  recordStrings,
} from './check.js';
export { DKIM_ERRORS } from './error-messages.js';
export {
  DKIM_KEY_TYPES,
  DKIM_RSA_BITS,
  type DkimKeygenOptions,
  type DkimKeygenResult,
  type DkimKeyType,
  type DkimRecord,
  dkimRecordFor,
  generateDkimKey,
  revokedRecordFor,
  type SignerConfig,
  signerConfig,
  splitTxt,
  zoneTxt,
} from './keygen.js';
export { dkimToolMessages } from './messages.js';
export { readSignerKey, type SignerKey } from './private-key.js';
export {
  DKIM_RSA_FAIL_BITS,
  DKIM_RSA_WARN_BITS,
  type DkimKeyRecord,
  type DkimSelectorResult,
  dkimSelector,
  dkimSelectorFindings,
  lookupDkimSelector,
  parseDkimRecord,
  TXT_STRING_MAX,
} from './record.js';
export {
  parsePlanDate,
  ROTATION_DEFAULTS,
  type RotationOptions,
  type RotationPlan,
  type RotationStep,
  type RotationStepKind,
  rotationPlan,
} from './rotate.js';
