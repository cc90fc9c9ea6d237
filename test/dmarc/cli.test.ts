/**
 * `netdoctor dmarc` end to end: reverse DNS through the real BIND, --json, --csv, --mail, stdin,
 * the user's time zone, hostile inputs (one line each on stderr, the rest still read, exit status)
 * and ingest + summary against a real SQLite file.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { MiB } from '../../src/core/input.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';
import { fixture, gz, reportMail, SAMPLE, SAMPLE_NS, zip, zipBomb } from './build.js';

const FIX = fileURLToPath(new URL('../fixtures/dmarc/', import.meta.url));
const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-dmarc-cli-'));
let bind: BindServer;
before(async () => {
  bind = await startBind();
});
after(async () => {
  await bind?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], stdinData?: Buffer) => runCliCaptured(args, { stdin: stdinData });

function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
      env: { ...process.env, LANG: 'C', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (status) => resolve({ status, out, err }));
  });
}

const sample = path.join(FIX, SAMPLE);

test('read: source IPs get their PTR names from the resolver; findings and exit status 1', async () => {
  const r = await cli(['dmarc', 'read', sample, '--server', bind.address, '--json']);
  assert.equal(r.status, 1, r.err);
  const doc = JSON.parse(r.out);
  assert.deepEqual(doc.ptr, {
    '198.51.100.10': 'mail.example.test',
    '198.51.100.30': 'newsletter.example.test',
  });
  assert.deepEqual(
    doc.findings.map((f: { id: string }) => f.id),
    [
      'dmarc.source.unauthorised',
      'dmarc.spf.missing-sender',
      'dmarc.dkim.other-domain',
      'dmarc.policy.none',
      'dmarc.domain.partial',
    ],
  );
  assert.match(doc.findings[1].title, /198\.51\.100\.30 \(newsletter\.example\.test\)/);
  assert.equal(doc.reports[0].report.records.length, 4);
});

test('read --no-resolve sends no DNS and shows no names; text has the report and the records', async () => {
  const r = await cli(['dmarc', 'read', sample, '--no-resolve', '--server', '127.0.0.1:9']);
  assert.equal(r.status, 1);
  assert.match(
    r.out,
    /Report {3}reporter\.example <dmarc-noreply@reporter\.example> {2}id rx-2023-11-14-0001/,
  );
  assert.match(r.out, /Domain {3}example\.test {2}policy p=none sp=none adkim=r aspf=r pct=100/);
  assert.match(r.out, /198\.51\.100\.20 +- +7 +example\.test +none +fail +fail/);
});

test('read --csv: a header and one flat row per record', async () => {
  const r = await cli(['dmarc', 'read', sample, path.join(FIX, SAMPLE_NS), '--no-resolve', '--csv']);
  const lines = r.out.trimEnd().split('\r\n');
  assert.equal(lines.length, 1 + 4 + 1);
  assert.equal(lines[0]?.split(',')[7], 'source_ip');
  const row = lines[2]?.split(',') ?? [];
  assert.deepEqual(
    [row[1], row[2], row[7], row[9], row[15]],
    ['reporter.example', 'rx-2023-11-14-0001', '198.51.100.20', '7', 'fail'],
  );
});

test('read - --mail: a Google-style report mail on stdin becomes an RFC 5322 message for sendmail -t', async () => {
  const mail = reportMail(zip({ [SAMPLE]: fixture(SAMPLE) }));
  const r = await cli(
    ['dmarc', 'read', '-', '--no-resolve', '--mail', '--mail-to', 'admin@example.test', '--lang', 'ja'],
    mail,
  );
  assert.equal(r.status, 1, r.err);
  const parsed = await simpleParser(r.out);
  assert.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '', 'admin@example.test');
  assert.match(parsed.subject ?? '', /^DMARC レポート: example\.test（146 通中 135 通が DMARC 合格）/);
  assert.ok(parsed.date instanceof Date && !Number.isNaN(parsed.date.getTime()));
  assert.match(parsed.text ?? '', /198\.51\.100\.20/);
  assert.match(parsed.text ?? '', /SPF と DKIM の両方のアライメントに失敗/);
});

test('the period is shown in the user’s time zone (TZ)', async () => {
  const r = await spawnCli(['dmarc', 'read', sample, '--no-resolve'], { TZ: 'Asia/Tokyo' });
  assert.match(r.out, /Period {3}2023-11-15 07:13 GMT\+9 – 2023-11-16 07:13 GMT\+9/);
});

test('hostile and broken inputs: one line each on stderr naming the file, the good file still read, exit 1', async () => {
  const bomb = path.join(dir, 'bomb.zip');
  writeFileSync(bomb, zipBomb(64 * MiB, 100));
  const gzbomb = path.join(dir, 'bomb.xml.gz');
  writeFileSync(gzbomb, gz(Buffer.alloc(32 * MiB)));
  const trunc = path.join(dir, 'truncated.xml.gz');
  const g = gz(fixture(SAMPLE));
  writeFileSync(trunc, g.subarray(0, g.length - 20));
  const bad = ['billion-laughs.xml', 'xxe.xml', 'not-dmarc.xml', 'malformed.eml'].map((f) =>
    path.join(FIX, f),
  );
  const r = await spawnCli([
    'dmarc',
    'read',
    ...bad,
    bomb,
    gzbomb,
    trunc,
    sample,
    '--no-resolve',
    '--max-size',
    '4',
    '--json',
  ]);
  assert.equal(r.status, 1, r.err);
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines.length, 7, r.err);
  for (const [i, file] of [...bad, bomb, gzbomb, trunc].entries()) {
    assert.ok(lines[i]?.startsWith(`netdoctor: ${file}`), `${lines[i]} names ${file}`);
  }
  assert.match(lines[0] ?? '', /DOCTYPE/);
  assert.match(lines[4] ?? '', /zip bomb/);
  assert.match(lines[5] ?? '', /gzip bomb/);
  assert.match(lines[6] ?? '', /truncated gzip stream/);
  assert.doesNotMatch(r.err, /\bat .*\.ts:\d+/, 'no stack trace');
  assert.doesNotMatch(r.out, /root:x:0:0/, 'XXE did not read /etc/passwd');
  const doc = JSON.parse(r.out);
  assert.equal(doc.reports.length, 1);
  assert.equal(doc.findings.find((f: { id: string }) => f.id === 'dmarc.input.unreadable')?.severity, 'fail');
});

test('nothing readable: exit status 2 with one line per input', async () => {
  const r = await cli(['dmarc', 'read', path.join(FIX, 'not-dmarc.xml'), '--no-resolve']);
  assert.equal(r.status, 2);
  // One input: its own error is the run's one line.
  assert.match(r.err, /^netdoctor: .*not-dmarc\.xml: not a DMARC aggregate report[^\n]*\n$/);
  const two = await cli([
    'dmarc',
    'read',
    path.join(FIX, 'not-dmarc.xml'),
    path.join(FIX, 'xxe.xml'),
    '--no-resolve',
  ]);
  assert.equal(two.status, 2);
  assert.match(two.err, /no report could be read from the 2 failing input\(s\) above/);
});

test('ingest twice then summary: stored once, pass rates per domain, day and source', async () => {
  const db = path.join(dir, 'h.db');
  const first = await cli(['dmarc', 'ingest', FIX, '--db', db, '--json']);
  assert.equal(first.status, 1, 'the hostile fixtures in the folder are reported');
  assert.equal(JSON.parse(first.out).stored, 2);
  const second = await cli(['dmarc', 'ingest', sample, path.join(FIX, SAMPLE_NS), '--db', db, '--json']);
  assert.equal(second.status, 0);
  assert.deepEqual([JSON.parse(second.out).stored, JSON.parse(second.out).duplicates], [0, 2]);
  const s = await cli(['dmarc', 'summary', '--db', db, '--domain', 'example.test', '--json']);
  const doc = JSON.parse(s.out);
  assert.deepEqual(doc.domains, [
    { domain: 'example.test', reports: 2, messages: 179, dmarcPass: 168, dkimPass: 168, spfPass: 153 },
  ]);
  assert.equal(doc.findings[0].id, 'dmarc.history.domain');
  const none = await cli(['dmarc', 'summary', '--db', db, '--since', '1d']);
  assert.match(none.out, /No stored reports match/);
  const bad = await cli(['dmarc', 'summary', '--db', db, '--since', 'yesterday']);
  assert.equal(bad.status, 2);
  assert.match(bad.err, /--since: must be like 30d/);
});

test('--max-size is validated with a message naming the flag', async () => {
  const r = await cli(['dmarc', 'read', sample, '--max-size', '0', '--no-resolve']);
  assert.equal(r.status, 2);
  assert.match(r.err, /^netdoctor: --max-size: must be a number from 1 to 4096/);
});
