/**
 * Internationalised domain names: what the user types (`例え.jp`, `ＥＸＡＭＰＬＥ．ｊｐ`, `bücher.de`)
 * becomes the A-label form DNS carries (`xn--r8jz45g.jp`), by UTS #46 non-transitional processing
 * (IDNA 2008 as browsers and registries apply it) through tr46, the implementation jsdom and
 * whatwg-url use. And back: an A-label shown to the admin carries its U-label alongside.
 *
 * ASCII names pass unchanged: DNS is 8-bit clean and real names have underscores (`_dmarc`) and
 * hyphens in the third and fourth place (`r3---sn-…`), which IDNA's host-name rules refuse. Only
 * a name with a non-ASCII character is converted, and then it must be a valid IDN whose labels are
 * letters, digits, hyphens, underscores or a `*` (a deliberate check after tr46 with STD3 rules
 * off, so that `_dmarc.例え.jp` works while `例 え.jp` is refused).
 *
 * @example
 *   asciiName('例え.jp');            // 'xn--r8jz45g.jp'
 *   unicodeName('xn--r8jz45g.jp');   // '例え.jp'
 *   withUnicode('xn--r8jz45g.jp');   // 'xn--r8jz45g.jp (例え.jp)'
 */

import { NetdoctorError } from '../core/errors.js';
import { tr46 } from '../core/lazy-libraries.js';
import { DNS_ERRORS } from './error-messages.js';

const UTS46 = {
  checkHyphens: false,
  checkBidi: true,
  checkJoiners: true,
  useSTD3ASCIIRules: false,
  transitionalProcessing: false,
  verifyDNSLength: true,
} as const;

const ASCII = /^[\x00-\x7f]*$/;
const LABEL = /^[a-z0-9_*-]{1,63}$/i;

/** Whether the name needs IDNA processing (it holds a non-ASCII character). */
export function isInternationalised(name: string): boolean {
  return !ASCII.test(name);
}

/**
 * The name as DNS carries it: A-labels for any non-ASCII label; ASCII names unchanged. Throws a
 * one-line `NetdoctorError` (ND_INPUT_FORMAT) naming the input for a name that is not a valid IDN.
 */
export function asciiName(name: string, input: string = name): string {
  const trimmed = name.trim();
  if (!isInternationalised(trimmed)) return trimmed;
  // A full stop written as 。 (U+3002), ．or ｡ is a label separator too (UTS #46 maps them).
  const root = /[.\u3002\uff0e\uff61]$/.test(trimmed) ? '.' : '';
  const bare = root ? trimmed.slice(0, -1) : trimmed;
  const ascii = tr46().toASCII(bare, UTS46);
  if (ascii === null || !ascii.split('.').every((l) => LABEL.test(l))) {
    throw new NetdoctorError('ND_INPUT_FORMAT', DNS_ERRORS.badIdn, { input });
  }
  return `${ascii}${root}`;
}

/** The U-label form of a name with A-labels (`xn--…`), or the name itself when it has none or they do not decode. */
export function unicodeName(name: string): string {
  if (!/(^|\.)xn--/i.test(name)) return name;
  const r = tr46().toUnicode(name, UTS46);
  return r.error ? name : r.domain;
}

/** `xn--r8jz45g.jp (例え.jp)` for a name with A-labels; other names unchanged. */
export function withUnicode(name: string): string {
  const bare = name.replace(/\.$/, '');
  const u = unicodeName(bare);
  return u === bare ? name : `${name} (${u})`;
}
