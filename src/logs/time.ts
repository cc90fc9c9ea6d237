/** `--since`/`--until` values: a date, a date and time (wall clock, as the log writes it), or a span back from now. */
import { NetdoctorError } from '../core/errors.js';
import { LOGS_ERRORS } from './error-messages.js';

const SPAN = /^(\d{1,6})\s*(s|m|h|d|w)$/;
const UNIT: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses a time bound as wall-clock ms (see record.ts). `now` is the wall clock now.
 * @example parseTimeBound('2026-12-06T09:30', Date.now(), 'since')
 */
export function parseTimeBound(value: string, now: number, option: string): number {
  const span = SPAN.exec(value.trim());
  if (span) return now - Number(span[1]) * (UNIT[span[2] as string] as number);
  const d = DATE.exec(value.trim());
  if (d) {
    const n = d.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
    const t = Date.UTC(n[0] as number, (n[1] as number) - 1, n[2], n[3], n[4], n[5]);
    if (!Number.isNaN(t)) return t;
  }
  throw new NetdoctorError('ND_USAGE', LOGS_ERRORS.badTime, { input: value, option });
}
