/**
 * The kernel's own ring buffer, as `dmesg` prints it and `/dev/kmsg` gives it:
 * - `[12345.678901] text` (plain `dmesg`: seconds since boot, no wall clock),
 * - `[Sun Dec  6 21:30:00 2026] text` (`dmesg -T`),
 * - `2026-12-06T21:30:00,123456+09:00 text` (`dmesg --time-format iso`),
 * - `6,1234,10884828064,-;text` (a `/dev/kmsg` record: priority, sequence, µs since boot, flags).
 * A stamp counted from boot has no wall-clock time: `time` is NaN (per-hour tables leave it out).
 */
import { type FormatState, type LogRecord, MONTHS } from '../record.js';
import type { LineFormat } from './index.js';

const UPTIME = /^\[ *\d{1,10}\.\d{1,9}\] /;
const CTIME = /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})\] /;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2}),\d{1,9}(?:[+-]\d{2}:?\d{2}|Z) /;
const KMSG = /^(\d{1,3}),\d{1,20},\d{1,20},[^;]{0,16};/;

function record(time: number, message: string, priority?: number): LogRecord {
  const rec: LogRecord = { time, host: '', program: 'kernel', message };
  if (priority !== undefined && priority <= 191) {
    rec.severity = priority & 7;
    rec.facility = priority >> 3;
  }
  return rec;
}

export const kernelRing: LineFormat = {
  id: 'kernel-ring',
  detect: (line) => UPTIME.test(line) || CTIME.test(line) || ISO.test(line) || KMSG.test(line),
  parse(line: string, _state: FormatState): LogRecord | undefined {
    const head = line.length > 80 ? line.slice(0, 80) : line;
    let m = UPTIME.exec(head);
    if (m) return record(Number.NaN, line.slice(m[0].length));
    m = CTIME.exec(head);
    if (m) {
      const month = MONTHS[m[1] as string];
      if (month === undefined) return undefined;
      const t = Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
      return record(t, line.slice(m[0].length));
    }
    m = ISO.exec(head);
    if (m) {
      const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      return record(Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]), line.slice(m[0].length));
    }
    m = KMSG.exec(head);
    if (m) return record(Number.NaN, line.slice(m[0].length), Number(m[1]));
    return undefined;
  },
};
