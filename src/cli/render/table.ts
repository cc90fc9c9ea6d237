/** Aligned text tables that stay aligned with Japanese (full-width) text and ANSI colours. */
import { terminalSafe } from './escape.js';

const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a string occupies on a terminal: East Asian wide and full-width characters count 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, '')) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

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
