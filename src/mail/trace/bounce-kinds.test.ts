/**
 * Bounce rules beyond the corpus, by kind (issue 12): the wordings of older MTAs without an
 * enhanced status code (qmail, Exim, Lotus Domino), quota and disabled-mailbox texts phrased
 * otherwise than in sisimai's set, and the boundary between auto-replies and bounces.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBounce } from './bounce.js';
import { reasonFromStatus, reasonFromText } from './bounce-rules.js';

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

/** One bounce body per case, the reason expected for its one recipient. */
async function reasonsOf(head: string[], body: string[]): Promise<[string | undefined, string][]> {
  const facts = await readBounce(message(head, body), '(test)');
  return facts.recipients.map((r) => [r.recipient, r.reason]);
}
const MAILER_DAEMON = ['From: MAILER-DAEMON@mx.example.jp', 'To: taro@example.jp', 'Subject: failure notice'];

test('refused at MAIL FROM (Exim "after MAIL FROM", Postfix, qmail, sendmail): the sender, not the recipient', async () => {
  for (const body of [
    [
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  hanako@example.net',
      '    host mx.example.net [192.0.2.7]',
      '    SMTP error from remote mail server after MAIL FROM:<taro@example.jp> SIZE=2048:',
      '    550 5.1.0 Address example.jp does not exist here',
    ],
    [
      '<hanako@example.net>: host mx.example.net[192.0.2.7] said: 550 No such user here (in reply to MAIL FROM command)',
    ],
    [
      '<hanako@example.net>:',
      'Connected to 192.0.2.7 but sender was rejected.',
      'Remote host said: 553 5.7.1 <taro@example.jp>... Access denied by local rule',
    ],
    [
      '   ----- Transcript of session follows -----',
      '... while talking to mx.example.net.:',
      '>>> MAIL From:<taro@example.jp> SIZE=2048',
      '<<< 553 <taro@example.jp>... Domain of sender address does not resolve',
      '554 <hanako@example.net>... Remote protocol error',
    ],
  ]) {
    assert.deepEqual(
      await reasonsOf(MAILER_DAEMON, body),
      [['hanako@example.net', 'sender-rejected']],
      body.join(' '),
    );
  }
});

test('a refusal at MAIL FROM about the connecting host (an open relay, its address) stays blocked', async () => {
  const body = [
    '   ----- Transcript of session follows -----',
    'While talking to mx.example.net:',
    '>>> MAIL From:<taro@example.jp>',
    '<<< 550 Access from [192.0.2.9] refused: that host is an open relay',
    '554 <hanako@example.net>... Remote protocol error',
  ];
  assert.deepEqual(await reasonsOf(MAILER_DAEMON, body), [['hanako@example.net', 'blocked']]);
});

test('sendmail "Remote protocol error" / "Service unavailable": the transcript line above is the cause', async () => {
  const cases: [string[], string][] = [
    [
      [
        '>>> MAIL From:<taro@example.jp>',
        '<<< 571 Insecure Mail Relay - use your own ISP',
        '554 <hanako@example.net>... Remote protocol error',
      ],
      'relay-denied',
    ],
    [['mail.local: unknown user: hanako', '550 <hanako@example.net>... Service unavailable'], 'user-unknown'],
  ];
  for (const [transcript, reason] of cases) {
    const body = [
      '   ----- Transcript of session follows -----',
      'While talking to mx.example.net:',
      ...transcript,
    ];
    assert.deepEqual(
      await reasonsOf(MAILER_DAEMON, body),
      [['hanako@example.net', reason]],
      transcript.join(' '),
    );
  }
});

test('refused for good at the greeting (Exim "after initial connection"): the connecting host is blocked', async () => {
  const body = [
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    '  hanako@example.net',
    '    SMTP error from remote mail server after initial connection:',
    '    host mx.example.net [192.0.2.7]:',
    '    554 mx.example.net ESMTP not accepting messages from this network today - limit reached',
  ];
  assert.deepEqual(await reasonsOf(MAILER_DAEMON, body), [['hanako@example.net', 'blocked']]);
});

test("docomo's 550 Unknown user at the end of DATA is its user's filter refusing the sender", async () => {
  const refusal = (host: string) => [
    `<hanako@docomo.ne.jp>: host ${host}[192.0.2.40] said: 550 Unknown user`,
    '    hanako@docomo.ne.jp (in reply to end of DATA command)',
  ];
  assert.deepEqual(await reasonsOf(MAILER_DAEMON, refusal('mfsmx.docomo.ne.jp')), [
    ['hanako@docomo.ne.jp', 'sender-rejected'],
  ]);
  // The same words from any other host, or at RCPT TO, stay an unknown user.
  assert.deepEqual(await reasonsOf(MAILER_DAEMON, refusal('mx.example.ne.jp')), [
    ['hanako@docomo.ne.jp', 'user-unknown'],
  ]);
});

test("Amazon SES's own category before the remote reply is not the reason", async () => {
  const head = [
    'From: MAILER-DAEMON@amazonses.com',
    'To: taro@example.jp',
    'Subject: Delivery Status Notification (Failure)',
  ];
  const dsn = (code: string) => [
    'Reporting-MTA: dns; a1-2.smtp-out.amazonses.com',
    '',
    'Final-Recipient: rfc822; hanako@example.net',
    'Action: failed',
    'Status: 5.0.0 (permanent failure)',
    `Diagnostic-Code: smtp; ${code} (delivery attempts: 0)`,
  ];
  assert.deepEqual(
    await reasonsOf(head, dsn("5.1.0 - Unknown address error 552-'5.2.2 Mailbox quota exceeded'")),
    [['hanako@example.net', 'mailbox-full']],
  );
  assert.deepEqual(
    await reasonsOf(head, dsn("5.3.0 - Other mail system problem 550-'Message rejected as spam'")),
    [['hanako@example.net', 'content-rejected']],
  );
});

test('security status codes without words: X.7.4-X.7.6 the session security, X.7.7 the message', () => {
  assert.equal(reasonFromStatus('5.7.4'), 'tls-required');
  assert.equal(reasonFromStatus('5.7.6'), 'tls-required');
  assert.equal(reasonFromStatus('5.7.7'), 'content-rejected');
});
