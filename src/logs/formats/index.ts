/**
 * The registry of log line formats: one file per format, one line here. `parseLine` picks the
 * format by the line's first character (cheap), then lets it parse; a format added here is
 * found by `formats.test.ts`, which compares this list with the folder.
 */
import type { FormatState, LogRecord } from '../record.js';
import { journalJson } from './journal-json.js';
import { kernelRing } from './kernel-ring.js';
import { syslogBsd } from './syslog-bsd.js';
import { syslogRfc3339 } from './syslog-rfc3339.js';
import { syslogRfc5424 } from './syslog-rfc5424.js';

export interface LineFormat {
  /** Stable name, e.g. `syslog-bsd`. */
  id: string;
  /** Whether `line` looks like this format (used to name a file's format and by tests). */
  detect(line: string): boolean;
  /** The record, or undefined when the line is not (wholly) in this format. */
  parse(line: string, state: FormatState): LogRecord | undefined;
}

export const LINE_FORMATS: readonly LineFormat[] = [
  journalJson,
  kernelRing,
  syslogBsd,
  syslogRfc3339,
  syslogRfc5424,
];

/** Parses one line in whichever registered format it is written in. */
export function parseLine(line: string, state: FormatState): LogRecord | undefined {
  const c = line.charCodeAt(0);
  if (c >= 0x41 && c <= 0x5a) return syslogBsd.parse(line, state); // A-Z: "Dec  6 …"
  if (c >= 0x30 && c <= 0x39) return syslogRfc3339.parse(line, state) ?? kernelRing.parse(line, state); // "2026-12-06T…", "6,1234,…;"
  if (c === 0x5b) return kernelRing.parse(line, state); // "[12345.678] …" (dmesg)
  if (c === 0x3c) return syslogRfc5424.parse(line, state); // "<22>1 …"
  if (c === 0x7b) return journalJson.parse(line, state); // "{"
  return undefined;
}

/** The registered format `id`, or undefined. */
export function lineFormat(id: string): LineFormat | undefined {
  return LINE_FORMATS.find((f) => f.id === id);
}

/**
 * The format most of these lines (a file's first lines) are written in, or undefined when none
 * reads any of them. Used to name an input's format and to check a forced one.
 */
export function detectFormat(lines: readonly string[]): string | undefined {
  const votes = new Map<string, number>();
  for (const line of lines) {
    const f = LINE_FORMATS.find((x) => x.detect(line));
    if (f) votes.set(f.id, (votes.get(f.id) ?? 0) + 1);
  }
  let best: string | undefined;
  let most = 0;
  for (const [id, n] of votes)
    if (n > most) {
      best = id;
      most = n;
    }
  return best;
}
