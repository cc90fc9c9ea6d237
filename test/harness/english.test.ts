/** The English-prose detector of the `--lang ja` acceptance test: what it catches and what it lets be. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { englishRuns } from './english.js';

test('catches English prose inside Japanese sentences', () => {
  for (const text of [
    'the first report 以降の集計です',
    'SPF or DKIM が必要です',
    'ポートは all interfaces で待ち受けています',
    '161 packets, 3 flows',
    '2 open, 100 closed',
    'pass/FAIL: port only',
    'DNS lookups of 10 maximum were used',
    'Run `netdoctor scan --help` for more.',
  ]) {
    assert.notDeepEqual(englishRuns(text), [], text);
  }
});

test('lets identifiers, record text, commands and quoted text be', () => {
  for (const text of [
    'mail.spf.too-many-lookups  {domain} の SPF レコードが DNS 参照の上限を超えています',
    '127.0.0.1:5353 から 2 件のレコード',
    'v=spf1 ip4:192.0.2.0/24 include:_spf.google.com -all',
    '次を実行してください: netdoctor dns lookup example.org --type MX --server 1.1.1.1',
    'TXT "this is a record a person wrote"',
    '応答: 「550 5.7.26 This mail is unauthenticated」',
    'DKIM rsa 2048 ビット',
    'STARTTLS TLSv1.3',
    'SPF と DKIM の結果: pass',
    '  netdoctor pcap find office.pcap --filter "tcp.flags.reset == 1 and ip.addr == 10.0.0.0/8"',
    'ESMTPS TLSv1.3 TLS_AES_256_GCM_SHA384',
    'Header From',
    'mode: enforce、mx: mx.example.org、max_age: 604800',
    'rdns mail.example.org [192.0.2.25]',
    '--max-size で上限を上げられます',
    'listenersCommand timeoutMs maxBytes',
  ]) {
    assert.deepEqual(englishRuns(text), [], text);
  }
});
