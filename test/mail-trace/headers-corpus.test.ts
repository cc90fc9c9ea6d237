/**
 * Header conformance: the header sections of ../shared/corpus/mail-headers (SpamAssassin's test
 * messages), of every sisimai bounce and of mailauth's test messages, traced by traceHeaders and
 * checked against postal-mime's reading of the same message: as many hops as Received fields, the
 * same Message-ID, and the From address postal-mime finds inside the From that traceHeaders keeps.
 * Prints `N passed, M failed` per corpus; any failure fails. Facts SpamAssassin's own tests rely
 * on are checked for two messages.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import PostalMime from 'postal-mime';
import { traceHeaders } from '../../src/mail/trace/index.js';
import { needCorpus } from './need-corpus.js';

const bare = (id: string | undefined) => (id ?? '').trim().replace(/^<|>$/g, '');

/** Why traceHeaders and postal-mime disagree on `file`, or undefined when they agree. */
async function disagreement(file: string): Promise<string | undefined> {
  const bytes = readFileSync(file);
  const t = traceHeaders(bytes.toString('utf8'));
  const e = await PostalMime.parse(bytes);
  const received = e.headers.filter((h) => h.key === 'received').length;
  if (t.hops.length !== received) return `${t.hops.length} hops, ${received} Received fields`;
  if (bare(t.messageId) !== bare(e.messageId)) return `Message-ID ${t.messageId} vs ${e.messageId}`;
  const from = e.from && 'address' in e.from ? e.from.address : undefined;
  if (from && !(t.from ?? '').toLowerCase().includes(from.toLowerCase())) return `From ${t.from} vs ${from}`;
  return undefined;
}

/** Every file of `dir` (ending in `ext`) through `disagreement`; at least `least` files. */
async function conformance(dir: string, least: number, ext = ''): Promise<void> {
  const files = readdirSync(dir).filter((f) => f.endsWith(ext));
  assert.ok(files.length >= least, `${dir}: ${files.length} files, expected at least ${least}`);
  const failed: string[] = [];
  for (const f of files) {
    const why = await disagreement(path.join(dir, f));
    if (why) failed.push(`${f}: ${why}`);
  }
  console.log(`${path.basename(dir)}: ${files.length - failed.length} passed, ${failed.length} failed`);
  assert.deepEqual(failed, []);
}

test('mail-headers/spamassassin: every header section agrees with postal-mime', async (t) => {
  const dir = needCorpus(t, 'mail-headers');
  if (dir) await conformance(path.join(dir, 'spamassassin'), 21, '.eml');
});

test('spamassassin 001: six hops, the first outside hop and the relay the last receiver saw', (t) => {
  const dir = needCorpus(t, 'mail-headers');
  if (!dir) return;
  const tr = traceHeaders(readFileSync(path.join(dir, 'spamassassin', '001.eml'), 'utf8'));
  assert.equal(tr.hops.length, 6);
  assert.deepEqual(
    tr.hops.map((h) => h.ip ?? '-'),
    ['-', '62.122.4.47', '127.0.0.1', '141.154.95.22', '-', '212.17.35.15'],
  );
  assert.equal(tr.relay?.ip, '212.17.35.15');
  assert.equal(tr.leftSenderAt?.ip, '141.154.95.22');
  assert.equal(tr.hops[3]?.delaySeconds, 4464);
});

test('spamassassin authres: every Authentication-Results variant is read', (t) => {
  const dir = needCorpus(t, 'mail-headers');
  if (!dir) return;
  const tr = traceHeaders(readFileSync(path.join(dir, 'spamassassin', 'authres.eml'), 'utf8'));
  const methods = new Set(tr.authResults.map((a) => a.method));
  assert.ok(methods.has('spf') && methods.has('dkim'), [...methods].join(','));
  assert.ok(tr.findings.some((f) => f.id === 'mail.headers.auth-failed'));
});

test("sisimai bounces: each bounce's own header section agrees with postal-mime", async (t) => {
  const dir = needCorpus(t, 'sisimai-bounces');
  if (!dir) return;
  await conformance(path.join(dir, 'maildir-bsd'), 612);
  await conformance(path.join(dir, 'maildir-not'), 2);
});

test('mailauth-vectors messages (Gmail, Mailgun, Haraka chains with ARC) agree with postal-mime', async (t) => {
  const dir = needCorpus(t, 'mailauth-vectors');
  if (dir) await conformance(path.join(dir, 'messages'), 5, '.eml');
});
