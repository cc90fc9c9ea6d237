/**
 * `netdoctor mail explain|headers` end to end: --json, exit status 0/1/2, both languages, and
 * hostile input (binary garbage, a 50 MB message, a directory, no headers) answered in one line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readMessageHead } from '../../src/mail/trace/index.js';
import { runCliCaptured } from '../harness/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/mail-trace/', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'nd-mail-trace-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[], stdinText?: string | Buffer) => runCliCaptured(args, { stdin: stdinText });

test('every fixture renders in English and Japanese (all catalog parameters given)', async () => {
  for (const file of readdirSync(FIXTURES)) {
    const action = file.startsWith('headers-') ? 'headers' : 'explain';
    for (const lang of ['en', 'ja']) {
      const r = await cli(['mail', action, path.join(FIXTURES, file), '--lang', lang]);
      assert.equal(r.err, '', `${file} ${lang}: ${r.err}`);
      assert.ok(r.status === 0 || r.status === 1, `${file} ${lang}: status ${r.status}`);
    }
  }
});

test('explain a pasted reply: --json with the reason, exit 1', async () => {
  const r = await cli([
    'mail',
    'explain',
    '450 4.7.1 Access denied. IP name lookup failed [202.241.128.3]',
    '--json',
  ]);
  assert.equal(r.status, 1);
  const doc = JSON.parse(r.out);
  assert.equal(doc.recipients[0].reason, 'rdns-missing');
  assert.equal(doc.recipients[0].permanent, false);
  const f = doc.findings.find((x: { id: string }) => x.id === 'mail.bounce.rdns-missing');
  assert.match(f.fix, /netdoctor dns reverse 202\.241\.128\.3/);
});

test('explain from stdin, Japanese', async () => {
  const r = await cli(
    ['mail', 'explain', '-', '--lang', 'ja'],
    '550 5.1.1 <taro@example.org>: Recipient address rejected: User unknown',
  );
  assert.equal(r.status, 1);
  assert.match(r.out, /宛先のメールボックスが存在しません/);
});

test('an auto-reply only: exit 0', async () => {
  const msg =
    'From: a@example.org\nTo: b@example.jp\nSubject: Out of office\nAuto-Submitted: auto-replied\n\nI am away.\n';
  const r = await cli(['mail', 'explain', '-', '--json'], msg);
  assert.equal(r.status, 0);
  assert.equal(JSON.parse(r.out).recipients[0].reason, 'auto-reply');
});

test('headers: --json carries the hops and the relay; exit 0 for a clean chain', async () => {
  const r = await cli(['mail', 'headers', path.join(FIXTURES, 'headers-internal-relay.eml'), '--json']);
  assert.equal(r.status, 0);
  const doc = JSON.parse(r.out);
  assert.equal(doc.hops.length, 4);
  assert.equal(doc.relay.ip, '198.51.100.7');
});

test('binary garbage: exit 2, one line naming the input', async () => {
  const file = path.join(tmp, 'garbage.bin');
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
  writeFileSync(file, bytes);
  for (const action of ['explain', 'headers']) {
    const r = await cli(['mail', action, file]);
    assert.equal(r.status, 2, action);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /garbage\.bin: binary data, not a mail message/);
  }
});

test('a 50 MB message: only its start is read, and both commands answer', async () => {
  const file = path.join(tmp, 'big.eml');
  const head = readFileSync50();
  const chunk = Buffer.alloc(1024 * 1024, `${'A'.repeat(75)}\n`);
  const parts = [Buffer.from(head)];
  for (let i = 0; i < 50; i++) parts.push(chunk);
  writeFileSync(file, Buffer.concat(parts));
  const kept = await readMessageHead(file, { maxBytes: 8 * 1024 * 1024 });
  assert.ok(kept.bytes.length <= 8 * 1024 * 1024);
  assert.equal(kept.truncated, true);
  const headersOnly = await readMessageHead(file, { maxBytes: 2 * 1024 * 1024, stopAtBody: true });
  assert.ok(headersOnly.bytes.length < 4096, String(headersOnly.bytes.length));
  const e = await cli(['mail', 'explain', file, '--json']);
  assert.equal(e.status, 1, e.err);
  const doc = JSON.parse(e.out);
  assert.equal(doc.truncated, true);
  assert.equal(doc.recipients[0].reason, 'mailbox-full');
  const h = await cli(['mail', 'headers', file, '--json']);
  assert.equal(JSON.parse(h.out).hops.length, 1, h.err);
});

function readFileSync50(): string {
  return [
    'Received: from mx.example.org (mx.example.org [192.0.2.5]) by mail.example.jp (Postfix) with ESMTP id A1; Mon, 23 Nov 2026 10:00:00 +0900',
    'From: MAILER-DAEMON@mail.example.jp',
    'To: taro@example.jp',
    'Date: Mon, 23 Nov 2026 10:00:01 +0900',
    'Message-ID: <big@mail.example.jp>',
    'Subject: Undelivered Mail Returned to Sender',
    '',
    '<ichiro@example.org>: host mx.example.org[192.0.2.5] said: 552 5.2.2 Mailbox full',
    '',
    '--- Below this line is a copy of the message.',
    '',
  ].join('\n');
}

test('no header fields, a directory, a missing file, a bad flag: clear answers', async () => {
  const none = await cli(['mail', 'headers', '-', '--json'], 'just some words\nwithout any header\n');
  assert.equal(none.status, 1);
  assert.deepEqual(
    JSON.parse(none.out).findings.map((f: { id: string }) => f.id),
    ['mail.headers.none'],
  );
  const dir = await cli(['mail', 'headers', tmp]);
  assert.equal(dir.status, 2);
  assert.match(dir.err, /is a directory/);
  const missing = await cli(['mail', 'headers', path.join(tmp, 'nope.eml')]);
  assert.equal(missing.status, 2);
  assert.match(missing.err, /no such file/);
  const flag = await cli([
    'mail',
    'headers',
    path.join(FIXTURES, 'headers-clock-skew.eml'),
    '--max-delay',
    'soon',
  ]);
  assert.equal(flag.status, 2);
  assert.match(flag.err, /--max-delay/);
  const empty = await cli(['mail', 'explain', '']);
  assert.equal(empty.status, 2);
});

// Regression: megabytes of one long line once ran the bounce rules over all of it (minutes of
// regex backtracking). The rules now see a bounded prefix; this must answer promptly.
test('a hostile 4 MB single-line text is answered, not hung on', { timeout: 60_000 }, async () => {
  const file = path.join(tmp, 'long-line.txt');
  writeFileSync(file, 'host user mail from x rejected by the account '.repeat(90_000));
  const r = await cli(['mail', 'explain', file, '--json']);
  assert.ok(r.status === 0 || r.status === 1, r.err);
  JSON.parse(r.out);
  // 4 MB with no end of the header section: longer than the 2 MiB cap, refused (not cut and misread).
  const h = await cli(['mail', 'headers', file, '--json']);
  assert.equal(h.status, 2, h.err);
  assert.match(h.err, /header section is longer than the cap/);
});
