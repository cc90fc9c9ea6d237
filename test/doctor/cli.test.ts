/**
 * `netdoctor doctor` on the command line without peers: bad input is one line naming it and exit
 * 2, before anything is sent; the HTML report is never written over the store it reads; progress
 * goes to stderr while stdout stays one JSON document; kept reports round-trip through
 * `doctor history` and `doctor show`. (The whole site against real peers: doctor.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nd-doctor-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
// Nothing listens on 127.0.0.1:1: DNS is refused at once, the report says so.
const dead = ['--server', '127.0.0.1:1', '--timeout', '0.2', '--retries', '0', '--ports', '1'];

test('bad input: one line naming it, exit 2', async () => {
  for (const [args, named] of [
    [['doctor', 'bad_domain!'], /^netdoctor: bad_domain!: /],
    [['doctor', 'example.test', '--ip', '192.0.2.300'], /^netdoctor: 192\.0\.2\.300: /],
    [['doctor', 'example.test', '--ports', '80,70000'], /^netdoctor: --ports: /],
    [['doctor', 'example.test', '--ns-port', '0'], /^netdoctor: --ns-port: /],
    [['doctor', 'show', 'x1', '--db', path.join(tmp, 'none.db')], /^netdoctor: x1: not a report id/],
  ] as const) {
    const r = await runCliCaptured([...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, named);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.equal(r.out, '');
  }
});

test('--html over the store is refused before the run; the store is left as it was', async () => {
  const db = path.join(tmp, 'store.db');
  const kept = await runCliCaptured(['doctor', 'example.test', ...dead, '--db', db, '--keep', '--json']);
  assert.equal(kept.status, 1, kept.err);
  assert.equal(JSON.parse(kept.out).kept, 1);
  const before = readFileSync(db);
  const r = await runCliCaptured(['doctor', 'example.test', ...dead, '--db', db, '--html', db]);
  assert.equal(r.status, 2);
  assert.match(r.err, /^netdoctor: --html: the output .* is the input /);
  assert.deepEqual(readFileSync(db), before);
});

test('--progress: progress on stderr, one JSON document on stdout; kept reports listed and shown again', async () => {
  const db = path.join(tmp, 'progress.db');
  const r = await runCliCaptured([
    'doctor',
    'example.test',
    ...dead,
    '--db',
    db,
    '--json',
    '--progress',
    '--keep',
  ]);
  assert.equal(r.status, 1, r.err);
  const doc = JSON.parse(r.out);
  assert.equal(doc.domain, 'example.test');
  assert.match(r.err, /DNS delegation and name servers|Mail \(MX, SPF, DKIM, DMARC, SMTP\)/);
  const list = JSON.parse((await runCliCaptured(['doctor', 'history', '--db', db, '--json'])).out);
  assert.deepEqual(
    list.reports.map((x: { id: number; domain: string; worst: string }) => [x.id, x.domain, x.worst]),
    [[1, 'example.test', 'warn']],
  );
  const html = path.join(tmp, 'shown.html');
  const shown = await runCliCaptured([
    'doctor',
    'show',
    '1',
    '--db',
    db,
    '--json',
    '--lang',
    'ja',
    '--html',
    html,
  ]);
  assert.equal(shown.status, 1, shown.err);
  const again = JSON.parse(shown.out);
  assert.deepEqual(
    again.findings.map((f: { id: string }) => f.id),
    doc.findings.map((f: { id: string }) => f.id),
  );
  assert.equal(again.lang, 'ja');
  assert.match(readFileSync(html, 'utf8'), /<html lang="ja">[\s\S]*サイト診断レポート: example\.test/);
});
