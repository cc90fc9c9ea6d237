/**
 * Traditional (RFC 3164 / BSD) syslog: `Dec  6 19:20:01 mx postfix/smtp[123]: …`, as rsyslog's
 * `RSYSLOG_TraditionalFileFormat`, /var/log/maillog on RHEL and Postfix's own `maillog_file`
 * write it. The stamp has no year: it is inferred from the input's reference time (the stamp is
 * not after it), and a month that goes backwards (December → January) starts the next year.
 *
 * The hot path of every mail log: the stamp is read by position (no pattern), and consecutive
 * lines of the same second reuse the time already computed.
 */
import { type FormatState, type LogRecord, MONTHS, splitTag } from '../record.js';
import type { LineFormat } from './index.js';

const STAMP = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})? (\S{1,255}) /;

function digit(line: string, i: number): number {
  const c = line.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/** The last stamp read for an input and its time: consecutive lines share a second. */
export interface StampCache {
  text: string;
  time: number;
}
const cache = new WeakMap<FormatState, StampCache>();

/**
 * The input's stamp cache, shared with byte-level readers (maillog's fast path) so that the year
 * inference (`timeOf`) is asked exactly when this format would ask it.
 */
export function stampCache(state: FormatState): StampCache {
  let c = cache.get(state);
  if (c === undefined) {
    c = { text: '', time: 0 };
    cache.set(state, c);
  }
  return c;
}

/**
 * The time of a fast-path stamp (`stamp` is the line's first 15 characters, "Mmm dd hh:mm:ss"),
 * remembered in the input's cache; undefined when it is not one (the line takes the slow path).
 */
export function stampTime(stamp: string, state: FormatState): number | undefined {
  const month = MONTHS[stamp.slice(0, 3)];
  const d1 = stamp.charCodeAt(4) === 0x20 ? 0 : digit(stamp, 4);
  const day = d1 * 10 + digit(stamp, 5);
  const h = digit(stamp, 7) * 10 + digit(stamp, 8);
  const min = digit(stamp, 10) * 10 + digit(stamp, 11);
  const s = digit(stamp, 13) * 10 + digit(stamp, 14);
  if (month === undefined || day < 1 || h < 0 || min < 0 || s < 0 || stamp.charCodeAt(12) !== 0x3a)
    return undefined;
  const time = timeOf(state, month, day, h, min, s);
  const c = stampCache(state);
  c.text = stamp;
  c.time = time;
  return time;
}

function slowParse(line: string, state: FormatState): LogRecord | undefined {
  const m = STAMP.exec(line.length > 400 ? line.slice(0, 400) : line);
  if (!m) return undefined;
  const month = MONTHS[m[1] as string];
  if (month === undefined) return undefined;
  const time = timeOf(state, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  const tag = splitTag(line, m[0].length);
  if (!tag) return undefined;
  return {
    time,
    host: m[6] as string,
    program: tag.program,
    ...(tag.pid !== undefined ? { pid: tag.pid } : {}),
    message: tag.message,
  };
}

/** The wall-clock ms of a traditional stamp, inferring its year (see the module comment). */
export function timeOf(
  state: FormatState,
  month: number,
  day: number,
  h: number,
  min: number,
  s: number,
): number {
  if (state.lastMonth < 0) {
    const ref = new Date(state.reference);
    state.year = month > ref.getUTCMonth() ? ref.getUTCFullYear() - 1 : ref.getUTCFullYear();
  } else if (month < state.lastMonth && state.lastMonth - month >= 6) {
    state.year++; // December → January
  }
  state.lastMonth = month;
  if (state.firstMonth === undefined) {
    state.firstMonth = month;
    state.firstYear = state.year;
  }
  return Date.UTC(state.year, month, day, h, min, s);
}

export const syslogBsd: LineFormat = {
  id: 'syslog-bsd',
  detect: (line) => STAMP.test(line),
  parse(line: string, state: FormatState): LogRecord | undefined {
    // Fast path: "Mmm dd hh:mm:ss host " by position.
    if (
      line.length < 20 ||
      line.charCodeAt(3) !== 0x20 ||
      line.charCodeAt(15) !== 0x20 ||
      line.charCodeAt(9) !== 0x3a
    )
      return slowParse(line, state);
    const c = cache.get(state);
    let time: number;
    if (c !== undefined && c.text.length > 0 && line.startsWith(c.text)) time = c.time;
    else {
      const t = stampTime(line.slice(0, 15), state);
      if (t === undefined) return slowParse(line, state);
      time = t;
    }
    const hostEnd = line.indexOf(' ', 16);
    if (hostEnd < 0 || hostEnd - 16 > 255) return undefined;
    const tag = splitTag(line, hostEnd + 1);
    if (!tag) return undefined;
    const rec: LogRecord = {
      time,
      host: line.slice(16, hostEnd),
      program: tag.program,
      message: tag.message,
    };
    if (tag.pid !== undefined) rec.pid = tag.pid;
    return rec;
  },
};
