/**
 * ModSecurity audit logs (v2 serial and JSON, v3 native and JSON; a file, its rotations, the
 * concurrent-log tree, stdin): which rules fired, their Core Rule Set families, on which paths,
 * from which sources, with what status and anomaly score — and the false-positive triage:
 * rule × path × parameter clusters with an exclusion snippet each.
 *
 * @example
 *   const r = await summarizeWafLog(['/var/log/apache2/modsec_audit.log'], { since: Date.UTC(2026, 11, 6) });
 *   for (const c of r.clusters.filter((x) => x.suspect)) console.log(c.exclusion?.runtime);
 */

import { NetdoctorError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { Progress } from '../core/progress.js';
import { WAF_ERRORS } from './error-messages.js';
import { type FindingOptions, type TriagedCluster, triage, wafFindings } from './findings.js';
import { AUDIT_LAYOUTS, type AuditLayout } from './formats/serial.js';
import { type AuditInputReport, readAuditLogs } from './read.js';
import { WafSummary, type WafSummaryResult } from './summary.js';

export { type AuditEntry, type AuditFormat, parseRuleMessage, type RuleHit } from './entry.js';
export { WAF_ERRORS } from './error-messages.js';
export { type Exclusion, exclusionFor } from './exclusions.js';
export { KNOWN_FAMILIES, type RuleFamily, ruleFamily } from './families.js';
export type { FindingOptions, TriagedCluster } from './findings.js';
export { wafMessages } from './messages.js';
export {
  type AuditInputReport,
  DEFAULT_MAX_LINE_BYTES,
  type ReadAuditOptions,
  readAuditLogs,
} from './read.js';
export { anomalyScore, type Cluster, WafSummary, type WafSummaryResult } from './summary.js';

export interface WafLogOptions extends FindingOptions {
  stdin?: NodeJS.ReadableStream;
  since?: number;
  until?: number;
  /** Only this application's entries (the Host header). */
  host?: string;
  top?: number;
  /** Read only entries in this layout: `serial` (sections A–Z) or `json`; by default told per entry. */
  format?: string;
  maxLineBytes?: number;
  progress?: Progress;
}

export interface WafLogResult {
  findings: Finding[];
  summary: WafSummaryResult;
  clusters: TriagedCluster[];
  inputs: AuditInputReport[];
  skipped: string[];
}

export async function summarizeWafLog(
  paths: readonly string[],
  options: WafLogOptions = {},
): Promise<WafLogResult> {
  const summary = new WafSummary({
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.top !== undefined ? { top: options.top } : {}),
  });
  const firstUnparsed = new Map<string, string>();
  if (options.format !== undefined && !(AUDIT_LAYOUTS as readonly string[]).includes(options.format))
    throw new NetdoctorError('ND_USAGE', WAF_ERRORS.unknownFormat, { input: options.format });
  const read = await readAuditLogs(paths, {
    ...(options.format !== undefined ? { format: options.format as AuditLayout } : {}),
    onEntry: (e) => summary.add(e),
    onUnparsed: (kind, sample, input) => {
      summary.addUnparsed(`${kind}: ${sample}`);
      if (!firstUnparsed.has(input)) firstUnparsed.set(input, `${kind}: ${sample}`);
    },
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const result = summary.result();
  const clusters = triage(result, options);
  const findings = wafFindings(result, read.inputs, clusters, firstUnparsed, options);
  return { findings, summary: result, clusters, inputs: read.inputs, skipped: read.skipped };
}
