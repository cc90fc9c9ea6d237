/**
 * Past doctor reports in the store: keep one, list them (newest first), load one to show again —
 * what `netdoctor doctor --keep`, `doctor history` and `doctor show` and the dashboard's doctor
 * page call. In the store's `doctor_reports` table, SQLite or PostgreSQL; reading never creates an
 * SQLite file.
 */
import { existsSync } from 'node:fs';
import { causeText, NetdoctorError } from '../core/errors.js';
import {
  type DoctorHistory,
  type DoctorReportEntry,
  isPostgresUrl,
  openDoctorHistory,
} from '../store/index.js';
import { DOCTOR_ERRORS } from './error-messages.js';
import type { DoctorReport } from './types.js';

export type { DoctorHistory, DoctorReportEntry } from '../store/index.js';

export interface DoctorStoreOptions {
  /** The store: an SQLite file or a postgres:// URL; or give `history` (an open one). */
  db?: string;
  history?: DoctorHistory;
}

function storeOf(db: string | undefined): string {
  if (db === undefined) throw new NetdoctorError('ND_USAGE', DOCTOR_ERRORS.historyNoStore, { option: 'db' });
  return db;
}

/** Opens the history to read it, or undefined when the store has none (no file, no table). */
async function openToRead(o: DoctorStoreOptions): Promise<DoctorHistory | undefined> {
  if (o.history) return o.history;
  const db = storeOf(o.db);
  if (!isPostgresUrl(db) && !existsSync(db)) return undefined;
  try {
    return await openDoctorHistory(db, { readOnly: true });
  } catch (e) {
    if (e instanceof NetdoctorError && /no such table/.test(causeText(e.cause))) return undefined;
    throw e;
  }
}

/**
 * Keeps `report` in the store; returns its id.
 *
 * @example
 *   const id = await keepDoctorReport(report, { db: '/var/lib/netdoctor/netdoctor.db' });
 */
export async function keepDoctorReport(report: DoctorReport, o: DoctorStoreOptions): Promise<number> {
  const history = o.history ?? (await openDoctorHistory(storeOf(o.db)));
  try {
    return await history.save(
      {
        domain: report.domain,
        startedAt: Date.parse(report.startedAt),
        worst: report.worst,
        counts: report.counts,
      },
      JSON.stringify(report),
    );
  } finally {
    if (!o.history) await history.close();
  }
}

/** Past reports, newest first (of one domain, or all), `limit` at most (default 50). */
export async function listDoctorReports(
  o: DoctorStoreOptions & { domain?: string; limit?: number },
): Promise<DoctorReportEntry[]> {
  const history = await openToRead(o);
  if (!history) return [];
  try {
    return await history.list({
      ...(o.domain !== undefined ? { domain: o.domain } : {}),
      ...(o.limit !== undefined ? { limit: o.limit } : {}),
    });
  } finally {
    if (!o.history) await history.close();
  }
}

/**
 * One past report, as `runDoctor` returned it. `id` as a number or as typed (`"3"`); a bad or
 * missing id is an error naming it as given.
 */
export async function loadDoctorReport(idArg: number | string, o: DoctorStoreOptions): Promise<DoctorReport> {
  const id = typeof idArg === 'number' ? idArg : /^\d{1,15}$/.test(idArg) ? Number(idArg) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1)
    throw new NetdoctorError('ND_USAGE', DOCTOR_ERRORS.badReportId, { input: String(idArg) });
  const history = await openToRead(o);
  try {
    const stored = await history?.get(id);
    if (!stored) throw new NetdoctorError('ND_USAGE', DOCTOR_ERRORS.noSuchReport, { input: String(idArg) });
    return JSON.parse(stored.reportJson) as DoctorReport;
  } finally {
    if (history && !o.history) await history.close();
  }
}
