/**
 * The monitor's history in the embedded store: raw results for a set time, rolled up per minute,
 * hour and day (counts per state, response times) with a retention per level, so a year of 1,000
 * checks stays small; and each check's state (what was last announced), so a restarted monitor —
 * even after SIGKILL — does not announce again what it already announced.
 *
 * Written against `MonitorHistory` (promises) so that PostgreSQL can be a second implementation.
 * The daemon batches results and writes once a second in one transaction: a check never waits
 * for the disk.
 */
import { causeText, NetdoctorError } from '../core/errors.js';
import { type Migration, migrate, openDatabase, type SqliteDatabase, type Statement } from './db.js';
import { STORE_ERRORS } from './error-messages.js';

export type StoredState = 'ok' | 'warning' | 'critical' | 'unknown';
export const STATE_CODE: Record<StoredState, number> = { ok: 0, warning: 1, critical: 2, unknown: 3 };
export const STATES: StoredState[] = ['ok', 'warning', 'critical', 'unknown'];

export interface MonitorResultRow {
  check: string;
  /** ms since the epoch. */
  ts: number;
  state: StoredState;
  durationMs: number;
  /** The lead finding id (e.g. `monitor.connect.refused`). */
  finding: string;
}

export interface RollupRow {
  check: string;
  period: 'minute' | 'hour' | 'day';
  /** Start of the bucket, ms since the epoch. */
  bucket: number;
  count: number;
  ok: number;
  warning: number;
  critical: number;
  unknown: number;
  avgMs: number;
  maxMs: number;
}

export interface Retention {
  /** How long raw results are kept (ms); default one day. */
  rawMs: number;
  minuteMs: number;
  hourMs: number;
  dayMs: number;
}

export const RETENTION_DEFAULTS: Retention = {
  rawMs: 86_400_000,
  minuteMs: 6 * 3_600_000,
  hourMs: 31 * 86_400_000,
  dayMs: 400 * 86_400_000,
};

export interface MonitorHistory {
  /** Stores results and adds them to the rollups; one transaction for the batch. */
  save(rows: readonly MonitorResultRow[]): Promise<void>;
  /** Each check's persisted state (the daemon's JSON), by check name. */
  loadStates(): Promise<Map<string, string>>;
  saveState(check: string, json: string): Promise<void>;
  /** The newest result of each check. */
  latest(): Promise<MonitorResultRow[]>;
  /** Rollups at `period` since `since` (ms), optionally of one check. */
  rollups(period: RollupRow['period'], since: number, check?: string): Promise<RollupRow[]>;
  /** Deletes what is past its retention; returns the rows deleted. */
  prune(now: number, retention?: Retention): Promise<number>;
  /** One page of everything stored, for `db copy` (results, then roll-ups, then states). */
  copyPage(after: string | undefined, limit: number): Promise<MonitorCopyPage>;
  /** Stores copied rows as they are (results and states kept once, roll-ups replaced). */
  copySave(rows: readonly MonitorCopyRow[]): Promise<{ stored: number; duplicates: number }>;
  close(): Promise<void>;
}

