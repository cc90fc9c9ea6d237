/**
 * A check's state over time, and what to announce: UP → PENDING (failed, retries left) → DOWN
 * after exactly `retries` more failures; back to UP at the first success. One announcement per
 * change, reminders at the re-notification interval, none during maintenance, none while a
 * dependency is DOWN, none while flapping. Pure: the daemon feeds results and the clock.
 */
import type { CheckState } from './types.js';

export type MonitorStatus = 'UP' | 'PENDING' | 'DOWN' | 'WARNING' | 'UNKNOWN';

export interface CheckMemory {
  status: MonitorStatus;
  /** Failures in a row. */
  failures: number;
  /** When the current status began (ms). */
  since: number;
  /** The status last announced, and when; persisted so a restart does not announce it again. */
  announced: MonitorStatus;
  announcedAt: number;
  /** Recent results' states, newest last, for flapping. */
  recent: CheckState[];
  flapping: boolean;
}

export type Announcement = 'down' | 'up' | 'warning' | 'reminder' | 'flapping';

export function freshMemory(now: number): CheckMemory {
  return {
    status: 'UP',
    failures: 0,
    since: now,
    announced: 'UP',
    announcedAt: 0,
    recent: [],
    flapping: false,
  };
}

export interface Observation {
  state: CheckState;
  now: number;
  retries: number;
  renotifyMs: number;
  /** In a maintenance window, or a dependency is DOWN: state kept, nothing announced. */
  quiet: boolean;
  flapChanges: number;
  flapWindow: number;
}

function changes(recent: readonly CheckState[]): number {
  let n = 0;
  for (let i = 1; i < recent.length; i++) if ((recent[i] === 'ok') !== (recent[i - 1] === 'ok')) n++;
  return n;
}

/** The next memory and what to announce (at most one announcement per result). */
export function observe(m: CheckMemory, o: Observation): { memory: CheckMemory; announce?: Announcement } {
  // One new array per result (the last flapWindow states), not a copy and a slice of it.
  const recent = m.recent.slice(Math.max(0, m.recent.length - o.flapWindow + 1));
  recent.push(o.state);
  const next: CheckMemory = { ...m, recent };
  let status: MonitorStatus;
  if (o.state === 'ok') {
    next.failures = 0;
    status = 'UP';
  } else if (o.state === 'warning') {
    next.failures = 0;
    status = 'WARNING';
  } else {
    next.failures = m.failures + 1;
    // UNKNOWN (the check could not run) counts as a failed attempt, but is shown as UNKNOWN.
    status = next.failures > o.retries ? (o.state === 'unknown' ? 'UNKNOWN' : 'DOWN') : 'PENDING';
  }
  if (status !== m.status) {
    next.status = status;
    next.since = o.now;
  }
  const wasFlapping = m.flapping;
  // Hysteresis, as Nagios' high and low thresholds: flapping starts at flapChanges changes in the
  // window and ends only below half of that, so a service hovering at the threshold is not
  // announced as flapping again and again.
  const n = changes(next.recent);
  next.flapping = wasFlapping
    ? n >= Math.ceil(o.flapChanges / 2)
    : next.recent.length >= o.flapWindow && n >= o.flapChanges;
  if (o.quiet || status === 'PENDING') return { memory: next };
  if (next.flapping) {
    if (!wasFlapping) {
      next.announcedAt = o.now;
      return { memory: next, announce: 'flapping' };
    }
    return { memory: next };
  }
  if (status !== next.announced) {
    // UP after a PENDING that never became DOWN is not news: nothing was announced.
    const announce: Announcement = status === 'UP' ? 'up' : status === 'WARNING' ? 'warning' : 'down';
    next.announced = status;
    next.announcedAt = o.now;
    return { memory: next, announce };
  }
  if (status !== 'UP' && o.renotifyMs > 0 && o.now - next.announcedAt >= o.renotifyMs) {
    next.announcedAt = o.now;
    return { memory: next, announce: 'reminder' };
  }
  return { memory: next };
}
