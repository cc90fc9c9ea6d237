/** A capability's findings as a check: the worst severity is the state; the worst findings lead. */
import { type Finding, finding, sortBySeverity, worstSeverity } from '../../core/findings.js';
import { stateOfSeverity } from '../outcome.js';
import type { CheckOutcome } from '../types.js';

export function verdictOutcome(
  what: string,
  findings: readonly Finding[],
  data?: Record<string, unknown>,
): CheckOutcome {
  const worst = worstSeverity(findings);
  const shown = sortBySeverity(findings).filter((f) => f.severity === 'warn' || f.severity === 'fail');
  const all =
    shown.length > 0 ? shown : [finding('monitor.verdict.clean', 'ok', { what, count: findings.length })];
  const counts = { fail: 0, warn: 0 };
  for (const f of findings) if (f.severity === 'fail' || f.severity === 'warn') counts[f.severity]++;
  return {
    state: stateOfSeverity(worst),
    findings: all,
    perf: [
      { label: 'fail', value: counts.fail, uom: '', min: 0, crit: 1 },
      { label: 'warn', value: counts.warn, uom: '', min: 0, warn: 1 },
    ],
    ...(data ? { data } : {}),
  };
}
