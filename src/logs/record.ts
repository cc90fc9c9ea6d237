/**
 * One log record, whatever line format it came in: the wall-clock time the line carries, the host,
 * the program (`postfix/smtp`, `postfix-out/qmgr`, `kernel`), its pid and the message text.
 *
 * `time` is the wall clock as written in the log (milliseconds, counted as if it were UTC): a
 * traditional syslog stamp has no zone, and an RFC 3339 stamp is kept at its own offset, so that
 * per-day and per-hour rows are the days and hours the admin reads in the file (as pflogsumm does).
 */
export interface LogRecord {
  time: number;
  host: string;
  program: string;
  pid?: string;
  message: string;
  /** Syslog severity 0 (emerg) … 7 (debug), when the line carries it (RFC 5424 PRI, journal PRIORITY). */
  severity?: number;
  /** Syslog facility number, when the line carries it. */
  facility?: number;
  /** RFC 5424 structured data: SD-ID → parameter → value. */
  structuredData?: Record<string, Record<string, string>>;
}

/** What a line format needs to know about where its lines come from. */
export interface FormatState {
  /** The year of the input's first undated stamp, and the month seen last (year rollover). */
  year: number;
  lastMonth: number;
  /** The input's reference time (its mtime, or now), as wall-clock ms. */
  reference: number;
  /** Local zone offset (minutes east of UTC) for formats stamped in UTC (the journal). */
  utcOffsetMinutes: number;
  /**
   * The month and year of the first undated stamp read, set once: a reader that splits one input
   * into byte ranges checks with them that each range inferred the year the whole would have.
   */
  firstMonth?: number;
  firstYear?: number;
}

export const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** `prog[pid]: message` or `prog: message` at `start` of `line`; undefined when absent. */
export function splitTag(
  line: string,
  start: number,
): { program: string; pid?: string; message: string } | undefined {
  // Tags are short (RFC 3164 caps them at 32 characters; Postfix's are under 64): look no further
  // than 128 characters for the colon, so that a megabyte line costs no more than a short one.
  const limit = Math.min(line.length, start + 128);
  for (let i = start; i < limit; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20) return undefined;
    if (c === 0x3a /* : */ && line.charCodeAt(i + 1) === 0x20) {
      return tagParts(line.slice(start, i), line.slice(i + 2));
    }
    if (c === 0x5b /* [ */) {
      const close = line.indexOf(']', i);
      if (close < 0 || close > limit || line.charCodeAt(close + 1) !== 0x3a) return undefined;
      const program = line.slice(start, i);
      const pid = line.slice(i + 1, close);
      const message = line.slice(line.charCodeAt(close + 2) === 0x20 ? close + 3 : close + 2);
      return { program, pid, message };
    }
  }
  return undefined;
}

function tagParts(program: string, message: string): { program: string; message: string } {
  return { program, message };
}
