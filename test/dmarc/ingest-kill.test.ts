/**
 * An ingest killed (SIGKILL) in the middle leaves the database consistent: integrity check
 * passes, every stored report has all its records, and running the ingest again stores exactly
 * the reports that were missing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SqliteDmarcHistory } from '../../src/store/dmarc-history.js';
import { generatedReport } from './generate.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-dmarc-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const N = 6000;

function storedReports(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const conn = new DatabaseSync(db, { readOnly: true });
    try {
      return (conn.prepare('SELECT COUNT(*) AS n FROM dmarc_reports').get() as { n: number }).n;
    } finally {
      conn.close();
    }
  } catch {
    return 0; // not created yet
  }
}

function ingest(reports: string, db: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', BIN, 'dmarc', 'ingest', reports, '--db', db, '--json'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, out })),
  );
  return { child, done };
}

test('ingest killed mid-way: consistent database, and a second run completes it', async () => {
  const reports = path.join(dir, 'reports');
  mkdirSync(reports);
  for (let i = 0; i < N; i++) {
    const r = generatedReport(i, 1 + (i % 5));
    writeFileSync(path.join(reports, r.name), r.xml);
  }
  const db = path.join(dir, 'kill.db');
  const first = ingest(reports, db);
  let seen = 0;
  for (let t = 0; t < 3000 && seen === 0; t++) {
    await sleep(10);
    seen = storedReports(db);
  }
  first.child.kill('SIGKILL');
  const killed = await first.done;
  assert.equal(killed.signal, 'SIGKILL', 'killed before it finished');

  const conn = new DatabaseSync(db);
  assert.deepEqual({ ...conn.prepare('PRAGMA integrity_check').get() }, { integrity_check: 'ok' });
  conn.close();
  const h = new SqliteDmarcHistory(db);
  const check = await h.check();
  await h.close();
  assert.equal(check.incomplete, 0, 'every stored report has all its records');
  assert.ok(check.reports > 0 && check.reports < N, `killed mid-way (${check.reports} of ${N} stored)`);
  assert.equal(check.reports % 200, 0, 'only whole batches were committed');

  const second = await ingest(reports, db).done;
  assert.equal(second.status, 0);
  const doc = JSON.parse(second.out);
  assert.deepEqual([doc.stored, doc.duplicates], [N - check.reports, check.reports]);
  const h2 = new SqliteDmarcHistory(db);
  assert.deepEqual(await h2.check(), { reports: N, records: N * 3, incomplete: 0 });
  await h2.close();
});
