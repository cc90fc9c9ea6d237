/**
 * Acceptance of `mail dkim keygen|check|rotate` with real peers: the record keygen printed served
 * by the test BIND, OpenDKIM signing with the KeyTable/SigningTable lines keygen printed, mailauth
 * (through netdoctor's resolver) and opendkim-testkey verifying; check finding a wrong private
 * key, revoked, testing, 1024-bit and wrongly split records, in agreement with `mail audit`; the
 * rotation plan followed step by step with every message verifiable at every step. One BIND for
 * the whole file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { auditDkim } from '../../src/mail/auth/index.js';
import {
  checkDkim,
  type DkimKeygenResult,
  generateDkimKey,
  rotationPlan,
  splitTxt,
  zoneTxt,
} from '../../src/mail/dkim/index.js';
import { findTool } from '../harness/peers.js';
import {
  DOMAIN,
  mailauthVerdicts,
  message,
  opendkimSign,
  opendkimTestkey,
  peersSkip,
  TestZone,
} from './peers.js';

const skip = peersSkip();
const ids = (fs: readonly { id: string }[]) => fs.map((f) => f.id).sort();

describe('DKIM keys with real peers (BIND, OpenDKIM, opendkim-testkey, mailauth)', { skip }, () => {
  let zone: TestZone;
  let keys: string;
  before(async () => {
    zone = await TestZone.start();
    keys = mkdtempSync(path.join(zone.dir, 'keys-'));
  });
  after(async () => zone?.stop());

  const keygen = (selector: string, type: 'rsa' | 'ed25519' = 'rsa', bits?: number): DkimKeygenResult =>
    generateDkimKey({ domain: DOMAIN, selector, type, outDir: keys, ...(bits ? { bits } : {}) });

  it('RSA: keygen → BIND serves the printed record → OpenDKIM signs → mailauth and opendkim-testkey verify', async () => {
    const k = keygen('rsa1');
    assert.equal(statSync(k.privateKeyFile).mode & 0o777, 0o600);
    assert.ok(
      k.strings.every((s) => Buffer.byteLength(s) <= 255) && k.strings.length === 2,
      'split for 2048 bits',
    );
    zone.set(k.name, k.zoneRecord);
    await zone.publish();
    const signed = opendkimSign(zone.dir, k.opendkim, 'rsa-sha256', message(1));
    assert.match(signed, /^DKIM-Signature: v=1; a=rsa-sha256;[\s\S]*s=rsa1;/);
    assert.deepEqual(await mailauthVerdicts(zone, signed), [{ selector: 'rsa1', result: 'pass' }]);
    const t = opendkimTestkey(zone, 'rsa1', k.privateKeyFile);
    assert.equal(t.status, 0, t.output);
    assert.match(t.output, /key OK/);
    const check = await checkDkim(zone.resolver(), {
      domain: DOMAIN,
      selector: 'rsa1',
      keyFile: k.privateKeyFile,
    });
    assert.deepEqual(ids(check.findings), ['mail.dkim.key-found', 'mail.dkim.key-match']);
    assert.equal(check.result.key?.bits, 2048);
    assert.deepEqual(check.result.rawRecords, [k.strings], 'the strings as served are the ones printed');
  });

  it('check --key with the wrong private key fails naming the selector; opendkim-testkey agrees', async () => {
    const k = keygen('mis');
    const other = keygen('other');
    zone.set(k.name, k.zoneRecord);
    await zone.publish();
    const r = await checkDkim(zone.resolver(), {
      domain: DOMAIN,
      selector: 'mis',
      keyFile: other.privateKeyFile,
    });
    const f = r.findings.find((x) => x.id === 'mail.dkim.key-mismatch');
    assert.equal(f?.severity, 'fail');
    assert.equal(f?.params?.selector, 'mis');
    assert.equal(r.signerKey?.matches, false);
    const t = opendkimTestkey(zone, 'mis', other.privateKeyFile);
    assert.notEqual(t.status, 0);
    assert.match(t.output, /keys do not match/);
    // A message OpenDKIM signs with the wrong key fails at the receiver, as check said it would.
    const wrongSigner = { ...k.opendkim, keyTable: `${k.name} ${DOMAIN}:mis:${other.privateKeyFile}` };
    const signed = opendkimSign(zone.dir, wrongSigner, 'rsa-sha256', message(2));
    assert.equal((await mailauthVerdicts(zone, signed))[0]?.result, 'fail');
  });

  it('Ed25519 (RFC 8463): p= is the raw 32-byte key; OpenDKIM signs ed25519-sha256, mailauth verifies', async () => {
    const k = keygen('ed1', 'ed25519');
    assert.equal(Buffer.from(k.publicKey, 'base64').length, 32);
    assert.equal(k.value, `v=DKIM1; k=ed25519; p=${k.publicKey}`);
    zone.set(k.name, k.zoneRecord);
    await zone.publish();
    const signed = opendkimSign(zone.dir, k.opendkim, 'ed25519-sha256', message(3));
    assert.match(signed, /a=ed25519-sha256/);
    assert.deepEqual(await mailauthVerdicts(zone, signed), [{ selector: 'ed1', result: 'pass' }]);
    const check = await checkDkim(zone.resolver(), {
      domain: DOMAIN,
      selector: 'ed1',
      keyFile: k.privateKeyFile,
    });
    assert.deepEqual(ids(check.findings), ['mail.dkim.key-found', 'mail.dkim.key-match']);
    assert.equal(check.result.key?.bits, 256);
    const wrong = await checkDkim(zone.resolver(), {
      domain: DOMAIN,
      selector: 'ed1',
      keyFile: keygen('ed2', 'ed25519').privateKeyFile,
    });
    assert.ok(wrong.findings.some((x) => x.id === 'mail.dkim.key-mismatch' && x.params?.selector === 'ed1'));
  });

  it('check finds revoked, testing, 1024-bit, sha1-only and split records — and mail audit says the same', async () => {
    const p1024 = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64');
    const good = keygen('split');
    const cases: Record<string, { lines: string; want: string[] }> = {
      revoked: {
        lines: zoneTxt(`revoked._domainkey.${DOMAIN}`, ['v=DKIM1; p=']),
        want: ['mail.dkim.revoked'],
      },
      testing: {
        lines: zoneTxt(`testing._domainkey.${DOMAIN}`, splitTxt(`v=DKIM1; k=rsa; t=y; p=${good.publicKey}`)),
        want: ['mail.dkim.key-found', 'mail.dkim.testing'],
      },
      weak: {
        lines: zoneTxt(`weak._domainkey.${DOMAIN}`, [`v=DKIM1; k=rsa; p=${p1024}`]),
        want: ['mail.dkim.key-found', 'mail.dkim.key-short'],
      },
      sha1: {
        lines: zoneTxt(`sha1._domainkey.${DOMAIN}`, splitTxt(`v=DKIM1; k=rsa; h=sha1; p=${good.publicKey}`)),
        want: ['mail.dkim.hash-sha1', 'mail.dkim.key-found'],
      },
      // The key entered as two records (as a DNS panel does with two pasted strings), not one of two strings.
      split: {
        lines: good.strings.map((s) => zoneTxt(good.name, [s])).join('\n'),
        want: ['mail.dkim.split-records', 'mail.dkim.syntax'],
      },
    };
    for (const [sel, c] of Object.entries(cases)) zone.set(sel, c.lines);
    await zone.publish();
    const audit = await auditDkim({
      resolver: zone.resolver(),
      domain: DOMAIN,
      ips: [],
      selectors: Object.keys(cases),
    });
    for (const [sel, c] of Object.entries(cases)) {
      const r = await checkDkim(zone.resolver(), { domain: DOMAIN, selector: sel });
      assert.deepEqual(ids(r.findings), c.want, sel);
      const fromAudit = audit.findings.filter((f) => f.params?.selector === sel);
      assert.deepEqual(fromAudit, r.findings, `${sel}: mail audit and dkim check agree`);
    }
    const revoked = (await checkDkim(zone.resolver(), { domain: DOMAIN, selector: 'revoked' })).findings[0];
    assert.equal(revoked?.severity, 'fail');
  });

  it('a string over 255 bytes: BIND refuses the zone (named-checkzone), check --record finds it', async () => {
    const k = keygen('long');
    const unsplit = `${k.name}. IN TXT "${k.value}"`;
    const file = path.join(zone.dir, 'long.zone');
    writeFileSync(
      file,
      `$TTL 60\n@ IN SOA ns hm 1 60 60 600 60\n@ IN NS ns\nns IN A 127.0.0.1\n${unsplit}\n`,
    );
    const checkzone = findTool('named-checkzone');
    if (checkzone) {
      const r = spawnSync(checkzone, [DOMAIN, file], { encoding: 'utf8' });
      assert.notEqual(r.status, 0);
      assert.match(`${r.stdout}${r.stderr}`, /syntax error/);
    }
    const r = await checkDkim(undefined, { domain: DOMAIN, selector: 'long', recordText: unsplit });
    const f = r.findings.find((x) => x.id === 'mail.dkim.string-too-long');
    assert.equal(f?.severity, 'fail');
    assert.equal(f?.params?.bytes, Buffer.byteLength(k.value));
    // The record as keygen printed it passes the same check, and so does BIND.
    const ok = await checkDkim(undefined, {
      domain: DOMAIN,
      selector: 'long',
      recordText: k.zoneRecord,
      keyFile: k.privateKeyFile,
    });
    assert.deepEqual(ids(ok.findings), ['mail.dkim.key-found', 'mail.dkim.key-match']);
    // Pasted into one string with its quotes (a DNS panel's field), the record is caught too.
    const pasted = await checkDkim(undefined, {
      domain: DOMAIN,
      selector: 'long',
      recordText: k.strings.map((s) => `"${s}"`).join(' '),
    });
    assert.deepEqual(ids(pasted.findings), ['mail.dkim.key-found']);
    // Pasted with its zone-file quotes into a panel's one field, the quotes end up inside the strings.
    const name = `quoted._domainkey.${DOMAIN}`;
    zone.set(
      name,
      zoneTxt(name, splitTxt(`v=DKIM1; k=rsa; p=${k.publicKey.slice(0, 200)}" "${k.publicKey.slice(200)}`)),
    );
    await zone.publish();
    const quoted = await checkDkim(zone.resolver(), { domain: DOMAIN, selector: 'quoted' });
    const syntax = quoted.findings.find((x) => x.id === 'mail.dkim.syntax');
    assert.match((syntax?.params?.errors as { en: string } | undefined)?.en ?? '', /quote characters/);
  });

  it('rotation: the plan followed step by step keeps every message signed and verifiable', async () => {
    // Today: selector old1 publishes the key OpenDKIM signs with.
    const old = keygen('old1');
    zone.set(old.name, old.zoneRecord);
    await zone.publish();
    const newKey = keygen('new1');
    const plan = await rotationPlan({
      domain: DOMAIN,
      from: 'old1',
      to: 'new1',
      keyDir: keys,
      start: new Date('2026-12-07T00:00:00Z'),
      ttlSeconds: 3600,
    });
    assert.deepEqual(
      plan.steps.map((s) => [s.kind, s.at]),
      [
        ['publish-new', '2026-12-07T00:00:00Z'],
        ['wait-ttl', '2026-12-07T01:00:00Z'],
        ['switch-signer', '2026-12-07T01:00:00Z'],
        ['keep-old', '2026-12-07T01:00:00Z'],
        ['revoke-old', '2026-12-14T01:00:00Z'],
      ],
    );
    let signer = old.opendkim;
    let algorithmSelector = 'old1';
    const inFlight: string[] = [];
    const verifyAll = async (label: string, expectFailing: string[] = []) => {
      const fresh = opendkimSign(zone.dir, signer, 'rsa-sha256', message(100 + inFlight.length));
      inFlight.push(fresh);
      const v = await mailauthVerdicts(zone, fresh);
      assert.deepEqual(
        v,
        [{ selector: algorithmSelector, result: 'pass' }],
        `${label}: a new message verifies`,
      );
      for (const m of inFlight) {
        const [r] = await mailauthVerdicts(zone, m);
        // After revocation, mail signed with the old key no longer verifies: that is what the week before it is for.
        const passes = !expectFailing.includes(r?.selector ?? '');
        assert.equal(r?.result === 'pass', passes, `${label}: ${r?.selector} ${r?.result}`);
      }
    };
    const runCheck = async (step: (typeof plan.steps)[number]) => {
      const m = /--selector (\S+)(?: --key (\S+))?/.exec(step.check.command);
      assert.ok(m, step.check.command);
      const r = await checkDkim(zone.resolver(), {
        domain: DOMAIN,
        selector: m[1] as string,
        ...(m[2] ? { keyFile: m[2] } : {}),
      });
      assert.ok(
        ids(r.findings).includes(step.check.expect),
        `${step.kind}: ${step.check.command} → ${ids(r.findings)}`,
      );
    };
    await verifyAll('before');
    for (const step of plan.steps) {
      if (step.kind === 'publish-new' || step.kind === 'revoke-old') {
        const [record] = step.records;
        assert.ok(record);
        const owner = step.kind === 'publish-new' ? newKey.name : old.name;
        zone.set(owner, record);
        // The step's own command: `rndc reload dkim.test   # …`, run against the test BIND.
        const rndc = step.commands.find((c) => c.startsWith('rndc '));
        assert.ok(rndc, `${step.kind} names the zone reload`);
        await zone.publish(rndc.replace(/#.*$/, '').trim().split(/\s+/).slice(1));
      }
      if (step.kind === 'publish-new') assert.equal(step.records[0], newKey.zoneRecord, 'the exact record');
      if (step.kind === 'switch-signer') {
        assert.ok(step.signer);
        assert.ok(step.remove?.includes(old.opendkim.keyTable));
        signer = step.signer.opendkim;
        algorithmSelector = 'new1';
      }
      await runCheck(step);
      await verifyAll(step.kind, step.kind === 'revoke-old' ? ['old1'] : []);
    }
    assert.equal(inFlight.length, 6);
  });
});
