/**
 * Defects found in `mail explain` and `mail headers`, each kept as a test named after what broke
 * (issue 12): bare CR line ends, SMTPUTF8 addresses, quadratic address matching.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainBounce, traceHeaders } from '../../src/mail/trace/index.js';

const OLD_MAC_BOUNCE = [
  'From: MAILER-DAEMON@mx.example.jp',
  'To: taro@example.org',
  'Subject: Undelivered Mail Returned to Sender',
  'Message-ID: <20240101000000.ABC123@mx.example.jp>',
  'Date: Mon, 1 Jan 2024 00:00:00 +0900',
  '',
  'I could not deliver your message to the following address.',
  '',
  '<hanako@example.net>: host mx.example.net[192.0.2.7] said: 550 5.1.1 User unknown',
  '',
  '--- Original message follows',
  'Message-ID: <original.456@example.org>',
  'From: taro@example.org',
  '',
].join('\r');

test('bare CR line ends (old Mac mail): headers read, only the failed recipient reported', async () => {
  const r = await explainBounce(Buffer.from(OLD_MAC_BOUNCE));
  assert.equal(r.message, true);
  assert.equal(r.subject, 'Undelivered Mail Returned to Sender');
  assert.equal(r.sender, 'taro@example.org');
  assert.deepEqual(
    r.recipients.map((x) => [x.recipient, x.reason, x.status]),
    [['hanako@example.net', 'user-unknown', '5.1.1']],
  );
});

test('bare CR line ends: mail headers reads every field, not one endless line', () => {
  const t = traceHeaders(
    [
      'Received: from mx.example.org (mx.example.org [192.0.2.1]) by mx.example.jp; Mon, 1 Jan 2024 00:00:05 +0900',
      'Message-ID: <m1@example.org>',
      'Date: Mon, 1 Jan 2024 00:00:00 +0900',
      'Subject: hello',
      '',
      'body',
    ].join('\r'),
  );
  assert.equal(t.hops.length, 1);
  assert.equal(t.hops[0]?.ip, '192.0.2.1');
  assert.equal(t.messageId, '<m1@example.org>');
  assert.equal(t.subject, 'hello');
});

test('SMTPUTF8 (RFC 6531): recipients with non-ASCII addresses are read from the bounce text', async () => {
  const r = await explainBounce(
    Buffer.from(
      [
        'From: MAILER-DAEMON@mx.example.jp',
        'To: taro@example.org',
        'Subject: failure notice',
        'Content-Type: text/plain; charset=utf-8',
        '',
        "Sorry, I wasn't able to deliver your message to the following addresses.",
        '',
        '<δοκιμή@παράδειγμα.ελ>:',
        '550 5.1.1 Mailbox unknown',
        '',
        '<山田太郎@例え.jp>:',
        '550 5.1.1 Mailbox unknown',
        '',
        'ユーザー@example.jpは存在しません。550 5.1.1',
        '',
      ].join('\n'),
    ),
  );
  assert.deepEqual(
    r.recipients.map((x) => [x.recipient, x.reason]),
    [
      ['δοκιμή@παράδειγμα.ελ', 'user-unknown'],
      ['山田太郎@例え.jp', 'user-unknown'],
      ['ユーザー@example.jp', 'user-unknown'],
    ],
  );
});

test('SMTPUTF8: a pasted reply naming a UTF-8 address names it as the recipient', async () => {
  const r = await explainBounce(
    Buffer.from('550 5.1.1 <josé@münchen.example>: Recipient address rejected: User unknown'),
  );
  assert.equal(r.recipients[0]?.recipient, 'josé@münchen.example');
  assert.equal(r.recipients[0]?.reason, 'user-unknown');
});

test('a 200 KB line of address characters is explained in well under a second (was quadratic)', async () => {
  const t = performance.now();
  await explainBounce(Buffer.from(`550 5.1.1 ${'a'.repeat(200_000)}`));
  assert.ok(performance.now() - t < 1000, `took ${(performance.now() - t).toFixed(0)} ms`);
});
