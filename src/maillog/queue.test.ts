/** postqueue -j output: parsed, grouped by classified reason, planned; bad input named. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQueueJson, planQueue, queueFindings } from './queue.js';

const NOW = 1_800_000_000;
const line = (id: string, age: number, address: string, reason: string, queue = 'deferred') =>
  JSON.stringify({
    queue_name: queue,
    queue_id: id,
    arrival_time: NOW - age,
    message_size: 1234,
    forced_expire: false,
    sender: 'old-book@example.jp',
    recipients: [{ address, delay_reason: reason }],
  });

const QUEUE = [
  line(
    'A1',
    5 * 86400,
    'nobody@docomo.ne.jp',
    'host mfsmax.docomo.ne.jp[203.138.181.112] said: 550 Unknown user nobody@docomo.ne.jp (in reply to end of DATA command)',
  ),
  line(
    'A2',
    4 * 86400,
    'x@example.net',
    'host mx.example.net[192.0.2.1] said: 450 4.7.1 Access denied. IP name lookup failed [198.51.100.3]',
  ),
  line(
    'A3',
    3600,
    'y@docomo.ne.jp',
    'host mfsmax.docomo.ne.jp[203.138.181.112] said: 550 Unknown user y@docomo.ne.jp',
  ),
  line('H1', 10, 'z@example.org', '', 'hold'),
].join('\n');

test('groups by reason and domain; findings for what will never go and what is old', () => {
  const msgs = parseQueueJson(QUEUE, 'q.json');
  assert.equal(msgs.length, 4);
  const q = queueFindings(msgs, { now: NOW, oldAfter: 3 * 86400 });
  assert.deepEqual(
    q.findings.map((f) => f.id),
    ['mailqueue.undeliverable', 'mailqueue.deferred.old', 'mailqueue.held'],
  );
  assert.equal(q.findings[0]?.params?.count, 2);
  assert.deepEqual(q.report.byQueue, { deferred: 3, hold: 1 });
});

test('a plan selects by age and reason, and lists the commands', () => {
  const msgs = parseQueueJson(QUEUE, 'q.json');
  const plan = planQueue(msgs, { now: NOW, olderThan: 3 * 86400, reason: 'user-unknown' });
  assert.deepEqual(
    plan.steps.map((s) => s.queueId),
    ['A1'],
  );
  assert.match(plan.commands[0] ?? '', /postsuper -h -/);
  assert.match(plan.commands[2] ?? '', /postsuper -d - hold/);
  assert.deepEqual(planQueue(msgs, { now: NOW, olderThan: 30 * 86400 }).commands, []);
});

test('not postqueue -j output: an error naming the input and the line', () => {
  assert.throws(
    () => parseQueueJson('-Queue ID- --Size-- ----Arrival Time----\n', 'showq.txt'),
    (e: Error & { input?: string }) => {
      assert.equal(e.input, 'showq.txt');
      assert.match(e.message, /line 1/);
      return true;
    },
  );
  assert.throws(() => parseQueueJson('{"queue_id": 5}', 'x'), /no queue_id/);
});
