import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonText, terminalSafe } from './escape.js';
import { table } from './table.js';

test('terminalSafe: every control a terminal obeys is shown escaped; text and Japanese are kept', () => {
  const cases: [string, string][] = [
    ['v=spf1 -all', 'v=spf1 -all'],
    ['\x1b[2J', '\\x1b[2J'],
    ['\x1b]0;title\x07', '\\x1b]0;title\\x07'],
    ['a\u009b31mb', 'a\\x9b31mb'],
    ['\x7f\x00', '\\x7f\\x00'],
    ['a\rb', 'a\\rb'],
    ['line\nnext\ttab', 'line\\nnext\\ttab'],
    ['invoice-\u202efdp.exe', 'invoice-\\u202efdp.exe'],
    ['\u2066isolate\u2069', '\\u2066isolate\\u2069'],
    ['宛先不明 ユーザー', '宛先不明 ユーザー'],
    ['C:\\path\\x1b', 'C:\\path\\x1b'],
  ];
  for (const [input, shown] of cases) assert.equal(terminalSafe(input), shown, JSON.stringify(input));
  assert.equal(terminalSafe('a\nb\tc\x1b', { keepLines: true }), 'a\nb\tc\\x1b');
});

test('table cells are escaped, one line each, and stay aligned', () => {
  const t = table([
    ['a\x1b[2J', 'x'],
    ['bb', 'y\nz'],
  ]);
  assert.equal(t, 'a\\x1b[2J  x\nbb        y\\nz');
});

test('jsonText: C1 and bidi controls become JSON escapes; the document parses back to the same text', () => {
  const value = { txt: 'a\x1b[2J\u009b31m\u202eb\u2028c', ja: '宛先不明' };
  const text = jsonText(value);
  assert.ok(!/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2028]/.test(text), text);
  assert.ok(text.includes('\\u001b[2J\\u009b31m\\u202eb\\u2028c'), text);
  assert.deepEqual(JSON.parse(text), value);
});
