/**
 * The mail log and queue against a real Postfix (Debian `postfix`): the test sends mail through it
 * to an SMTP server it controls (accepting some recipients, answering 450 and 550 with chosen
 * texts for others) and to a closed port, with `maillog_file` set. The summary's counts and
 * reasons must be what was sent, exactly; Debian's pflogsumm must agree on the same log; the
 * deferred queue is read with `postqueue -j`; a plan applied removes exactly the selected mail.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { applyPlan, planQueue, queueFindings, readQueue, summarizeMailLog } from '../../src/maillog/index.js';
import { runCliCaptured } from '../harness/cli.js';
import { skipIfMissing } from '../harness/missing.js';
import { freePort } from '../harness/ports.js';
import { type PostfixServer, postfixSkipReason, startPostfix } from '../harness/postfix.js';
import { pflogsummPath, runPflogsumm } from './pflogsumm.js';
import { type Sink, sendMail, startSink } from './smtp-sink.js';

const skip = skipIfMissing(
  postfixSkipReason() ?? (pflogsummPath() ? undefined : 'pflogsumm is not installed (Debian pflogsumm)'),
);

const SENDER = 'alice@ok.test';
/** What the test sends: each message's recipients (by the sink's rules, see smtp-sink.ts). */
const MESSAGES: { id: string; to: string[] }[] = [
  { id: 'm1', to: ['ok1@ok.test', 'ok2@ok.test'] }, // 2 delivered
  { id: 'm2', to: ['soft1@ok.test'] }, // deferred: IP name lookup failed (rdns-missing)
  { id: 'm3', to: ['gone1@ok.test'] }, // bounced: user unknown (+ a bounce notice delivered to alice)
  { id: 'm4', to: ['x@closed.test'] }, // deferred: connection refused
  { id: 'm5', to: ['a@blocked.test'] }, // rejected at RCPT by Postfix itself
  { id: 'm6', to: ['ok3@ok.test', 'gone2@ok.test'] }, // 1 delivered, 1 bounced (+ notice)
  { id: 'm7', to: ['gone3@ok.test'] }, // bounced (+ notice): alice's third unknown user
  { id: 'm8', to: ['later1@ok.test'] }, // deferred: 450 4.1.1 user unknown (temporary)
];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('mail log and queue with a real Postfix', { skip }, () => {
  let sink: Sink;
  let pf: PostfixServer;
  let maillog = '';
  before(async () => {
    sink = await startSink();
    const closed = await freePort();
    pf = await startPostfix({
      host: '127.0.0.1',
      hostname: 'relay.test',
      mainExtra: [
        'mynetworks = 127.0.0.0/8',
        'smtpd_relay_restrictions = permit_mynetworks, reject',
        'smtpd_recipient_restrictions = check_recipient_access inline:{ { blocked.test = REJECT no mail for blocked.test } }, permit_mynetworks, reject',
        `transport_maps = inline:{ { ok.test = smtp:[127.0.0.1]:${sink.port} }, { closed.test = smtp:[127.0.0.1]:${closed} } }`,
        'smtp_connect_timeout = 3s',
        // No retry during the test: the deferred mail stays deferred.
        'minimal_backoff_time = 3600s',
        'maximal_backoff_time = 7200s',
        'queue_run_delay = 3600s',
      ],
      masterExtra: ['smtp unix - - n - - smtp', 'showq unix n - n - - showq'],
    });
    maillog = pf.maillog;
    for (const m of MESSAGES)
      await sendMail(
        pf.host,
        pf.port,
        SENDER,
        m.to,
        `Message-ID: <${m.id}@client.test>\nSubject: ${m.id}\n\nhello ${m.id}`,
      );
    // Every outcome logged: 3 + 3 notices delivered, 3 bounced, 3 deferrals.
    await waitFor('all deliveries in the log', async () => {
      const r = await summarizeMailLog([maillog]);
      const t = r.summary.totals;
      return t.delivered >= 6 && t.bounced >= 3 && t.deferrals >= 3 ? true : undefined;
    });
  });
  after(async () => {
    await pf?.stop();
    await sink?.close();
  });

  it('counts exactly what was sent, and classifies every reason', async () => {
    const r = await summarizeMailLog([maillog]);
    const t = r.summary.totals;
    assert.equal(t.received, 7, 'm5 was rejected, the 7 others accepted');
    assert.equal(t.delivered, 6, '3 recipients + 3 bounce notices to alice');
    assert.equal(t.bounced, 3);
    assert.equal(t.deferred, 3);
    assert.equal(t.deferrals, 3);
    assert.equal(t.rejected, 1);
    assert.equal(t.reinjected, 0);
    assert.equal(r.summary.lines.unparsed, 0, r.summary.unparsedExamples.join('\n'));
    assert.equal(sink.accepted.length, 5, 'm1, m6 and the 3 notices reached the sink');
    const groups = r.summary.groups.map((g) => `${g.kind} ${g.reason} ${g.domain} ${g.count}`).sort();
    assert.deepEqual(groups, [
      'bounced user-unknown ok.test 3',
      'deferred host-unreachable closed.test 1',
      'deferred rdns-missing ok.test 1',
      'deferred user-unknown ok.test 1',
    ]);
    const ids = r.findings.map((f) => f.id).sort();
    assert.deepEqual(ids, [
      'maillog.bounced',
      'maillog.deferred',
      'maillog.deferred',
      'maillog.deferred',
      'maillog.user-unknown.sender',
    ]);
    const rdns = r.findings.find((f) => (f.evidence as { reason?: string })?.reason === 'rdns-missing');
    assert.match(JSON.stringify(rdns?.params), /netdoctor dns reverse 127\.0\.0\.1/);
    const unknownSender = r.summary.userUnknown.find((u) => u.sender === SENDER);
    assert.equal(unknownSender?.count, 3);
    const rej = r.summary.rejects[0];
    assert.match(rej?.key ?? '', /no mail for blocked\.test/);
  });

  it('agrees with pflogsumm on the grand totals, the per-day rows and the top domains', async () => {
    const ours = (await summarizeMailLog([maillog])).summary;
    const theirs = runPflogsumm([maillog]).report;
    const t = ours.totals;
    assert.deepEqual(
      {
        received: t.received,
        delivered: t.delivered,
        forwarded: t.forwarded,
        deferred: t.deferred,
        deferrals: t.deferrals,
        bounced: t.bounced,
        rejected: t.rejected,
      },
      theirs.totals,
    );
    const days = ours.perDay.map(({ day, received, delivered, deferred, bounced, rejected }) => ({
      day,
      received,
      delivered,
      deferred,
      bounced,
      rejected,
    }));
    if (theirs.perDay.length > 0) assert.deepEqual(days, theirs.perDay);
    else {
      // pflogsumm prints per-day rows only for a log of several days: one day is its grand totals.
      assert.equal(days.length, 1);
      const d = days[0];
      assert.deepEqual(
        [d?.received, d?.delivered, d?.deferred, d?.bounced, d?.rejected],
        [
          theirs.totals.received,
          theirs.totals.delivered,
          theirs.totals.deferrals,
          theirs.totals.bounced,
          theirs.totals.rejected,
        ],
      );
    }
    // pflogsumm lists the domains with a delivery or a deferral, most deliveries first (ties in no set order).
    const order = (a: { delivered: number; domain: string }, b: { delivered: number; domain: string }) =>
      b.delivered - a.delivered || (a.domain < b.domain ? -1 : 1);
    assert.deepEqual(
      ours.domains
        .filter((d) => d.delivered > 0 || d.deferrals > 0)
        .map((d) => ({ domain: d.domain, delivered: d.delivered, deferrals: d.deferrals }))
        .sort(order),
      [...theirs.domains].sort(order),
    );
  });

  it('the byte-level fast path (in a worker thread) gives the same JSON as the string path', async () => {
    const fast = await summarizeMailLog([maillog], { keepUnparsed: 100, worker: true });
    const slow = await summarizeMailLog([maillog], { keepUnparsed: 100, fastPath: false, worker: false });
    assert.ok(fast.summary.lines.postfix > 20, 'more lines than the string-only head');
    assert.equal(JSON.stringify(fast), JSON.stringify(slow));
  });

  it('gives the whole life of one message by its Message-ID', async () => {
    const r = await summarizeMailLog([maillog], { messageId: '<m6@client.test>' });
    assert.equal(r.lives?.length, 2, 'm6 and the bounce notice it caused');
    const text = r.lives?.flatMap((l) => l.lines.map((x) => x.message)).join('\n') ?? '';
    assert.match(text, /client=/);
    assert.match(text, /to=<ok3@ok\.test>.*status=sent/);
    assert.match(text, /to=<gone2@ok\.test>.*status=bounced/);
    assert.match(text, /sender non-delivery notification/);
    assert.match(text, /to=<alice@ok\.test>.*status=sent/);
  });

  it('reads the deferred queue with postqueue -j and removes exactly the planned messages', async () => {
    const queue = await readQueue({ configDir: pf.configDir });
    assert.equal(queue.length, 3);
    assert.ok(queue.every((m) => m.queue === 'deferred'));
    const now = Math.floor(Date.now() / 1000);
    const q = queueFindings(queue, { now, oldAfter: 0 });
    assert.deepEqual(q.findings.map((f) => f.id).sort(), [
      'mailqueue.deferred.old',
      'mailqueue.deferred.old',
      'mailqueue.undeliverable',
    ]);
    const plan = planQueue(queue, {
      now: now + 10,
      olderThan: 0,
      reason: 'user-unknown',
      configDir: pf.configDir,
    });
    assert.equal(plan.steps.length, 1);
    assert.deepEqual(plan.steps[0]?.recipients, ['later1@ok.test']);
    assert.match(plan.commands.join('\n'), /postsuper -c \S+ -h -/);
    // A plan whose message changed since (a reused queue id): released, never deleted.
    const other = queue.find((m) => m.recipients[0]?.address === 'soft1@ok.test');
    assert.ok(other);
    const stale = planQueue([{ ...other, arrivalTime: other.arrivalTime - 100 }], {
      now,
      configDir: pf.configDir,
    });
    const staleRun = await applyPlan(stale);
    assert.deepEqual(staleRun.removed, []);
    assert.deepEqual(staleRun.skipped, [{ queueId: other.queueId, why: 'reused' }]);
    const done = await applyPlan(plan);
    assert.deepEqual(done.removed, [plan.steps[0]?.queueId]);
    const left = await readQueue({ configDir: pf.configDir });
    assert.deepEqual(left.map((m) => m.recipients[0]?.address).sort(), ['soft1@ok.test', 'x@closed.test']);
    assert.ok(
      left.every((m) => m.queue === 'deferred'),
      'the released message is back in the deferred queue',
    );
    // Applied again: nothing left to remove.
    const again = await applyPlan(plan);
    assert.deepEqual(again, { removed: [], skipped: [{ queueId: plan.steps[0]?.queueId, why: 'gone' }] });
  });

  it('the CLI: mail log --json and --lang ja, mail queue plan', async () => {
    const j = await runCliCaptured(['mail', 'log', maillog, '--json']);
    assert.equal(j.status, 1, j.err);
    const doc = JSON.parse(j.out);
    assert.equal(doc.summary.totals.delivered, 6);
    const ja = await runCliCaptured(['mail', 'log', maillog, '--lang', 'ja']);
    assert.match(ja.out, /配送延期/);
    assert.match(ja.out, /宛先不明/);
    const plan = await runCliCaptured([
      'mail',
      'queue',
      'plan',
      '--config',
      pf.configDir,
      '--older-than',
      '0m',
      '--reason',
      'rdns-missing',
    ]);
    assert.equal(plan.status, 0, plan.err);
    assert.match(plan.out, /soft1@ok\.test/);
    assert.match(plan.out, /postsuper/);
    const bad = await runCliCaptured(['mail', 'queue', 'plan', '--reason', 'nonsense', '--from-json', '-'], {
      stdin: '',
    });
    assert.equal(bad.status, 2);
    assert.match(readFileSync(maillog, 'utf8'), /postfix\/qmgr/);
  });
});
