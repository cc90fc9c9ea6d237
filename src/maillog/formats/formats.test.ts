/**
 * Sendmail and Exim logs, from lines these MTAs write (the shapes in Sendmail's op guide and in
 * the Exim specification's "Log files" chapter and its test suite's logs): received, delivered,
 * deferred, bounced and rejected counted as the Postfix lines are, reasons classified.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { summarizeMailLog } from '../index.js';
import { MAIL_LOG_FORMATS } from './index.js';

async function run(lines: string[]) {
  const stdin = new PassThrough();
  stdin.end(`${lines.join('\n')}\n`);
  return summarizeMailLog(['-'], { stdin, now: Date.UTC(2026, 11, 7), keepUnparsed: 10 });
}

const SENDMAIL = [
  'Apr  2 00:15:25 mta001 sendmail[32300]: u31FFPtp032300: Milter: no active filter',
  'Apr  2 00:15:25 mta001 sendmail[32300]: u31FFPtp032300: from=<grandeur09@gmail.com>, size=5938, class=0, nrcpts=3, msgid=<201604011515.u31FFIAj012911@gmail.com>, proto=ESMTP, daemon=MTA, relay=[64.233.187.27]',
  'Apr  2 00:15:25 mta001 sendmail[32302]: u31FFPtp032300: SMTP outgoing connect on [192.168.198.81]',
  'Apr  2 00:15:25 mta001 sendmail[32302]: u31FFPtp032300: to=<sent1@example.com>,<sent2@example.com>, delay=00:00:00, xdelay=00:00:00, mailer=esmtp, pri=245938, relay=[93.184.216.34] [93.184.216.34], dsn=2.0.0, stat=Sent (ok:  Message 40279894 accepted)',
  'Apr  2 00:15:25 mta001 sendmail[12566]: u31FFPtp032300: to=<deferred1@example.com>, delay=00:00:15, xdelay=00:00:15, mailer=esmtp, pri=34527, relay=[93.184.216.34] [93.184.216.34], dsn=4.3.5, stat=Deferred: 451 4.3.5 Server configuration problem',
  'Apr  2 00:18:50 mta001 sendmail[32302]: u31FFPtp032300: to=<deferred1@example.com>, delay=00:03:25, xdelay=00:00:00, mailer=esmtp, pri=245938, relay=[93.184.216.34] [93.184.216.34], dsn=2.0.0, stat=Sent (ok:  Message 40279895 accepted)',
  'Sep 14 11:59:31 ubuntu-server sm-mta[7423]: l8E3xVpO007423: from=<nobody@ubuntu-server>, size=344, class=0, nrcpts=1, msgid=<200709140359.l8E3xVpO007423@ubuntu-server>, proto=ESMTP, daemon=MTA-v4, relay=localhost [127.0.0.1]',
  'Sep 14 11:59:34 ubuntu-server sm-mta[7425]: l8E3xVpO007423: to=<myemail@whatever.com>, ctladdr=<nobody@ubuntu-server> (65534/65534), delay=00:00:03, xdelay=00:00:03, mailer=esmtp, pri=120344, relay=whatever.com. [74.200.79.210], dsn=5.1.1, stat=User unknown',
  'Sep 14 11:59:35 ubuntu-server sm-mta[7425]: l8E3xVpO007423: l8E3xZpO007425: DSN: User unknown',
  'Oct 31 21:05:17 q381-1158 sendmail[15715]: 29VC5Hbm015715: ruleset=check_rcpt, arg1=<websiteman@naver.com>, relay=[61.83.89.93], reject=550 5.7.1 <websiteman@naver.com>... Relaying denied. IP name lookup failed [61.83.89.93]',
  'Oct 31 21:05:18 q381-1158 sendmail[15715]: 29VC5Hbm015715: from=<jame@example.org>, size=0, class=0, nrcpts=0, proto=ESMTP, daemon=MTA, relay=[61.83.89.93]',
  'Oct 31 21:05:19 q381-1158 sendmail[15716]: 29VC5Hbm015716: this is no line sendmail writes',
];

test('Sendmail: received, delivered (two recipients on one line), deferred, bounced, rejected', async () => {
  const r = await run(SENDMAIL);
  const t = r.summary.totals;
  assert.deepEqual(
    [t.received, t.delivered, t.deferred, t.deferrals, t.bounced, t.rejected],
    [2, 3, 1, 1, 1, 1],
  );
  assert.equal(t.bytesReceived, 5938 + 344);
  assert.equal(t.bytesDelivered, 3 * 5938);
  assert.deepEqual(r.summary.instances, [{ key: 'sendmail', count: SENDMAIL.length }]);
  assert.equal(r.summary.lines.mta, SENDMAIL.length);
  assert.equal(r.summary.lines.unparsed, 1);
  const bounced = r.summary.groups.find((g) => g.kind === 'bounced');
  assert.equal(bounced?.reason, 'user-unknown');
  assert.equal(bounced?.domain, 'whatever.com');
  assert.equal(bounced?.relay, 'whatever.com[74.200.79.210]');
  const deferred = r.summary.groups.find((g) => g.kind === 'deferred');
  assert.equal(deferred?.dsn, '4.3.5');
  assert.match(r.summary.rejects[0]?.key ?? '', /^reject\tsendmail\tRCPT\t550 5\.7\.1\tRelaying denied/);
  // Every recipient of both messages has a final status: none is left "in the queue".
  assert.equal(r.summary.inQueue, 0);
  assert.deepEqual(
    r.summary.domains.map((d) => [d.domain, d.delivered, d.deferrals, d.bounced]),
    [
      ['example.com', 3, 1, 0],
      ['whatever.com', 0, 0, 1],
    ],
  );
  assert.equal(r.summary.domains[0]?.maxDelay, 205);
});

// Exim's own mainlog: no syslog header, the stamp in local time.
const EXIM = [
  '2002-10-31 08:57:53 16ZCW1-0005MB-00 <= kryten@dwarf.fict.example H=mailer.fict.example [192.168.123.123] U=exim P=smtp S=5678 id=incoming-1@dwarf.fict.example',
  '2002-10-31 08:59:13 16ZCW1-0005MB-00 => marv <marv@hitch.fict.example> R=localuser T=local_delivery',
  '2002-10-31 09:00:10 16ZCW1-0005MB-00 => monk@holistic.fict.example R=dnslookup T=remote_smtp H=holistic.fict.example [192.168.234.234] C="250 2.0.0 Ok: queued as ACC5184541"',
  '2002-10-31 09:00:10 16ZCW1-0005MB-00 -> monk2@holistic.fict.example R=dnslookup T=remote_smtp H=holistic.fict.example [192.168.234.234]',
  '2002-10-31 09:00:10 16ZCW1-0005MB-00 Completed',
  '2012-02-13 14:39:22 1RookS-000Pg8-VO <= tpxmuwr@somehost.ru H=mail.somehost.com [84.154.134.45]:4012 P=esmtp S=1486 id=x@somehost.ru',
  '2012-02-13 14:39:22 1RookS-000Pg8-VO == udbbwscdnbegrmloghuf@london.com R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<udbbwscdnbegrmloghuf@london.com>: host mx0.gmx.com [74.208.5.90]: 450 4.3.2 Too many mails (mail bomb), try again in 1 hour(s) 25 minute(s) and see ( http://portal.gmx.net/serverrules ) {mx-us011}',
  '2012-02-13 15:02:27 1RookS-000Pg8-VO ** pmtzjnyta@brightconsult.ru R=dnslookup T=remote_smtp: SMTP error from remote mail server after RCPT TO:<pmtzjnyta@brightconsult.ru>: host tmg.navicons.ru [86.110.12.210]: 550 5.1.1 <pmtzjnyta@brightconsult.ru>: Recipient address rejected: User unknown in local recipient table',
  '2012-02-13 15:02:27 1RwtJa-000AFJ-3B <= <> R=1RookS-000Pg8-VO U=mailnull P=local S=2345',
  '2012-02-13 15:02:28 1RwtJa-000AFJ-3B => tpxmuwr@somehost.ru R=dnslookup T=remote_smtp H=mail.somehost.com [84.154.134.45] C="250 OK"',
  '2012-02-13 15:02:28 1RwtJa-000AFJ-3B Completed',
  '2012-02-13 15:03:00 H=bad.example [192.0.2.9] F=<spam@example.com> rejected RCPT <nobody@somehost.ru>: Unknown user',
  '2012-02-13 15:03:01 H=(helo.example) [192.0.2.10] F=<x@example.com> rejected RCPT <y@example.org>: relay not permitted',
  '2012-02-13 15:04:00 Start queue run: pid=12345',
];

test('Exim mainlog: arrivals, deliveries (=> and ->), deferral, bounce, its own bounce message, rejects', async () => {
  const r = await run(EXIM);
  const t = r.summary.totals;
  assert.deepEqual(
    [t.received, t.delivered, t.deferred, t.deferrals, t.bounced, t.rejected],
    [2, 4, 1, 1, 1, 2],
  );
  assert.equal(t.bytesReceived, 5678 + 1486);
  assert.equal(r.summary.lines.unparsed, 0);
  assert.equal(r.summary.lines.mta, EXIM.length);
  assert.equal(r.summary.inQueue, 1); // 1RookS… has no Completed line
  assert.deepEqual(
    r.summary.perDay.map((d) => d.day),
    ['2002-10-31', '2012-02-13'],
  );
  const deferred = r.summary.groups.find((g) => g.kind === 'deferred');
  assert.equal(deferred?.domain, 'london.com');
  assert.equal(deferred?.dsn, '4.3.2');
  assert.equal(deferred?.relay, 'mx0.gmx.com[74.208.5.90]');
  const bounced = r.summary.groups.find((g) => g.kind === 'bounced');
  assert.equal(bounced?.reason, 'user-unknown');
  assert.match(bounced?.reply ?? '', /^550 5\.1\.1/);
  assert.ok(r.summary.clients.some((c) => c.key === 'mail.somehost.com[84.154.134.45]'));
  assert.deepEqual(
    r.summary.rejects.map((x) => x.key.split('\t').slice(0, 3).join(' ')),
    ['reject exim RCPT', 'reject exim RCPT'],
  );
  // Senders whose mail hit "user unknown" (a bounce, a reject at RCPT) are remembered.
  assert.deepEqual(r.summary.userUnknown.map((u) => u.sender).sort(), [
    'spam@example.com',
    'tpxmuwr@somehost.ru',
  ]);
  assert.ok(r.summary.recipientsByCount.some((x) => x.key === 'marv@hitch.fict.example'));
});

test('Exim through syslog (the stamp repeated after the tag) reads the same', async () => {
  const viaSyslog = EXIM.slice(0, 5).map((l) => `Oct 31 ${l.slice(11, 19)} mx exim[4711]: ${l}`);
  const r = await run(viaSyslog);
  assert.deepEqual([r.summary.totals.received, r.summary.totals.delivered], [1, 3]);
  assert.equal(r.summary.inQueue, 0);
  assert.equal(r.summary.lines.unparsed, 0);
});

test('the registry: one entry per file, each owning its program tags only', () => {
  assert.deepEqual(
    MAIL_LOG_FORMATS.map((f) => f.id),
    ['sendmail', 'exim'],
  );
  for (const tag of ['sendmail', 'sm-mta', 'sm-msp-queue']) assert.ok(MAIL_LOG_FORMATS[0]?.owns(tag));
  for (const tag of ['exim', 'exim4']) assert.ok(MAIL_LOG_FORMATS[1]?.owns(tag));
  assert.ok(!MAIL_LOG_FORMATS.some((f) => f.owns('postfix/smtp')));
});
