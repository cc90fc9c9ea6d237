/**
 * What the stored history says, as data: the latest result of each check with its announced
 * status (`monitor status`), and availability per check over a span (`monitor history`). The CLI
 * and the dashboard render these; neither sums anything itself.
 */
import type {
  MonitorHistory,
  MonitorResultRow,
  NotificationRow,
  RollupRow,
} from '../store/monitor-history.js';

export interface CheckStatusRow extends MonitorResultRow {
  /** The status last reached (UP, DOWN, WARNING …) as the daemon keeps it; '' when unknown. */
  status: string;
  /** When that status began, ms since the epoch (when known). */
  statusSince?: number;
}

/** The latest result of every check, with its status from the kept state. */
export async function monitorStatus(history: MonitorHistory): Promise<CheckStatusRow[]> {
  const latest = await history.latest();
  const states = await history.loadStates();
  return latest.map((r) => {
    const raw = states.get(r.check);
    let status = '';
    let statusSince: number | undefined;
    if (raw) {
      try {
        const m = JSON.parse(raw) as { status?: unknown; since?: unknown };
        if (typeof m.status === 'string') status = m.status;
        if (typeof m.since === 'number') statusSince = m.since;
      } catch {
        // A damaged state row shows as unknown; the daemon rewrites it on its next result.
      }
    }
    return { ...r, status, ...(statusSince !== undefined ? { statusSince } : {}) };
  });
}

export interface Availability {
  check: string;
  results: number;
  /** Share of results that were OK, 0..1. */
  availability: number;
  avgMs: number;
}

export interface AvailabilityReport {
  period: RollupRow['period'];
  /** ms since the epoch. */
  since: number;
  checks: Availability[];
  /** The rollup rows the figures come from (for charts). */
  rows: RollupRow[];
}

/** The rollup level that fits a span: minutes up to 6 h, hours up to 31 days, days beyond. */
export function periodFor(spanMs: number): RollupRow['period'] {
  return spanMs <= 6 * 3_600_000 ? 'minute' : spanMs <= 31 * 86_400_000 ? 'hour' : 'day';
}

/** Availability per check since `since` (ms), from the rollups of the level that fits. */
export async function monitorAvailability(
  history: MonitorHistory,
  since: number,
  o: { check?: string; now?: number } = {},
): Promise<AvailabilityReport> {
  const period = periodFor((o.now ?? Date.now()) - since);
  const rows = await history.rollups(period, since - (since % 60_000), o.check);
  const per = new Map<string, { n: number; ok: number; sum: number }>();
  for (const r of rows) {
    const p = per.get(r.check) ?? { n: 0, ok: 0, sum: 0 };
    p.n += r.count;
    p.ok += r.ok;
    p.sum += r.avgMs * r.count;
    per.set(r.check, p);
  }
  const checks = [...per].map(([check, p]) => ({
    check,
    results: p.n,
    availability: p.n ? p.ok / p.n : 0,
    avgMs: p.n ? p.sum / p.n : 0,
  }));
  return { period, since, checks, rows };
}

/**
 * The notifications delivered (or given up on) since `since` (ms), newest first, at most `limit`
 * (default 100): `monitor notifications`, and the dashboard's recent notifications.
 */
export async function monitorNotifications(
  history: MonitorHistory,
  since: number,
  o: { check?: string; limit?: number } = {},
): Promise<NotificationRow[]> {
  return history.notifications(since, o);
}
