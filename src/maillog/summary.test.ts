/** The summary's joins: a content filter's re-injection counted once, a reused short queue id, several instances. */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { BOUNCE_REASONS, reasonFromText, textMayBe } from '../mail/index.js';
import { classifyReply, isUserUnknownReply } from './classify.js';
import { summarizeMailLog } from './index.js';

async function run(lines: string[], options = {}) {
  const stdin = new PassThrough();
  stdin.end(`${lines.join('\n')}\n`);
  return summarizeMailLog(['-'], { stdin, now: Date.UTC(2026, 11, 7), ...options });
}

const FILTERED = [
  'Dec  6 10:00:00 mx postfix/smtpd[1]: AAAA11111: client=out.example[192.0.2.1]',
  'Dec  6 10:00:00 mx postfix/cleanup[2]: AAAA11111: message-id=<x1@example>',
  'Dec  6 10:00:00 mx postfix/qmgr[3]: AAAA11111: from=<a@example.org>, size=500, nrcpt=1 (queue active)',
  'Dec  6 10:00:01 mx postfix/amavis/smtpd[4]: BBBB22222: client=localhost[127.0.0.1]',
  'Dec  6 10:00:01 mx postfix/cleanup[2]: BBBB22222: message-id=<x1@example>',
  'Dec  6 10:00:01 mx postfix/qmgr[3]: BBBB22222: from=<a@example.org>, size=900, nrcpt=1 (queue active)',
  'Dec  6 10:00:01 mx postfix/smtp[5]: AAAA11111: to=<b@example.net>, relay=127.0.0.1[127.0.0.1]:10024, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as BBBB22222)',
  'Dec  6 10:00:01 mx postfix/qmgr[3]: AAAA11111: removed',
  'Dec  6 10:00:02 mx postfix-out/smtp[6]: BBBB22222: to=<b@example.net>, relay=mx.example.net[192.0.2.9]:25, delay=2, delays=0/0/1/1, dsn=2.0.0, status=sent (250 ok)',
  'Dec  6 10:00:02 mx postfix/qmgr[3]: BBBB22222: removed',
];

test('mail re-injected by a content filter is received once and delivered once', async () => {
  const r = await run(FILTERED);
  const t = r.summary.totals;
  assert.deepEqual([t.received, t.delivered, t.reinjected, t.bytesReceived], [1, 1, 1, 500]);
  assert.deepEqual(r.summary.instances.map((i) => i.key).sort(), ['postfix', 'postfix-out']);
  assert.ok(r.findings.some((f) => f.id === 'maillog.reinjected'));
  const life = await run(FILTERED, { queueId: 'AAAA11111' });
  assert.deepEqual(
    life.lives?.map((l) => l.queueId),
    ['AAAA11111', 'BBBB22222'],
  );
});

test('a short queue id reused after removed is a second message (deferred counted again)', async () => {
  const once = [
    'Dec  6 10:00:00 mx postfix/pickup[1]: CCCC33333: uid=0 from=<root>',
    'Dec  6 10:00:00 mx postfix/qmgr[3]: CCCC33333: from=<root@mx.example>, size=300, nrcpt=1 (queue active)',
    'Dec  6 10:00:01 mx postfix/smtp[5]: CCCC33333: to=<u@slow.example>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to slow.example[192.0.2.7]:25: Connection refused)',
    'Dec  6 11:00:01 mx postfix/smtp[5]: CCCC33333: to=<u@slow.example>, relay=mx.slow.example[192.0.2.7]:25, delay=3601, delays=3600/0/1/0, dsn=2.0.0, status=sent (250 ok)',
    'Dec  6 11:00:01 mx postfix/qmgr[3]: CCCC33333: removed',
  ];
  const r = await run([...once, ...once.map((l) => l.replace('Dec  6 1', 'Dec  6 2'))]);
  const t = r.summary.totals;
  assert.deepEqual([t.received, t.delivered, t.deferred, t.deferrals, t.bytesReceived], [2, 2, 2, 2, 600]);
  assert.equal(r.summary.groups[0]?.reason, 'host-unreachable');
  assert.equal(r.summary.groups[0]?.messages, 2);
});

test('journalctl -o json on stdin (Debian: postfix@-.service)', async () => {
  const j = (sec: number, ident: string, message: string) =>
    JSON.stringify({
      __REALTIME_TIMESTAMP: String((Date.UTC(2026, 11, 6, 1) + sec * 1000) * 1000),
      _SYSTEMD_UNIT: 'postfix@-.service',
      SYSLOG_IDENTIFIER: ident,
      _PID: '42',
      _HOSTNAME: 'mx',
      MESSAGE: message,
    });
  const r = await run(
    [
      j(0, 'postfix/smtpd', 'DDDD44444: client=a.example[192.0.2.1]'),
      j(1, 'postfix/qmgr', 'DDDD44444: from=<a@a.example>, size=10, nrcpt=1 (queue active)'),
      j(
        2,
        'postfix/smtp',
        'DDDD44444: to=<b@b.example>, relay=mx.b.example[192.0.2.2]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)',
      ),
      j(3, 'postfix/qmgr', 'DDDD44444: removed'),
    ],
    { utcOffsetMinutes: 540 },
  );
  assert.deepEqual([r.summary.totals.received, r.summary.totals.delivered], [1, 1]);
  assert.equal(
    r.summary.perHour[0]?.hour,
    '2026-12-06T10',
    'the journal stamps (UTC) shown at the local wall clock',
  );
});

test('the user-unknown test of rejects gives what the whole classification gives', () => {
  const replies = [
    '550 5.1.1 <a@example.jp>: Recipient address rejected: User unknown in local recipient table',
    '550 <a@example.jp>: Recipient address rejected: User unknown',
    '554 5.7.1 <spam1@example.org>: Relay access denied',
    '550 5.1.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
    '550 Unknown user',
    '550 No such user here',
    '550 5.1.1 The email account that you tried to reach does not exist',
    '552 5.2.2 Mailbox full',
    '550 User\n    unknown (wrapped)',
    'host mx.example[192.0.2.1] said: 550 5.1.1 unknown recipient (in reply to RCPT TO command)',
    '450 4.1.1 <a@example.jp>: Recipient address rejected: unverified address: mailbox unavailable',
    '550 5.7.1 <a@example.jp>: Recipient address rejected: Access denied',
    ' ',
    '',
  ];
  let unknown = 0;
  for (const r of replies) {
    const whole = classifyReply(r, undefined) === 'user-unknown';
    assert.equal(isUserUnknownReply(r), whole, r);
    if (whole) unknown++;
  }
  assert.ok(unknown >= 4 && unknown < replies.length, 'both answers are tried');
  // The rules' pre-test never says no where the rules say yes, whatever the reason.
  for (const r of replies)
    for (const reason of BOUNCE_REASONS)
      if (reasonFromText(r) === reason) assert.ok(textMayBe(reason, r), `${reason}: ${r}`);
});
