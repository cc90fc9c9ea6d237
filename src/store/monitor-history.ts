/**
 * The monitor's history in the embedded store: raw results for a set time, rolled up per minute,
 * hour and day (counts per state, response times) with a retention per level, so a year of 1,000
 * checks stays small; and each check's state (what was last announced), so a restarted monitor —
 * even after SIGKILL — does not announce again what it already announced.
 *
 * Written against `MonitorHistory` (promises) so that PostgreSQL can be a second implementation.
 * The daemon batches results and writes once a second in one transaction: a check never waits
 * for the disk.
 *
 * Compact rows (migration monitor-2; bench/monitor/db-size.ts measures a year of 1,000 checks):
 * checks and finding ids are integers (`monitor_checks`, `monitor_findings`), states are codes,
 * durations are integers in 0.1 ms, rollup buckets are counted in their period (minutes, hours,
 * days since the epoch), and every table is keyed WITHOUT ROWID on what it is read by. A result
 * costs two statements: its raw row and its minute's rollup. Hours and days are folded from the
 * minute rollups once a minute is final (FOLD_LAG_MIN after the newest result; the watermark is in
 * `monitor_meta`), FOLD_CHECKS checks per save, so that a fold of many checks is spread over
 * several saves instead of stalling the event loop; reads add the minutes not folded yet (for the
 * checks not reached yet by the fold in progress), so they are exact at any time.
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

/** One delivery of an announcement by one notifier (what `monitor notifications` lists). */
export interface NotificationRow {
  /** The announcement's stable id (check, status and the time it was announced). */
  id: string;
  /** The notifier's name in the configuration. */
  notifier: string;
  check: string;
  /** When it was announced, ms since the epoch. */
  ts: number;
  /** `down`, `up`, `warning`, `reminder`, `flapping`. */
  event: string;
  status: string;
  /** The announcement's title, in the configured language. */
  title: string;
  /** `sent`, or `failed` once every attempt failed. */
  outcome: 'sent' | 'failed';
  attempts: number;
}

/** Notification rows newest first, then by id and notifier (the same order from every backend). */
export function notificationOrder(rows: NotificationRow[]): NotificationRow[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => b.ts - a.ts || cmp(a.id, b.id) || cmp(a.notifier, b.notifier));
}

/** A stored notification (columns as named in both backends) back to its row. */
export function notificationFromColumns(c: Record<string, unknown>): NotificationRow {
  return {
    id: String(c.id),
    notifier: String(c.notifier),
    check: String(c.check_name),
    ts: Number(c.ts),
    event: String(c.event),
    status: String(c.status),
    title: String(c.title),
    outcome: c.outcome === 'failed' ? 'failed' : 'sent',
    attempts: Number(c.attempts),
  };
}

export const NOTIFICATION_COLUMNS = 'id, notifier, check_name, ts, event, status, title, outcome, attempts';

/** A notification's values in NOTIFICATION_COLUMNS order, for either backend's INSERT. */
export function notificationValues(
  row: NotificationRow,
): [string, string, string, number, string, string, string, string, number] {
  return [
    row.id,
    row.notifier,
    row.check,
    Math.round(row.ts),
    row.event,
    row.status,
    row.title,
    row.outcome,
    row.attempts,
  ];
}

export interface Retention {
  /** How long raw results are kept (ms); default six hours (the minute rollups' span). */
  rawMs: number;
  minuteMs: number;
  hourMs: number;
  dayMs: number;
}

export const RETENTION_DEFAULTS: Retention = {
  rawMs: 6 * 3_600_000,
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
  /**
   * Records a delivery, keyed by announcement id and notifier: recording it again changes
   * nothing. Returns whether it was new.
   */
  saveNotification(row: NotificationRow): Promise<boolean>;
  /** Deliveries announced since `since` (ms), newest first, at most `limit` (default 100). */
  notifications(since: number, o?: { check?: string; limit?: number }): Promise<NotificationRow[]>;
  /** Deletes what is past its retention (notifications: the day roll-ups'); returns the rows deleted. */
  prune(now: number, retention?: Retention): Promise<number>;
  /** One page of everything stored, for `db copy` (results, roll-ups, states, then notifications). */
  copyPage(after: string | undefined, limit: number): Promise<MonitorCopyPage>;
  /** Stores copied rows as they are (results and states kept once, roll-ups replaced). */
  copySave(rows: readonly MonitorCopyRow[]): Promise<{ stored: number; duplicates: number }>;
  close(): Promise<void>;
}

