/**
 * Syslog lines stamped in RFC 3339 (`2026-12-06T19:20:01.123456+09:00 mx postfix/smtp[123]: …`),
 * Debian's rsyslog default since bookworm. The wall clock is kept as written (see record.ts).
 */
import type { FormatState, LogRecord } from '../record.js';
import { splitTag } from '../record.js';
import type { LineFormat } from './index.js';

const STAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})? (\S{1,255}) /;

export const syslogRfc3339: LineFormat = {
  id: 'syslog-rfc3339',
  detect: (line) => STAMP.test(line),
  parse(line: string, _state: FormatState): LogRecord | undefined {
    const m = STAMP.exec(line.length > 400 ? line.slice(0, 400) : line);
    if (!m) return undefined;
    const tag = splitTag(line, m[0].length);
    if (!tag) return undefined;
    const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    return { time: Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]), host: m[7] as string, ...tag };
  },
};
