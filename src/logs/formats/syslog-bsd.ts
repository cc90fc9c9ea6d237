/**
 * Traditional (RFC 3164 / BSD) syslog: `Dec  6 19:20:01 mx postfix/smtp[123]: …`, as rsyslog's
 * `RSYSLOG_TraditionalFileFormat`, /var/log/maillog on RHEL and Postfix's own `maillog_file`
 * write it. The stamp has no year: it is inferred from the input's reference time (the stamp is
 * not after it), and a month that goes backwards (December → January) starts the next year.
 */
import { type FormatState, type LogRecord, MONTHS, splitTag } from '../record.js';
import type { LineFormat } from './index.js';

const STAMP = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})? (\S{1,255}) /;

export const syslogBsd: LineFormat = {
  id: 'syslog-bsd',
  detect: (line) => STAMP.test(line),
  parse(line: string, state: FormatState): LogRecord | undefined {
    const m = STAMP.exec(line.length > 400 ? line.slice(0, 400) : line);
    if (!m) return undefined;
    const month = MONTHS[m[1] as string];
    if (month === undefined) return undefined;
    if (state.lastMonth < 0) {
      const ref = new Date(state.reference);
      state.year = month > ref.getUTCMonth() ? ref.getUTCFullYear() - 1 : ref.getUTCFullYear();
    } else if (month < state.lastMonth && state.lastMonth - month >= 6) {
      state.year++; // December → January
    }
    state.lastMonth = month;
    const tag = splitTag(line, m[0].length);
    if (!tag) return undefined;
    return {
      time: Date.UTC(state.year, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])),
      host: m[6] as string,
      ...tag,
    };
  },
};
