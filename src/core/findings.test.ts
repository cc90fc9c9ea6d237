import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitStatusFor, finding, sortBySeverity, worstSeverity } from './findings.js';

test('exit status: 0 up to info, 1 for warn or fail', () => {
  const cases: [string[], number][] = [
    [[], 0],
    [['ok'], 0],
    [['ok', 'info'], 0],
    [['info', 'warn'], 1],
    [['fail'], 1],
  ];
  for (const [sevs, want] of cases) {
    const fs = sevs.map((s) => finding('x', s as 'ok'));
    assert.equal(exitStatusFor(fs), want, sevs.join(','));
  }
});

test('worstSeverity and sortBySeverity order fail > warn > info > ok, stable within a severity', () => {
  const fs = [
    finding('a', 'ok'),
    finding('b', 'fail'),
    finding('c', 'info'),
    finding('d', 'fail'),
    finding('e', 'warn'),
  ];
  assert.equal(worstSeverity(fs), 'fail');
  assert.deepEqual(
    sortBySeverity(fs).map((f) => f.id),
    ['b', 'd', 'e', 'c', 'a'],
  );
});

test('finding omits absent params and evidence, so JSON stays small', () => {
  assert.deepEqual(Object.keys(finding('x.y', 'ok')), ['id', 'severity']);
});