/** A roll-up row as `db copy` moves it between backends: bucket start in ms, sums in ms. */
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
  | { kind: 'state'; check: string; json: string; updated: number }
  | { kind: 'notification'; row: NotificationRow };

export interface MonitorCopyPage {
  rows: MonitorCopyRow[];
  /** Pass as `after` for the next page; undefined when this page was the last. */
  next: string | undefined;
}

/** The cursor of a copy (each backend's own keys): which table, and the last key read there. */
export type CopyCursor =
  | { t: 'r'; c: string; ts: number }
  | { t: 'u'; c: string; p: number; b: number }
  | { t: 's'; c: string }
  | { t: 'n'; ts: number; id: string; nf: string };

export function parseCursor(after: string | undefined): CopyCursor | undefined {
  return after === undefined ? undefined : (JSON.parse(after) as CopyCursor);
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
    // Compact rows: integer ids for checks and findings, 0.1 ms durations, buckets in periods.
    // Every hour and day already holds its minutes (monitor-1 wrote all three per result), so the
    // fold watermark starts at the newest minute. (Comments stay out of the SQL: `db migrate
    // --dry-run` shows the SQL as it is, in any language.)
    id: 'monitor-2',
    sql: `
      CREATE TABLE monitor_checks (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
      CREATE TABLE monitor_findings (id INTEGER PRIMARY KEY, finding TEXT NOT NULL UNIQUE);
      CREATE TABLE monitor_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE monitor_raw (
        ts INTEGER NOT NULL,
        check_id INTEGER NOT NULL,
        state INTEGER NOT NULL,
        dms INTEGER NOT NULL,
        finding_id INTEGER NOT NULL,
        PRIMARY KEY (ts, check_id)
      ) WITHOUT ROWID;
      CREATE TABLE monitor_rollup (
        period INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        check_id INTEGER NOT NULL,
        n INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        warning INTEGER NOT NULL,
        critical INTEGER NOT NULL,
        unknown INTEGER NOT NULL,
        sum_dms INTEGER NOT NULL,
        max_dms INTEGER NOT NULL,
        PRIMARY KEY (period, bucket, check_id)
      ) WITHOUT ROWID;
      INSERT INTO monitor_checks (name)
        SELECT check_name FROM monitor_results UNION SELECT check_name FROM monitor_rollups;
      INSERT INTO monitor_findings (finding) SELECT DISTINCT finding FROM monitor_results;
      INSERT OR REPLACE INTO monitor_raw
        SELECT r.ts, c.id, r.state, CAST(round(r.duration_ms * 10) AS INTEGER), f.id
        FROM monitor_results r JOIN monitor_checks c ON c.name = r.check_name
        JOIN monitor_findings f ON f.finding = r.finding;
      INSERT OR REPLACE INTO monitor_rollup
        SELECT r.period, r.bucket / (CASE r.period WHEN 1 THEN 60000 WHEN 2 THEN 3600000 ELSE 86400000 END), c.id,
          r.n, r.ok, r.warning, r.critical, r.unknown,
          CAST(round(r.sum_ms * 10) AS INTEGER), CAST(round(r.max_ms * 10) AS INTEGER)
        FROM monitor_rollups r JOIN monitor_checks c ON c.name = r.check_name;
      INSERT INTO monitor_meta VALUES ('folded_minute', coalesce((SELECT max(bucket) FROM monitor_rollup WHERE period = 1), 0));
      DROP TABLE monitor_results;
      DROP TABLE monitor_rollups;
    `,
  },
  {
    // What was announced and through which notifier, keyed by announcement id and notifier.
    id: 'monitor-notifications',
    sql: `
      CREATE TABLE monitor_notifications (
        id TEXT NOT NULL,
        notifier TEXT NOT NULL,
        check_name TEXT NOT NULL,
        ts INTEGER NOT NULL,
        event TEXT NOT NULL,
        status TEXT NOT NULL,
        title TEXT NOT NULL,
        outcome TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        PRIMARY KEY (id, notifier)
      ) WITHOUT ROWID;
      CREATE INDEX monitor_notifications_ts ON monitor_notifications (ts);
    `,
  },
];

