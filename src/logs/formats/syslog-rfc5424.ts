/**
 * RFC 5424 syslog: `<22>1 2026-12-06T19:20:01.003Z mx postfix/smtp 123 - - message`, and an
 * RFC 3164 line that kept its `<PRI>` (as a network collector writes it). Structured data is
 * skipped by its brackets (RFC 5424 §6.3, with `\]` escapes).
 */
import type { FormatState, LogRecord } from '../record.js';
import type { LineFormat } from './index.js';
import { syslogBsd } from './syslog-bsd.js';

const HEADER =
  /^<(\d{1,3})>1 (\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}) (\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) /;
const PRI_BSD = /^<\d{1,3}>(?=[A-Z][a-z]{2} )/;

function skipStructuredData(line: string, at: number): number {
  if (line[at] === '-') return at + 2;
  let i = at;
  while (line[i] === '[') {
    i++;
    while (i < line.length && line[i] !== ']') i += line[i] === '\\' ? 2 : 1;
    i++;
  }
  return line[i] === ' ' ? i + 1 : i;
}

export const syslogRfc5424: LineFormat = {
  id: 'syslog-rfc5424',
  detect: (line) => HEADER.test(line) || PRI_BSD.test(line),
  parse(line: string, state: FormatState): LogRecord | undefined {
    const pri = PRI_BSD.exec(line);
    if (pri) return syslogBsd.parse(line.slice(pri[0].length), state);
    const m = HEADER.exec(line.length > 600 ? line.slice(0, 600) : line);
    if (!m) return undefined;
    const n = m.slice(2, 8).map(Number) as [number, number, number, number, number, number];
    let message = line.slice(skipStructuredData(line, m[0].length));
    if (message.startsWith('\uFEFF')) message = message.slice(1); // RFC 5424 §6.4 BOM
    const pid = m[10] as string;
    return {
      time: Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]),
      host: m[8] as string,
      program: m[9] as string,
      ...(pid !== '-' ? { pid } : {}),
      message,
    };
  },
};
