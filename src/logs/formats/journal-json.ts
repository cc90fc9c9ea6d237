/**
 * The systemd journal as `journalctl -o json` prints it: one JSON object per line with
 * `__REALTIME_TIMESTAMP` (µs since the epoch, UTC), `SYSLOG_IDENTIFIER`, `_PID`, `_HOSTNAME`,
 * `PRIORITY` (the syslog severity), `SYSLOG_FACILITY` and `MESSAGE` (a string, or an array of bytes when the message is not valid UTF-8).
 */
import type { FormatState, LogRecord } from '../record.js';
import type { LineFormat } from './index.js';

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length <= 1 << 20 && v.every((b) => typeof b === 'number'))
    return Buffer.from(v as number[]).toString('utf8');
  return undefined;
}

export const journalJson: LineFormat = {
  id: 'journal-json',
  detect: (line) => line.startsWith('{') && line.includes('"__REALTIME_TIMESTAMP"'),
  parse(line: string, state: FormatState): LogRecord | undefined {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (typeof o !== 'object' || o === null) return undefined;
    const us = Number(o.__REALTIME_TIMESTAMP);
    const message = text(o.MESSAGE);
    const program = text(o.SYSLOG_IDENTIFIER) ?? text(o._COMM);
    if (!Number.isFinite(us) || message === undefined || program === undefined) return undefined;
    const pid = text(o.SYSLOG_PID) ?? text(o._PID);
    const severity = Number(text(o.PRIORITY));
    const facility = Number(text(o.SYSLOG_FACILITY));
    return {
      ...(Number.isInteger(severity) && severity >= 0 && severity <= 7 ? { severity } : {}),
      ...(Number.isInteger(facility) && facility >= 0 && facility <= 23 ? { facility } : {}),
      time: Math.floor(us / 1000) + state.utcOffsetMinutes * 60_000,
      host: text(o._HOSTNAME) ?? '',
      program,
      ...(pid !== undefined ? { pid } : {}),
      message,
    };
  },
};
