/** The state machine by table: retries before DOWN, one announcement per change, quiet, reminders, flapping. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CheckMemory, freshMemory, observe } from './state.js';
import type { CheckState } from './types.js';

function feed(
  states: CheckState[],
  o: { retries?: number; renotifyMs?: number; quiet?: boolean; step?: number } = {},
) {
  let m: CheckMemory = freshMemory(0);
  const out: string[] = [];
  states.forEach((state, i) => {
    const r = observe(m, {
      state,
      now: (i + 1) * (o.step ?? 1000),
      retries: o.retries ?? 2,
      renotifyMs: o.renotifyMs ?? 0,
      quiet: o.quiet ?? false,
      flapChanges: 4,
      flapWindow: 10,
    });
    m = r.memory;
    out.push(`${m.status}${r.announce ? `:${r.announce}` : ''}`);
  });
  return out;
}

test('DOWN after exactly the configured retries, PENDING in between, one announcement each way', () => {
  assert.deepEqual(feed(['ok', 'critical', 'critical', 'critical', 'critical', 'ok', 'ok']), [
    'UP',
    'PENDING',
    'PENDING',
    'DOWN:down',
    'DOWN',
    'UP:up',
    'UP',
  ]);
  assert.deepEqual(feed(['critical'], { retries: 0 }), ['DOWN:down']);
});

test('a failure that recovers before DOWN announces nothing', () => {
  assert.deepEqual(feed(['critical', 'critical', 'ok']), ['PENDING', 'PENDING', 'UP']);
});

test('quiet (maintenance, a dependency down) keeps the state, announces nothing', () => {
  assert.deepEqual(feed(['critical', 'critical', 'critical'], { quiet: true }), [
    'PENDING',
    'PENDING',
    'DOWN',
  ]);
});

test('reminders at the re-notification interval', () => {
  assert.deepEqual(
    feed(['critical', 'critical', 'critical', 'critical', 'critical'], { retries: 0, renotifyMs: 2000 }),
    ['DOWN:down', 'DOWN', 'DOWN:reminder', 'DOWN', 'DOWN:reminder'],
  );
});

test('flapping is announced once and holds the announcements', () => {
  const states: CheckState[] = [
    'ok',
    'critical',
    'ok',
    'critical',
    'ok',
    'critical',
    'ok',
    'critical',
    'ok',
    'critical',
    'ok',
  ];
  const out = feed(states, { retries: 0 });
  assert.equal(out.filter((s) => s.endsWith(':flapping')).length, 1, out.join(' '));
  const after = out.slice(out.findIndex((s) => s.endsWith(':flapping')) + 1);
  assert.ok(
    after.every((s) => !s.includes(':')),
    out.join(' '),
  );
});
