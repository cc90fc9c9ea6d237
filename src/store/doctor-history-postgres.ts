/**
 * The site doctor's past reports in PostgreSQL (see `doctor-history.ts`): the same table, for
 * several hosts keeping reports in one shared store. A report is keyed by (domain, start time):
 * keeping it twice (a retried transaction, `db copy` run again) stores it once.
 */
import type { Migration } from './db.js';
import {
  type DoctorHistory,
  type DoctorReportEntry,
  type DoctorRow,
  entryOfRow,
  type StoredDoctorReport,
} from './doctor-history.js';
import { openMigrated, type PostgresOptions, type PostgresStore, storeCall } from './postgres.js';

export const DOCTOR_PG_MIGRATIONS: readonly Migration[] = [
  {
    id: 'doctor-1',
    sql: `
      CREATE TABLE doctor_reports (
        id BIGSERIAL PRIMARY KEY,
        domain TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        worst TEXT NOT NULL,
        n_ok INTEGER NOT NULL,
        n_info INTEGER NOT NULL,
        n_warn INTEGER NOT NULL,
        n_fail INTEGER NOT NULL,
        report TEXT NOT NULL,
        UNIQUE (domain, started_at)
      );
      CREATE INDEX doctor_reports_time ON doctor_reports (started_at);
    `,
  },
];

const COLUMNS = 'id, domain, started_at, worst, n_ok, n_info, n_warn, n_fail';

export class PostgresDoctorHistory implements DoctorHistory {
  readonly store: PostgresStore;

  private constructor(store: PostgresStore) {
    this.store = store;
  }

  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresDoctorHistory> {
    return new PostgresDoctorHistory(await openMigrated(url, options, 'doctor', DOCTOR_PG_MIGRATIONS));
  }

  #wrap<T>(body: () => Promise<T>, write: boolean): Promise<T> {
    return storeCall(this.store, write, body);
  }

  save(entry: Omit<DoctorReportEntry, 'id'>, reportJson: string): Promise<number> {
    const c = entry.counts;
    return this.#wrap(
      () =>
        this.store.transaction(async (t) => {
          const r = await t.query<{ id: string }>(
            `INSERT INTO doctor_reports (domain, started_at, worst, n_ok, n_info, n_warn, n_fail, report)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (domain, started_at) DO NOTHING RETURNING id`,
            [entry.domain, entry.startedAt, entry.worst, c.ok, c.info, c.warn, c.fail, reportJson],
          );
          if (r.rows[0]) return Number(r.rows[0].id);
          const seen = await t.query<{ id: string }>(
            'SELECT id FROM doctor_reports WHERE domain = $1 AND started_at = $2',
            [entry.domain, entry.startedAt],
          );
          return Number(seen.rows[0]?.id);
        }),
      true,
    );
  }

  list(o: { domain?: string; limit?: number } = {}): Promise<DoctorReportEntry[]> {
    const limit = o.limit ?? 50;
    return this.#wrap(async () => {
      const rows =
        o.domain === undefined
          ? await this.store.query<DoctorRow>(
              `SELECT ${COLUMNS} FROM doctor_reports ORDER BY started_at DESC, id DESC LIMIT $1`,
              [limit],
            )
          : await this.store.query<DoctorRow>(
              `SELECT ${COLUMNS} FROM doctor_reports WHERE domain = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
              [o.domain, limit],
            );
      return rows.map(entryOfRow);
    }, false);
  }

  get(id: number): Promise<StoredDoctorReport | undefined> {
    return this.#wrap(async () => {
      const rows = await this.store.query<DoctorRow>(
        `SELECT ${COLUMNS}, report FROM doctor_reports WHERE id = $1`,
        [id],
      );
      const r = rows[0];
      return r ? { entry: entryOfRow(r), reportJson: r.report ?? '{}' } : undefined;
    }, false);
  }

  page(
    after: number | undefined,
    limit: number,
  ): Promise<{ rows: StoredDoctorReport[]; next: number | undefined }> {
    return this.#wrap(async () => {
      const rows = await this.store.query<DoctorRow>(
        `SELECT ${COLUMNS}, report FROM doctor_reports WHERE id > $1 ORDER BY id LIMIT $2`,
        [after ?? 0, limit],
      );
      const last = rows.at(-1);
      return {
        rows: rows.map((r) => ({ entry: entryOfRow(r), reportJson: r.report ?? '{}' })),
        next: last && rows.length === limit ? Number(last.id) : undefined,
      };
    }, false);
  }

  copySave(rows: readonly StoredDoctorReport[]): Promise<{ stored: number; duplicates: number }> {
    return this.#wrap(
      () =>
        this.store.transaction(async (t) => {
          let stored = 0;
          for (const { entry, reportJson } of rows) {
            const c = entry.counts;
            const r = await t.query(
              `INSERT INTO doctor_reports (domain, started_at, worst, n_ok, n_info, n_warn, n_fail, report)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (domain, started_at) DO NOTHING`,
              [entry.domain, entry.startedAt, entry.worst, c.ok, c.info, c.warn, c.fail, reportJson],
            );
            stored += r.rowCount ?? 0;
          }
          return { stored, duplicates: rows.length - stored };
        }),
      true,
    );
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
