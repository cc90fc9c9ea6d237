/**
 * The monitor's history in PostgreSQL: the same results, roll-ups and states as the SQLite one
 * (`monitor-history.ts`), for several `monitor run` processes on different hosts writing at once.
 *
 * A batch is one transaction of one statement: the results go in through
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT (check_name, ts) DO NOTHING RETURNING`, and the rows
 * it returned — only those — are summed per (check, period, bucket) in the same statement and
 * added to the roll-ups. So a batch that runs twice (its connection died after COMMIT, or a lost
 * race made `PostgresStore.transaction` run it again) adds nothing the second time: no result
 * and no roll-up count is doubled. The sums happen in the database, never in Node.
 *
 * @example
 *   const h = await PostgresMonitorHistory.open('postgres://netdoctor@db.example/netdoctor');
 *   await h.save([{ check: 'web', ts: Date.now(), state: 'ok', durationMs: 12, finding: 'monitor.ok' }]);
 */
import type { Migration } from './db.js';
import {
  type MonitorCopyPage,
  type MonitorCopyRow,
  type MonitorHistory,
  type MonitorResultRow,
  NOTIFICATION_COLUMNS,
  type NotificationRow,
  notificationFromColumns,
  notificationOrder,
  notificationValues,
  PERIOD_CODE,
  parseCursor,
  RETENTION_DEFAULTS,
  type Retention,
  type RollupColumns,
  type RollupRow,
  rollupFromColumns,
  STATE_CODE,
  STATES,
} from './monitor-history.js';
import { openMigrated, type PostgresOptions, type PostgresStore, storeCall } from './postgres.js';

export const MONITOR_PG_MIGRATIONS: readonly Migration[] = [
  {
    id: 'monitor-1',
    sql: `
      CREATE TABLE monitor_results (
        check_name TEXT NOT NULL,
        ts BIGINT NOT NULL,
        state SMALLINT NOT NULL,
        duration_ms REAL NOT NULL,
        finding TEXT NOT NULL,
        PRIMARY KEY (check_name, ts)
      );
      CREATE INDEX monitor_results_ts ON monitor_results (ts);
      CREATE TABLE monitor_rollups (
        check_name TEXT NOT NULL,
        period SMALLINT NOT NULL,
        bucket BIGINT NOT NULL,
        n BIGINT NOT NULL,
        ok BIGINT NOT NULL,
        warning BIGINT NOT NULL,
        critical BIGINT NOT NULL,
        unknown BIGINT NOT NULL,
        sum_ms DOUBLE PRECISION NOT NULL,
        max_ms DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (check_name, period, bucket)
      );
      CREATE INDEX monitor_rollups_period_bucket ON monitor_rollups (period, bucket);
      CREATE TABLE monitor_states (
        check_name TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        updated BIGINT NOT NULL
      );
    `,
  },
  {
    id: 'monitor-notifications',
    sql: `
      CREATE TABLE monitor_notifications (
        id TEXT NOT NULL,
        notifier TEXT NOT NULL,
        check_name TEXT NOT NULL,
        ts BIGINT NOT NULL,
        event TEXT NOT NULL,
        status TEXT NOT NULL,
        title TEXT NOT NULL,
        outcome TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        PRIMARY KEY (id, notifier)
      );
      CREATE INDEX monitor_notifications_ts ON monitor_notifications (ts);
    `,
  },
];

/**
 * One statement: insert the batch, then add exactly the inserted rows to the three roll-up levels.
 * Keys are taken in (check, period, bucket) order so that concurrent writers wait, not deadlock.
 */
