/**
 * DMARC alignment is computed by netdoctor, not mailauth: mailauth 4.13.3 passes `adkim=s` when
 * the DKIM d= is only the organizational domain of the From domain. This test pins both answers
 * against the same DMARC record served by BIND (auth-strict.test: adkim=s; aspf=s).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dmarc as mailauthDmarc } from 'mailauth/lib/dmarc/index.js';
import { Resolver } from '../../src/dns/resolver.js';
import { auditDmarc, dmarcAlignment } from '../../src/mail/auth/index.js';
import { type BindServer, startBind } from '../harness/bind.js';

let bind: BindServer;
before(async () => {
  bind = await startBind();
});
after(async () => {
  await bind?.stop();
});

test('adkim=s: From a.b.auth-strict.test, d=auth-strict.test is NOT aligned (mailauth 4.13.3 says pass)', async () => {
  const resolver = new Resolver({ servers: [bind.address] });
  const from = 'a.b.auth-strict.test';
  const { data } = await auditDmarc({ resolver, domain: from, ips: [], selectors: [] });
  assert.equal(data.policy?.adkim, 's');
  const ours = dmarcAlignment({
    fromDomain: from,
    spfPass: false,
    dkimDomains: [{ domain: 'auth-strict.test', pass: true }],
    adkim: data.policy?.adkim ?? 'r',
    aspf: data.policy?.aspf ?? 'r',
  });
  assert.deepEqual(ours, { spfAligned: false, dkimAligned: false, pass: false });

  // mailauth's own verdict on the same record and signature: "pass" — its getAlignment() falls back
  // to an organizational-domain match even in strict mode. If this starts failing, mailauth fixed it.
  const theirs = await mailauthDmarc({
    headerFrom: `user@${from}`,
    spfDomains: [],
    dkimDomains: [{ id: 'auth-strict.test', domain: 'auth-strict.test', aligned: 'auth-strict.test' }],
    resolver: resolver.nodeStyle(),
  } as never);
  assert.equal((theirs as { status: { result: string } }).status.result, 'pass');
});

test('alignment table: strict needs the exact name, relaxed the same organizational domain', () => {
  const rows: [string, string, 'r' | 's', boolean][] = [
    ['example.com', 'example.com', 's', true],
    ['a.b.example.com', 'example.com', 's', false],
    ['a.b.example.com', 'example.com', 'r', true],
    ['example.com', 'mail.example.com', 'r', true],
    ['example.com', 'mail.example.com', 's', false],
    ['example.co.jp', 'other.co.jp', 'r', false],
    ['www.example.co.jp', 'example.co.jp', 'r', true],
    ['example.com', 'example.net', 'r', false],
    ['EXAMPLE.com.', 'example.com', 's', true],
  ];
  for (const [from, d, mode, want] of rows) {
    const got = dmarcAlignment({
      fromDomain: from,
      spfPass: false,
      dkimDomains: [{ domain: d, pass: true }],
      adkim: mode,
      aspf: 'r',
    });
    assert.equal(got.dkimAligned, want, `From ${from}, d=${d}, adkim=${mode}`);
    const spf = dmarcAlignment({
      fromDomain: from,
      spfDomain: d,
      spfPass: true,
      dkimDomains: [],
      adkim: 'r',
      aspf: mode,
    });
    assert.equal(spf.spfAligned, want, `From ${from}, MAIL FROM ${d}, aspf=${mode}`);
  }
  // A signature that did not verify aligns nothing.
  const failed = dmarcAlignment({
    fromDomain: 'example.com',
    spfPass: false,
    dkimDomains: [{ domain: 'example.com', pass: false }],
    adkim: 'r',
    aspf: 'r',
  });
  assert.equal(failed.pass, false);
});
