/**
 * Many writers, one PostgreSQL, at the scale: 8 `netdoctor dmarc ingest` processes of
 * the built CLI ingest 50,000 distinct reports from 16 folders at once, every report reaching two
 * writers (100,000 report ingests), while PostgreSQL is restarted in the middle. Then one SQLite
 * ingest of the same folders. The two stores must hold exactly the distinct reports with the same
 * records and the same summary (else FAIL, exit 1). Wall time of each side is printed.
 *
 * test/store/concurrency.test.ts runs the same scenario with 2,400 reports in CI; this is the load.
 *
 * Usage: npm run bench -- store   (run by bench/store/run.ts; WRITER_REPORTS=50000 is the default)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDmarcHistory } from '../../src/store/index.js';
import { openPostgres } from '../../src/store/postgres.js';
import { generatedReport } from '../../test/dmarc/generate.js';
import { startPostgres } from '../../test/harness/postgres.js';
import { buildNetdoctor, ROOT } from '../harness.js';

const N = Number(process.env.WRITER_REPORTS ?? 50_000);
const FOLDERS = 16;
const WRITERS = 8;

export async function writersBench(): Promise<boolean> {
  const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-writers-'));
  const pg = await startPostgres();
  try {
    const bin = buildNetdoctor(path.join(ROOT, 'bench', '.out', 'store', 'dist'));
    const folders = Array.from({ length: FOLDERS }, (_, f) => path.join(dir, `f${f}`));
    for (const f of folders) mkdirSync(f);
    let records = 0;
    for (let i = 0; i < N; i++) {
      const r = generatedReport(i, 1 + (i % 5), 730); // two years of reports, none in the future
      records += 1 + (i % 5);
      writeFileSync(path.join(folders[i % FOLDERS] as string, r.name), r.xml);
    }
    const ingest = (fs: string[], db: string) => {
      const child = spawn(process.execPath, [bin, 'dmarc', 'ingest', ...fs, '--db', db, '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      return new Promise<{ status: number | null; out: string; err: string }>((resolve) =>
        child.on('close', (status) => resolve({ status, out, err })),
      );
    };
    const url = await pg.createDatabase('writers');
    const share = (k: number) => [0, 1, 2, 3].map((j) => folders[(2 * k + j) % FOLDERS] as string);
    const t0 = performance.now();
    let running = WRITERS;
    const runs = Array.from({ length: WRITERS }, (_, k) =>
      ingest(share(k), url).finally(() => {
        running--;
      }),
    );
    const probe = await openPostgres(url, { retryForMs: 300_000 });
    let seen = 0;
    // Restart once a third is in (or, should the writers end first, not at all: a FAIL below).
    while (seen < N / 3 && running > 0) {
      await sleep(200);
      const rows = await probe
        .query<{ n: number }>(
          `SELECT CASE WHEN to_regclass('dmarc_reports') IS NULL THEN 0 ELSE (SELECT COUNT(*) FROM dmarc_reports) END AS n`,
        )
        .catch(() => [{ n: 0 }]);
      seen = Number(rows[0]?.n ?? 0);
    }
    await probe.close();
    await pg.restart(2000);
    process.stderr.write(`restarted PostgreSQL with ${seen} of ${N} reports stored\n`);
    const results = await Promise.all(runs);
    const pgSeconds = (performance.now() - t0) / 1000;
    let ok = true;
    for (const [k, r] of results.entries()) {
      if (r.status !== 0) {
        console.log(`FAIL writer ${k} exited ${r.status}: ${r.err.slice(0, 500)} ${r.out.slice(-1500)}`);
        ok = false;
      }
    }
    const file = path.join(dir, 'single.db');
    const t1 = performance.now();
    const single = await ingest(folders, file);
    const sqliteSeconds = (performance.now() - t1) / 1000;
    if (single.status !== 0) {
      console.log(`FAIL single SQLite ingest: ${single.err.slice(0, 500)} ${single.out.slice(-1500)}`);
      return false;
    }
    const shared = await openDmarcHistory(url);
    const local = await openDmarcHistory(file);
    try {
      const a = await shared.check();
      const b = await local.check();
      const same =
        JSON.stringify(await shared.summary({})) === JSON.stringify(await local.summary({})) &&
        a.reports === N &&
        a.records === records &&
        JSON.stringify(a) === JSON.stringify(b);
      console.log(
        `writers: ${WRITERS} processes, ${N} distinct reports (${2 * N} ingests, ${records} records), PostgreSQL restarted mid-way: ` +
          `stored ${a.reports} reports / ${a.records} records in ${pgSeconds.toFixed(1)} s; ` +
          `one SQLite ingest ${b.reports} / ${b.records} in ${sqliteSeconds.toFixed(1)} s; summaries ${same ? 'equal' : 'DIFFER'}`,
      );
      if (!same) {
        console.log(`FAIL writers: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        ok = false;
      }
    } finally {
      await shared.close();
      await local.close();
    }
    return ok;
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit((await writersBench()) ? 0 : 1);
