/**
 * Bounces and header sections the project wrote itself (test/fixtures/mail-trace/): the facts
 * each must yield, and the hop list of each Received chain.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { explainBounce, traceHeaders } from '../../src/mail/trace/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail-trace/${name}`, import.meta.url));

test('Gmail 5.7.26 in a Postfix DSN: auth-failed, permanent, the sender domain in the advice', async () => {
  const r = await explainBounce(fixture('gmail-5.7.26.eml'), { input: 'gmail-5.7.26.eml' });
  assert.equal(r.recipients.length, 1);
  const [x] = r.recipients;
  assert.equal(x?.recipient, 'hanako@gmail.com');
  assert.equal(x?.reason, 'auth-failed');
  assert.equal(x?.status, '5.7.26');
  assert.equal(x?.replyCode, '550');
  assert.equal(x?.permanent, true);
  assert.equal(x?.remoteHost, 'gmail-smtp-in.l.google.com');
  const f = r.findings.find((y) => y.id === 'mail.bounce.auth-failed');
  assert.equal(f?.severity, 'fail');
  assert.equal(f?.params?.domain, 'example.jp');
  assert.ok(r.findings.some((y) => y.id === 'mail.bounce.permanent'));
});

test('"IP name lookup failed" in a sendmail delay warning: rdns-missing, temporary, the IP named', async () => {
  const r = await explainBounce(fixture('ip-name-lookup-failed.eml'));
  const [x] = r.recipients;
  assert.equal(x?.recipient, 'kimura@customer.example.ne.jp');
  assert.equal(x?.reason, 'rdns-missing');
  assert.equal(x?.action, 'delayed');
  assert.equal(x?.permanent, false);
  assert.equal(x?.ip, '202.241.128.3');
  const f = r.findings.find((y) => y.id === 'mail.bounce.rdns-missing');
  assert.equal(f?.severity, 'warn');
  assert.equal(f?.params?.ip, '202.241.128.3');
});

test('docomo "Unknown user" after DATA: user-unknown, the sender domain for mail audit', async () => {
  const r = await explainBounce(fixture('docomo-unknown-user.eml'));
  const [x] = r.recipients;
  assert.equal(x?.recipient, 'hogehoge@docomo.ne.jp');
  assert.equal(x?.reason, 'user-unknown');
  assert.equal(r.sender, 'school@example.jp');
  assert.equal(r.findings[0]?.params?.domain, 'example.jp');
});

test('a qmail bounce without a DSN part: recipient and reply from the text, not from the returned copy', async () => {
  const r = await explainBounce(fixture('qmail-mailbox-full.eml'));
  assert.deepEqual(
    r.recipients.map((x) => [x.recipient, x.reason, x.status]),
    [['ichiro@mail.example.org', 'mailbox-full', '5.2.2']],
  );
});

test('a Japanese bounce in ISO-2022-JP: decoded by the MIME parser, the recipient and reason found', async () => {
  const r = await explainBounce(fixture('japanese-iso-2022-jp.eml'));
  assert.equal(r.subject, '配送エラー');
  assert.deepEqual(
    r.recipients.map((x) => [x.recipient, x.reason, x.replyCode]),
    [['hanako.sato@ezweb.ne.jp', 'user-unknown', '550']],
  );
});

test('nothing bounce-like: none-found, not a crash', async () => {
  const r = await explainBounce(Buffer.from('hello, this is just a note'));
  assert.deepEqual(
    r.findings.map((f) => f.id),
    ['mail.bounce.none-found'],
  );
});

const hopList = (name: string) =>
  traceHeaders(fixture(name).toString('utf8')).hops.map((h) => [
    h.index,
    h.helo,
    h.reverseName,
    h.ip,
    h.by,
    h.protocol,
    h.delaySeconds,
  ]);

test('clock skew: the mail store is 4m12s behind the relay', () => {
  const t = traceHeaders(fixture('headers-clock-skew.eml').toString('utf8'));
  assert.deepEqual(hopList('headers-clock-skew.eml'), [
    [1, undefined, 'pc20.office.example.net', '192.168.5.20', 'gw.example.net', 'ESMTPSA', undefined],
    [2, 'gw.example.net', 'gw.example.net', '198.51.100.40', 'relay.example.jp', 'ESMTPS', 2],
    [3, 'relay.example.jp', 'relay.example.jp', '10.1.0.25', 'store.example.jp', 'LMTP', -252],
  ]);
  assert.deepEqual(t.hops[1]?.tls, { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
  const skew = t.findings.find((f) => f.id === 'mail.headers.clock-skew');
  assert.equal(skew?.severity, 'warn');
  assert.deepEqual(
    [skew?.params?.from, skew?.params?.to, skew?.params?.seconds, skew?.params?.human],
    ['relay.example.jp', 'store.example.jp', -252, { en: '4m12s', ja: '4 分 12 秒' }],
  );
  const failed = t.findings.filter((f) => f.id === 'mail.headers.auth-failed').map((f) => f.params?.method);
  assert.deepEqual(failed, ['dkim', 'dmarc']);
  assert.ok(t.findings.some((f) => f.id === 'mail.headers.private-after-public'));
});

test('internal relay, then a provider, then Gmail: the relay IP for SPF is the provider’s', () => {
  const t = traceHeaders(fixture('headers-internal-relay.eml').toString('utf8'));
  assert.deepEqual(hopList('headers-internal-relay.eml'), [
    [
      1,
      'pc07.example.co.jp',
      'pc07.example.co.jp',
      '192.168.1.10',
      'relay.example.co.jp',
      'ESMTP',
      undefined,
    ],
    [2, 'relay.example.co.jp', 'relay.example.co.jp', '203.0.113.25', 'smtp.isp.example.ne.jp', 'ESMTP', 1],
    [3, 'smtp.isp.example.ne.jp', 'smtp.isp.example.ne.jp', '198.51.100.7', 'mx.google.com', 'ESMTPS', 2],
    [4, undefined, undefined, undefined, '2002:a05:6a10:9f8e:b0:5d1:1234:5678', 'SMTP', 0],
  ]);
  assert.equal(t.relay?.ip, '198.51.100.7');
  assert.equal(t.leftSenderAt?.ip, '203.0.113.25');
  assert.deepEqual(t.hops[2]?.tls, { version: 'TLS1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
  assert.deepEqual(
    t.authResults.map((a) => `${a.method}=${a.result}`),
    ['spf=pass', 'dkim=pass', 'spf=pass', 'dmarc=pass'],
  );
  assert.deepEqual(t.dkimSignatures, [
    {
      domain: 'example.co.jp',
      selector: 'sel2026',
      algorithm: 'rsa-sha256',
      headers: ['from', 'to', 'subject', 'date', 'message-id'],
    },
  ]);
  assert.equal(t.arc.instances, 1);
  assert.equal(t.findings.filter((f) => f.severity === 'warn' || f.severity === 'fail').length, 0);
  const relay = t.findings.find((f) => f.id === 'mail.headers.relay');
  assert.deepEqual(relay?.params, {
    ip: '198.51.100.7',
    name: 'smtp.isp.example.ne.jp',
    by: 'mx.google.com',
    domain: 'example.co.jp',
  });
});

test('no Received, no Date, no Message-ID', () => {
  const t = traceHeaders(fixture('headers-no-received.eml').toString('utf8'));
  assert.deepEqual(t.hops, []);
  assert.deepEqual(t.findings.map((f) => f.id).sort(), [
    'mail.headers.date-missing',
    'mail.headers.message-id-missing',
    'mail.headers.no-received',
  ]);
});

test('a Date ahead of the first server: the sender clock is ahead', () => {
  const head = [
    'Received: from pc (pc.example.jp [192.168.0.9]) by mail.example.jp (Postfix) with ESMTPSA id X; Mon, 23 Nov 2026 10:00:00 +0900',
    'Date: Mon, 23 Nov 2026 10:07:30 +0900',
    'Message-ID: <a@example.jp>',
    'From: a@example.jp',
    '',
  ].join('\n');
  const f = traceHeaders(head).findings.find((x) => x.id === 'mail.headers.date-ahead');
  assert.deepEqual(
    [f?.severity, f?.params?.seconds, f?.params?.human],
    ['warn', 450, { en: '7m30s', ja: '7 分 30 秒' }],
  );
});

test('an unrecognised reply: mail.bounce.unknown with the status code decoded', async () => {
  const r = await explainBounce(Buffer.from('550 5.3.9 the flux capacitor is offline'));
  const f = r.findings.find((x) => x.id === 'mail.bounce.unknown');
  assert.equal(f?.severity, 'fail');
  assert.deepEqual(f?.params?.decoded, {
    en: '5.3.9 permanent failure; mail system status: detail 9 (not registered)',
    ja: '5.3.9 恒久的な失敗。メールシステム: 詳細コード 9（未登録）',
  });
});
