/**
 * The site doctor's past reports in the embedded store, so that `netdoctor doctor history` and the
 * dashboard can list them and show one again: a row per report with its domain, time, worst
 * severity and counts (what a list shows, read without parsing any report), and the report itself
 * as JSON. Written against `DoctorHistory` (promises); PostgreSQL is the second implementation
 * (`doctor-history-postgres.ts`). A report is keyed by (domain, start time), so keeping or copying
 * it twice stores it once.
 */
import { causeText, NetdoctorError } from '../core/errors.js';
import { type Migration, migrate, openDatabase, type SqliteDatabase, type Statement } from './db.js';
import { STORE_ERRORS } from './error-messages.js';

export interface DoctorReportEntry {
  id: number;
  domain: string;
  /** ms since the epoch. */
  startedAt: number;
  worst: 'ok' | 'info' | 'warn' | 'fail';
  counts: { ok: number; info: number; warn: number; fail: number };
}

export interface DoctorHistory {
  /** Stores one report; returns its id. */
  save(entry: Omit<DoctorReportEntry, 'id'>, reportJson: string): Promise<number>;
  /** The newest reports first, `limit` at most, of one domain or of all. */
  list(o?: { domain?: string; limit?: number }): Promise<DoctorReportEntry[]>;
  /** One stored report as it was saved (JSON), or undefined. */
  get(id: number): Promise<StoredDoctorReport | undefined>;
  /** One page of every stored report, for `db copy`. */
  page(
    after: number | undefined,
    limit: number,
  ): Promise<{ rows: StoredDoctorReport[]; next: number | undefined }>;
  /** Stores copied reports; one already there (same domain and start) is kept once. */
  copySave(rows: readonly StoredDoctorReport[]): Promise<{ stored: number; duplicates: number }>;
  close(): Promise<void>;
}

export interface StoredDoctorReport {
  entry: DoctorReportEntry;
  reportJson: string;
}

export const DOCTOR_MIGRATIONS: readonly Migration[] = [
  {
    id: 'doctor-1',
    sql: `
      CREATE TABLE doctor_reports (
        id INTEGER PRIMARY KEY,
        domain TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        worst TEXT NOT NULL,
        n_ok INTEGER NOT NULL,
        n_info INTEGER NOT NULL,
        n_warn INTEGER NOT NULL,
        n_fail INTEGER NOT NULL,
        report TEXT NOT NULL
      );
      CREATE INDEX doctor_reports_domain ON doctor_reports (domain, started_at);
      CREATE INDEX doctor_reports_time ON doctor_reports (started_at);
    `,
  },
  {
    // One report per (domain, start), as in PostgreSQL.
    id: 'doctor-2',
    sql: `
      DELETE FROM doctor_reports WHERE id NOT IN
        (SELECT min(id) FROM doctor_reports GROUP BY domain, started_at);
      DROP INDEX doctor_reports_domain;
      CREATE UNIQUE INDEX doctor_reports_domain_start ON doctor_reports (domain, started_at);
    `,
  },
];

export interface DoctorRow {
  id: number;
  domain: string;
  started_at: number;
  worst: DoctorReportEntry['worst'];
  n_ok: number;
  n_info: number;
  n_warn: number;
  n_fail: number;
  report?: string;
}

export const entryOfRow = (r: DoctorRow): DoctorReportEntry => ({
  id: Number(r.id),
  domain: r.domain,
  startedAt: Number(r.started_at),
  worst: r.worst,
  counts: { ok: r.n_ok, info: r.n_info, warn: r.n_warn, fail: r.n_fail },
});

const COLUMNS = 'id, domain, started_at, worst, n_ok, n_info, n_warn, n_fail';

export class SqliteDoctorHistory implements DoctorHistory {
  readonly #db: SqliteDatabase;
  readonly #file: string;
  readonly #insert: Statement;
  readonly #listAll: Statement;
  readonly #listDomain: Statement;
  readonly #get: Statement;

