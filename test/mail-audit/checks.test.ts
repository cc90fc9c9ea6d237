/**
 * The audit is its registry: `auditMail` runs every check of `mail/checks/index.ts` (each one's
 * data is in the result under its id, and every finding comes from a registered check's
 * catalog); and a domain that does not exist is one finding, not the five that follow from it
 * (issue 12). Against the real BIND, with the `test.` zone loaded so that a name under .test that
 * no fixture holds is NXDOMAIN, as on the real DNS.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Resolver } from '../../src/dns/resolver.js';
import { MAIL_CHECKS } from '../../src/mail/checks/index.js';
import { auditMail } from '../../src/mail/index.js';
import { type BindServer, startBind, ZONES_DIR } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';

const TLD_ZONES = fileURLToPath(new URL('../fixtures/zones-tld/', import.meta.url));
let bind: BindServer;
before(async () => {
  bind = await startBind({ zoneDirs: [ZONES_DIR, TLD_ZONES] });
});
after(async () => {
  await bind?.stop();
});

test('auditMail runs every registered check: its data under its id, every finding from a check', async () => {
  const resolver = new Resolver({ servers: [bind.address] });
  // SMTP on: port 1 of the loopback MX addresses is closed, so the probes answer at once.
  const r = await auditMail(resolver, { domain: 'audit-good.test', smtp: { port: 1, timeoutMs: 2000 } });
  for (const c of MAIL_CHECKS) assert.ok(r[c.meta.id] !== undefined, `the result has ${c.meta.id}`);
  const ids = new Set(MAIL_CHECKS.flatMap((c) => Object.keys(c.meta.messages)));
  for (const f of r.findings) assert.ok(ids.has(f.id), `${f.id} belongs to a registered check`);
  const from = (prefix: string) => r.findings.some((f) => f.id.startsWith(prefix));
  for (const prefix of [
    'mail.mx.',
    'mail.fcrdns.',
    'mail.spf.',
    'mail.dkim.',
    'mail.dmarc.',
    'mail.mta-sts.',
  ]) {
    assert.ok(from(prefix), `a ${prefix}* finding`);
  }
  assert.ok(from('mail.smtp.') && from('mail.provider.'), 'SMTP and provider findings');
});

test('a domain that does not exist: one finding, mail.domain.nxdomain', async () => {
  const resolver = new Resolver({ servers: [bind.address] });
  const r = await auditMail(resolver, { domain: 'no-such-domain.test', smtp: false });
  assert.deepEqual(
    r.findings.map((f) => f.id),
    ['mail.domain.nxdomain'],
  );
  const cli = await runCliCaptured([
    'mail',
    'audit',
    'no-such-domain.test',
    '--server',
    bind.address,
    '--json',
  ]);
  assert.equal(cli.status, 1, cli.err);
  assert.deepEqual(
    JSON.parse(cli.out).findings.map((f: { id: string }) => f.id),
    ['mail.domain.nxdomain'],
  );
});
