/**
 * The monitor's SQLite history: compact rows read back as written, hour and day rollups exact
 * before and after their minutes are folded (and for a result later than the fold), retention,
 * and the monitor-1 → monitor-2 migration keeping what an older version stored.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import { type MonitorResultRow, SqliteMonitorHistory } from './monitor-history.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nd-monitor-history-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const HOUR = 3_600_000;
const T0 = Date.UTC(2027, 0, 1, 10);

function row(
  check: string,
  minute: number,
  state: MonitorResultRow['state'] = 'ok',
  ms = 2.5,
): MonitorResultRow {
  return { check, ts: T0 + minute * 60_000 + 17, state, durationMs: ms, finding: `monitor.${state}` };
}

describe('SqliteMonitorHistory', () => {
  test('rollups are exact whether or not their minutes are folded; a late result still counts', async () => {
    const h = new SqliteMonitorHistory(path.join(dir, 'fold.db'));
    // Minutes 0..2: nothing folded yet (the fold lags 5 minutes behind the newest result).
    await h.save([row('web', 0), row('db', 0, 'critical', 10)]);
    await h.save([row('web', 1, 'warning'), row('db', 1)]);
    let hours = await h.rollups('hour', T0);
    assert.deepEqual(
      hours.map((r) => [r.check, r.count, r.ok, r.warning, r.critical, r.maxMs]),
      [
        ['db', 2, 1, 0, 1, 10],
        ['web', 2, 1, 1, 0, 2.5],
      ],
    );
    // Minute 70 (the next hour) folds minutes up to 65; then a late result for minute 1.
    await h.save([row('web', 70)]);
    await h.save([{ ...row('web', 1), ts: row('web', 1).ts + 30_000 }]);
    hours = await h.rollups('hour', T0);
    assert.deepEqual(
      hours.map((r) => [r.check, r.bucket - T0, r.count]),
      [
        ['db', 0, 2],
        ['web', 0, 3],
        ['web', HOUR, 1],
      ],
    );
    const days = await h.rollups('day', T0 - 10 * HOUR, 'web');
    assert.deepEqual(
      days.map((r) => [r.check, r.count, r.ok]),
      [['web', 4, 3]],
    );
    const minutes = await h.rollups('minute', T0, 'db');
    assert.equal(minutes.length, 2);
    assert.equal(minutes[0]?.avgMs, 10);
    const latest = await h.latest();
    assert.deepEqual(
      latest.map((r) => [r.check, r.ts, r.state, r.durationMs, r.finding]),
      [
        ['db', T0 + 60_017, 'ok', 2.5, 'monitor.ok'],
        ['web', T0 + 70 * 60_000 + 17, 'ok', 2.5, 'monitor.ok'],
      ],
    );
    await h.close();
    // Reopened: the ids and the fold's watermark are read back; nothing is counted twice.
    const again = new SqliteMonitorHistory(path.join(dir, 'fold.db'));
    await again.save([row('web', 80)]);
    const total = (await again.rollups('day', T0 - 10 * HOUR)).reduce((n, r) => n + r.count, 0);
    assert.equal(total, 7); // web 0, 1, 1 (late), 70, 80; db 0, 1
    await again.close();
  });

  test('a fold of many checks is spread over several saves; reads stay exact before, during and after it', async () => {
    const file = path.join(dir, 'spread.db');
    let h = new SqliteMonitorHistory(file);
    const N = 1_300; // more than one save folds (500 checks)
    const names = Array.from({ length: N }, (_, i) => `c${String(i).padStart(4, '0')}`);
    const minuteOf = (m: number, state: MonitorResultRow['state'] = 'ok') =>
      names.map((c, i) => ({ ...row(c, m, state, 1 + (i % 5)), ts: row(c, m).ts + (i % 1000) }));
    for (let m = 0; m < 3; m++) await h.save(minuteOf(m, m === 1 ? 'critical' : 'ok'));
    // Each check: 3 results, one critical, max 1 + (i % 5) ms, in hour 0.
    const expect = async (perCheck: number, extra: Map<string, number> = new Map()) => {
      for (const period of ['hour', 'day'] as const) {
        const got = await h.rollups(period, T0 - 10 * HOUR);
        const hour0 = got.filter((r) => period === 'day' || r.bucket === T0);
        assert.equal(hour0.length, N, period);
        for (const r of hour0) {
          const i = Number(r.check.slice(1));
          assert.equal(r.count, perCheck + (extra.get(r.check) ?? 0), `${period} ${r.check}`);
          assert.equal(r.critical, 1, `${period} ${r.check}`);
          assert.equal(r.maxMs, 1 + (i % 5), `${period} ${r.check}`);
        }
      }
    };
    await expect(3);
    const meta = () =>
      Object.fromEntries(
        (
          new DatabaseSync(file, { readOnly: true }).prepare('SELECT key, value FROM monitor_meta').all() as {
            key: string;
            value: number;
          }[]
        ).map((r) => [r.key, r.value]),
      );
    // Minute 8 makes minutes up to 3 final: the first save folds 500 checks of them, not all.
    const extra = new Map<string, number>();
    const more = (c: string) => extra.set(c, (extra.get(c) ?? 0) + 1);
    await h.save(minuteOf(8).slice(0, 10));
    for (const c of names.slice(0, 10)) more(c);
    assert.deepEqual([meta().fold_target, meta().fold_check], [Math.floor(T0 / 60_000) + 3, 500]);
    await expect(3, extra);
    // A late result for minute 1 of a folded check and of a check not folded yet: each counted once.
    await h.save([
      { ...row('c0007', 1, 'ok', 1), ts: row('c0007', 1).ts + 40_000 },
      { ...row('c1200', 1, 'ok', 1), ts: row('c1200', 1).ts + 40_000 },
    ]);
    more('c0007');
    more('c1200');
    await expect(3, extra);
    // Reopened in the middle of the fold: it carries on where it was.
    await h.close();
    h = new SqliteMonitorHistory(file);
    await expect(3, extra);
    await h.save(minuteOf(8).slice(10, 20));
    for (const c of names.slice(10, 20)) more(c);
    assert.equal(meta().fold_check, 0); // 1,300 checks: three saves
    assert.equal(meta().folded_minute, Math.floor(T0 / 60_000) + 3);
    const stored = new DatabaseSync(file, { readOnly: true })
      .prepare('SELECT sum(n) AS n FROM monitor_rollup WHERE period = 2')
      .get() as { n: number };
    assert.equal(stored.n, 3 * N + 2); // every result of minutes 0..2 folded into its hour, once
    await expect(3, extra);
    await h.close();
  });

  test('prune keeps what the retention keeps', async () => {
    const h = new SqliteMonitorHistory(path.join(dir, 'prune.db'));
    for (let m = 0; m < 30; m++) await h.save([row('web', m)]);
    const now = T0 + 30 * 60_000;
    const deleted = await h.prune(now, {
      rawMs: 10 * 60_000,
      minuteMs: 20 * 60_000,
      hourMs: HOUR,
      dayMs: 86_400_000,
    });
    // Raw: minutes 0..19 go (20); minute rollups: 0..9 go, and only folded ones (up to 24) may.
    assert.equal(deleted, 20 + 10);
    assert.equal((await h.rollups('minute', 0)).length, 20);
    assert.equal((await h.rollups('hour', 0))[0]?.count, 30);
    await h.close();
  });

  test('a monitor-1 database is migrated: names, states, durations and rollups kept', async () => {
    const file = path.join(dir, 'old.db');
    const db = new DatabaseSync(file);
    db.exec(`
      CREATE TABLE netdoctor_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL);
      INSERT INTO netdoctor_migrations VALUES ('monitor-1', 0);
      CREATE TABLE monitor_results (check_name TEXT NOT NULL, ts INTEGER NOT NULL, state INTEGER NOT NULL,
        duration_ms REAL NOT NULL, finding TEXT NOT NULL);
      CREATE TABLE monitor_rollups (check_name TEXT NOT NULL, period INTEGER NOT NULL, bucket INTEGER NOT NULL,
        n INTEGER NOT NULL, ok INTEGER NOT NULL, warning INTEGER NOT NULL, critical INTEGER NOT NULL,
        unknown INTEGER NOT NULL, sum_ms REAL NOT NULL, max_ms REAL NOT NULL,
        PRIMARY KEY (check_name, period, bucket)) WITHOUT ROWID;
      CREATE TABLE monitor_states (check_name TEXT PRIMARY KEY, json TEXT NOT NULL, updated INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO monitor_results VALUES ('mail', ${T0}, 2, 12.34, 'monitor.connect.refused');
      INSERT INTO monitor_rollups VALUES ('mail', 1, ${T0}, 1, 0, 0, 1, 0, 12.34, 12.34);
      INSERT INTO monitor_rollups VALUES ('mail', 2, ${T0}, 1, 0, 0, 1, 0, 12.34, 12.34);
      INSERT INTO monitor_rollups VALUES ('mail', 3, ${T0 - 10 * HOUR}, 1, 0, 0, 1, 0, 12.34, 12.34);
      INSERT INTO monitor_states VALUES ('mail', '{"status":"DOWN"}', 1);
    `);
    db.close();
    const h = new SqliteMonitorHistory(file);
    assert.deepEqual(await h.latest(), [
      { check: 'mail', ts: T0, state: 'critical', durationMs: 12.3, finding: 'monitor.connect.refused' },
    ]);
    const hours = await h.rollups('hour', T0);
    assert.deepEqual(
      hours.map((r) => [r.check, r.bucket, r.count, r.critical]),
      [['mail', T0, 1, 1]],
    );
    assert.equal((await h.loadStates()).get('mail'), '{"status":"DOWN"}');
    await h.close();
  });
});