const PERIOD_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export const PERIOD_CODE = { minute: 1, hour: 2, day: 3 } as const;
const PERIOD_MS_OF: Record<number, number> = { 1: 60_000, 2: 3_600_000, 3: 86_400_000 };
/** Minutes after the newest result before a minute is final and folded into its hour and day. */
const FOLD_LAG_MIN = 5;
const ROLLUP_COLUMNS = 'period, bucket, check_id, n, ok, warning, critical, unknown, sum_dms, max_dms';
/** Adds one result (?4–?7 the state flags, ?8 the duration) to a rollup row. */
const ADD_ONE = `INSERT INTO monitor_rollup VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?8)
  ON CONFLICT (period, bucket, check_id) DO UPDATE SET n = n + 1, ok = ok + ?4, warning = warning + ?5,
  critical = critical + ?6, unknown = unknown + ?7, sum_dms = sum_dms + ?8, max_dms = max(max_dms, ?8)`;
/**
 * Checks folded per save (one a second in the daemon): the fold of a minute is spread over a few
 * saves, each updating at most 2 × FOLD_CHECKS hour and day rows, so that no save holds the event
 * loop long (node:sqlite is synchronous; folding 10,000 checks at once took 130–520 ms).
 */
const FOLD_CHECKS = 500;
/** Folds the minutes in (?2, ?3] of the checks with ids in (?5, ?6] into period ?1, whose buckets are ?4 minutes long (node:sqlite binds numbers as REAL: cast, so the division is an integer one). */
const FOLD = `INSERT INTO monitor_rollup
  SELECT ?1, bucket / CAST(?4 AS INTEGER), check_id, sum(n), sum(ok), sum(warning), sum(critical), sum(unknown), sum(sum_dms), max(max_dms)
  FROM monitor_rollup WHERE period = 1 AND bucket > ?2 AND bucket <= ?3 AND check_id > ?5 AND check_id <= ?6 GROUP BY 2, 3
  ON CONFLICT (period, bucket, check_id) DO UPDATE SET n = n + excluded.n, ok = ok + excluded.ok,
  warning = warning + excluded.warning, critical = critical + excluded.critical, unknown = unknown + excluded.unknown,
  sum_dms = sum_dms + excluded.sum_dms, max_dms = max(max_dms, excluded.max_dms)`;
/**
 * FOLD for one minute (?2) of the checks with ids in (?4, ?5], into period ?1 of ?3 minutes: with
 * the minute given exactly, the check ids are a seek in the primary key, not a filter over the
 * minute's rows (a fold in steps would read every check's row at each step).
 */
const FOLD_AT = `INSERT INTO monitor_rollup
  SELECT ?1, bucket / CAST(?3 AS INTEGER), check_id, sum(n), sum(ok), sum(warning), sum(critical), sum(unknown), sum(sum_dms), max(max_dms)
  FROM monitor_rollup WHERE period = 1 AND bucket = ?2 AND check_id > ?4 AND check_id <= ?5 GROUP BY 2, 3
  ON CONFLICT (period, bucket, check_id) DO UPDATE SET n = n + excluded.n, ok = ok + excluded.ok,
  warning = warning + excluded.warning, critical = critical + excluded.critical, unknown = unknown + excluded.unknown,
  sum_dms = sum_dms + excluded.sum_dms, max_dms = max(max_dms, excluded.max_dms)`;
/** Up to this many minutes, a fold goes minute by minute (FOLD_AT); a longer backlog at once (FOLD). */
const FOLD_BY_MINUTE = 30;
/** The minutes not folded yet (after ?2, or after ?4 for checks with ids over ?5), as rows of period ?1 (?3 minutes long). */
const UNFOLDED = `SELECT ?1 AS period, bucket / CAST(?3 AS INTEGER) AS bucket, check_id, sum(n) AS n, sum(ok) AS ok,
  sum(warning) AS warning, sum(critical) AS critical, sum(unknown) AS unknown, sum(sum_dms) AS sum_dms,
  max(max_dms) AS max_dms FROM monitor_rollup WHERE period = 1 AND (bucket > ?2 OR (bucket > ?4 AND check_id > ?5)) GROUP BY 2, 3`;

interface StoredRollup {
  period: number;
  bucket: number;
  check_id: number;
  n: number;
  ok: number;
  warning: number;
  critical: number;
  unknown: number;
  sum_dms: number;
  max_dms: number;
}

