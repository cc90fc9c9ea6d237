/**
 * How many terminal columns text takes: East Asian wide and full-width characters count 2,
 * combining marks and zero-width characters 0, ANSI colour codes nothing (`string-width`, which
 * follows Unicode's EastAsianWidth.txt; ambiguous characters count 1, as terminals draw them).
 * Tables pad with these so that `例え.jp` and Japanese headers line up.
 *
 * Printable ASCII is one column a character, counted here; `string-width` is loaded on the first
 * other text (its set-up, an `Intl.Segmenter` and Unicode property patterns, costs 60-170 ms —
 * a third of a short command's start — and a `--json` run never needs it).
 *
 * @example
 *   displayWidth('例え.jp'); // 7
 *   padEnd('名前', 6);       // '名前  '
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let stringWidth: ((s: string) => number) | undefined;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  stringWidth ??= (require('string-width') as { default: (s: string) => number }).default;
  return stringWidth(s);
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}
