/**
 * The RFC 8463 worked example (mailauth-vectors/dkim-rfc8463, see its SOURCE.md): its key records
 * served over real DNS to netdoctor's Resolver. auditDkim must read both keys (ed25519 and a
 * 1024-bit RSA key) exactly as the published private keys imply, and mailauth's verifier, given
 * the same resolver, must verify both signatures of signed.eml — the records netdoctor reports
 * on are the ones that verify.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dkimVerify } from 'mailauth';
import { Resolver } from '../../src/dns/resolver.js';
import { auditDkim } from '../../src/mail/auth/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { SuiteDns, type ZoneData } from './suite-dns.js';

const CORPUS = 'mailauth-vectors';
const dir = corpusDir(CORPUS);
const SIGNED_AT = 1528637909000; // the signatures' t= (2018-06-10T13:38:29Z)

/** dns.json is `{ name: { TXT: [[chunk, …], …] } }`; SuiteDns takes `{ name: [{ TXT: [chunk, …] }] }`. */
function zoneData(file: string): ZoneData {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { TXT: string[][] }>;
  return Object.fromEntries(
    Object.entries(json).map(([name, v]) => [name, v.TXT.map((chunks) => ({ TXT: chunks }))]),
  );
}

function rawEd25519Public(seedBase64: string): string {
  // PKCS#8 wrapper for a raw Ed25519 seed (RFC 8410): fixed 16-byte prefix, then the 32-byte seed.
  const der = Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.from(seedBase64, 'base64'),
  ]);
  const spki = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({
    type: 'spki',
    format: 'der',
  });
  return spki.subarray(spki.length - 32).toString('base64');
}

test('RFC 8463 DKIM keys: read by auditDkim, verified by mailauth through the same resolver', {
  skip: dir ? false : corpusSkipReason(CORPUS),
}, async () => {
  const base = path.join(dir as string, 'dkim-rfc8463');
  const dns = await SuiteDns.start();
  try {
    dns.serve(zoneData(path.join(base, 'dns.json')));
    const resolver = new Resolver({ servers: [dns.address], timeoutMs: 1000 });
    const { findings, data } = await auditDkim({
      resolver,
      domain: 'football.example.com',
      ips: [],
      selectors: ['brisbane', 'test'],
    });
    const [ed, rsa] = data.selectors;
    assert.equal(ed?.key?.keyType, 'ed25519');
    assert.equal(ed?.key?.bits, 256);
    assert.equal(
      ed?.key?.tags.p,
      rawEd25519Public(readFileSync(path.join(base, 'private-ec.key'), 'utf8').trim()),
    );
    assert.equal(rsa?.key?.keyType, 'rsa');
    assert.equal(
      rsa?.key?.bits,
      createPrivateKey(readFileSync(path.join(base, 'private-rsa.key'))).asymmetricKeyDetails?.modulusLength,
    );
    assert.deepEqual(findings.map((f) => [f.id, f.params?.selector]).sort(), [
      ['mail.dkim.key-found', 'brisbane'],
      ['mail.dkim.key-found', 'test'],
      ['mail.dkim.key-short', 'test'],
    ]);

    const verdict = await dkimVerify(readFileSync(path.join(base, 'signed.eml')), {
      resolver: resolver.nodeStyle(),
      curTime: new Date(SIGNED_AT),
    } as never);
    const results = (verdict as { results: { status: { result: string }; selector: string }[] }).results;
    assert.deepEqual(results.map((r) => [r.selector, r.status.result]).sort(), [
      ['brisbane', 'pass'],
      ['test', 'pass'],
    ]);
  } finally {
    await dns.close();
  }
});
