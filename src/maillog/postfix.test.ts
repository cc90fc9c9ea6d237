/** The hand-written readers of the hot path, against the patterns they replace. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queueIdOf } from './postfix.js';
import { topOf } from './summary.js';

const QID = /^([0-9A-F]{5,25}|[0-9A-Za-z]{12,25}|NOQUEUE): /;

test('queueIdOf reads what the queue id pattern reads, and nothing else', () => {
  const cases = [
    '3F2A1C0B9D: to=<a@b>',
    '4LbQWT0Qk4z2ZHp: from=<>',
    'NOQUEUE: reject: RCPT',
    'ABCDE: removed',
    'ABCD: removed', // too short
    'abcdef123456: x', // long id, lower case: 12 characters
    'abcdef12345: x', // 11: neither form
    'ABCDEFG12345: x', // not hex, 12: long form
    'ABCDEFG1234: x', // not hex, 11
    `${'A'.repeat(25)}: x`,
    `${'A'.repeat(26)}: x`,
    '3F2A1C0B9D:x',
    '3F2A1C0B9D',
    'NOQUEUEX: x',
    'connect from a[1.2.3.4]',
    '',
    'warning: 3F2A1C0B9D: x',
  ];
  for (const c of cases) assert.equal(queueIdOf(c), QID.exec(c)?.[1], c);
});

test('topOf gives the first n as a full sort does, ties included', () => {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const items = Array.from({ length: 5000 }, (_, i) => [`k${i}`, Math.floor(rnd() * 40)] as const);
  const order = (a: readonly [string, number], b: readonly [string, number]) =>
    b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  for (const n of [0, 1, 7, 50, 5000, 6000])
    assert.deepEqual(topOf(items, n, order), [...items].sort(order).slice(0, n), `n=${n}`);
});
