/**
 * What a zone check is: one finding id with its words in every language (`meta`) and a `run`
 * that looks at one zone (`scope: 'zone'`) or at all the zones given together (`scope: 'set'`).
 * The message catalog is gathered from the checks (checks/index.ts), so a check and its
 * sentences stay in one file.
 */
import type { Finding, Params, ParamValue, Severity } from '../../../core/findings.js';
import { finding } from '../../../core/findings.js';
import type { CatalogEntry } from '../../../core/i18n.js';
import type { ZoneRecord } from '../model.js';
import { where, type ZoneView } from './view.js';

export interface ZoneCheckMeta {
  id: string;
  /** The usual severity; a run may report a case worse or milder (`report(…, severity)`). */
  severity: Severity;
  messages: CatalogEntry;
}

export interface LintContext {
  zones: ZoneView[];
  /** The day serials are judged against (YYYYMMDDnn in the future). */
  today: Date;
  /** Addresses the user declares as sending mail (PTR weighs more for them). */
  sendingIps: string[];
}

export type ZoneCheck =
  | { meta: ZoneCheckMeta; scope: 'zone'; run(view: ZoneView, ctx: LintContext): Finding[] }
  | { meta: ZoneCheckMeta; scope: 'set'; run(ctx: LintContext): Finding[] };

/** Evidence every lint finding carries: where, the record, and whether BIND would refuse the zone. */
export interface LintEvidence {
  file?: string;
  line?: number;
  zone?: string;
  record?: string;
  /** True when `named-checkzone` / `named` refuse to load the zone for this. */
  bindRefuses?: boolean;
  [key: string]: unknown;
}

/** Builds a finding of `meta.id` about record `r` (params get `where` = `file:line`). */
export function report(
  meta: ZoneCheckMeta,
  r: Pick<ZoneRecord, 'file' | 'line'> | undefined,
  params: Record<string, ParamValue>,
  evidence: LintEvidence = {},
  severity: Severity = meta.severity,
): Finding {
  const p: Params = r ? { where: where(r), ...params } : params;
  const ev: LintEvidence = r ? { file: r.file, line: r.line, ...evidence } : evidence;
  return finding(meta.id, severity, p, ev);
}

/** Presentation of a record for evidence: `owner ttl class type data`. */
export function recordText(r: ZoneRecord): string {
  return `${r.owner} ${r.ttl} ${r.class} ${r.type} ${r.rdata}`;
}
