/**
 * The text report of the log commands (mail log, log firewall, log syslog, log waf): sections of
 * top-N tables with headers in the run's language, a section left out when it has no rows, and
 * sections joined by a blank line. One helper, so the four reports read alike.
 */
import { terminalSafe } from './escape.js';
import { table } from './table.js';

/** A column: its header in English and in Japanese, and whether it is right-aligned (a number). */
export type Column = readonly [en: string, ja: string, align?: 'right'];

/** A table of `items` (one row each) under `columns`, or '' when there are none. */
export function topTable<T>(
  items: readonly T[],
  columns: readonly Column[],
  row: (item: T) => string[],
  ja: boolean,
): string {
  if (items.length === 0) return '';
  const right = columns.flatMap((c, i) => (c[2] === 'right' ? [i] : []));
  return table(items.map(row), {
    header: columns.map((c) => (ja ? c[1] : c[0])),
    ...(right.length ? { right } : {}),
  });
}

/** A titled list of raw lines from the input (unparsed lines, examples), shown escaped; '' when none. */
export function linesSection(title: string, lines: readonly string[]): string {
  if (lines.length === 0) return '';
  return `${title}\n${lines.map((l) => `  ${terminalSafe(l)}`).join('\n')}`;
}

/** The sections of a report, empty ones left out, joined by a blank line. */
export function sections(parts: readonly string[]): string {
  return parts.filter((x) => x !== '').join('\n\n');
}
