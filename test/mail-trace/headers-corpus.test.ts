/**
 * Header conformance: the Received chains of ../shared/corpus/mail-headers (SpamAssassin's test
 * messages) and the headers embedded in every sisimai bounce parse without an error, with the
 * facts SpamAssassin's own tests rely on checked for a few.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { traceHeaders } from '../../src/mail/trace/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const sa = corpusDir('mail-headers');
const sisimai = corpusDir('sisimai-bounces');

test('mail-headers/spamassassin: every message traces without an error', {
  skip: sa ? false : corpusSkipReason('mail-headers'),
}, () => {
  const dir = path.join(sa as string, 'spamassassin');
  let hops = 0;
  let files = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
    const t = traceHeaders(readFileSync(path.join(dir, file), 'utf8'));
    files++;
    hops += t.hops.length;
    for (const h of t.hops) assert.ok(h.raw.length > 0, `${file}: empty hop`);
  }
  console.log(`${files} passed, 0 failed (${hops} hops)`);
  assert.ok(files >= 10);
});

test('spamassassin 001: six hops, the first outside hop and the relay the last receiver saw', {
  skip: sa ? false : corpusSkipReason('mail-headers'),
}, () => {
  const t = traceHeaders(readFileSync(path.join(sa as string, 'spamassassin', '001.eml'), 'utf8'));
  assert.equal(t.hops.length, 6);
  assert.deepEqual(
    t.hops.map((h) => h.ip ?? '-'),
    ['-', '62.122.4.47', '127.0.0.1', '141.154.95.22', '-', '212.17.35.15'],
  );
  assert.equal(t.relay?.ip, '212.17.35.15');
  assert.equal(t.leftSenderAt?.ip, '141.154.95.22');
  assert.equal(t.hops[3]?.delaySeconds, 4464);
});

test('spamassassin authres: every Authentication-Results variant is read', {
  skip: sa ? false : corpusSkipReason('mail-headers'),
}, () => {
  const t = traceHeaders(readFileSync(path.join(sa as string, 'spamassassin', 'authres.eml'), 'utf8'));
  const methods = new Set(t.authResults.map((a) => a.method));
  assert.ok(methods.has('spf') && methods.has('dkim'), [...methods].join(','));
  assert.ok(t.findings.some((f) => f.id === 'mail.headers.auth-failed'));
});

test("sisimai bounces: each bounce's own header section traces without an error", {
  skip: sisimai ? false : corpusSkipReason('sisimai-bounces'),
}, () => {
  const dir = path.join(sisimai as string, 'maildir-bsd');
  let n = 0;
  for (const file of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const t = traceHeaders(text);
    assert.ok(Array.isArray(t.hops), file);
    n++;
  }
  console.log(`${n} passed, 0 failed`);
});

const mailauth = corpusDir('mailauth-vectors');

test('mailauth-vectors messages (Gmail, Mailgun, Haraka chains with ARC) trace without an error', {
  skip: mailauth ? false : corpusSkipReason('mailauth-vectors'),
}, () => {
  const dir = path.join(mailauth as string, 'messages');
  let n = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
    const t = traceHeaders(readFileSync(path.join(dir, file), 'utf8'));
    assert.ok(t.hops.length > 0 || t.findings.some((f) => f.id === 'mail.headers.no-received'), file);
    n++;
  }
  console.log(`${n} passed, 0 failed`);
  assert.ok(n > 0);
});
