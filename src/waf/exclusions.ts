/**
 * Exclusion snippets for a false-positive cluster (one rule on one parameter of one path), in the
 * two forms the Core Rule Set documents (CRS "false positives and tuning"):
 * - a runtime exclusion for that path only, loaded before the CRS (REQUEST-900-EXCLUSION-RULES-
 *   BEFORE-CRS.conf): `SecRule REQUEST_FILENAME "@beginsWith /path" "id:N,phase:1,pass,nolog,
 *   ctl:ruleRemoveTargetById=942100;ARGS:q"`;
 * - a configure-time exclusion for every path, loaded after the CRS (RESPONSE-999-EXCLUSION-
 *   RULES-AFTER-CRS.conf): `SecRuleUpdateTargetById 942100 "!ARGS:q"`.
 * A name or path with characters that would break out of the directive (quotes, commas,
 * semicolons, spaces, controls) gets no snippet: the admin writes that one by hand.
 */

export interface ExclusionInput {
  ruleId: string;
  path: string;
  /** `ARGS:q`; '' when the log did not say which variable matched. */
  target: string;
}

export interface Exclusion {
  /** Before the CRS, this path only. */
  runtime: string;
  /** After the CRS, everywhere (undefined without a target: removing a whole rule is a bigger step). */
  configure?: string;
}

/** Characters a parameter name may have to be written into a ctl action unquoted. */
const SAFE_TARGET = /^[A-Z_]{2,40}(?::[A-Za-z0-9_.\-[\]$@/]{1,100})?$/;
const SAFE_PATH = /^\/[A-Za-z0-9_.\-/~%+@:!*()=&]{0,300}$/;

/** The snippets, or undefined when the path or target cannot be written safely. */
export function exclusionFor(c: ExclusionInput, ruleNumber: number): Exclusion | undefined {
  if (!/^\d{1,10}$/.test(c.ruleId) || !SAFE_PATH.test(c.path)) return undefined;
  if (c.target !== '' && !SAFE_TARGET.test(c.target)) return undefined;
  const ctl =
    c.target === '' ? `ctl:ruleRemoveById=${c.ruleId}` : `ctl:ruleRemoveTargetById=${c.ruleId};${c.target}`;
  const runtime = `SecRule REQUEST_FILENAME "@beginsWith ${c.path}" "id:${ruleNumber},phase:1,pass,nolog,${ctl}"`;
  return c.target === ''
    ? { runtime }
    : { runtime, configure: `SecRuleUpdateTargetById ${c.ruleId} "!${c.target}"` };
}