const SAVE = `
  WITH ins AS (
    INSERT INTO monitor_results (check_name, ts, state, duration_ms, finding)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::smallint[], $4::real[], $5::text[])
      ON CONFLICT (check_name, ts) DO NOTHING
      RETURNING check_name, ts, state, duration_ms
  ), agg AS (
    SELECT ins.check_name, p.code AS period, ins.ts - (ins.ts % p.ms) AS bucket, count(*) AS n,
      count(*) FILTER (WHERE state = 0) AS ok, count(*) FILTER (WHERE state = 1) AS warning,
      count(*) FILTER (WHERE state = 2) AS critical, count(*) FILTER (WHERE state = 3) AS unknown,
      sum(duration_ms) AS sum_ms, max(duration_ms) AS max_ms
    FROM ins CROSS JOIN (VALUES (1, 60000), (2, 3600000), (3, 86400000)) AS p (code, ms)
    GROUP BY ins.check_name, p.code, 3
  )
  INSERT INTO monitor_rollups AS t
    SELECT check_name, period, bucket, n, ok, warning, critical, unknown, sum_ms, max_ms
    FROM agg ORDER BY check_name, period, bucket
  ON CONFLICT (check_name, period, bucket) DO UPDATE SET
    n = t.n + EXCLUDED.n, ok = t.ok + EXCLUDED.ok, warning = t.warning + EXCLUDED.warning,
    critical = t.critical + EXCLUDED.critical, unknown = t.unknown + EXCLUDED.unknown,
    sum_ms = t.sum_ms + EXCLUDED.sum_ms, max_ms = greatest(t.max_ms, EXCLUDED.max_ms)`;

const COLS = 'check_name, period, bucket, n, ok, warning, critical, unknown, sum_ms, max_ms';

export class PostgresMonitorHistory implements MonitorHistory {
  readonly store: PostgresStore;

  private constructor(store: PostgresStore) {
    this.store = store;
  }

  /** Connects and applies pending migrations (under the advisory lock). */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresMonitorHistory> {
    return new PostgresMonitorHistory(await openMigrated(url, options, 'monitor', MONITOR_PG_MIGRATIONS));
  }

