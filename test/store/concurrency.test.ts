/**
 * Many writers, one PostgreSQL: 8 `netdoctor dmarc ingest` processes at once over overlapping
 * report folders (every report reaches two of them), with the server restarted in the middle.
 * Exactly the distinct reports are stored, with the same sums as one SQLite ingest of the same
 * files; the writers reconnect and finish; nothing is lost or doubled.
 *
 * Scaled for CI (2 cores, ~30 minutes for everything): 2,400 distinct reports (4,800 report
 * ingests, 7,200 records) instead of the 50,000; the bench (bench/store) takes the load.
 *
 * Also the `db` command's CLI: migrate --dry-run (text, Japanese, --json), copy, help, errors.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openDmarcHistory } from '../../src/store/index.js';
import { openPostgres } from '../../src/store/postgres.js';
import { generatedReport } from '../dmarc/generate.js';
import { runCliCaptured } from '../harness/cli.js';
import { type PostgresServer, postgresSkip, startPostgres } from '../harness/postgres.js';

const skip = postgresSkip();
const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-pg-writers-'));
let server: PostgresServer | undefined;
before(async () => {
  if (!skip) server = await startPostgres();
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const N = 2400;
const FOLDERS = 16;
const WRITERS = 8;

function ingest(folders: string[], db: string, viaEnv: boolean) {
  const args = ['--import', 'tsx', BIN, 'dmarc', 'ingest', ...folders, '--json'];
  if (!viaEnv) args.push('--db', db);
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(viaEnv ? { NETDOCTOR_DB: db } : {}) },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise<{ status: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, out, err })),
  );
}

test('8 writers into one PostgreSQL, restarted mid-way: exactly the distinct reports, the same sums as one SQLite ingest', {
  skip,
  timeout: 600_000,
}, async () => {
  const pg = server as PostgresServer;
  const folders = Array.from({ length: FOLDERS }, (_, f) => path.join(dir, `f${f}`));
  for (const f of folders) mkdirSync(f);
  for (let i = 0; i < N; i++) {
    const r = generatedReport(i, 1 + (i % 5));
    writeFileSync(path.join(folders[i % FOLDERS] as string, r.name), r.xml);
  }
  const records = Array.from({ length: N }, (_, i) => 1 + (i % 5)).reduce((a, b) => a + b, 0);
  const url = await pg.createDatabase('writers');

  // Writer k takes folders 2k … 2k+3 (mod 16): every folder reaches exactly two writers.
  const share = (k: number) => [0, 1, 2, 3].map((j) => folders[(2 * k + j) % FOLDERS] as string);
  const runs = Array.from({ length: WRITERS }, (_, k) => ingest(share(k), url, k % 2 === 1));

  // Restart the server once a few batches are in and well before the end.
  const probe = await openPostgres(url, { retryForMs: 120_000 });
  let seen = 0;
  for (let t = 0; t < 6000 && seen < 400; t++) {
    await sleep(20);
    const rows = await probe
      .query<{ n: number }>(
        `SELECT CASE WHEN to_regclass('dmarc_reports') IS NULL THEN 0 ELSE (SELECT COUNT(*) FROM dmarc_reports) END AS n`,
      )
      .catch(() => [{ n: 0 }]);
    seen = rows[0]?.n ?? 0;
  }
  await probe.close();
  assert.ok(seen >= 400 && seen < N, `restarted mid-way (${seen} of ${N} stored)`);
  await pg.restart(1000);

  const results = await Promise.all(runs);
  let stored = 0;
  for (const [k, r] of results.entries()) {
    assert.equal(r.status, 0, `writer ${k}: ${r.err}`);
    const doc = JSON.parse(r.out);
    assert.equal(doc.stored + doc.duplicates, (N / FOLDERS) * 4, `writer ${k} read all its reports`);
    stored += doc.stored;
  }
  // A commit whose acknowledgement the restart swallowed is counted as a duplicate on its retry.
  assert.ok(stored <= N && stored > N - 200 * WRITERS, `stored ${stored}`);

  const file = path.join(dir, 'single.db');
  const single = await ingest(folders, file, false);
  assert.equal(single.status, 0, single.err);
  assert.equal(JSON.parse(single.out).stored, N);

  const shared = await openDmarcHistory(url);
  const local = await openDmarcHistory(file);
  try {
    assert.deepEqual(await shared.check(), { reports: N, records, incomplete: 0 });
    assert.deepEqual(await shared.check(), await local.check());
    assert.deepEqual(await shared.summary({}), await local.summary({}));
  } finally {
    await shared.close();
    await local.close();
  }
});

test('netdoctor db: migrate --dry-run shows, migrate applies, copy moves a file into PostgreSQL; help, Japanese, errors', {
  skip,
}, async () => {
  const pg = server as PostgresServer;
  const url = await pg.createDatabase('cli');
  const dry = await runCliCaptured(['db', 'migrate', '--dry-run', '--db', url]);
  assert.equal(dry.status, 0, dry.err);
  assert.match(dry.out, /these migrations would run \(--dry-run: nothing changed\)/);
  assert.match(dry.out, /dmarc\s+dmarc-1/);
  assert.match(dry.out, /CREATE TABLE dmarc_reports/);
  const ja = await runCliCaptured(['db', 'migrate', '--dry-run', '--lang', 'ja'], {
    env: { NETDOCTOR_DB: url },
  });
  assert.match(ja.out, /次のマイグレーションを適用します/);
  const applied = await runCliCaptured(['db', 'migrate', '--db', url, '--json']);
  assert.equal(applied.status, 0, applied.err);
  const doc = JSON.parse(applied.out);
  assert.equal(doc.data?.kind ?? doc.kind, 'postgres');
  const again = await runCliCaptured(['db', 'migrate', '--dry-run', '--db', url]);
  assert.match(again.out, /no migration pending/);

  const file = path.join(dir, 'cli.db');
  const folder = path.join(dir, 'cli-reports');
  mkdirSync(folder);
  for (let i = 0; i < 30; i++) {
    const r = generatedReport(i, 2);
    writeFileSync(path.join(folder, r.name), r.xml);
  }
  const ing = await runCliCaptured(['dmarc', 'ingest', folder, '--db', file]);
  assert.equal(ing.status, 0, ing.err);
  const copy = await runCliCaptured(['db', 'copy', '--from', file, '--to', url]);
  assert.equal(copy.status, 0, copy.err);
  assert.match(copy.out, /dmarc\s+30\s+30\s+0/);
  const sum = await runCliCaptured(['dmarc', 'summary', '--json'], { env: { NETDOCTOR_DB: url } });
  const local = await runCliCaptured(['dmarc', 'summary', '--json', '--db', file]);
  assert.deepEqual(
    JSON.parse(sum.out).data?.domains ?? JSON.parse(sum.out).domains,
    JSON.parse(local.out).data?.domains ?? JSON.parse(local.out).domains,
  );

  const help = await runCliCaptured(['db', 'copy', '--help']);
  assert.match(help.out, /netdoctor db copy --from/);
  const helpJa = await runCliCaptured(['db', 'migrate', '--help', '--lang', 'ja']);
  assert.match(helpJa.out, /マイグレーション/);

  const missing = await runCliCaptured(['db', 'copy', '--to', url]);
  assert.equal(missing.status, 2);
  assert.equal(missing.err.trim().split('\n').length, 1, missing.err);
  const down = await runCliCaptured([
    'dmarc',
    'summary',
    '--db',
    'postgres://u:hunter2@127.0.0.1:1/x',
    '--lang',
    'ja',
  ]);
  assert.notEqual(down.status, 0);
  assert.doesNotMatch(down.err, /hunter2/);
  assert.match(down.err, /PostgreSQL/);
});
