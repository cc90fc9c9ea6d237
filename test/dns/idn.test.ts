/**
 * Internationalised names against a real BIND 9 serving 例え.jp as its A-label zone
 * (test/fixtures/dns-idn/xn--r8jz45g.jp.zone): a name typed in Unicode is asked as A-labels
 * (UTS #46), the answer shows the U-label alongside, and an invalid IDN is a one-line exit 2.
 * Everywhere a name enters: dns lookup, the resolver under every capability, mail audit's domain
 * and scan targets.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lookup, Resolver } from '../../src/dns/index.js';
import { domainArgument } from '../../src/mail/audit.js';
import { resolveTargets } from '../../src/scan/targets.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';

const ZONES = fileURLToPath(new URL('../fixtures/dns-idn/', import.meta.url));
let bind: BindServer;
let resolver: Resolver;

before(async () => {
  bind = await startBind({ zoneDirs: [ZONES] });
  resolver = new Resolver({ servers: [bind.address], timeoutMs: 2000 });
});
after(async () => bind?.stop());

test('dns lookup 例え.jp asks xn--r8jz45g.jp and gets its address, not NXDOMAIN', async () => {
  const r = await lookup(resolver, '例え.jp', ['A']);
  assert.equal(r.name, 'xn--r8jz45g.jp');
  assert.equal(r.unicode, '例え.jp');
  assert.deepEqual(
    r.answers[0]?.records.map((x) => x.text),
    ['192.0.2.80'],
  );
  assert.deepEqual(
    r.findings.map((f) => f.id),
    ['dns.answer.ok'],
  );
  assert.equal(r.findings[0]?.params?.name, 'xn--r8jz45g.jp (例え.jp)');
});

test('full-width and ideographic spellings reach the same name; a CNAME chain through A-labels is followed', async () => {
  const r = await lookup(resolver, 'ｗｗｗ。例え．ｊｐ', ['A']);
  assert.equal(r.name, 'www.xn--r8jz45g.jp');
  assert.deepEqual(
    r.answers[0]?.records.map((x) => [x.name, x.text]),
    [['xn--4dkua4c.xn--r8jz45g.jp', '192.0.2.81']],
  );
});

test('CLI: dns lookup shows the U-label beside every A-label; --json carries both', async () => {
  const text = await runCliCaptured(['dns', 'lookup', '例え.jp', '--type', 'A,MX', '--server', bind.address]);
  assert.equal(text.status, 0, text.err);
  assert.match(text.out, /xn--r8jz45g\.jp \(例え\.jp\)/);
  assert.match(text.out, /xn--4dkua4c\.xn--r8jz45g\.jp\. \(メール\.例え\.jp\)/, 'the MX target too');
  const json = await runCliCaptured(['dns', 'lookup', '例え.jp', '--json', '--server', bind.address]);
  assert.equal(json.status, 0, json.err);
  const doc = JSON.parse(json.out);
  assert.equal(doc.data?.name ?? doc.name, 'xn--r8jz45g.jp');
  assert.equal(doc.data?.unicode ?? doc.unicode, '例え.jp');
});

test('CLI: an invalid IDN is a one-line error naming it, exit 2, and no query', async () => {
  for (const bad of ['例 え.jp', '例え..jp', 'a\u200d例.jp']) {
    const r = await runCliCaptured(['dns', 'lookup', bad, '--server', bind.address]);
    assert.equal(r.status, 2, bad);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.ok(r.err.includes(bad) && /internationalised domain name/.test(r.err), r.err);
  }
});

test('mail audit and scan take Unicode names as A-labels', async () => {
  assert.equal(domainArgument('例え.JP'), 'xn--r8jz45g.jp');
  assert.throws(() => domainArgument('例 え.jp'), /internationalised domain name/);
  const targets = await resolveTargets(['メール.例え.jp'], resolver);
  assert.deepEqual(targets, [{ address: '192.0.2.81', name: 'xn--4dkua4c.xn--r8jz45g.jp' }]);
});