export const MONITOR_MIGRATIONS: readonly Migration[] = [
  {
    id: 'monitor-1',
    sql: `
      CREATE TABLE monitor_results (
        check_name TEXT NOT NULL,
        ts INTEGER NOT NULL,
        state INTEGER NOT NULL,
        duration_ms REAL NOT NULL,
        finding TEXT NOT NULL
      );
      CREATE INDEX monitor_results_ts ON monitor_results (ts);
      CREATE INDEX monitor_results_check ON monitor_results (check_name, ts);
      CREATE TABLE monitor_rollups (
        check_name TEXT NOT NULL,
        period INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        n INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        warning INTEGER NOT NULL,
        critical INTEGER NOT NULL,
        unknown INTEGER NOT NULL,
        sum_ms REAL NOT NULL,
        max_ms REAL NOT NULL,
        PRIMARY KEY (check_name, period, bucket)
      ) WITHOUT ROWID;
      CREATE TABLE monitor_states (
        check_name TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        updated INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    // One result per (check, ts), as in PostgreSQL: a batch stored twice adds nothing twice.
    id: 'monitor-2',
    sql: `
      DELETE FROM monitor_results WHERE rowid NOT IN
        (SELECT min(rowid) FROM monitor_results GROUP BY check_name, ts);
      DROP INDEX monitor_results_check;
      CREATE UNIQUE INDEX monitor_results_check_ts ON monitor_results (check_name, ts);
    `,
  },
];

const PERIODS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export const PERIOD_CODE = { minute: 1, hour: 2, day: 3 } as const;
const PERIOD_NAME = { 1: 'minute', 2: 'hour', 3: 'day' } as const;

/** A roll-up row as both backends store it. */
export interface RollupColumns {
  check_name: string;
  period?: number;
  bucket: number;
  n: number;
  ok: number;
  warning: number;
  critical: number;
  unknown: number;
  sum_ms: number;
  max_ms: number;
}

export function rollupFromColumns(r: RollupColumns, period: RollupRow['period']): RollupRow {
  const n = Number(r.n);
  return {
    check: r.check_name,
    period,
    bucket: Number(r.bucket),
    count: n,
    ok: Number(r.ok),
    warning: Number(r.warning),
    critical: Number(r.critical),
    unknown: Number(r.unknown),
    avgMs: n ? Number(r.sum_ms) / n : 0,
    maxMs: Number(r.max_ms),
  };
}

/**
 * What `db copy` moves, one kind of row at a time: raw results (kept as they are), roll-ups (the
 * sums themselves, so levels older than the raw retention are not lost) and states.
 */
export type MonitorCopyRow =
  | { kind: 'result'; row: MonitorResultRow }
  | { kind: 'rollup'; row: RollupColumns & { period: number } }
  | { kind: 'state'; check: string; json: string; updated: number };

export interface MonitorCopyPage {
  rows: MonitorCopyRow[];
  /** Pass as `after` for the next page; undefined when this page was the last. */
  next: string | undefined;
}

/** The cursor of a copy: which table, and the last key read there. */
export type CopyCursor =
  | { t: 'r'; c: string; ts: number }
  | { t: 'u'; c: string; p: number; b: number }
  | { t: 's'; c: string };

export function parseCursor(after: string | undefined): CopyCursor | undefined {
  return after === undefined ? undefined : (JSON.parse(after) as CopyCursor);
}

export function periodName(code: number): RollupRow['period'] {
  return PERIOD_NAME[code as 1 | 2 | 3] ?? 'minute';
}

export class SqliteMonitorHistory implements MonitorHistory {
  readonly #db: SqliteDatabase;
  readonly #file: string;
  readonly #insert: Statement;
  readonly #rollup: Statement;
  readonly #state: Statement;
  readonly #states: Statement;
  readonly #latest: Statement;
  readonly #rollups: Statement;
  readonly #rollupsOf: Statement;
  readonly #saveBatch: (rows: readonly MonitorResultRow[]) => void;

  constructor(file: string, options: { readOnly?: boolean } = {}) {
    this.#file = file;
    this.#db = openDatabase(file, options);
    try {
      if (!options.readOnly) migrate(this.#db, MONITOR_MIGRATIONS);
      this.#insert = this.#db.prepare(
        'INSERT OR IGNORE INTO monitor_results (check_name, ts, state, duration_ms, finding) VALUES (?, ?, ?, ?, ?)',
      );
      this.#rollup = this.#db.prepare(`
        INSERT INTO monitor_rollups VALUES (@c, @p, @b, 1, @ok, @w, @cr, @u, @ms, @ms)
        ON CONFLICT (check_name, period, bucket) DO UPDATE SET
          n = n + 1, ok = ok + @ok, warning = warning + @w, critical = critical + @cr,
          unknown = unknown + @u, sum_ms = sum_ms + @ms, max_ms = max(max_ms, @ms)`);
      this.#state = this.#db.prepare(
        'INSERT INTO monitor_states VALUES (?, ?, ?) ON CONFLICT (check_name) DO UPDATE SET json = excluded.json, updated = excluded.updated',
      );
      this.#states = this.#db.prepare('SELECT check_name, json FROM monitor_states');
      this.#latest = this.#db.prepare(`
        SELECT r.check_name, r.ts, r.state, r.duration_ms, r.finding FROM monitor_results r
        JOIN (SELECT check_name, max(ts) AS ts FROM monitor_results GROUP BY check_name) m
          ON m.check_name = r.check_name AND m.ts = r.ts
        ORDER BY r.check_name`);
      const cols = 'check_name, period, bucket, n, ok, warning, critical, unknown, sum_ms, max_ms';
      this.#rollups = this.#db.prepare(
        `SELECT ${cols} FROM monitor_rollups WHERE period = ? AND bucket >= ? ORDER BY check_name, bucket`,
      );
      this.#rollupsOf = this.#db.prepare(
        `SELECT ${cols} FROM monitor_rollups WHERE period = ? AND bucket >= ? AND check_name = ? ORDER BY bucket`,
      );
    } catch (e) {
      this.#db.close();
      throw new NetdoctorError('ND_STORE', STORE_ERRORS.open, {
        input: file,
        params: { why: causeText(e) },
        cause: e,
      });
    }
    this.#saveBatch = this.#db.transaction((rows: readonly MonitorResultRow[]) => {
      for (const r of rows) {
        const code = STATE_CODE[r.state];
        if (Number(this.#insert.run(r.check, r.ts, code, r.durationMs, r.finding).changes) === 0) continue;
        for (const [name, ms] of Object.entries(PERIODS)) {
          this.#rollup.run({
            c: r.check,
            p: PERIOD_CODE[name as keyof typeof PERIODS],
            b: r.ts - (r.ts % ms),
            ok: code === 0 ? 1 : 0,
            w: code === 1 ? 1 : 0,
            cr: code === 2 ? 1 : 0,
            u: code === 3 ? 1 : 0,
            ms: r.durationMs,
          });
        }
      }
    });
  }

  #wrap<T>(body: () => T): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (e) {
      return Promise.reject(
        new NetdoctorError('ND_STORE', STORE_ERRORS.open, {
          input: this.#file,
          params: { why: causeText(e) },
          cause: e,
        }),
      );
    }
  }

  save(rows: readonly MonitorResultRow[]): Promise<void> {
    return this.#wrap(() => (rows.length ? this.#saveBatch(rows) : undefined));
  }

  loadStates(): Promise<Map<string, string>> {
    return this.#wrap(
      () =>
        new Map(
          (this.#states.all() as { check_name: string; json: string }[]).map((r) => [r.check_name, r.json]),
        ),
    );
  }

  saveState(check: string, json: string): Promise<void> {
    return this.#wrap(() => void this.#state.run(check, json, Date.now()));
  }

  latest(): Promise<MonitorResultRow[]> {
    return this.#wrap(() =>
      (
        this.#latest.all() as {
          check_name: string;
          ts: number;
          state: number;
          duration_ms: number;
          finding: string;
        }[]
      ).map((r) => ({
        check: r.check_name,
        ts: r.ts,
        state: STATES[r.state] ?? 'unknown',
        durationMs: r.duration_ms,
        finding: r.finding,
      })),
    );
  }

  rollups(period: RollupRow['period'], since: number, check?: string): Promise<RollupRow[]> {
    return this.#wrap(() => {
      const code = PERIOD_CODE[period];
      const rows = (
        check === undefined ? this.#rollups.all(code, since) : this.#rollupsOf.all(code, since, check)
      ) as {
        check_name: string;
        bucket: number;
        n: number;
        ok: number;
        warning: number;
        critical: number;
        unknown: number;
        sum_ms: number;
        max_ms: number;
      }[];
      return rows.map((r) => ({
        check: r.check_name,
        period,
        bucket: r.bucket,
        count: r.n,
        ok: r.ok,
        warning: r.warning,
        critical: r.critical,
        unknown: r.unknown,
        avgMs: r.n ? r.sum_ms / r.n : 0,
        maxMs: r.max_ms,
      }));
    });
  }

  prune(now: number, retention: Retention = RETENTION_DEFAULTS): Promise<number> {
    return this.#wrap(() => {
      let n = Number(
        this.#db.prepare('DELETE FROM monitor_results WHERE ts < ?').run(now - retention.rawMs).changes,
      );
      const del = this.#db.prepare('DELETE FROM monitor_rollups WHERE period = ? AND bucket < ?');
      n += Number(del.run(PERIOD_CODE.minute, now - retention.minuteMs).changes);
      n += Number(del.run(PERIOD_CODE.hour, now - retention.hourMs).changes);
      n += Number(del.run(PERIOD_CODE.day, now - retention.dayMs).changes);
      return n;
    });
  }

  copyPage(after: string | undefined, limit: number): Promise<MonitorCopyPage> {
    return this.#wrap(() => {
      let cur = parseCursor(after) ?? { t: 'r', c: '', ts: -1 };
      const rows: MonitorCopyRow[] = [];
      if (cur.t === 'r') {
        const got = this.#db
          .prepare(
            `SELECT check_name, ts, state, duration_ms, finding FROM monitor_results
             WHERE (check_name, ts) > (?, ?) ORDER BY check_name, ts LIMIT ?`,
          )
          .all(cur.c, cur.ts, limit) as {
          check_name: string;
          ts: number;
          state: number;
          duration_ms: number;
          finding: string;
        }[];
        for (const r of got)
          rows.push({
            kind: 'result',
            row: {
              check: r.check_name,
              ts: r.ts,
              state: STATES[r.state] ?? 'unknown',
              durationMs: r.duration_ms,
              finding: r.finding,
            },
          });
        const last = got.at(-1);
        if (last && got.length === limit)
          return { rows, next: JSON.stringify({ t: 'r', c: last.check_name, ts: last.ts }) };
        cur = { t: 'u', c: '', p: -1, b: -1 };
      }
      if (cur.t === 'u') {
        const got = this.#db
          .prepare(
            `SELECT * FROM monitor_rollups WHERE (check_name, period, bucket) > (?, ?, ?)
             ORDER BY check_name, period, bucket LIMIT ?`,
          )
          .all(cur.c, cur.p, cur.b, limit) as (RollupColumns & { period: number })[];
        for (const r of got) rows.push({ kind: 'rollup', row: { ...r } });
        const last = got.at(-1);
        if (last && got.length === limit)
          return {
            rows,
            next: JSON.stringify({ t: 'u', c: last.check_name, p: last.period, b: last.bucket }),
          };
        cur = { t: 's', c: '' };
      }
      const got = this.#db
        .prepare(
          'SELECT check_name, json, updated FROM monitor_states WHERE check_name > ? ORDER BY check_name LIMIT ?',
        )
        .all(cur.c, limit) as { check_name: string; json: string; updated: number }[];
      for (const r of got)
        rows.push({ kind: 'state', check: r.check_name, json: r.json, updated: r.updated });
      const last = got.at(-1);
      return {
        rows,
        next: last && got.length === limit ? JSON.stringify({ t: 's', c: last.check_name }) : undefined,
      };
    });
  }

  copySave(rows: readonly MonitorCopyRow[]): Promise<{ stored: number; duplicates: number }> {
    return this.#wrap(() => {
      const putRollup = this.#db.prepare(
        `INSERT INTO monitor_rollups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (check_name, period, bucket) DO UPDATE SET n = excluded.n, ok = excluded.ok,
           warning = excluded.warning, critical = excluded.critical, unknown = excluded.unknown,
           sum_ms = excluded.sum_ms, max_ms = excluded.max_ms`,
      );
      const putState = this.#db.prepare(
        `INSERT INTO monitor_states VALUES (?, ?, ?) ON CONFLICT (check_name) DO UPDATE SET
           json = excluded.json, updated = excluded.updated WHERE excluded.updated >= monitor_states.updated`,
      );
      let stored = 0;
      this.#db.transaction(() => {
        for (const x of rows) {
          if (x.kind === 'result') {
            const r = x.row;
            stored += Number(
              this.#insert.run(r.check, r.ts, STATE_CODE[r.state], r.durationMs, r.finding).changes,
            );
          } else if (x.kind === 'rollup') {
            const r = x.row;
            putRollup.run(
              r.check_name,
              r.period,
              r.bucket,
              r.n,
              r.ok,
              r.warning,
              r.critical,
              r.unknown,
              r.sum_ms,
              r.max_ms,
            );
            stored++;
          } else {
            putState.run(x.check, x.json, x.updated);
            stored++;
          }
        }
      })();
      return { stored, duplicates: rows.length - stored };
    });
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}
