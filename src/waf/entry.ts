/**
 * One audit-log entry — a transaction ModSecurity chose to log — whatever format it came in, and
 * the rule messages in it. Times are the wall clock as the log writes it (ms counted as if UTC),
 * like the other log readers (logs/record.ts), so `--since 2026-12-06` means the admin's day.
 */
import { MONTHS } from '../logs/record.js';

export type AuditFormat = 'v2-serial' | 'v3-serial' | 'v2-json' | 'v3-json';

/** One rule that matched: a `Message:` line (v2), an H-part line (v3 native) or a JSON message. */
export interface RuleHit {
  id: string;
  msg: string;
  /** `CRITICAL`, `WARNING` … (v3's numbers are named). */
  severity: string;
  /** What the rule looked at: `ARGS:q`, `REQUEST_HEADERS:User-Agent`, `TX:anomaly_score`; '' when not said. */
  target: string;
  /** The matched data as logged (`Matched Data: … found within ARGS:q: …`), cut to 300 characters. */
  data: string;
  /** `Access denied …`: this rule's action stopped the transaction. */
  disruptive: boolean;
}

export interface AuditEntry {
  format: AuditFormat;
  /** The unique id (mod_unique_id in v2). */
  id: string;
  /** Wall-clock ms, or NaN when the entry carries no readable stamp. */
  time: number;
  client: string;
  /** The Host header ('' when absent): which application. */
  host: string;
  method: string;
  /** The request target as sent: path and query. */
  uri: string;
  /** Response status (0 when not logged). */
  status: number;
  userAgent: string;
  /** v2 `Action: Intercepted`, v2 JSON `action.intercepted`; undefined when the format does not say. */
  intercepted: boolean | undefined;
  /** `ENABLED`, `DETECTION_ONLY`, `DISABLED` when logged (v2 `Engine-Mode`, v3 `secrules_engine`). */
  engineMode: string;
  hits: RuleHit[];
}

/** Rule messages kept per entry: a rule set that logs more is cut (counted as cut). */
export const MAX_HITS_PER_ENTRY = 500;
const DATA_CHARS = 300;

export function emptyEntry(format: AuditFormat): AuditEntry {
  return {
    format,
    id: '',
    time: Number.NaN,
    client: '',
    host: '',
    method: '',
    uri: '',
    status: 0,
    userAgent: '',
    intercepted: undefined,
    engineMode: '',
    hits: [],
  };
}

const SEVERITY_NAMES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];

/** `2` → `CRITICAL` (v3 logs the number), names kept. */
export function severityName(s: string): string {
  return /^[0-7]$/.test(s) ? (SEVERITY_NAMES[Number(s)] as string) : s.toUpperCase();
}

/** `[06/Dec/2026:21:13:22.578428 +0000]` (part A, v2 JSON `time`) → wall-clock ms. */
const APACHE_TIME =
  /^\[?(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: [+-]\d{4})?\]?/;
/** `Sun Dec  6 21:13:32 2026` (v3 JSON `time_stamp`, asctime) → wall-clock ms. */
const ASC_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

export function parseAuditTime(text: string): number {
  const a = APACHE_TIME.exec(text);
  if (a) {
    const month = MONTHS[a[2] as string];
    if (month === undefined) return Number.NaN;
    const ms = a[7] ? Number(a[7].slice(0, 3).padEnd(3, '0')) : 0;
    return Date.UTC(Number(a[3]), month, Number(a[1]), Number(a[4]), Number(a[5]), Number(a[6]), ms);
  }
  const b = ASC_TIME.exec(text.trim());
  if (b) {
    const month = MONTHS[b[1] as string];
    if (month === undefined) return Number.NaN;
    return Date.UTC(Number(b[6]), month, Number(b[2]), Number(b[3]), Number(b[4]), Number(b[5]));
  }
  return Number.NaN;
}

/** `[06/Dec/…] <unique id> <client ip> <client port> <server ip> <server port>` (part A). */
export function applyPartA(entry: AuditEntry, line: string): void {
  entry.time = parseAuditTime(line);
  const close = line.indexOf('] ');
  const fields = (close >= 0 ? line.slice(close + 2) : line).split(' ');
  entry.id = fields[0] ?? '';
  entry.client = fields[1] ?? '';
}

