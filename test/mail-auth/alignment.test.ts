/**
 * DMARC identifier alignment is mailauth's: since 5.0 it enforces `adkim=s`/`aspf=s` (4.13.3 fell
 * back to an organizational-domain match), so netdoctor no longer computes alignment itself. This
 * pins mailauth's verdicts against DMARC records served by BIND (auth-strict.test: adkim=s;
 * aspf=s; auth-good.test: relaxed), with the `test.` zone loaded so that the RFC 9989 tree walk's
 * question for `_dmarc.test` gets NXDOMAIN as on the real DNS.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dmarc } from 'mailauth';
import { Resolver } from '../../src/dns/resolver.js';
import { type BindServer, startBind, ZONES_DIR } from '../harness/bind.js';

const TLD_ZONES = fileURLToPath(new URL('../fixtures/zones-tld/', import.meta.url));
let bind: BindServer;
before(async () => {
  bind = await startBind({ zoneDirs: [ZONES_DIR, TLD_ZONES] });
});
after(async () => {
  await bind?.stop();
});

async function verdict(from: string, dkim: string[], spf: string[]): Promise<string> {
  const resolver = new Resolver({ servers: [bind.address] });
  const r = await dmarc({
    headerFrom: from,
    spfDomains: spf,
    dkimDomains: dkim.map((d) => ({ id: d, domain: d, aligned: d })),
    resolver: resolver.nodeStyle() as never,
  });
  assert.ok(r, `a DMARC result for ${from}`);
  return r.status.result;
}

test('adkim=s / aspf=s: only the exact From domain aligns (mailauth 4.13.3 passed d=<org domain>)', async () => {
  const rows: [from: string, dkim: string[], spf: string[], want: string][] = [
    ['a.b.auth-strict.test', ['auth-strict.test'], [], 'fail'],
    ['a.b.auth-strict.test', [], ['auth-strict.test'], 'fail'],
    ['a.b.auth-strict.test', ['a.b.auth-strict.test'], [], 'pass'],
    ['auth-strict.test', ['auth-strict.test'], [], 'pass'],
    ['auth-strict.test', [], ['auth-strict.test'], 'pass'],
    ['auth-strict.test', ['mail.auth-strict.test'], ['mail.auth-strict.test'], 'fail'],
  ];
  for (const [from, dkim, spf, want] of rows) {
    assert.equal(await verdict(from, dkim, spf), want, `From ${from}, d=${dkim}, MAIL FROM ${spf}`);
  }
});

test('relaxed alignment: the same organizational domain aligns, another domain does not', async () => {
  const rows: [from: string, dkim: string[], spf: string[], want: string][] = [
    ['auth-good.test', ['mail.auth-good.test'], [], 'pass'],
    ['auth-good.test', [], ['bounces.auth-good.test'], 'pass'],
    ['auth-good.test', ['auth-strict.test'], ['auth-strict.test'], 'fail'],
  ];
  for (const [from, dkim, spf, want] of rows) {
    assert.equal(await verdict(from, dkim, spf), want, `From ${from}, d=${dkim}, MAIL FROM ${spf}`);
  }
});
