/**
 * The store: every history netdoctor keeps, in SQLite (the default, one file) or PostgreSQL
 * (shared by many hosts), chosen by the `db` string: `postgres://…`/`postgresql://…` is
 * PostgreSQL, anything else a file path (the CLI takes it from `--db` or `NETDOCTOR_DB`).
 *
 * Each history is one interface with one file per backend (`dmarc-history.ts` with
 * `SqliteDmarcHistory`, `dmarc-history-postgres.ts` with `PostgresDmarcHistory`), each bringing
 * its versioned migrations. To plug in a further history (monitor results, LAN events …):
 *
 *   1. `<name>-history.ts`: the interface (rows in, sums out; promises), its SQLite class and its
 *      `<NAME>_MIGRATIONS`; `<name>-history-postgres.ts`: the PostgreSQL class and
 *      `<NAME>_PG_MIGRATIONS` (same ids, same tables; writes idempotent by a unique key, inside
 *      `PostgresStore.transaction` so lost races and lost connections are retried).
 *   2. An `open<Name>History(db)` below, and one entry in `HISTORIES` (migrate and copy use it).
 *   3. A backend factory in the conformance suite (test/store/conformance.test.ts): the same
 *      tests then run against both implementations, with EXPLAIN checks of its summary queries.
 *
 * @example
 *   const history = await openDmarcHistory('postgres://netdoctor@db.example/netdoctor');
 *   await history.save(rows);
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { causeText, NetdoctorError } from '../core/errors.js';
import { defaultDatabasePath, type Migration } from './db.js';
import { DMARC_MIGRATIONS, type DmarcHistory, SqliteDmarcHistory } from './dmarc-history.js';
import { DMARC_PG_MIGRATIONS, PostgresDmarcHistory } from './dmarc-history-postgres.js';
import { DOCTOR_MIGRATIONS, type DoctorHistory, SqliteDoctorHistory } from './doctor-history.js';
import { DOCTOR_PG_MIGRATIONS, PostgresDoctorHistory } from './doctor-history-postgres.js';
import { STORE_ERRORS } from './error-messages.js';
import { LAN_MIGRATIONS, type LanHistory, SqliteLanHistory } from './lan-history.js';
import { LAN_PG_MIGRATIONS, PostgresLanHistory } from './lan-history-postgres.js';
import { MONITOR_MIGRATIONS, type MonitorHistory, SqliteMonitorHistory } from './monitor-history.js';
import { MONITOR_PG_MIGRATIONS, PostgresMonitorHistory } from './monitor-history-postgres.js';
import { isPostgresUrl, openPostgres, type PostgresOptions, redactUrl } from './postgres.js';

export type {
  DmarcHistory,
  DmarcRecordRow,
  DmarcReportRow,
  HistoryQuery,
  HistorySummary,
  PruneResult,
  ReporterRow,
  SaveResult,
} from './dmarc-history.js';
export { SqliteDmarcHistory } from './dmarc-history.js';
export { PostgresDmarcHistory } from './dmarc-history-postgres.js';
export type { DoctorHistory, DoctorReportEntry, StoredDoctorReport } from './doctor-history.js';
export { SqliteDoctorHistory } from './doctor-history.js';
export { PostgresDoctorHistory } from './doctor-history-postgres.js';
export type { LanEventCount, LanEventQuery, LanEventRow, LanHistory } from './lan-history.js';
export { SqliteLanHistory } from './lan-history.js';
export { PostgresLanHistory } from './lan-history-postgres.js';
export type {
  MonitorHistory,
  MonitorResultRow,
  Retention,
  RollupRow,
  StoredState,
} from './monitor-history.js';
export { RETENTION_DEFAULTS, SqliteMonitorHistory } from './monitor-history.js';
export { PostgresMonitorHistory } from './monitor-history-postgres.js';
export { defaultDatabasePath, isPostgresUrl, redactUrl };

/** Which backend a `db` string names. */
export function storeKind(db: string): 'postgres' | 'sqlite' {
  return isPostgresUrl(db) ? 'postgres' : 'sqlite';
}

/** The DMARC history in the store `db` (migrated on open). */
export async function openDmarcHistory(db: string, options: PostgresOptions = {}): Promise<DmarcHistory> {
  return isPostgresUrl(db) ? PostgresDmarcHistory.open(db, options) : new SqliteDmarcHistory(db);
}

/** The monitor's history in the store `db` (migrated on open unless read-only). */
export async function openMonitorHistory(
  db: string,
  options: PostgresOptions & { readOnly?: boolean } = {},
): Promise<MonitorHistory> {
  return isPostgresUrl(db) ? PostgresMonitorHistory.open(db, options) : new SqliteMonitorHistory(db, options);
}

/** The LAN history (ARP watch events) in the store `db` (migrated on open unless read-only). */
export async function openLanHistory(
  db: string,
  options: PostgresOptions & { readOnly?: boolean } = {},
): Promise<LanHistory> {
  return isPostgresUrl(db) ? PostgresLanHistory.open(db, options) : new SqliteLanHistory(db, options);
}

/** The site doctor's past reports in the store `db` (migrated on open unless read-only). */
export async function openDoctorHistory(
  db: string,
  options: PostgresOptions & { readOnly?: boolean } = {},
): Promise<DoctorHistory> {
  return isPostgresUrl(db) ? PostgresDoctorHistory.open(db, options) : new SqliteDoctorHistory(db, options);
}

/** What `db copy` needs of a history: pages out by an opaque cursor, rows in, idempotently. */
interface Copyable {
  page(after: string | undefined, limit: number): Promise<{ rows: unknown[]; next: string | undefined }>;
  save(rows: readonly never[]): Promise<{ stored: number; duplicates: number }>;
  close(): Promise<void>;
}

