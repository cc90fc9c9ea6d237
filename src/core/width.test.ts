/** Display width: tables line up with Japanese text, full-width forms, ANSI colours and combining marks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { table } from '../cli/render/table.js';
import { displayWidth, padEnd, padStart } from './width.js';

test('East Asian wide and full-width characters take two columns; marks and colours none', () => {
  assert.equal(displayWidth('例え.jp'), 7);
  assert.equal(displayWidth('ＡＢＣ'), 6); // full-width Latin
  assert.equal(displayWidth('ｱｲｳ'), 3); // half-width katakana
  assert.equal(displayWidth('\x1b[31mFAIL\x1b[39m'), 4);
  assert.equal(displayWidth('e\u0301'), 1); // e + combining acute
  assert.equal(displayWidth('🇯🇵'), 2);
  assert.equal(padEnd('名前', 6), '名前  ');
  assert.equal(padStart('12', 4), '  12');
});

test('a table with Japanese headers and cells lines up column by column', () => {
  const out = table(
    [
      ['例え.jp', '300', 'ＭＸ'],
      ['example.org', '86400', 'TXT'],
    ],
    { header: ['名前', 'TTL', 'タイプ'] },
  );
  const lines = out.split('\n');
  // every column starts at the same display column on every line
  const starts = (line: string) => {
    const cols: number[] = [];
    let w = 0;
    let prevSpace = true;
    for (const ch of line) {
      const space = ch === ' ';
      if (!space && prevSpace) cols.push(w);
      w += displayWidth(ch);
      prevSpace = space;
    }
    return cols;
  };
  assert.deepEqual(starts(lines[1] ?? ''), starts(lines[2] ?? ''));
  assert.deepEqual(starts(lines[0] ?? ''), starts(lines[2] ?? ''));
  assert.equal(lines[1], '例え.jp      300    ＭＸ');
});

test('printable ASCII, counted without loading string-width, as string-width counts it', () => {
  let all = '';
  for (let c = 0x20; c < 0x7f; c++) {
    const ch = String.fromCharCode(c);
    all += ch;
    assert.equal(displayWidth(ch), stringWidth(ch), `0x${c.toString(16)}`);
  }
  for (const s of ['', all, 'example.org 86400 TXT', ' x ', 'a\tb', 'a\x7fb', 'a\x1bb'])
    assert.equal(displayWidth(s), stringWidth(s), JSON.stringify(s));
});
