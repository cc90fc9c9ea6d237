/**
 * How many terminal columns text takes: East Asian wide and full-width characters count 2,
 * combining marks and zero-width characters 0, ANSI colour codes nothing (`string-width`, which
 * follows Unicode's EastAsianWidth.txt; ambiguous characters count 1, as terminals draw them).
 * Tables pad with these so that `例え.jp` and Japanese headers line up.
 *
 * @example
 *   displayWidth('例え.jp'); // 7
 *   padEnd('名前', 6);       // '名前  '
 */
import stringWidth from 'string-width';

export function displayWidth(s: string): number {
  return stringWidth(s);
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}