interface HistoryEntry {
  name: string;
  sqlite: readonly Migration[];
  postgres: readonly Migration[];
  open(db: string, options?: PostgresOptions): Promise<Copyable>;
}

/** A history paged by a numeric id (DMARC, LAN) as a `Copyable`. */
function byId(h: {
  page(after: number | undefined, limit: number): Promise<{ rows: unknown[]; next: number | undefined }>;
  save(rows: readonly never[]): Promise<{ stored: number; duplicates: number }>;
  close(): Promise<void>;
}): Copyable {
  return {
    page: async (after, limit) => {
      const p = await h.page(after === undefined ? undefined : Number(after), limit);
      return { rows: p.rows, next: p.next === undefined ? undefined : String(p.next) };
    },
    save: (rows) => h.save(rows),
    close: () => h.close(),
  };
}

/** Every history the store keeps (one line per history). */
export const HISTORIES: readonly HistoryEntry[] = [
  {
    name: 'dmarc',
    sqlite: DMARC_MIGRATIONS,
    postgres: DMARC_PG_MIGRATIONS,
    open: async (db, o) => byId((await openDmarcHistory(db, o)) as never),
  },
  {
    name: 'monitor',
    sqlite: MONITOR_MIGRATIONS,
    postgres: MONITOR_PG_MIGRATIONS,
    open: async (db, o) => {
      const h = await openMonitorHistory(db, o);
      return { page: (a, l) => h.copyPage(a, l), save: (rows) => h.copySave(rows), close: () => h.close() };
    },
  },
  {
    name: 'lan',
    sqlite: LAN_MIGRATIONS,
    postgres: LAN_PG_MIGRATIONS,
    open: async (db, o) => byId((await openLanHistory(db, o)) as never),
  },
  {
    name: 'doctor',
    sqlite: DOCTOR_MIGRATIONS,
    postgres: DOCTOR_PG_MIGRATIONS,
    open: async (db, o) => {
      const h = await openDoctorHistory(db, o);
      return byId({ page: (a, l) => h.page(a, l), save: (rows) => h.copySave(rows), close: () => h.close() });
    },
  },
];

export interface MigrationStep {
  history: string;
  id: string;
  sql: string;
}

/** Migrations not applied yet in `db`, in the order they would run; nothing is changed. */
export async function pendingMigrations(db: string): Promise<MigrationStep[]> {
  if (isPostgresUrl(db)) {
    const store = await openPostgres(db, { retryForMs: 5000 });
    try {
      const out: MigrationStep[] = [];
      for (const h of HISTORIES) out.push(...(await store.pending(h.name, h.postgres)));
      return out.map(({ history, id, sql }) => ({ history, id, sql }));
    } finally {
      await store.close();
    }
  }
  // Per history: a migration id is recorded once per file, but the histories own their ids.
  let done = new Set<string>();
  if (existsSync(db)) {
    let file: DatabaseSync | undefined;
    try {
      file = new DatabaseSync(db, { readOnly: true });
      const has = file.prepare(`SELECT name FROM sqlite_master WHERE name = 'netdoctor_migrations'`).get();
      if (has)
        done = new Set(
          (file.prepare('SELECT id FROM netdoctor_migrations').all() as { id: string }[]).map((r) => r.id),
        );
    } catch (e) {
      throw new NetdoctorError('ND_STORE', STORE_ERRORS.open, {
        input: db,
        params: { why: causeText(e) },
        cause: e,
      });
    } finally {
      file?.close();
    }
  }
  return HISTORIES.flatMap((h) =>
    h.sqlite.filter((m) => !done.has(m.id)).map((m) => ({ history: h.name, id: m.id, sql: m.sql })),
  );
}

/** Applies every history's pending migrations to `db`; returns what ran. */
export async function migrateStore(db: string): Promise<MigrationStep[]> {
  const pending = await pendingMigrations(db);
  for (const h of HISTORIES) await (await h.open(db)).close();
  return pending;
}

export interface CopyResult {
  history: string;
  read: number;
  stored: number;
  duplicates: number;
}

/**
 * Copies every history from `from` into `to` (either backend to either), page by page; idempotent,
 * so a copy that was interrupted is finished by running it again.
 */
export async function copyStore(
  from: string,
  to: string,
  o: { pageSize?: number; progress?: (history: string, read: number) => void } = {},
): Promise<CopyResult[]> {
  if (!isPostgresUrl(from) && !existsSync(from))
    throw new NetdoctorError('ND_INPUT_UNREADABLE', STORE_ERRORS.noSource, { input: from, option: 'from' });
  if (from === to || (!isPostgresUrl(from) && !isPostgresUrl(to) && path.resolve(from) === path.resolve(to)))
    throw new NetdoctorError('ND_USAGE', STORE_ERRORS.sameStore, { input: redactUrl(to), option: 'to' });
  const out: CopyResult[] = [];
  for (const h of HISTORIES) {
    const source = await h.open(from);
    try {
      const target = await h.open(to);
      try {
        const r: CopyResult = { history: h.name, read: 0, stored: 0, duplicates: 0 };
        let after: string | undefined;
        do {
          const page = await source.page(after, o.pageSize ?? 500);
          if (page.rows.length > 0) {
            const s = await target.save(page.rows as never[]);
            r.read += page.rows.length;
            r.stored += s.stored;
            r.duplicates += s.duplicates;
            o.progress?.(h.name, r.read);
          }
          after = page.next;
        } while (after !== undefined);
        out.push(r);
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  }
  return out;
}
