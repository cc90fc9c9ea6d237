import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationText, localDuration } from './duration.js';

test('durations in each language: 5 分 23 秒, 1m15s, fractions under a minute, signs', () => {
  assert.equal(durationText(323, 'ja'), '5 分 23 秒');
  assert.equal(durationText(75, 'en'), '1m15s');
  assert.equal(durationText(-300, 'en'), '-5m');
  assert.equal(durationText(-252, 'ja'), '-4 分 12 秒');
  assert.equal(durationText(90061, 'ja'), '1 日 1 時間 1 分 1 秒');
  assert.equal(durationText(3600, 'ja'), '1 時間');
  assert.equal(durationText(0, 'ja'), '0 秒');
  assert.equal(durationText(2.5, 'ja'), '2.5 秒');
  assert.equal(durationText(0.0004, 'en'), '0s');
  assert.deepEqual(localDuration(61), { en: '1m1s', ja: '1 分 1 秒' });
});
