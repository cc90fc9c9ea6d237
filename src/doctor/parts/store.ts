/**
 * What the store knows about the site: the domain's DMARC history (the last 30 days, per day and
 * the failing sources) and the monitor's latest result per check. The store is only read: a
 * SQLite file that does not exist is not created, the report says it is absent.
 */
import { existsSync } from 'node:fs';
import { causeText, NetdoctorError } from '../../core/errors.js';
import { type Finding, finding, type Severity } from '../../core/findings.js';
import { dmarcHistorySummary } from '../../dmarc/index.js';
import { openMonitorHistory } from '../../monitor/index.js';
import { isPostgresUrl, redactUrl } from '../../store/index.js';
import type { MonitorHistory, StoredState } from '../../store/monitor-history.js';
import type { PartResult } from '../run.js';
import { DOCTOR_DEFAULTS, type DoctorDeps, type DoctorOptions } from '../types.js';

export type StorePresence =
  | { kind: 'none' }
  | { kind: 'absent'; db: string }
  | { kind: 'sqlite' | 'postgres'; db: string }
  | { kind: 'injected' };

/** Which store the report reads, if any. */
export function storePresence(o: DoctorOptions, deps: DoctorDeps): StorePresence {
  if (deps.dmarcHistory || deps.monitorHistory) return { kind: 'injected' };
  if (!o.db) return { kind: 'none' };
  if (isPostgresUrl(o.db)) return { kind: 'postgres', db: o.db };
  return existsSync(o.db) ? { kind: 'sqlite', db: o.db } : { kind: 'absent', db: o.db };
}

const DAY_S = 86_400;

export async function dmarcPart(
  domain: string,
  o: DoctorOptions,
  deps: DoctorDeps,
  store: StorePresence,
): Promise<PartResult | undefined> {
  if (store.kind === 'none' || (store.kind === 'injected' && !deps.dmarcHistory)) return undefined;
  if (store.kind === 'absent')
    return { findings: [finding('doctor.store.absent', 'info', { db: store.db })], skipped: true };
  const since = Math.floor((o.now ?? Date.now()) / 1000) - DOCTOR_DEFAULTS.dmarcDays * DAY_S;
  const s = await dmarcHistorySummary({
    ...(deps.dmarcHistory ? { history: deps.dmarcHistory } : { db: (store as { db: string }).db }),
    domain,
    since,
  });
  const failing = s.sources
    .filter((r) => r.dmarcPass < r.messages)
    .sort((a, b) => b.messages - b.dmarcPass - (a.messages - a.dmarcPass))
    .slice(0, DOCTOR_DEFAULTS.dmarcSources);
  return {
    findings: s.findings,
    data: {
      ...(store.kind === 'injected' ? {} : { db: redactUrl(store.db) }),
      since: new Date(since * 1000).toISOString().slice(0, 10),
      domains: s.domains,
      days: s.days,
      failingSources: failing,
    },
  };
}

const SEVERITY_OF: Record<StoredState, Severity> = {
  ok: 'ok',
  warning: 'warn',
  critical: 'fail',
  unknown: 'warn',
};

export async function monitorPart(
  _o: DoctorOptions,
  deps: DoctorDeps,
  store: StorePresence,
): Promise<PartResult | undefined> {
  let history: MonitorHistory | undefined = deps.monitorHistory;
  // The monitor keeps its history in SQLite only; a PostgreSQL store has none to read.
  if (!history && store.kind !== 'sqlite') return undefined;
  const owned = !history;
  const db = store.kind === 'sqlite' ? store.db : '';
  try {
    history ??= openMonitorHistory(db, { readOnly: true });
  } catch (e) {
    // A store the monitor never wrote has no monitor tables: nothing to report, not a failure.
    if (e instanceof NetdoctorError && /no such table/.test(causeText(e.cause)))
      return { findings: [finding('doctor.monitor.none', 'info', { db })], skipped: true };
    throw e;
  }
  try {
    const [latest, states] = await Promise.all([history.latest(), history.loadStates()]);
    if (latest.length === 0)
      return { findings: [finding('doctor.monitor.none', 'info', { db: db || 'the store' })], skipped: true };
    const findings: Finding[] = latest.map((r) => {
      const memory = states.get(r.check);
      let status = r.state.toUpperCase();
      try {
        if (memory) status = String((JSON.parse(memory) as { status?: string }).status ?? status);
      } catch {
        // a state written by another version: the stored result's state stands
      }
      return finding(
        'doctor.monitor.state',
        SEVERITY_OF[r.state],
        { check: r.check, state: status, at: new Date(r.ts).toISOString(), finding: r.finding },
        { durationMs: r.durationMs },
      );
    });
    return { findings, data: { checks: latest } };
  } finally {
    if (owned) await history.close();
  }
}
