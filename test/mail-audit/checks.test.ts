/**
 * The audit is its registry: `auditMail` runs every check of `mail/checks/index.ts` (each one's
 * data is in the result under its id, and every finding comes from a registered check's
 * catalog); and a domain that does not exist is one finding, not the five that follow from it
 * (issue 12). Against the real BIND, with the `test.` zone loaded so that a name under .test that
 * no fixture holds is NXDOMAIN, as on the real DNS.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
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
  const declared = new Map(
    MAIL_CHECKS.flatMap((c) => Object.entries(c.meta.severity).map(([id, s]) => [id, [s].flat()] as const)),
  );
  for (const f of r.findings.filter((x) => !x.id.startsWith('dns.'))) {
    assert.ok(declared.has(f.id), `${f.id} belongs to a registered check`);
    assert.ok(declared.get(f.id)?.includes(f.severity), `${f.id} is ${f.severity} as its check declares`);
  }
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

test('over every fixture domain, each finding has a severity its check declares', async () => {
  const resolver = new Resolver({ servers: [bind.address] });
  const declared = new Map(
    MAIL_CHECKS.flatMap((c) => Object.entries(c.meta.severity).map(([id, s]) => [id, [s].flat()] as const)),
  );
  const domains = readdirSync(ZONES_DIR)
    .filter((f) => /^(audit|auth)-.*\.test\.zone$/.test(f))
    .map((f) => f.slice(0, -'.zone'.length));
  assert.ok(domains.length > 20);
  const seen = new Set<string>();
  for (const domain of domains) {
    const r = await auditMail(resolver, { domain, smtp: false, ips: ['127.25.1.10', '192.0.2.10'] });
    // dns.* findings are the DNS capability's own (a lookup of the MTA-STS host, say), declared there.
    for (const f of r.findings.filter((x) => !x.id.startsWith('dns.'))) {
      seen.add(f.id);
      assert.ok(declared.get(f.id)?.includes(f.severity), `${domain}: ${f.id} is ${f.severity}`);
    }
  }
  assert.ok(seen.size > 30, `${seen.size} different finding ids seen`);
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
