/**
 * RFC 5424 syslog: `<22>1 2026-12-06T19:20:01.003Z mx postfix/smtp 123 - - message`, and an
 * RFC 3164 line that kept its `<PRI>` (as a network collector writes it). The PRI gives the
 * facility and severity (PRI = facility × 8 + severity, RFC 5424 §6.2.1); structured data is read
 * into SD-ID → name → value (§6.3, with the `\"`, `\\` and `\]` escapes of §6.3.3).
 */
import type { FormatState, LogRecord } from '../record.js';
import type { LineFormat } from './index.js';
import { syslogBsd } from './syslog-bsd.js';

const HEADER =
  /^<(\d{1,3})>1 (\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}) (\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) /;
const PRI_BSD = /^<(\d{1,3})>(?=[A-Z][a-z]{2} )/;

/** At most this many SD elements and parameters are kept per line (the rest is skipped). */
const MAX_SD_PARAMS = 64;

/** Reads the structured data at `at`; returns where the message starts and the elements read. */
export function readStructuredData(
  line: string,
  at: number,
): { next: number; data?: Record<string, Record<string, string>> } {
  if (line[at] === '-') return { next: line[at + 1] === ' ' ? at + 2 : at + 1 };
  const data: Record<string, Record<string, string>> = {};
  let params = 0;
  let i = at;
  while (line[i] === '[') {
    let j = i + 1;
    while (j < line.length && line[j] !== ' ' && line[j] !== ']') j++;
    const id = line.slice(i + 1, j);
    const element: Record<string, string> = {};
    while (line[j] === ' ') {
      const eq = line.indexOf('="', j + 1);
      if (eq < 0) return { next: line.length };
      const name = line.slice(j + 1, eq);
      let k = eq + 2;
      let value = '';
      while (k < line.length && line[k] !== '"') {
        if (line[k] === '\\' && k + 1 < line.length) {
          const n = line[k + 1] as string;
          value += n === '"' || n === '\\' || n === ']' ? n : `\\${n}`;
          k += 2;
        } else value += line[k++];
      }
      if (params++ < MAX_SD_PARAMS)
        Object.defineProperty(element, name, { value, enumerable: true, writable: true, configurable: true });
      j = k + 1;
    }
    if (line[j] !== ']') return { next: line.length };
    if (id !== '' && params <= MAX_SD_PARAMS) data[id] = element;
    i = j + 1;
  }
  return { next: line[i] === ' ' ? i + 1 : i, data };
}

function priority(pri: number): { facility: number; severity: number } | undefined {
  return pri <= 191 ? { facility: pri >> 3, severity: pri & 7 } : undefined;
}

export const syslogRfc5424: LineFormat = {
  id: 'syslog-rfc5424',
  detect: (line) => HEADER.test(line) || PRI_BSD.test(line),
  parse(line: string, state: FormatState): LogRecord | undefined {
    const pri = PRI_BSD.exec(line);
    if (pri) {
      const rec = syslogBsd.parse(line.slice(pri[0].length), state);
      const p = priority(Number(pri[1]));
      return rec && p ? { ...rec, ...p } : rec;
    }
    const m = HEADER.exec(line.length > 600 ? line.slice(0, 600) : line);
    if (!m) return undefined;
    const p = priority(Number(m[1]));
    if (!p) return undefined;
    const n = m.slice(2, 8).map(Number) as [number, number, number, number, number, number];
    const sd = readStructuredData(line, m[0].length);
    let message = line.slice(sd.next);
    if (message.startsWith('\uFEFF')) message = message.slice(1); // RFC 5424 §6.4 BOM
    const pid = m[10] as string;
    const app = m[9] as string;
    return {
      time: Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]),
      host: m[8] === '-' ? '' : (m[8] as string),
      program: app === '-' ? '' : app,
      ...(pid !== '-' ? { pid } : {}),
      message,
      ...p,
      ...(sd.data && Object.keys(sd.data).length > 0 ? { structuredData: sd.data } : {}),
    };
  },
};
