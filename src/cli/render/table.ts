/** Aligned text tables that stay aligned with Japanese (full-width) text and ANSI colours. */

import { displayWidth, padEnd, padStart } from '../../core/width.js';
import { terminalSafe } from './escape.js';

export { displayWidth, padEnd, padStart };

export interface TableOptions {
  /** Column indexes to right-align (numbers). */
  right?: readonly number[];
  /** A header row, printed first. */
  header?: readonly string[];
  indent?: string;
}

/**
 * Renders rows as aligned columns separated by two spaces; the last column is never padded. Cells
 * are shown with control characters escaped (one line each): they often hold text from the network.
 */
export function table(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const all = (options.header ? [options.header, ...rows] : rows).map((row) =>
    row.map((cell) => terminalSafe(cell)),
  );
  const widths: number[] = [];
  for (const row of all) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  }
  const right = new Set(options.right ?? []);
  const indent = options.indent ?? '';
  return all
    .map(
      (row) =>
        indent +
        row
          .map((cell, i) => {
            if (right.has(i)) return padStart(cell, widths[i] ?? 0);
            return i === row.length - 1 ? cell : padEnd(cell, widths[i] ?? 0);
          })
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}
