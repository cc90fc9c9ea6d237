/**
 * Bounce rules beyond the corpus, by kind (issue 12): the wordings of older MTAs without an
 * enhanced status code (qmail, Exim, Lotus Domino), quota and disabled-mailbox texts phrased
 * otherwise than in sisimai's set, and the boundary between auto-replies and bounces.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBounce } from './bounce.js';
import { reasonFromText } from './bounce-rules.js';

const WORDINGS: [string, string][] = [
  // qmail (qmail-send, qmail-remote), with and without the "(#x.y.z)" code
  ['Sorry, no mailbox here by that name.', 'user-unknown'],
  ['The users mailfolder is over the allowed quota (size). (#5.2.2)', 'mailbox-full'],
  ["Sorry, I couldn't find any host by that name.", 'host-unknown'],
  ['This message is looping: it already has my Delivered-To line. (#5.4.6)', 'host-unreachable'],
  ['Connected to 192.0.2.1 but sender was rejected.', 'sender-rejected'],
  ['Connected to 192.0.2.1 but connection died. (#4.4.2)', 'host-unreachable'],
  ["553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", 'relay-denied'],
  // Exim
  ['all relevant MX records point to non-existent hosts', 'host-unknown'],
  ['552 message size exceeds fixed maximum message size', 'message-too-big'],
  // Lotus Notes / Domino
  ['User kijitora not listed in Domino Directory', 'user-unknown'],
  ['Router: Unable to open mailbox file', 'system-error'],
  // quota, said otherwise
  ['Mailbox quota usage exceeded', 'mailbox-full'],
  ['Quota exceeded (mailbox for user is full)', 'mailbox-full'],
  ['User mailbox exceeds allowed size', 'mailbox-full'],
  ['552 Requested mail action aborted: exceeded storage allocation', 'mailbox-full'],
  ['メールボックスの容量が超過しています', 'mailbox-full'],
  // a mailbox that exists but takes no mail
  ['550 Account closed', 'mailbox-disabled'],
  ['550 Mailbox has been retired', 'mailbox-disabled'],
  ['550 This account has been terminated', 'mailbox-disabled'],
  ['550 5.2.1 Mailbox unavailable: account locked', 'mailbox-disabled'],
  ['551 User not local; please try <taro@example.jp>', 'user-unknown'],
  // appliances and the rest
  ['554 Message refused: too large', 'message-too-big'],
  ['552 5.6.0 Headers too large (3 max)', 'content-rejected'],
  ['421 Too many concurrent SMTP connections; please try again later.', 'rate-limited'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', 'blocked'],
  ['550 5.1.0 <bounce@example.jp> sender rejected. AUP#CDRBL', 'blocked'],
  ['451 Temporary local problem - please try later', 'system-error'],
  ['procmail: Quota exceeded while writing "/var/mail/taro"', 'mailbox-full'],
];

for (const [text, reason] of WORDINGS) {
  test(`${reason}: ${text.slice(0, 70)}`, () => {
    assert.equal(reasonFromText(text), reason);
  });
}

const message = (head: string[], body: string[]) => Buffer.from([...head, '', ...body, ''].join('\n'));

test('an out-of-office reply is an auto-reply, in any of its languages', async () => {
  for (const subject of [
    'Automatic reply: meeting',
    'Out of Office: Re: invoice',
    'Réponse automatique : facture',
    'Abwesenheitsnotiz: Rechnung',
    '自動応答: お問い合わせ',
  ]) {
    const facts = await readBounce(
      message(
        ['From: hanako@example.net', 'To: taro@example.jp', `Subject: ${subject}`],
        ['I am away until Monday.'],
      ),
      '(test)',
    );
    assert.deepEqual(
      facts.recipients.map((r) => r.reason),
      ['auto-reply'],
      subject,
    );
  }
});

test('a bounce marked Auto-Submitted: auto-replied (Postfix marks every bounce so) stays a bounce', async () => {
  const facts = await readBounce(
    message(
      [
        'From: MAILER-DAEMON@mx.example.jp',
        'To: taro@example.jp',
        'Subject: Notice',
        'Auto-Submitted: auto-replied',
      ],
      ['<hanako@example.net>: host mx.example.net[192.0.2.7] said: 550 5.1.1 User unknown'],
    ),
    '(test)',
  );
  assert.deepEqual(
    facts.recipients.map((r) => [r.recipient, r.reason]),
    [['hanako@example.net', 'user-unknown']],
  );
});

test('Auto-Submitted: auto-replied with no failure in subject or body is an auto-reply', async () => {
  const facts = await readBounce(
    message(
      [
        'From: hanako@example.net',
        'To: taro@example.jp',
        'Subject: Re: invoice',
        'Auto-Submitted: auto-replied',
      ],
      ['Thank you for your message. I will answer next week.'],
    ),
    '(test)',
  );
  assert.deepEqual(
    facts.recipients.map((r) => r.reason),
    ['auto-reply'],
  );
});

test('a bounce of an out-of-office reply is a bounce ("Undeliverable: Out of Office")', async () => {
  const facts = await readBounce(
    message(
      ['From: postmaster@example.net', 'To: taro@example.jp', 'Subject: Undeliverable: Out of Office'],
      ['Delivery has failed to these recipients:', '', 'hanako@example.net', '550 5.2.2 Mailbox full'],
    ),
    '(test)',
  );
  assert.deepEqual(
    facts.recipients.map((r) => [r.recipient, r.reason]),
    [['hanako@example.net', 'mailbox-full']],
  );
});

test('a queue that gave up after a DNS failure says so, not "expired"', async () => {
  const facts = await readBounce(
    message(
      [
        'From: MAILER-DAEMON@mx.example.jp',
        'To: taro@example.jp',
        'Subject: Returned mail: Cannot send message for 5 days',
      ],
      [
        '   ----- Transcript of session follows -----',
        '<hanako@example.net>... Deferred: Name server: example.net.: host name lookup failure',
        'Message could not be delivered for 5 days',
      ],
    ),
    '(test)',
  );
  assert.deepEqual(
    facts.recipients.map((r) => [r.recipient, r.reason]),
    [['hanako@example.net', 'host-unreachable']],
  );
});

test('refused at HELO (qmail "but my name was rejected", Postfix "in reply to EHLO"): blocked', async () => {
  for (const body of [
    [
      '<hanako@example.net>:',
      'Connected to 192.0.2.7 but my name was rejected.',
      'Remote host said: 501 5.0.0 Invalid domain name',
    ],
    [
      '<hanako@example.net>: host mx.example.net[192.0.2.7] said: 501 5.5.2 Syntax error (in reply to EHLO command)',
    ],
  ]) {
    const facts = await readBounce(
      message(['From: MAILER-DAEMON@mx.example.jp', 'To: taro@example.jp', 'Subject: failure notice'], body),
      '(test)',
    );
    assert.deepEqual(
      facts.recipients.map((r) => [r.recipient, r.reason]),
      [['hanako@example.net', 'blocked']],
      body.join(' '),
    );
  }
});
