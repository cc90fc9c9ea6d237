/**
 * The site doctor's past reports in the embedded store, so that `netdoctor doctor history` and the
 * dashboard can list them and show one again: a row per report with its domain, time, worst
 * severity and counts (what a list shows, read without parsing any report), and the report itself
 * as JSON. SQLite only, like the monitor's history; written against `DoctorHistory` (promises) so
 * that PostgreSQL can be a second implementation.
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
  get(id: number): Promise<{ entry: DoctorReportEntry; reportJson: string } | undefined>;
  close(): Promise<void>;
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
];

interface Row {
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

const entryOf = (r: Row): DoctorReportEntry => ({
  id: r.id,
  domain: r.domain,
  startedAt: r.started_at,
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
        'INSERT INTO doctor_reports (domain, started_at, worst, n_ok, n_info, n_warn, n_fail, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
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
      return Number(r.lastInsertRowid);
    });
  }

  list(o: { domain?: string; limit?: number } = {}): Promise<DoctorReportEntry[]> {
    const limit = o.limit ?? 50;
    return this.#wrap(() =>
      (
        (o.domain === undefined ? this.#listAll.all(limit) : this.#listDomain.all(o.domain, limit)) as Row[]
      ).map(entryOf),
    );
  }

  get(id: number): Promise<{ entry: DoctorReportEntry; reportJson: string } | undefined> {
    return this.#wrap(() => {
      const r = this.#get.get(id) as Row | undefined;
      return r ? { entry: entryOf(r), reportJson: r.report ?? '{}' } : undefined;
    });
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}