  #wrap<T>(body: () => Promise<T>, write: boolean): Promise<T> {
    return storeCall(this.store, write, body);
  }

  save(rows: readonly MonitorResultRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    // One row per (check, ts) within the batch too: ON CONFLICT cannot see a twin in its own input.
    const seen = new Set<string>();
    const batch = rows.filter((r) => {
      const k = `${r.check}\u0000${r.ts}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return this.#wrap(
      () =>
        this.store.transaction(async (c) => {
          await c.query(SAVE, [
            batch.map((r) => r.check),
            batch.map((r) => Math.round(r.ts)),
            batch.map((r) => STATE_CODE[r.state]),
            batch.map((r) => r.durationMs),
            batch.map((r) => r.finding),
          ]);
        }),
      true,
    );
  }

  loadStates(): Promise<Map<string, string>> {
    return this.#wrap(async () => {
      const rows = await this.store.query<{ check_name: string; json: string }>(
        'SELECT check_name, json FROM monitor_states',
      );
      return new Map(rows.map((r) => [r.check_name, r.json]));
    }, false);
  }

  saveState(check: string, json: string): Promise<void> {
    return this.#wrap(async () => {
      await this.store.query(
        `INSERT INTO monitor_states VALUES ($1, $2, $3)
         ON CONFLICT (check_name) DO UPDATE SET json = EXCLUDED.json, updated = EXCLUDED.updated`,
        [check, json, Date.now()],
      );
    }, true);
  }

  latest(): Promise<MonitorResultRow[]> {
    return this.#wrap(async () => {
      const rows = await this.store.query<{
        check_name: string;
        ts: number;
        state: number;
        duration_ms: number;
        finding: string;
      }>(
        `SELECT DISTINCT ON (check_name) check_name, ts, state, duration_ms, finding
         FROM monitor_results ORDER BY check_name, ts DESC`,
      );
      return rows.map((r) => ({
        check: r.check_name,
        ts: Number(r.ts),
        state: STATES[r.state] ?? 'unknown',
        durationMs: Number(r.duration_ms),
        finding: r.finding,
      }));
    }, false);
  }

  rollups(period: RollupRow['period'], since: number, check?: string): Promise<RollupRow[]> {
    return this.#wrap(async () => {
      const code = PERIOD_CODE[period];
      const rows =
        check === undefined
          ? await this.store.query(
              `SELECT ${COLS} FROM monitor_rollups WHERE period = $1 AND bucket >= $2 ORDER BY check_name, bucket`,
              [code, since],
            )
          : await this.store.query(
              `SELECT ${COLS} FROM monitor_rollups WHERE check_name = $3 AND period = $1 AND bucket >= $2 ORDER BY bucket`,
              [code, since, check],
            );
      return rows.map((r) => rollupFromColumns(r as never, period));
    }, false);
  }

  prune(now: number, retention: Retention = RETENTION_DEFAULTS): Promise<number> {
    return this.#wrap(
      () =>
        this.store.transaction(async (c) => {
          let n =
            (await c.query('DELETE FROM monitor_results WHERE ts < $1', [now - retention.rawMs])).rowCount ??
            0;
          const del = 'DELETE FROM monitor_rollups WHERE period = $1 AND bucket < $2';
          n += (await c.query(del, [PERIOD_CODE.minute, now - retention.minuteMs])).rowCount ?? 0;
          n += (await c.query(del, [PERIOD_CODE.hour, now - retention.hourMs])).rowCount ?? 0;
          n += (await c.query(del, [PERIOD_CODE.day, now - retention.dayMs])).rowCount ?? 0;
          n +=
            (await c.query('DELETE FROM monitor_notifications WHERE ts < $1', [now - retention.dayMs]))
              .rowCount ?? 0;
          return n;
        }),
      true,
    );
  }

  copyPage(after: string | undefined, limit: number): Promise<MonitorCopyPage> {
    return this.#wrap(async () => {
      let cur = parseCursor(after) ?? { t: 'r', c: '', ts: -1 };
      const rows: MonitorCopyRow[] = [];
      if (cur.t === 'r') {
        const got = await this.store.query<{
          check_name: string;
          ts: number;
          state: number;
          duration_ms: number;
          finding: string;
        }>(
          `SELECT check_name, ts, state, duration_ms, finding FROM monitor_results
           WHERE (check_name, ts) > ($1, $2) ORDER BY check_name, ts LIMIT $3`,
          [cur.c, cur.ts, limit],
        );
        for (const r of got)
          rows.push({
            kind: 'result',
            row: {
              check: r.check_name,
              ts: Number(r.ts),
              state: STATES[r.state] ?? 'unknown',
              durationMs: Number(r.duration_ms),
              finding: r.finding,
            },
          });
        const last = got.at(-1);
        if (last && got.length === limit)
          return { rows, next: JSON.stringify({ t: 'r', c: last.check_name, ts: Number(last.ts) }) };
        cur = { t: 'u', c: '', p: -1, b: -1 };
      }
      if (cur.t === 'u') {
        const got = await this.store.query<RollupColumns & { period: number }>(
          `SELECT ${COLS} FROM monitor_rollups WHERE (check_name, period, bucket) > ($1, $2, $3)
           ORDER BY check_name, period, bucket LIMIT $4`,
          [cur.c, cur.p, cur.b, limit],
        );
        for (const r of got)
          rows.push({
            kind: 'rollup',
            row: {
              check_name: r.check_name,
              period: Number(r.period),
              bucket: Number(r.bucket),
              n: Number(r.n),
              ok: Number(r.ok),
              warning: Number(r.warning),
              critical: Number(r.critical),
              unknown: Number(r.unknown),
              sum_ms: Number(r.sum_ms),
              max_ms: Number(r.max_ms),
            },
          });
        const last = got.at(-1);
        if (last && got.length === limit)
          return {
            rows,
            next: JSON.stringify({
              t: 'u',
              c: last.check_name,
              p: Number(last.period),
              b: Number(last.bucket),
            }),
          };
        cur = { t: 's', c: '' };
      }
      if (cur.t === 's') {
        const got = await this.store.query<{ check_name: string; json: string; updated: number }>(
          'SELECT check_name, json, updated FROM monitor_states WHERE check_name > $1 ORDER BY check_name LIMIT $2',
          [cur.c, limit],
        );
        for (const r of got)
          rows.push({ kind: 'state', check: r.check_name, json: r.json, updated: Number(r.updated) });
        const last = got.at(-1);
        if (last && got.length === limit)
          return { rows, next: JSON.stringify({ t: 's', c: last.check_name }) };
        cur = { t: 'n', ts: -1, id: '', nf: '' };
      }
      const got = await this.store.query<Record<string, unknown>>(
        `SELECT ${NOTIFICATION_COLUMNS} FROM monitor_notifications WHERE (ts, id, notifier) > ($1, $2, $3)
         ORDER BY ts, id, notifier LIMIT $4`,
        [cur.ts, cur.id, cur.nf, limit],
      );
      for (const r of got) rows.push({ kind: 'notification', row: notificationFromColumns(r) });
      const last = got.at(-1);
      return {
        rows,
        next:
          last && got.length === limit
            ? JSON.stringify({ t: 'n', ts: Number(last.ts), id: last.id, nf: last.notifier })
            : undefined,
      };
    }, false);
  }

  saveNotification(row: NotificationRow): Promise<boolean> {
    return this.#wrap(async () => {
      const r = await this.store.query<{ id: string }>(
        `INSERT INTO monitor_notifications (${NOTIFICATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id, notifier) DO NOTHING RETURNING id`,
        notificationValues(row),
      );
      return r.length > 0;
    }, true);
  }

  notifications(since: number, o: { check?: string; limit?: number } = {}): Promise<NotificationRow[]> {
    return this.#wrap(async () => {
      const rows =
        o.check === undefined
          ? await this.store.query<Record<string, unknown>>(
              `SELECT ${NOTIFICATION_COLUMNS} FROM monitor_notifications WHERE ts >= $1 ORDER BY ts DESC LIMIT $2`,
              [since, o.limit ?? 100],
            )
          : await this.store.query<Record<string, unknown>>(
              `SELECT ${NOTIFICATION_COLUMNS} FROM monitor_notifications WHERE ts >= $1 AND check_name = $2
               ORDER BY ts DESC LIMIT $3`,
              [since, o.check, o.limit ?? 100],
            );
      return notificationOrder(rows.map(notificationFromColumns));
    }, false);
  }

  copySave(rows: readonly MonitorCopyRow[]): Promise<{ stored: number; duplicates: number }> {
    const results = rows.flatMap((x) => (x.kind === 'result' ? [x.row] : []));
    const rollups = rows.flatMap((x) => (x.kind === 'rollup' ? [x.row] : []));
    const states = rows.flatMap((x) => (x.kind === 'state' ? [x] : []));
    const notifications = rows.flatMap((x) => (x.kind === 'notification' ? [x.row] : []));
    return this.#wrap(
      () =>
        this.store.transaction(async (c) => {
          let stored = 0;
          if (results.length > 0)
            stored +=
              (
                await c.query(
                  `INSERT INTO monitor_results (check_name, ts, state, duration_ms, finding)
                   SELECT * FROM unnest($1::text[], $2::bigint[], $3::smallint[], $4::real[], $5::text[])
                   ON CONFLICT (check_name, ts) DO NOTHING`,
                  [
                    results.map((r) => r.check),
                    results.map((r) => Math.round(r.ts)),
                    results.map((r) => STATE_CODE[r.state]),
                    results.map((r) => r.durationMs),
                    results.map((r) => r.finding),
                  ],
                )
              ).rowCount ?? 0;
          if (rollups.length > 0) {
            const col = <K extends keyof (typeof rollups)[number]>(k: K) => rollups.map((r) => r[k]);
            await c.query(
              `INSERT INTO monitor_rollups AS t
               SELECT * FROM unnest($1::text[], $2::smallint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
                 $7::bigint[], $8::bigint[], $9::float8[], $10::float8[])
               ON CONFLICT (check_name, period, bucket) DO UPDATE SET n = EXCLUDED.n, ok = EXCLUDED.ok,
                 warning = EXCLUDED.warning, critical = EXCLUDED.critical, unknown = EXCLUDED.unknown,
                 sum_ms = EXCLUDED.sum_ms, max_ms = EXCLUDED.max_ms`,
              [
                col('check_name'),
                col('period'),
                col('bucket'),
                col('n'),
                col('ok'),
                col('warning'),
                col('critical'),
                col('unknown'),
                col('sum_ms'),
                col('max_ms'),
              ],
            );
            stored += rollups.length;
          }
          for (const x of states) {
            await c.query(
              `INSERT INTO monitor_states AS t VALUES ($1, $2, $3) ON CONFLICT (check_name) DO UPDATE SET
                 json = EXCLUDED.json, updated = EXCLUDED.updated WHERE EXCLUDED.updated >= t.updated`,
              [x.check, x.json, x.updated],
            );
            stored++;
          }
          for (const r of notifications)
            stored +=
              (
                await c.query(
                  `INSERT INTO monitor_notifications (${NOTIFICATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                   ON CONFLICT (id, notifier) DO NOTHING`,
                  [
                    r.id,
                    r.notifier,
                    r.check,
                    Math.round(r.ts),
                    r.event,
                    r.status,
                    r.title,
                    r.outcome,
                    r.attempts,
                  ],
                )
              ).rowCount ?? 0;
          return { stored, duplicates: rows.length - stored };
        }),
      true,
    );
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