  constructor(file: string, options: { readOnly?: boolean } = {}) {
    this.#file = file;
    this.#db = openDatabase(file, options);
    try {
      if (!options.readOnly) migrate(this.#db, DOCTOR_MIGRATIONS);
      this.#insert = this.#db.prepare(
        'INSERT OR IGNORE INTO doctor_reports (domain, started_at, worst, n_ok, n_info, n_warn, n_fail, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      this.#listAll = this.#db.prepare(
        `SELECT ${COLUMNS} FROM doctor_reports ORDER BY started_at DESC, id DESC LIMIT ?`,
      );
      this.#listDomain = this.#db.prepare(
        `SELECT ${COLUMNS} FROM doctor_reports WHERE domain = ? ORDER BY started_at DESC, id DESC LIMIT ?`,
      );
      this.#get = this.#db.prepare(`SELECT ${COLUMNS}, report FROM doctor_reports WHERE id = ?`);
    } catch (e) {
      this.#db.close();
      throw new NetdoctorError('ND_STORE', STORE_ERRORS.open, {
        input: file,
        params: { why: causeText(e) },
        cause: e,
      });
    }
  }

  #wrap<T>(body: () => T): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (e) {
      return Promise.reject(
        new NetdoctorError('ND_STORE', STORE_ERRORS.read, {
          input: this.#file,
          params: { why: causeText(e) },
          cause: e,
        }),
      );
    }
  }

  save(entry: Omit<DoctorReportEntry, 'id'>, reportJson: string): Promise<number> {
    return this.#wrap(() => {
      const c = entry.counts;
      const r = this.#insert.run(
        entry.domain,
        entry.startedAt,
        entry.worst,
        c.ok,
        c.info,
        c.warn,
        c.fail,
        reportJson,
      );
      if (Number(r.changes) === 1) return Number(r.lastInsertRowid);
      const seen = this.#db
        .prepare('SELECT id FROM doctor_reports WHERE domain = ? AND started_at = ?')
        .get(entry.domain, entry.startedAt) as { id: number } | undefined;
      return Number(seen?.id);
    });
  }

  page(
    after: number | undefined,
    limit: number,
  ): Promise<{ rows: StoredDoctorReport[]; next: number | undefined }> {
    return this.#wrap(() => {
      const rows = this.#db
        .prepare(`SELECT ${COLUMNS}, report FROM doctor_reports WHERE id > ? ORDER BY id LIMIT ?`)
        .all(after ?? 0, limit) as DoctorRow[];
      const last = rows.at(-1);
      return {
        rows: rows.map((r) => ({ entry: entryOfRow(r), reportJson: r.report ?? '{}' })),
        next: last && rows.length === limit ? Number(last.id) : undefined,
      };
    });
  }

  copySave(rows: readonly StoredDoctorReport[]): Promise<{ stored: number; duplicates: number }> {
    return this.#wrap(() => {
      let stored = 0;
      this.#db.transaction(() => {
        for (const { entry, reportJson } of rows) {
          const c = entry.counts;
          stored += Number(
            this.#insert.run(
              entry.domain,
              entry.startedAt,
              entry.worst,
              c.ok,
              c.info,
              c.warn,
              c.fail,
              reportJson,
            ).changes,
          );
        }
      })();
      return { stored, duplicates: rows.length - stored };
    });
  }

  list(o: { domain?: string; limit?: number } = {}): Promise<DoctorReportEntry[]> {
    const limit = o.limit ?? 50;
    return this.#wrap(() =>
      (
        (o.domain === undefined
          ? this.#listAll.all(limit)
          : this.#listDomain.all(o.domain, limit)) as DoctorRow[]
      ).map(entryOfRow),
    );
  }

  get(id: number): Promise<{ entry: DoctorReportEntry; reportJson: string } | undefined> {
    return this.#wrap(() => {
      const r = this.#get.get(id) as DoctorRow | undefined;
      return r ? { entry: entryOfRow(r), reportJson: r.report ?? '{}' } : undefined;
    });
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}
