import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { keyMatches, recordStrings } from './check.js';
import { dkimRecordFor, splitTxt, zoneTxt } from './keygen.js';
import { dkimSelectorFindings, parseDkimRecord, selectorFromRecords } from './record.js';
import { parsePlanDate, rotationPlan } from './rotate.js';

const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;
const spki = (bits: number) => rsa(bits).export({ type: 'spki', format: 'der' }).toString('base64');
const P2048 = spki(2048);

/** The findings of one record (a table row), as `mail dkim check` and `mail audit` both judge it. */
function judge(records: string[][]): string[] {
  const r = selectorFromRecords('s', 's._domainkey.example.org', records);
  return dkimSelectorFindings(r, { domain: 'example.org', given: true, anyFound: true })
    .map((f) => `${f.severity} ${f.id}`)
    .sort();
}

test('record table: each record and the findings it must produce', () => {
  const rows: [string, string[][], string[]][] = [
    ['good, split at 255', [splitTxt(`v=DKIM1; k=rsa; p=${P2048}`)], ['ok mail.dkim.key-found']],
    ['revoked', [['v=DKIM1; p=']], ['fail mail.dkim.revoked']],
    ['testing', [splitTxt(`v=DKIM1; t=y; p=${P2048}`)], ['ok mail.dkim.key-found', 'warn mail.dkim.testing']],
    ['1024 bits', [[`v=DKIM1; p=${spki(1024)}`]], ['ok mail.dkim.key-found', 'warn mail.dkim.key-short']],
    [
      'sha1 only',
      [splitTxt(`v=DKIM1; h=sha1; p=${P2048}`)],
      ['fail mail.dkim.hash-sha1', 'ok mail.dkim.key-found'],
    ],
    ['sha1:sha256', [splitTxt(`v=DKIM1; h=sha1:sha256; p=${P2048}`)], ['ok mail.dkim.key-found']],
    [
      's=tlsrpt',
      [splitTxt(`v=DKIM1; s=tlsrpt; p=${P2048}`)],
      ['fail mail.dkim.service-not-email', 'ok mail.dkim.key-found'],
    ],
    ['s=email:tlsrpt', [splitTxt(`v=DKIM1; s=email:tlsrpt; p=${P2048}`)], ['ok mail.dkim.key-found']],
    ['one string of 400 bytes', [[`v=DKIM1; k=rsa; p=${P2048}`]], ['fail mail.dkim.string-too-long']],
    [
      'two records',
      splitTxt(`v=DKIM1; k=rsa; p=${P2048}`).map((s) => [s]),
      ['fail mail.dkim.split-records', 'fail mail.dkim.syntax'],
    ],
    ['no p=', [['v=DKIM1; k=rsa']], ['fail mail.dkim.syntax']],
    ['not a key', [['google-site-verification=abc']], ['fail mail.dkim.selector-missing']],
  ];
  for (const [what, records, want] of rows) assert.deepEqual(judge(records), want, what);
});

test('parseDkimRecord: tags h, s, n, t=s and the strings as published', () => {
  const k = parseDkimRecord([
    `v=DKIM1; k=rsa; h=sha256; s=email; t=s:y; n=rotated 2026; p=${P2048.slice(0, 150)}`,
    P2048.slice(150),
  ]);
  assert.deepEqual(
    [k.hashes, k.services, k.strict, k.testing, k.notes, k.bits, k.strings.length, k.longStrings],
    [['sha256'], ['email'], true, true, 'rotated 2026', 2048, 2, []],
  );
  const pasted = parseDkimRecord([`v=DKIM1; p=${P2048.slice(0, 100)}" "${P2048.slice(100)}`]);
  assert.match(pasted.errors.join(), /quote characters/);
  assert.match(pasted.problems[0]?.ja ?? '', /引用符/);
});

test('keygen records: strings of at most 255 bytes that join to the record; zone text BIND reads', () => {
  for (const bits of [1024, 2048]) {
    const p = spki(bits);
    const r = dkimRecordFor('example.org', 's', 'rsa', p);
    assert.ok(r.strings.every((s) => s.length <= 255 && s.length > 0));
    assert.equal(r.strings.join(''), `v=DKIM1; k=rsa; p=${p}`);
    assert.deepEqual(recordStrings(r.zoneRecord), r.strings, 'the zone text reads back');
  }
  assert.deepEqual(splitTxt('x'.repeat(510)), ['x'.repeat(255), 'x'.repeat(255)]);
  assert.equal(zoneTxt('a.example', ['say "hi"\\']), 'a.example. IN TXT "say \\"hi\\"\\\\"');
  assert.deepEqual(recordStrings('a.example. IN TXT "say \\"hi\\"\\\\" "\\065"'), ['say "hi"\\', 'A']);
  assert.deepEqual(recordStrings('v=DKIM1; p='), ['v=DKIM1; p=']);
  assert.throws(() => recordStrings('hello world'), /no quoted TXT strings or DKIM tags/);
});

test('keyMatches: SPKI or bare PKCS#1 published, compared by modulus and exponent', () => {
  const pub = rsa(1024);
  const asSpki = pub.export({ type: 'spki', format: 'der' }).toString('base64');
  const asPkcs1 = pub.export({ type: 'pkcs1', format: 'der' }).toString('base64');
  for (const p of [asSpki, asPkcs1]) {
    assert.equal(keyMatches(parseDkimRecord(`v=DKIM1; p=${p}`), { type: 'rsa', publicKey: asSpki }), true);
  }
  assert.equal(
    keyMatches(parseDkimRecord(`v=DKIM1; p=${asSpki}`), { type: 'rsa', publicKey: spki(1024) }),
    false,
  );
  assert.equal(
    keyMatches(parseDkimRecord(`v=DKIM1; p=${asSpki}`), { type: 'ed25519', publicKey: asSpki }),
    false,
  );
});

test('rotation dates and refusals', async () => {
  assert.equal(parsePlanDate('2026-12-07').toISOString(), '2026-12-07T00:00:00.000Z');
  assert.equal(parsePlanDate('2026-12-07T09:30+09:00').toISOString(), '2026-12-07T00:30:00.000Z');
  for (const bad of ['2026-02-31', 'tomorrow', '2026-12-07T09:30', '07/12/2026'])
    assert.throws(() => parsePlanDate(bad), /not a date/, bad);
  const plan = await rotationPlan({
    domain: 'Example.ORG',
    from: 'a',
    to: 'b',
    start: new Date('2026-12-31T12:00:00Z'),
    ttlSeconds: 0,
    keepDays: 1,
    keyDir: '/nonexistent',
  });
  assert.deepEqual(
    plan.steps.map((s) => s.at),
    [
      '2026-12-31T12:00:00Z',
      '2026-12-31T12:00:00Z',
      '2026-12-31T12:00:00Z',
      '2026-12-31T12:00:00Z',
      '2027-01-01T12:00:00Z',
    ],
  );
  assert.equal(plan.newKeyExists, false);
  assert.match(
    plan.steps[0]?.commands[0] ?? '',
    /^netdoctor mail dkim keygen example\.org --selector b --type rsa --out \/nonexistent$/,
  );
  assert.equal(plan.steps[4]?.records[0], 'a._domainkey.example.org. IN TXT "v=DKIM1; p="');
  await assert.rejects(rotationPlan({ domain: 'example.org', from: 'a', to: 'A' }), /must differ/);
  await assert.rejects(
    rotationPlan({ domain: 'example.org', from: 'a', to: 'b', keepDays: 0 }),
    /from 1 to 90/,
  );
});
