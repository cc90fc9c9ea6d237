/**
 * The monitoring-plugins output convention (Monitoring Plugins Development Guidelines §2.3–2.6):
 * one line `LABEL STATE - text|perfdata`, exit status 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 * Performance data: `'label'=value[UOM];[warn];[crit];[min];[max]`, space separated.
 */
import { type CheckState, type PerfValue, STATE_EXIT } from './types.js';

/** A label is quoted when it holds a space, `=` or a quote (a quote doubled inside). */
function label(l: string): string {
  return /[\s='|]/.test(l) ? `'${l.replace(/'/g, "''")}'` : l;
}

const num = (n: number | undefined) => (n === undefined ? '' : String(Number(n.toFixed(6))));

export function perfData(perf: readonly PerfValue[]): string {
  return perf
    .map((p) => {
      const tail = [num(p.warn), num(p.crit), num(p.min), num(p.max)].join(';').replace(/;+$/, '');
      return `${label(p.label)}=${num(p.value)}${p.uom}${tail ? `;${tail}` : ''}`;
    })
    .join(' ');
}

/** `TCP OK - 127.0.0.1:22 answers (0 ms)|time=0.000321s;;;0;10`; text has no `|` or newline. */
export function nagiosLine(
  kindLabel: string,
  state: CheckState,
  text: string,
  perf: readonly PerfValue[],
): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '/');
  const p = perfData(perf);
  return `${kindLabel} ${state.toUpperCase()} - ${clean}${p ? `|${p}` : ''}`;
}

export function nagiosExit(state: CheckState): 0 | 1 | 2 | 3 {
  return STATE_EXIT[state];
}