export class SqliteMonitorHistory implements MonitorHistory {
  readonly #db: SqliteDatabase;
  readonly #file: string;
  readonly #checkIds = new Map<string, number>();
  readonly #checkNames = new Map<number, string>();
  readonly #findingIds = new Map<string, number>();
  readonly #findingNames = new Map<number, string>();
  /**
   * The last minute folded into hours and days for every check (`#folded`); while a fold is in
   * progress, the minutes up to `#target` are folded for the checks with ids up to `#foldedCheck`.
   * And the newest minute seen.
   */
  #folded = 0;
  #target = 0;
  #foldedCheck = 0;
  #newest = 0;
  readonly #s: Record<
    | 'raw'
    | 'addOne'
    | 'fold'
    | 'foldAt'
    | 'unfolded'
    | 'setFolded'
    | 'addCheck'
    | 'addFinding'
    | 'state'
    | 'states'
    | 'latest'
    | 'rollups',
    Statement
  >;
  readonly #saveBatch: (rows: readonly MonitorResultRow[]) => void;

  constructor(file: string, options: { readOnly?: boolean } = {}) {
    this.#file = file;
    this.#db = openDatabase(file, options);
    try {
      if (!options.readOnly) migrate(this.#db, MONITOR_MIGRATIONS);
      const p = (sql: string) => this.#db.prepare(sql);
      this.#s = {
        // A result already stored (the same check at the same ms) is kept once, not counted twice.
        raw: p('INSERT OR IGNORE INTO monitor_raw VALUES (?, ?, ?, ?, ?)'),
        addOne: p(ADD_ONE),
        fold: p(FOLD),
        foldAt: p(FOLD_AT),
        unfolded: p(UNFOLDED),
        setFolded: p(
          `INSERT OR REPLACE INTO monitor_meta VALUES ('folded_minute', ?1), ('fold_target', ?2), ('fold_check', ?3)`,
        ),
        addCheck: p('INSERT INTO monitor_checks (name) VALUES (?)'),
        addFinding: p('INSERT INTO monitor_findings (finding) VALUES (?)'),
        state: p(
          'INSERT INTO monitor_states VALUES (?, ?, ?) ON CONFLICT (check_name) DO UPDATE SET json = excluded.json, updated = excluded.updated',
        ),
        states: p('SELECT check_name, json FROM monitor_states'),
        // SQLite's bare columns with max(): the other columns come from the row holding the max.
        latest: p(
          'SELECT check_id, max(ts) AS ts, state, dms, finding_id FROM monitor_raw GROUP BY check_id',
        ),
        rollups: p(`SELECT ${ROLLUP_COLUMNS} FROM monitor_rollup WHERE period = ? AND bucket >= ?`),
      };
      for (const r of p('SELECT id, name FROM monitor_checks').all() as { id: number; name: string }[]) {
        this.#checkIds.set(r.name, r.id);
        this.#checkNames.set(r.id, r.name);
      }
      for (const r of p('SELECT id, finding FROM monitor_findings').all() as {
        id: number;
        finding: string;
      }[]) {
        this.#findingIds.set(r.finding, r.id);
        this.#findingNames.set(r.id, r.finding);
      }
      const meta = new Map(
        (
          p(
            `SELECT key, value FROM monitor_meta WHERE key IN ('folded_minute', 'fold_target', 'fold_check')`,
          ).all() as { key: string; value: number }[]
        ).map((r) => [r.key, Number(r.value)]),
      );
      this.#folded = meta.get('folded_minute') ?? 0;
      this.#target = Math.max(this.#folded, meta.get('fold_target') ?? 0);
      this.#foldedCheck = this.#target > this.#folded ? (meta.get('fold_check') ?? 0) : 0;
      this.#newest = this.#target;
    } catch (e) {
      this.#db.close();
      throw new NetdoctorError('ND_STORE', STORE_ERRORS.open, {
        input: file,
        params: { why: causeText(e) },
        cause: e,
      });
    }
    this.#saveBatch = this.#db.transaction((rows: readonly MonitorResultRow[]) => {
      const s = this.#s;
      let newest = this.#newest;
      for (const r of rows) {
        const check = this.#idOf(r.check, this.#checkIds, this.#checkNames, s.addCheck);
        const code = STATE_CODE[r.state];
        const dms = Math.max(0, Math.round(r.durationMs * 10));
        const minute = Math.floor(r.ts / PERIOD_MS.minute);
        const stored = s.raw.run(
          r.ts,
          check,
          code,
          dms,
          this.#idOf(r.finding, this.#findingIds, this.#findingNames, s.addFinding),
        ).changes;
        if (Number(stored) === 0) continue;
        const ok = code === 0 ? 1 : 0;
        const w = code === 1 ? 1 : 0;
        const cr = code === 2 ? 1 : 0;
        const u = code === 3 ? 1 : 0;
        s.addOne.run(PERIOD_CODE.minute, minute, check, ok, w, cr, u, dms);
        if (minute <= this.#folded || (minute <= this.#target && check <= this.#foldedCheck)) {
          // Later than its minute's fold (a check slower than FOLD_LAG_MIN): added to its hour and day here.
          s.addOne.run(PERIOD_CODE.hour, Math.floor(r.ts / PERIOD_MS.hour), check, ok, w, cr, u, dms);
          s.addOne.run(PERIOD_CODE.day, Math.floor(r.ts / PERIOD_MS.day), check, ok, w, cr, u, dms);
        }
        if (minute > newest) newest = minute;
      }
      this.#newest = newest;
      const final = newest - FOLD_LAG_MIN;
      if (this.#target === this.#folded && final > this.#folded) {
        this.#target = final;
        this.#foldedCheck = 0;
      }
      if (this.#target > this.#folded) this.#foldChecks(this.#foldedCheck + FOLD_CHECKS);
    });
  }

  /**
   * Folds the minutes up to the fold's target of the checks with ids up to `upTo` (all when
   * Infinity); once every check is folded, the target is the folded minute. In the caller's
   * transaction; the watermark is stored with the rows it describes.
   */
  #foldChecks(upTo: number): void {
    const s = this.#s;
    let maxId = 0;
    for (const id of this.#checkNames.keys()) if (id > maxId) maxId = id;
    const to = Math.min(upTo, maxId);
    if (to > this.#foldedCheck && this.#target - this.#folded <= FOLD_BY_MINUTE) {
      for (let m = this.#folded + 1; m <= this.#target; m++) {
        s.foldAt.run(PERIOD_CODE.hour, m, 60, this.#foldedCheck, to);
        s.foldAt.run(PERIOD_CODE.day, m, 1440, this.#foldedCheck, to);
      }
    } else if (to > this.#foldedCheck) {
      s.fold.run(PERIOD_CODE.hour, this.#folded, this.#target, 60, this.#foldedCheck, to);
      s.fold.run(PERIOD_CODE.day, this.#folded, this.#target, 1440, this.#foldedCheck, to);
    }
    if (to >= maxId) {
      this.#folded = this.#target;
      this.#foldedCheck = 0;
    } else this.#foldedCheck = to;
    s.setFolded.run(this.#folded, this.#target, this.#foldedCheck);
  }

  /** The integer id of a check or finding name, added on first sight (in the caller's transaction). */
  #idOf(name: string, ids: Map<string, number>, names: Map<number, string>, add: Statement): number {
    let id = ids.get(name);
    if (id === undefined) {
      id = Number(add.run(name).lastInsertRowid);
      ids.set(name, id);
      names.set(id, name);
    }
    return id;
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
    return this.#wrap(() => {
      if (rows.length === 0) return;
      const checks = this.#checkIds.size;
      const findings = this.#findingIds.size;
      const { newest, folded, target, foldedCheck } = this.#watermarks();
      try {
        this.#saveBatch(rows);
      } catch (e) {
        // Rolled back: forget the ids and minutes this batch added.
        this.#newest = newest;
        this.#folded = folded;
        this.#target = target;
        this.#foldedCheck = foldedCheck;
        if (this.#checkIds.size !== checks || this.#findingIds.size !== findings) this.#reloadIds();
        throw e;
      }
    });
  }

  #watermarks() {
    return {
      newest: this.#newest,
      folded: this.#folded,
      target: this.#target,
      foldedCheck: this.#foldedCheck,
    };
  }

  #reloadIds(): void {
    this.#checkIds.clear();
    this.#checkNames.clear();
    this.#findingIds.clear();
    this.#findingNames.clear();
    for (const r of this.#db.prepare('SELECT id, name FROM monitor_checks').all() as {
      id: number;
      name: string;
    }[]) {
      this.#checkIds.set(r.name, r.id);
      this.#checkNames.set(r.id, r.name);
    }
    for (const r of this.#db.prepare('SELECT id, finding FROM monitor_findings').all() as {
      id: number;
      finding: string;
    }[]) {
      this.#findingIds.set(r.finding, r.id);
      this.#findingNames.set(r.id, r.finding);
    }
  }

  loadStates(): Promise<Map<string, string>> {
    return this.#wrap(
      () =>
        new Map(
          (this.#s.states.all() as { check_name: string; json: string }[]).map((r) => [r.check_name, r.json]),
        ),
    );
  }

  saveState(check: string, json: string): Promise<void> {
    return this.#wrap(() => void this.#s.state.run(check, json, Date.now()));
  }

  latest(): Promise<MonitorResultRow[]> {
    return this.#wrap(() =>
      (
        this.#s.latest.all() as {
          check_id: number;
          ts: number;
          state: number;
          dms: number;
          finding_id: number;
        }[]
      )
        .map((r) => ({
          check: this.#checkNames.get(r.check_id) ?? String(r.check_id),
          ts: r.ts,
          state: STATES[r.state] ?? 'unknown',
          durationMs: r.dms / 10,
          finding: this.#findingNames.get(r.finding_id) ?? '',
        }))
        .sort((a, b) => (a.check < b.check ? -1 : a.check > b.check ? 1 : 0)),
    );
  }

  rollups(period: RollupRow['period'], since: number, check?: string): Promise<RollupRow[]> {
    return this.#wrap(() => {
      const code = PERIOD_CODE[period];
      const ms = PERIOD_MS[period];
      const from = Math.floor(since / ms);
      const only = check === undefined ? undefined : this.#checkIds.get(check);
      if (check !== undefined && only === undefined) return [];
      const stored = this.#s.rollups.all(code, from) as StoredRollup[];
      // Hours and days: the minutes not folded yet are added, so a read is exact at any time.
      const merged = new Map<string, StoredRollup>();
      for (const r of stored) merged.set(`${r.check_id}:${r.bucket}`, r);
      if (code !== PERIOD_CODE.minute) {
        for (const u of this.#s.unfolded.all(
          code,
          this.#target,
          ms / PERIOD_MS.minute,
          this.#folded,
          this.#foldedCheck,
        ) as StoredRollup[]) {
          if (u.bucket < from) continue;
          const key = `${u.check_id}:${u.bucket}`;
          const r = merged.get(key);
          if (!r) merged.set(key, u);
          else
            merged.set(key, {
              ...r,
              n: r.n + u.n,
              ok: r.ok + u.ok,
              warning: r.warning + u.warning,
              critical: r.critical + u.critical,
              unknown: r.unknown + u.unknown,
              sum_dms: r.sum_dms + u.sum_dms,
              max_dms: Math.max(r.max_dms, u.max_dms),
            });
        }
      }
      return [...merged.values()]
        .filter((r) => only === undefined || r.check_id === only)
        .map((r) => ({
          check: this.#checkNames.get(r.check_id) ?? String(r.check_id),
          period,
          bucket: r.bucket * ms,
          count: r.n,
          ok: r.ok,
          warning: r.warning,
          critical: r.critical,
          unknown: r.unknown,
          avgMs: r.n ? r.sum_dms / 10 / r.n : 0,
          maxMs: r.max_dms / 10,
        }))
        .sort((a, b) => (a.check < b.check ? -1 : a.check > b.check ? 1 : a.bucket - b.bucket));
    });
  }

  prune(now: number, retention: Retention = RETENTION_DEFAULTS): Promise<number> {
    return this.#wrap(() => {
      let n = Number(
        this.#db.prepare('DELETE FROM monitor_raw WHERE ts < ?').run(now - retention.rawMs).changes,
      );
      const del = this.#db.prepare('DELETE FROM monitor_rollup WHERE period = ? AND bucket < ?');
      // Minutes not folded yet are kept whatever their age: their hour and day still need them.
      const minute = Math.min(Math.floor((now - retention.minuteMs) / PERIOD_MS.minute), this.#folded + 1);
      n += Number(del.run(PERIOD_CODE.minute, minute).changes);
      n += Number(del.run(PERIOD_CODE.hour, Math.floor((now - retention.hourMs) / PERIOD_MS.hour)).changes);
      n += Number(del.run(PERIOD_CODE.day, Math.floor((now - retention.dayMs) / PERIOD_MS.day)).changes);
      if (this.#hasNotifications())
        n += Number(
          this.#db.prepare('DELETE FROM monitor_notifications WHERE ts < ?').run(now - retention.dayMs)
            .changes,
        );
      return n;
    });
  }

  copyPage(after: string | undefined, limit: number): Promise<MonitorCopyPage> {
    return this.#wrap(() => {
      let cur = parseCursor(after) ?? { t: 'r', c: '-1', ts: -1 };
      const rows: MonitorCopyRow[] = [];
      if (cur.t === 'r') {
        const got = this.#db
          .prepare(
            `SELECT ts, check_id, state, dms, finding_id FROM monitor_raw
             WHERE (ts, check_id) > (?, ?) ORDER BY ts, check_id LIMIT ?`,
          )
          .all(cur.ts, Number(cur.c), limit) as {
          ts: number;
          check_id: number;
          state: number;
          dms: number;
          finding_id: number;
        }[];
        for (const r of got)
          rows.push({
            kind: 'result',
            row: {
              check: this.#checkNames.get(r.check_id) ?? String(r.check_id),
              ts: r.ts,
              state: STATES[r.state] ?? 'unknown',
              durationMs: r.dms / 10,
              finding: this.#findingNames.get(r.finding_id) ?? '',
            },
          });
        const last = got.at(-1);
        if (last && got.length === limit)
          return { rows, next: JSON.stringify({ t: 'r', c: String(last.check_id), ts: last.ts }) };
        // Before the roll-ups are read: every minute folded into its hour and day, so that the
        // stored rows are the exact sums (a later result for a folded minute is added to its
        // hour and day directly, so folding early changes no answer).
        const newest = Math.max(
          this.#newest,
          Number(
            (
              this.#db.prepare('SELECT max(bucket) AS m FROM monitor_rollup WHERE period = 1').get() as {
                m: number | null;
              }
            ).m ?? 0,
          ),
        );
        const before = this.#watermarks();
        try {
          this.#db.transaction(() => {
            // The fold in progress finished, then every later minute folded at once.
            if (this.#target > this.#folded) this.#foldChecks(Number.POSITIVE_INFINITY);
            if (newest > this.#folded) {
              this.#target = newest;
              this.#foldedCheck = 0;
              this.#foldChecks(Number.POSITIVE_INFINITY);
            }
          })();
        } catch (e) {
          this.#folded = before.folded;
          this.#target = before.target;
          this.#foldedCheck = before.foldedCheck;
          throw e;
        }
        this.#newest = Math.max(this.#newest, newest);
        cur = { t: 'u', c: '', p: -1, b: -1 };
      }
      if (cur.t === 'u') {
        const got = this.#db
          .prepare(
            `SELECT ${ROLLUP_COLUMNS} FROM monitor_rollup WHERE (period, bucket, check_id) > (?, ?, ?)
             ORDER BY period, bucket, check_id LIMIT ?`,
          )
          .all(cur.p, cur.b, Number(cur.c || -1), limit) as StoredRollup[];
        for (const r of got)
          rows.push({
            kind: 'rollup',
            row: {
              check_name: this.#checkNames.get(r.check_id) ?? String(r.check_id),
              period: r.period,
              bucket: r.bucket * (PERIOD_MS_OF[r.period] ?? 60_000),
              n: r.n,
              ok: r.ok,
              warning: r.warning,
              critical: r.critical,
              unknown: r.unknown,
              sum_ms: r.sum_dms / 10,
              max_ms: r.max_dms / 10,
            },
          });
        const last = got.at(-1);
        if (last && got.length === limit)
          return {
            rows,
            next: JSON.stringify({ t: 'u', c: String(last.check_id), p: last.period, b: last.bucket }),
          };
        cur = { t: 's', c: '' };
      }
      if (cur.t === 's') {
        const got = this.#db
          .prepare(
            'SELECT check_name, json, updated FROM monitor_states WHERE check_name > ? ORDER BY check_name LIMIT ?',
          )
          .all(cur.c, limit) as { check_name: string; json: string; updated: number }[];
        for (const r of got)
          rows.push({ kind: 'state', check: r.check_name, json: r.json, updated: r.updated });
        const last = got.at(-1);
        if (last && got.length === limit)
          return { rows, next: JSON.stringify({ t: 's', c: last.check_name }) };
        cur = { t: 'n', ts: -1, id: '', nf: '' };
      }
      if (!this.#hasNotifications()) return { rows, next: undefined };
      const got = this.#db
        .prepare(
          `SELECT ${NOTIFICATION_COLUMNS} FROM monitor_notifications WHERE (ts, id, notifier) > (?, ?, ?)
           ORDER BY ts, id, notifier LIMIT ?`,
        )
        .all(cur.ts, cur.id, cur.nf, limit) as Record<string, unknown>[];
      for (const r of got) rows.push({ kind: 'notification', row: notificationFromColumns(r) });
      const last = got.at(-1);
      return {
        rows,
        next:
          last && got.length === limit
            ? JSON.stringify({ t: 'n', ts: Number(last.ts), id: last.id, nf: last.notifier })
            : undefined,
      };
    });
  }

  /** Whether the notifications table is there (a read-only store may predate its migration). */
  #hasNotifications(): boolean {
    return (
      this.#db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'monitor_notifications'")
        .get() !== undefined
    );
  }

  saveNotification(row: NotificationRow): Promise<boolean> {
    return this.#wrap(
      () =>
        Number(
          this.#db
            .prepare(
              `INSERT OR IGNORE INTO monitor_notifications (${NOTIFICATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(...notificationValues(row)).changes,
        ) > 0,
    );
  }

  notifications(since: number, o: { check?: string; limit?: number } = {}): Promise<NotificationRow[]> {
    return this.#wrap(() => {
      if (!this.#hasNotifications()) return [];
      const limit = o.limit ?? 100;
      const rows = (
        o.check === undefined
          ? this.#db
              .prepare(
                `SELECT ${NOTIFICATION_COLUMNS} FROM monitor_notifications WHERE ts >= ? ORDER BY ts DESC LIMIT ?`,
              )
              .all(since, limit)
          : this.#db
              .prepare(
                `SELECT ${NOTIFICATION_COLUMNS} FROM monitor_notifications WHERE ts >= ? AND check_name = ?
                 ORDER BY ts DESC LIMIT ?`,
              )
              .all(since, o.check, limit)
      ) as Record<string, unknown>[];
      return notificationOrder(rows.map(notificationFromColumns));
    });
  }

  copySave(rows: readonly MonitorCopyRow[]): Promise<{ stored: number; duplicates: number }> {
    return this.#wrap(() => {
      const s = this.#s;
      const putRollup = this.#db.prepare(
        `INSERT INTO monitor_rollup VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (period, bucket, check_id) DO UPDATE SET n = excluded.n, ok = excluded.ok,
           warning = excluded.warning, critical = excluded.critical, unknown = excluded.unknown,
           sum_dms = excluded.sum_dms, max_dms = excluded.max_dms`,
      );
      const putState = this.#db.prepare(
        `INSERT INTO monitor_states VALUES (?, ?, ?) ON CONFLICT (check_name) DO UPDATE SET
           json = excluded.json, updated = excluded.updated WHERE excluded.updated >= monitor_states.updated`,
      );
      const putNotification = this.#db.prepare(
        `INSERT OR IGNORE INTO monitor_notifications (${NOTIFICATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let stored = 0;
      let lastMinute = this.#folded;
      const checks = this.#checkIds.size;
      const findings = this.#findingIds.size;
      try {
        this.#db.transaction(() => {
          for (const x of rows) {
            if (x.kind === 'result') {
              const r = x.row;
              const check = this.#idOf(r.check, this.#checkIds, this.#checkNames, s.addCheck);
              const finding = this.#idOf(r.finding, this.#findingIds, this.#findingNames, s.addFinding);
              stored += Number(
                s.raw.run(
                  r.ts,
                  check,
                  STATE_CODE[r.state],
                  Math.max(0, Math.round(r.durationMs * 10)),
                  finding,
                ).changes,
              );
            } else if (x.kind === 'rollup') {
              const r = x.row;
              const ms = PERIOD_MS_OF[r.period] ?? 60_000;
              const bucket = Math.floor(r.bucket / ms);
              putRollup.run(
                r.period,
                bucket,
                this.#idOf(r.check_name, this.#checkIds, this.#checkNames, s.addCheck),
                r.n,
                r.ok,
                r.warning,
                r.critical,
                r.unknown,
                Math.round(r.sum_ms * 10),
                Math.round(r.max_ms * 10),
              );
              if (r.period === PERIOD_CODE.minute && bucket > lastMinute) lastMinute = bucket;
              stored++;
            } else if (x.kind === 'state') {
              putState.run(x.check, x.json, x.updated);
              stored++;
            } else {
              const r = x.row;
              stored += Number(putNotification.run(...notificationValues(r)).changes);
            }
          }
          // Copied hours and days are whole sums: no copied minute may be added to them again.
          if (lastMinute > this.#folded)
            s.setFolded.run(
              lastMinute,
              Math.max(this.#target, lastMinute),
              this.#target > lastMinute ? this.#foldedCheck : 0,
            );
        })();
      } catch (e) {
        if (this.#checkIds.size !== checks || this.#findingIds.size !== findings) this.#reloadIds();
        throw e;
      }
      if (lastMinute > this.#folded) {
        this.#folded = lastMinute;
        if (this.#target <= lastMinute) {
          this.#target = lastMinute;
          this.#foldedCheck = 0;
        }
      }
      this.#newest = Math.max(this.#newest, this.#target);
      return { stored, duplicates: rows.length - stored };
    });
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}
