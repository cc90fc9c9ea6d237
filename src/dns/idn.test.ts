import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NetdoctorError } from '../core/errors.js';
import { asciiName, unicodeName, withUnicode } from './idn.js';

test('IDN: U-labels become A-labels by UTS #46 (full-width, ideographic full stop, ß kept)', () => {
  const table: [string, string][] = [
    ['例え.jp', 'xn--r8jz45g.jp'],
    ['例え.jp.', 'xn--r8jz45g.jp.'],
    ['ＥＸＡＭＰＬＥ．ｊｐ', 'example.jp'],
    ['例え。jp', 'xn--r8jz45g.jp'],
    ['_dmarc.例え.jp', '_dmarc.xn--r8jz45g.jp'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['faß.de', 'xn--fa-hia.de'],
    ['日本語.例え.テスト', 'xn--wgv71a119e.xn--r8jz45g.xn--zckzah'],
  ];
  for (const [u, a] of table) assert.equal(asciiName(u), a, u);
});

test('IDN: ASCII names pass unchanged, underscores and double hyphens included', () => {
  for (const n of ['example.org', '_dmarc.example.org', 'r3---sn-abc.example', 'xn--r8jz45g.jp'])
    assert.equal(asciiName(n), n);
});

test('IDN: an invalid name is a one-line error naming it', () => {
  for (const bad of ['例 え.jp', '例%.jp', 'a\u200d例.jp', '例え..jp', `${'例'.repeat(70)}.jp`]) {
    assert.throws(
      () => asciiName(bad),
      (e: unknown) =>
        e instanceof NetdoctorError &&
        e.code === 'ND_INPUT_FORMAT' &&
        e.input === bad &&
        /internationalised domain name/.test(e.message),
      bad,
    );
  }
});

test('IDN: A-labels are shown with their U-label alongside', () => {
  assert.equal(unicodeName('xn--r8jz45g.jp'), '例え.jp');
  assert.equal(withUnicode('www.xn--r8jz45g.jp'), 'www.xn--r8jz45g.jp (www.例え.jp)');
  assert.equal(withUnicode('example.org'), 'example.org');
  assert.equal(withUnicode('xn--zz.jp'), 'xn--zz.jp', 'an A-label that does not decode is shown as is');
});
