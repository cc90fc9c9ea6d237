import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { parseDkimKey } from './dkim.js';
import { parseDmarc } from './dmarc.js';

const rsa = (bits: number) =>
  generateKeyPairSync('rsa', { modulusLength: bits })
    .publicKey.export({ type: 'spki', format: 'der' })
    .toString('base64');

test('parseDkimKey: RSA key length from the key itself, folding whitespace in p= ignored', () => {
  const p = rsa(1024);
  const k = parseDkimKey(`v=DKIM1; k=rsa; t=s:y; p=${p.slice(0, 40)} ${p.slice(40)}`);
  assert.deepEqual([k.keyType, k.bits, k.testing, k.revoked, k.errors], ['rsa', 1024, true, false, []]);
});

test('parseDkimKey: revoked, missing p=, wrong version, duplicate tags, bad base64', () => {
  assert.equal(parseDkimKey('v=DKIM1; p=').revoked, true);
  const rows: [string, RegExp][] = [
    ['v=DKIM1; k=rsa', /"p=" .* missing/],
    ['k=rsa; v=DKIM1; p=', /must be "v=DKIM1" and come first/],
    ['v=DKIM1; p=abc; p=def', /appears twice/],
    ['v=DKIM1; p=not*base64', /not valid base64/],
    ['v=DKIM1; k=ed25519; p=AAAA', /32 bytes/],
    ['v=DKIM1; k=dsa; p=AAAA', /unknown key type/],
  ];
  for (const [record, want] of rows) {
    const { errors } = parseDkimKey(record);
    assert.ok(
      errors.some((e) => want.test(e)),
      `${record}: ${errors.join('; ') || 'no error'}`,
    );
  }
});

test('parseDmarc: tags, defaults and errors', () => {
  const d = parseDmarc(
    'v=DMARC1; p=quarantine; sp=reject; pct=25; adkim=s; rua=mailto:a@example.org,mailto:b@example.net!10m',
  );
  assert.deepEqual(
    [d.p, d.sp, d.pct, d.adkim, d.aspf, d.rua, d.errors],
    ['quarantine', 'reject', 25, 's', 'r', ['mailto:a@example.org', 'mailto:b@example.net!10m'], []],
  );
  const rows: [string, RegExp][] = [
    ['v=DMARC1; p=block', /must be none, quarantine or reject/],
    ['v=DMARC1; p=none; pct=150', /pct=150/],
    ['v=DMARC1; p=none; adkim=x', /r \(relaxed\) or s/],
    ['v=DMARC1; rua=mailto:a@example.org', /"p=" is missing/],
    ['v=DMARC1; p=none; rua=https://example.org/r', /not a mailto/],
    ['v=DMARC1; p=none; p=reject', /appears twice/],
  ];
  for (const [record, want] of rows) {
    const { errors } = parseDmarc(record);
    assert.ok(
      errors.some((e) => want.test(e)),
      `${record}: ${errors.join('; ') || 'no error'}`,
    );
  }
});
