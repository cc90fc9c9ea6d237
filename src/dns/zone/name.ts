/**
 * Domain names in zone files: presentation text (RFC 1035 §5.1 escapes `\.` and `\DDD`) to an
 * absolute name, and back to the text BIND prints.
 *
 * A name is kept as its absolute presentation text with the trailing dot (`mail.example.org.`),
 * escaped the way BIND's `dns_name_totext` escapes it, so two spellings of one name (`a\098c`,
 * `abc`) become the same string. Case is kept; `nameKey` gives the case-insensitive key.
 */

import { ZONE_SYNTAX as S, ZoneLineProblem } from './syntax-messages.js';

export class NameError extends ZoneLineProblem {}

/** Characters BIND escapes with a backslash in a label (dns_name_totext). */
const SPECIAL = new Set([0x22, 0x28, 0x29, 0x2e, 0x3b, 0x5c, 0x40, 0x24]); // " ( ) . ; \ @ $

function labelText(bytes: number[]): string {
  let s = '';
  for (const b of bytes) {
    if (SPECIAL.has(b)) s += `\\${String.fromCharCode(b)}`;
    else if (b > 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${String(b).padStart(3, '0')}`;
  }
  return s;
}

/**
 * The labels of a presentation name as byte arrays (text is a latin1 string: one char per byte),
 * and whether it was absolute. Throws `NameError` for an empty label, a label over 63 bytes or a
 * bad `\DDD` escape.
 */
export function nameLabels(text: string): { labels: number[][]; absolute: boolean } {
  if (text === '.') return { labels: [], absolute: true };
  const labels: number[][] = [];
  let cur: number[] = [];
  let absolute = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      const d = text.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d)) {
        const v = Number(d);
        if (v > 255) throw new NameError(S.escapeOver255, { digits: d });
        cur.push(v);
        i += 3;
      } else if (i + 1 < text.length) {
        if (/^[0-9]/.test(d)) throw new NameError(S.escapeDigits, { digits: d });
        cur.push(text.charCodeAt(i + 1));
        i += 1;
      } else {
        throw new NameError(S.nameLoneBackslash);
      }
    } else if (c === 0x2e) {
      if (cur.length === 0) throw new NameError(S.emptyLabel, { name: text.slice(0, 80) });
      labels.push(cur);
      cur = [];
      if (i === text.length - 1) absolute = true;
    } else {
      cur.push(c);
    }
    if (cur.length > 63) throw new NameError(S.labelTooLong, { name: text.slice(0, 80) });
  }
  if (cur.length) labels.push(cur);
  return { labels, absolute };
}

/** Wire length of a name given as labels (RFC 1035 §2.3.4: at most 255). */
function wireLength(labels: number[][]): number {
  let n = 1;
  for (const l of labels) n += l.length + 1;
  return n;
}

/**
 * Parses a name in a zone file: `@` is the origin, a name without a trailing dot is relative to
 * `origin` (itself absolute, e.g. `example.org.`).
 *
 * @example
 *   absoluteName('mail', 'example.org.') // 'mail.example.org.'
 *   absoluteName('2.0.192.in-addr.arpa.', 'x.') // unchanged
 */
export function absoluteName(text: string, origin: string): string {
  if (text === '@') return origin;
  const { labels, absolute } = nameLabels(text);
  let out: number[][] = labels;
  if (!absolute) {
    if (origin !== '.') out = [...labels, ...nameLabels(origin).labels];
  }
  if (wireLength(out) > 255) throw new NameError(S.nameTooLong, { name: text.slice(0, 80) });
  return out.length === 0 ? '.' : `${out.map(labelText).join('.')}.`;
}

/**
 * Whether `text` is a plain name (letters, digits, `-`, `_`, `*`, non-empty labels of at most 63
 * bytes, an optional final dot): the common case, which needs no escaping and no label arrays.
 * One pass over the characters, no regular expression and no split.
 */
function plainName(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 253) return false;
  let label = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (label === 0) return false;
      label = 0;
      continue;
    }
    // a-z A-Z 0-9 - _ *
    if (
      !(
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2d ||
        c === 0x5f ||
        c === 0x2a
      )
    )
      return false;
    if (++label > 63) return false;
  }
  return true;
}

/** `absoluteName` with a fast path for names that need no escaping (most of a zone). */
export function parseName(text: string, origin: string): string {
  if (text === '@') return origin;
  if (plainName(text)) {
    if (text.charCodeAt(text.length - 1) === 0x2e) return text;
    if (origin === '.') return `${text}.`;
    // Joined, not concatenated: one flat string rather than a rope of three, which every later
    // use (lower-casing, hashing, comparing) would first have to flatten.
    if (text.length + 1 + origin.length <= 254) return [text, origin].join('.');
  }
  return absoluteName(text, origin);
}

/** The case-insensitive key of a name (DNS compares ASCII letters without case, RFC 4343). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/**
 * True when `name` is `zone` or below it (both absolute). Compares from the end, ASCII letters
 * without case, without building lower-case copies (it runs for every record of a zone).
 */
export function isSubdomain(name: string, zone: string): boolean {
  if (zone === '.') return true;
  const nl = name.length;
  const zl = zone.length;
  if (nl < zl) return false;
  for (let i = 1; i <= zl; i++) {
    let a = name.charCodeAt(nl - i);
    let b = zone.charCodeAt(zl - i);
    if (a !== b) {
      if (a >= 0x41 && a <= 0x5a) a += 32;
      if (b >= 0x41 && b <= 0x5a) b += 32;
      if (a !== b) return false;
    }
  }
  if (nl === zl) return true;
  if (name.charCodeAt(nl - zl - 1) !== 0x2e) return false;
  // `a\.example.org.` is not below `example.org.`: the dot before the suffix must be unescaped.
  let bs = 0;
  for (let i = nl - zl - 2; i >= 0 && name.charCodeAt(i) === 0x5c; i--) bs++;
  return bs % 2 === 0;
}

/** The name relative to `origin` as a zone file would write it (`@` for the origin itself). */
export function relativeName(name: string, origin: string): string {
  if (nameKey(name) === nameKey(origin)) return '@';
  if (origin !== '.' && isSubdomain(name, origin)) return name.slice(0, name.length - origin.length - 1);
  return name;
}

/** Number of labels of an absolute name (`.` has none). */
export function labelCount(name: string): number {
  return name === '.' ? 0 : nameLabels(name).labels.length;
}
