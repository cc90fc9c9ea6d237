/**
 * Bounce rules beyond the corpus, by kind (issue 12): the wordings of older MTAs without an
 * enhanced status code (qmail, Exim, Lotus Domino), quota and disabled-mailbox texts phrased
 * otherwise than in sisimai's set, and the boundary between auto-replies and bounces.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBounce } from './bounce.js';
import { reasonFromReceiverCode } from './bounce-receivers.js';
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

test("a receiver's published code outranks its words (Orange / La Poste, Spectrum)", () => {
  const cases: [string, string][] = [
    [
      '550 5.5.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. LPN105_104',
      'rate-limited',
    ],
    ['552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR004_417', 'mailbox-full'],
    [
      '550 5.7.1 Le compte du destinataire est bloque. The recipient account is blocked. LPN007_426',
      'mailbox-disabled',
    ],
    ['554 5.7.1 Service unavailable. Client host rejected LPN000_630', 'content-rejected'],
    ['421 4.7.0 Message refuse, verification DMARC en echec OFR005_517', 'auth-failed'],
    [
      '550 5.1.0 <taro@example.jp> sender rejected. Please see the Spectrum error codes page. AUP#O-1000',
      'blocked',
    ],
    ['421 4.7.0 Connection refused - too many connections from your network. AUP#In-1320', 'rate-limited'],
    ['550 5.7.1 Your IP address needs a reverse DNS entry. AUP#I-1150', 'rdns-missing'],
  ];
  for (const [text, reason] of cases) {
    assert.equal(reasonFromReceiverCode(text), reason, text);
  }
  assert.equal(reasonFromReceiverCode('550 5.1.1 User unknown'), undefined);
});

test('an Orange "try later" refusal with its own code is not turned into "expired" when the queue gives up', async () => {
  const body = [
    'Reporting-MTA: dns; mx.example.jp',
    '',
    'Final-Recipient: rfc822; jean@orange.fr',
    'Action: failed',
    'Status: 4.2.0',
    'Remote-MTA: dns; smtp-in.orange.fr',
    'Diagnostic-Code: smtp; 421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR004_505 [505]',
  ];
  assert.deepEqual(await reasonsOf(MAILER_DAEMON, body), [['jean@orange.fr', 'system-error']]);
});

const MORE_WORDINGS: [string, string][] = [
  // an address on a list, not an IP: the sender's address is refused
  ['550 Your email address has been blacklisted by the recipient', 'sender-rejected'],
  ['"Sorry, you are sending from an address that has been block-listed here"', 'sender-rejected'],
  // the hosting providers' Exim template
  [
    'The mail server could not deliver mail to hanako@example.net.  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.',
    'host-unknown',
  ],
  // a refusal that leads with the connecting host's address
  ['554 IP=198.51.100.7 - Rejected. Contact the postmaster of the receiving domain.', 'blocked'],
  // …but Gmail's bracketed client address before every reply is not the subject
  [
    '550-5.7.1 [198.51.100.7 12] Messages with multiple addresses in From: header are not accepted',
    'content-rejected',
  ],
];
for (const [text, reason] of MORE_WORDINGS) {
  test(`${reason}: ${text.slice(0, 70)}`, () => {
    assert.equal(reasonFromText(text), reason);
  });
}

test('au\'s "The user(s) account is disabled." above a relayed "550 user unknown": the mailbox is disabled', async () => {
  const body = [
    'The user(s) account is disabled.',
    '',
    '<hanako@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)',
  ];
  assert.deepEqual(await reasonsOf(MAILER_DAEMON, body), [['hanako@ezweb.ne.jp', 'mailbox-disabled']]);
  // A line that names another address is about that one.
  const two = [
    '<hanako@example.net>: 550 user unknown (in reply to RCPT TO command)',
    '',
    'Note: the account is disabled for jiro@example.org',
  ];
  const facts = await reasonsOf(MAILER_DAEMON, two);
  assert.deepEqual(
    facts.find(([r]) => r === 'hanako@example.net'),
    ['hanako@example.net', 'user-unknown'],
  );
});

test('a gateway that returns the bounce it got and names no reason: the returned bounce says why', async () => {
  const raw = [
    'From: postmaster@gateway.example.jp',
    'To: taro@example.jp',
    'Subject: Mail could not be delivered',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="GW"',
    '',
    '--GW',
    'Content-Type: text/plain',
    '',
    '*** Message from the mail gateway ***',
    'Reason: Unable to deliver message to <hanako@example.net>.',
    '',
    '--GW',
    'Content-Type: message/rfc822',
    '',
    'From: MAILER-DAEMON@relay.example.jp',
    'To: taro@example.jp',
    'Subject: Returned mail: see transcript for details',
    '',
    '... while talking to mx.example.net.:',
    '>>> DATA',
    '<<< 552 5.2.2 <hanako@example.net>... Mailbox quota exceeded',
    '--GW--',
    '',
  ].join('\n');
  const facts = await readBounce(Buffer.from(raw), '(test)');
  assert.deepEqual(
    facts.recipients.map((r) => [r.recipient, r.reason]),
    [['hanako@example.net', 'mailbox-full']],
  );
});
