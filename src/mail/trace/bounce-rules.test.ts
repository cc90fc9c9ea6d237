/** The replies from the stories and the list, each with the reason netdoctor must give. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBounce } from './bounce.js';

const CASES: [string, string, boolean][] = [
  // [reply text, reason, permanent]
  [
    '550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked.',
    'auth-failed',
    true,
  ],
  [
    '550-5.7.26 The MAIL FROM domain [example.jp] has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks with the ip: [203.0.113.25].',
    'auth-failed',
    true,
  ],
  [
    '550-5.7.1 [203.0.113.25] Our system has detected that this message is likely suspicious due to the very low reputation of the sending IP address.',
    'bad-reputation',
    true,
  ],
  [
    '550-5.7.1 [203.0.113.25] Messages missing a valid address in From: header are not accepted.',
    'content-rejected',
    true,
  ],
  [
    '421-4.7.0 [203.0.113.25] Our system has detected that this message is suspicious due to the nature of the content and/or the links within.',
    'content-rejected',
    false,
  ],
  [
    '421-4.7.28 [203.0.113.25] Our system has detected an unusual rate of unsolicited mail originating from your IP address.',
    'rate-limited',
    false,
  ],
  [
    "550 5.7.515 Access denied, sending domain example.jp doesn't meet the required authentication level.",
    'auth-failed',
    true,
  ],
  ['550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.', 'blocked', true],
  [
    '550 5.7.606 Access denied, banned sending IP [203.0.113.25]. To request removal from this list please visit https://sender.office.com/',
    'blocked',
    true,
  ],
  [
    '421 4.7.0 [TSS04] Messages from 203.0.113.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1',
    'bad-reputation',
    false,
  ],
  [
    '553 5.7.1 [TSS09] All messages from 203.0.113.25 will be permanently deferred; Retrying will NOT succeed.',
    'blocked',
    true,
  ],
  ['450 4.7.1 Access denied. IP name lookup failed [202.241.128.3]', 'rdns-missing', false],
  [
    '550-5.7.25 [203.0.113.25] The IP address sending this message does not have a PTR record setup.',
    'rdns-missing',
    true,
  ],
  ['550 Unknown user hogehoge@docomo.ne.jp', 'user-unknown', true],
  ['550 <hogehoge@ezweb.ne.jp>: User unknown', 'user-unknown', true],
  [
    '550 5.1.1 <hanako@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
    'user-unknown',
    true,
  ],
  ['550-5.1.1 The email account that you tried to reach does not exist.', 'user-unknown', true],
  [
    '450 4.7.1 <hanako@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/',
    'greylisted',
    false,
  ],
  ['451 4.7.1 Greylisting in action, please come back later', 'greylisted', false],
  ['550 5.7.23 The message was rejected because of Sender Policy Framework violation', 'auth-failed', true],
  ['530 5.7.10 Must issue a STARTTLS command first', 'tls-required', true],
  ['552 5.2.2 <ichiro@example.org>: Mailbox full', 'mailbox-full', true],
  ['552 5.3.4 Message size exceeds fixed limit', 'message-too-big', true],
  ['554 5.7.1 <hanako@example.org>: Relay access denied', 'relay-denied', true],
  [
    '554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org',
    'blocked',
    true,
  ],
  ['connect to mx.example.org[192.0.2.1]:25: Connection refused', 'host-unreachable', true],
  [
    'Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found',
    'host-unknown',
    true,
  ],
  ['556 5.1.10 Recipient address has null MX', 'no-mail-accepted', true],
  ['550 5.4.7 Message expired: delivery time expired', 'expired', true],
  ['550 宛先不明のため配送できませんでした', 'user-unknown', true],
  ['552 メールボックスの容量超過のため配送できませんでした', 'mailbox-full', true],
];

for (const [reply, reason, permanent] of CASES) {
  test(`${reason}: ${reply.slice(0, 70)}`, async () => {
    const facts = await readBounce(Buffer.from(reply), '(text)');
    assert.equal(facts.message, false);
    const r = facts.recipients[0];
    assert.ok(r);
    assert.equal(r.reason, reason);
    assert.equal(r.permanent, permanent);
  });
}

test('an unknown reply keeps its code for decoding', async () => {
  const facts = await readBounce(Buffer.from('550 5.9.99 the flux capacitor is offline'), '(text)');
  assert.equal(facts.recipients[0]?.reason, 'unknown');
  assert.equal(facts.recipients[0]?.status, '5.9.99');
  assert.equal(facts.recipients[0]?.replyCode, '550');
});

test('a recipient named in pasted text is found', async () => {
  const facts = await readBounce(Buffer.from('550 Unknown user hogehoge@docomo.ne.jp'), '(text)');
  assert.equal(facts.recipients[0]?.recipient, 'hogehoge@docomo.ne.jp');
});
