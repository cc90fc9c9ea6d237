import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPrivateAddress, parseMailDate, parseReceived } from './received.js';

test('Postfix: HELO, reverse name, IP, by, protocol, TLS, time', () => {
  const h = parseReceived(
    'from gw.example.net (gw.example.net [198.51.100.40]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) by relay.example.jp (Postfix) with ESMTPS id 4D3E2B0002 for <hanako@example.jp>; Mon, 23 Nov 2026 10:05:42 +0900 (JST)',
  );
  assert.equal(h.helo, 'gw.example.net');
  assert.equal(h.reverseName, 'gw.example.net');
  assert.equal(h.ip, '198.51.100.40');
  assert.equal(h.by, 'relay.example.jp');
  assert.equal(h.protocol, 'ESMTPS');
  assert.deepEqual(h.tls, { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
  assert.equal(h.id, '4D3E2B0002');
  assert.equal(h.for, 'hanako@example.jp');
  assert.equal(h.time, '2026-11-23T01:05:42.000Z');
});

test('Gmail: [ip] as HELO, reverse name with a trailing dot, version=/cipher=', () => {
  const h = parseReceived(
    'from [192.0.2.202] (c213502.kyoto.example.ne.jp. [192.0.2.135]) by mx.google.com with ESMTPSA id nw13sm19667002pab.37 for <multiple recipients> (version=TLSv1 cipher=ECDHE-RSA-RC4-SHA bits=128/128); Fri, 18 Jul 2014 00:31:02 -0700 (PDT)',
  );
  assert.equal(h.ip, '192.0.2.202');
  assert.equal(h.reverseName, 'c213502.kyoto.example.ne.jp');
  assert.equal(h.by, 'mx.google.com');
  assert.equal(h.protocol, 'ESMTPSA');
  assert.deepEqual(h.tls, { version: 'TLSv1', cipher: 'ECDHE-RSA-RC4-SHA' });
  assert.equal(h.time, '2014-07-18T07:31:02.000Z');
});

test('qmail: "unknown (HELO name) (ip)"; Exim: "([ip] helo=name)"; IPv6 literal', () => {
  const q = parseReceived(
    'from unknown (HELO smtp5.example.ne.jp) (192.0.2.201) by 0 with SMTP; 29 Apr 2010 23:45:10 -0000',
  );
  assert.equal(q.helo, 'smtp5.example.ne.jp');
  assert.equal(q.ip, '192.0.2.201');
  assert.equal(q.time, '2010-04-29T23:45:10.000Z');
  const e = parseReceived(
    'from host.example.org ([192.0.2.124] helo=mail.example.org) by mx9.example.jp with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) id 1abc; Thu, 20 Apr 2023 23:34:45 +0900',
  );
  assert.equal(e.ip, '192.0.2.124');
  assert.equal(e.protocol, 'ESMTPS');
  assert.deepEqual(e.tls, { version: 'TLS1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
  const v6 = parseReceived(
    'from mail.example.org (mail.example.org [IPv6:2001:db8::25]) by mx.example.jp (Postfix) with ESMTP id X; Mon, 23 Nov 2026 10:00:00 +0000',
  );
  assert.equal(v6.ip, '2001:db8::25');
  assert.equal(v6.reverseName, 'mail.example.org');
});

test('RFC 5322 dates, including obsolete forms (§4.3)', () => {
  const iso = (s: string) => parseMailDate(s)?.toISOString();
  assert.equal(iso('Thu, 29 Apr 2009 23:45:11 +0900 (JST)'), '2009-04-29T14:45:11.000Z');
  assert.equal(iso('29 Apr 09 23:45 EST'), '2009-04-30T04:45:00.000Z');
  assert.equal(iso('Sun,  7 Sep 2008 21:40:11 +0900 (JST)'), '2008-09-07T12:40:11.000Z');
  assert.equal(iso('Mon, 1 Jan 99 00:00:00 GMT'), '1999-01-01T00:00:00.000Z');
  assert.equal(iso('Thu Oct 13 15:22:22 2015'), '2015-10-13T15:22:22.000Z');
  assert.equal(iso('Mon, 23 Nov 2026 10:00:00 JST'), '2026-11-23T01:00:00.000Z');
  assert.equal(iso('not a date'), undefined);
  assert.equal(iso('Mon, 32 Foo 2026 10:00:00 +0000'), undefined);
});

test('private, loopback and shared addresses', () => {
  for (const ip of [
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.10',
    '127.0.0.1',
    '100.64.0.1',
    'fd00::1',
    '::1',
    '::ffff:192.168.0.1',
  ]) {
    assert.equal(isPrivateAddress(ip), true, ip);
  }
  for (const ip of ['198.51.100.7', '8.8.8.8', '2001:db8::1', 'not-an-ip'])
    assert.equal(isPrivateAddress(ip), false, ip);
});

test('Exchange: IPv6 in parentheses, "with Microsoft SMTP Server (version=TLS1_2, cipher=…)"', () => {
  const h = parseReceived(
    'from TYCPR01MB1234.jpnprd01.prod.outlook.com (2603:1096:400:1::5) by OS3PR01MB5678.jpnprd01.prod.outlook.com (2603:1096:604:2::9) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7633.5; Mon, 23 Nov 2026 01:00:00 +0000',
  );
  assert.equal(h.ip, '2603:1096:400:1::5');
  assert.equal(h.protocol, 'Microsoft SMTP Server');
  assert.deepEqual(h.tls, { version: 'TLS1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' });
});
