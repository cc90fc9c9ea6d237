/**
 * The findings contract shared by every capability (see PRODUCT.md).
 *
 * A library function returns `Finding`s: a stable id, a severity, the parameters its sentences
 * need and the evidence that shows it. The sentences themselves (title, detail, fix) live in the
 * message catalog keyed by the id and are rendered late, in the user's language, by `localize`.
 *
 * @example
 *   const f = finding('dns.ptr.missing', 'fail', { ip: '192.0.2.1' }, { query: '1.2.0.192.in-addr.arpa' });
 */

export type Severity = 'ok' | 'info' | 'warn' | 'fail';

export const SEVERITIES: readonly Severity[] = ['ok', 'info', 'warn', 'fail'];

/**
 * Values a message template may interpolate. Arrays are joined with ", " (、 in Japanese); a
 * `{ en, ja }` pair is a value already worded in each language (requirement names, reasons).
 */
export type ParamValue =
  | string
  | number
  | boolean
  | readonly (string | number)[]
  | { readonly en: string; readonly ja: string };
export type Params = Readonly<Record<string, ParamValue>>;

export interface Finding {
  /** Stable dotted id, e.g. `dns.ptr.missing`; documented in the README. */
  readonly id: string;
  readonly severity: Severity;
  /** Values for the catalog's `{name}` placeholders. */
  readonly params?: Params;
  /** The data that shows it: records seen, addresses, counts. Same in every language. */
  readonly evidence?: unknown;
}

/** A finding with its sentences rendered in one language: what `--json` and the text renderer print. */
export interface LocalizedFinding {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly detail?: string;
  readonly fix?: string;
  readonly evidence?: unknown;
}

export function finding(id: string, severity: Severity, params?: Params, evidence?: unknown): Finding {
  const f: { id: string; severity: Severity; params?: Params; evidence?: unknown } = { id, severity };
  if (params !== undefined) f.params = params;
  if (evidence !== undefined) f.evidence = evidence;
  return f;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** The worst severity in a list, or `ok` for an empty list. */
export function worstSeverity(findings: readonly Pick<Finding, 'severity'>[]): Severity {
  let worst: Severity = 'ok';
  for (const f of findings) if (severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}

/** Exit status per the contract: 0 when nothing is worse than `info`, 1 for `warn`/`fail`. */
export function exitStatusFor(findings: readonly Pick<Finding, 'severity'>[]): 0 | 1 {
  return severityRank(worstSeverity(findings)) >= severityRank('warn') ? 1 : 0;
}

/** Orders findings worst first, keeping the capability's own order within a severity. */
export function sortBySeverity<T extends Pick<Finding, 'severity'>>(findings: readonly T[]): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i)
    .map(({ f }) => f);
}
