/**
 * How big the monitor's history gets after a year of N checks at a 60 s interval, with the
 * default retention (raw 6 h, minute rollups 6 h, hour rollups 31 days, day rollups 400 days).
 * The steady state is what the retention keeps, so it is built directly: six hours of raw results
 * per check (written through the same batched `save` as the daemon, which fills the rollups), plus
 * the hour and day rows a year leaves. Scaled by `--checks` (default 1000).
 *
 *   node bench/monitor/db-size.ts [--checks 1000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type MonitorResultRow, SqliteMonitorHistory } from '../../src/store/monitor-history.js';

const arg = process.argv.indexOf('--checks');
const CHECKS = arg > 0 ? Number(process.argv[arg + 1]) : 1000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-monitor-size-'));
const file = path.join(dir, 'monitor.db');
const DAY = 86_400_000;
const now = Date.UTC(2027, 0, 1);
const h = new SqliteMonitorHistory(file);
const t0 = performance.now();
// Six hours of raw results, a minute apart: what `rawMs` keeps.
const MINUTES = 360;
for (let m = 0; m < MINUTES; m++) {
  const rows: MonitorResultRow[] = [];
  for (let c = 0; c < CHECKS; c++) {
    rows.push({
      check: `check-${c}`,
      ts: now - MINUTES * 60_000 + m * 60_000 + c,
      state: c % 97 === 0 && m % 50 === 0 ? 'critical' : 'ok',
      durationMs: 3 + (c % 7),
      finding: 'monitor.http.ok',
    });
  }
  await h.save(rows);
}
await h.close();
// The older hour (31 days) and day (400 days) rollups a year leaves behind.
const db = new DatabaseSync(file);
// Rows as the store writes them: (period, bucket counted in periods, check id), 0.1 ms durations.
const ins = db.prepare('INSERT OR IGNORE INTO monitor_rollup VALUES (?, ?, ?, 60, 60, 0, 0, 0, 3000, 90)');
const ids = db.prepare('SELECT id FROM monitor_checks').all() as { id: number }[];
const hour0 = Math.floor((now - MINUTES * 60_000) / 3_600_000);
const day0 = Math.floor((now - MINUTES * 60_000) / DAY);
db.exec('BEGIN');
for (const { id } of ids) {
  for (let i = 1; i <= 31 * 24; i++) ins.run(2, hour0 - i, id);
  for (let i = 1; i <= 400; i++) ins.run(3, day0 - i, id);
}
db.exec('COMMIT');
db.close();
const h2 = new SqliteMonitorHistory(file);
const pruned = await h2.prune(now);
await h2.close();
const db2 = new DatabaseSync(file);
db2.exec('PRAGMA wal_checkpoint(TRUNCATE); VACUUM');
const counts = db2.prepare('SELECT period, count(*) AS n FROM monitor_rollup GROUP BY period').all();
const raw = db2.prepare('SELECT count(*) AS n FROM monitor_raw').get();
db2.close();
const bytes = statSync(file).size;
console.log(
  `monitor history, ${CHECKS} checks at 60 s, a year with the default retention: ${(bytes / 1e6).toFixed(1)} MB ` +
    `(raw ${(raw as { n: number }).n} rows, rollups ${JSON.stringify(counts)}, pruned ${pruned}); ` +
    `${MINUTES} batches written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
rmSync(dir, { recursive: true, force: true });