/** `GET /path?q=1 HTTP/1.1` (part B's first line, v2 JSON `request_line`). */
export function applyRequestLine(entry: AuditEntry, line: string): void {
  const first = line.indexOf(' ');
  const last = line.lastIndexOf(' ');
  if (first < 0) return;
  entry.method = line.slice(0, first);
  entry.uri =
    last > first && /^HTTP\/\d/.test(line.slice(last + 1))
      ? line.slice(first + 1, last)
      : line.slice(first + 1);
}

/** `[file "…"] [line "…"] [id "942100"] [msg "…"] …`: the fields from the first `[file`/`[id` on. */
const FIELD = /\[([a-z_]{1,20}) "((?:[^"\\]|\\.)*)"\]/g;

function fieldsStart(text: string): number {
  const file = text.indexOf(' [file "');
  const id = text.indexOf('[id "');
  if (file >= 0 && (id < 0 || file < id)) return file;
  return id;
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

const FOUND_WITHIN = / found within ([A-Z_]{2,40}(?::[^\s]{0,200}?)?): /;
const AT_TARGET = / at ([A-Z_]{2,40}(?::\S{0,200})?)\.\s*$/;
const AGAINST = /against variable `([^']{1,240})'/;

/** The variable a rule matched: from `found within X:` in the data, else `at X.`, else v3's `against variable \`X'`. */
export function matchTarget(head: string, data: string): string {
  const within = FOUND_WITHIN.exec(data);
  if (within) return within[1] as string;
  const against = AGAINST.exec(head);
  if (against) return against[1] as string;
  const at = AT_TARGET.exec(head);
  return at ? (at[1] as string) : '';
}

/**
 * One rule message as ModSecurity writes it in part H and the error log:
 * `Warning. Pattern match "…" at ARGS:q. [file "…"] [line "83"] [id "941110"] [msg "…"] [data "…"] [severity "CRITICAL"] …`.
 * Undefined when it names no rule id (an internal message).
 */
export function parseRuleMessage(text: string): RuleHit | undefined {
  const start = fieldsStart(text);
  if (start < 0) return undefined;
  const head = text.slice(0, start);
  let id = '';
  let msg = '';
  let data = '';
  let severity = '';
  FIELD.lastIndex = start;
  for (let m = FIELD.exec(text); m !== null; m = FIELD.exec(text)) {
    const key = m[1] as string;
    const value = m[2] as string;
    if (key === 'id' && id === '') id = value;
    else if (key === 'msg' && msg === '') msg = value;
    else if (key === 'data' && data === '') data = value;
    else if (key === 'severity' && severity === '') severity = value;
  }
  if (!/^\d{1,10}$/.test(id)) return undefined;
  return {
    id,
    msg: msg.replace(/\\"/g, '"'),
    severity: severityName(severity),
    target: matchTarget(head, data),
    data: cut(data.replace(/\\"/g, '"'), DATA_CHARS),
    disruptive: /(?:^|\s|ModSecurity: )Access denied\b/.test(head),
  };
}

/** A JSON message of libmodsecurity (v3): `{ message, details: { ruleId, match, data, severity, … } }`. */
export function hitFromV3(m: unknown): RuleHit | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const o = m as { message?: unknown; details?: Record<string, unknown> };
  const d = o.details ?? {};
  const id = String(d.ruleId ?? '');
  if (!/^\d{1,10}$/.test(id)) return undefined;
  const data = typeof d.data === 'string' ? d.data : '';
  const match = typeof d.match === 'string' ? d.match : '';
  return {
    id,
    msg: typeof o.message === 'string' ? o.message : '',
    severity: severityName(String(d.severity ?? '')),
    target: matchTarget(match, data),
    data: cut(data, DATA_CHARS),
    disruptive: false,
  };
}

/** Adds a hit, keeping at most MAX_HITS_PER_ENTRY; returns false when the entry is full. */
export function addHit(entry: AuditEntry, hit: RuleHit | undefined): boolean {
  if (!hit) return true;
  if (entry.hits.length >= MAX_HITS_PER_ENTRY) return false;
  entry.hits.push(hit);
  return true;
}

/** Whether the WAF stopped this transaction. */
export function wasBlocked(e: AuditEntry): boolean {
  if (e.intercepted !== undefined) return e.intercepted;
  if (e.hits.some((h) => h.disruptive)) return true;
  // v3 JSON says nothing about the action: a 4xx/5xx (not 404) that a rule fired on was the WAF's.
  return e.format === 'v3-json' && e.hits.length > 0 && e.status >= 400 && e.status !== 404;
}
