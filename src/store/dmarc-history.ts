/**
 * DMARC aggregate reports kept over time, and what they add up to.
 *
 * The store holds rows, not report types: `DmarcReportRow` / `DmarcRecordRow` are its own shapes
 * (plain columns), and the DMARC capability maps its parsed reports onto them
 * (`src/dmarc/history.ts`). Nothing here imports `src/dmarc`.
 *
 * `DmarcHistory` is the interface the CLI and dashboard use; `SqliteDmarcHistory` is the embedded
 * implementation (statements prepared once in the constructor). Every method returns a promise
 * and takes or returns only rows, so a PostgreSQL store is a second implementation of the same
 * interface over the same tables (the SQL below is portable but for `INSERT OR IGNORE`, which
 * becomes `ON CONFLICT DO NOTHING`, and `date(…, 'unixepoch', 'localtime')`).
 *
 * Idempotent: a report is keyed by reporter + report id (UNIQUE), so ingesting it twice stores it
 * once. Kill-safe: each batch of reports is one transaction, so a report is stored with all its
 * records or not at all. Rows are checked before the transaction (whole, non-negative counts and
 * times; a period that does not end before it begins): a bad row refuses the batch, it never
 * becomes a `REAL` in an `INTEGER` column.
 */
import { causeText, NetdoctorError } from '../core/errors.js';
import { type Migration, migrate, openDatabase, type SqliteDatabase } from './db.js';
import { STORE_ERRORS } from './error-messages.js';

/** One record row: a source address and what happened to its messages. */
export interface DmarcRecordRow {
  sourceIp: string;
  /** Messages, a non-negative safe integer. */
  count: number;
  headerFrom: string;
  envelopeFrom: string | null;
  disposition: string;
  /** The aligned verdicts: `pass` counts for DMARC. */
  dkim: string;
  spf: string;
  /** The raw `<auth_results>`, as JSON text. */
  authDkimJson: string;
  authSpfJson: string;
}

/** One report row with its record rows. */
export interface DmarcReportRow {
  /** The reporter key (lower-case organisation name or address); with `reportId`, the identity. */
  reporter: string;
  reportId: string;
  reporterEmail: string;
  /** The policy domain, lower-case. */
  domain: string;
  /** Report period, seconds since the epoch. */
  begin: number;
  end: number;
  policyP: string;
  /** The published policy, as JSON text. */
  policyJson: string;
  /** Where the report came from (a file, `mbox#12` …). */
  source: string;
  records: readonly DmarcRecordRow[];
}

export interface SaveResult {
  stored: number;
  duplicates: number;
}

export interface HistoryQuery {
  /** Only reports whose period began at or after this time (seconds since the epoch). */
  since?: number;
  domain?: string;
}

export interface HistoryRow {
  messages: number;
  dmarcPass: number;
  dkimPass: number;
  spfPass: number;
}

export interface HistorySummary {
  domains: (HistoryRow & { domain: string; reports: number })[];
  sources: (HistoryRow & { domain: string; sourceIp: string })[];
  /** Days in the user's time zone (YYYY-MM-DD) of the report period's start. */
  days: (HistoryRow & { domain: string; day: string })[];
}

/** One reporter's reports and what they counted (see `DmarcHistory.reporters`). */
export interface ReporterRow extends HistoryRow {
  /** The reporter key: the lower-case organisation name (or address) the reports were kept under. */
  reporter: string;
  reports: number;
}

export interface StoredPage {
  rows: DmarcReportRow[];
  /** Pass as `after` for the next page; undefined when this page was the last. */
  next: number | undefined;
}

export interface PruneResult {
  /** Reports (with their records) removed. */
  reports: number;
  /** Roll-up rows (per day and per source) removed. */
  rollups: number;
}

/**
 * A DMARC history: every backend (`SqliteDmarcHistory`, `PostgresDmarcHistory`) implements it and
 * passes the conformance suite (test/store/conformance.test.ts).
 */
export interface DmarcHistory {
  /** Stores reports not stored yet (keyed by reporter + report id); one transaction for the batch. */
  save(reports: readonly DmarcReportRow[]): Promise<SaveResult>;
  /** Sums from the roll-ups, never from the record rows. */
  summary(query: HistoryQuery): Promise<HistorySummary>;
  /**
   * Per reporter: its reports, and the messages they counted with the passes, most messages
   * first. Read from the stored reports (the detail rows): a report pruned with `detailBefore`
   * no longer counts here, while the domain and source sums (roll-ups) keep it.
   */
  reporters(query: HistoryQuery): Promise<ReporterRow[]>;
  /** How many reports are stored, and whether every one holds all its records. */
  check(): Promise<{ reports: number; records: number; incomplete: number }>;
  /** Stored reports in storage order, `limit` at a time, for `netdoctor db copy`. */
  page(after: number | undefined, limit: number): Promise<StoredPage>;
  /**
   * Retention, in the database: removes reports whose period ended before `detailBefore` (their
   * sums stay in the roll-ups) and roll-up rows of periods that began before `rollupBefore`.
   */
  prune(o: { detailBefore?: number; rollupBefore?: number }): Promise<PruneResult>;
  close(): Promise<void>;
}

/** Sums of a group of record rows `r`, in the roll-ups' column order (SQL shared by both backends). */
export const PASS_COLUMNS = `SUM(r.count),
  SUM(CASE WHEN r.dkim = 'pass' OR r.spf = 'pass' THEN r.count ELSE 0 END),
  SUM(CASE WHEN r.dkim = 'pass' THEN r.count ELSE 0 END),
  SUM(CASE WHEN r.spf = 'pass' THEN r.count ELSE 0 END)`;

export const DMARC_MIGRATIONS: readonly Migration[] = [
  {
    id: 'dmarc-1',
    sql: `
      CREATE TABLE dmarc_reports (
        id INTEGER PRIMARY KEY,
        reporter TEXT NOT NULL,
        report_id TEXT NOT NULL,
        reporter_email TEXT NOT NULL,
        domain TEXT NOT NULL,
        begin_ts INTEGER NOT NULL,
        end_ts INTEGER NOT NULL,
        policy_p TEXT NOT NULL,
        policy_json TEXT NOT NULL,
        record_count INTEGER NOT NULL,
        message_count INTEGER NOT NULL,
        source TEXT NOT NULL,
        ingested_at INTEGER NOT NULL,
        UNIQUE (reporter, report_id)
      );
      CREATE INDEX dmarc_reports_domain_begin ON dmarc_reports (domain, begin_ts);
      CREATE TABLE dmarc_records (
        report INTEGER NOT NULL REFERENCES dmarc_reports (id) ON DELETE CASCADE,
        source_ip TEXT NOT NULL,
        count INTEGER NOT NULL,
        header_from TEXT NOT NULL,
        envelope_from TEXT,
        disposition TEXT NOT NULL,
        dkim TEXT NOT NULL,
        spf TEXT NOT NULL,
        auth_dkim TEXT NOT NULL,
        auth_spf TEXT NOT NULL
      );
      CREATE INDEX dmarc_records_report ON dmarc_records (report);
    `,
  },
  {
    // History poisoning before rows were checked: a count beyond 2^63 was stored as a REAL
    // (1e+23) and outweighed every real message for ever. Such records go; their reports'
    // totals are recounted, so `check()` still finds every report complete.
    id: 'dmarc-2',
    sql: `
      DELETE FROM dmarc_records WHERE typeof(count) <> 'integer' OR count < 0;
      UPDATE dmarc_reports SET
        record_count = (SELECT COUNT(*) FROM dmarc_records r WHERE r.report = dmarc_reports.id),
        message_count = (SELECT COALESCE(SUM(count), 0) FROM dmarc_records r WHERE r.report = dmarc_reports.id);
    `,
  },
  {
    // Roll-ups: the summaries read these, never the record rows. Kept up to date by save() in
    // the same transaction as the reports, and they outlive the detail rows (prune()).
    id: 'dmarc-3',
    sql: `
      CREATE TABLE dmarc_days (
        domain TEXT NOT NULL,
        begin_ts INTEGER NOT NULL,
        reports INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        dmarc_pass INTEGER NOT NULL,
        dkim_pass INTEGER NOT NULL,
        spf_pass INTEGER NOT NULL,
        PRIMARY KEY (domain, begin_ts)
      ) WITHOUT ROWID;
      CREATE INDEX dmarc_days_begin ON dmarc_days (begin_ts);
      CREATE TABLE dmarc_sources (
        domain TEXT NOT NULL,
        begin_ts INTEGER NOT NULL,
        source_ip TEXT NOT NULL,
        messages INTEGER NOT NULL,
        dmarc_pass INTEGER NOT NULL,
        dkim_pass INTEGER NOT NULL,
        spf_pass INTEGER NOT NULL,
        PRIMARY KEY (domain, begin_ts, source_ip)
      ) WITHOUT ROWID;
      CREATE INDEX dmarc_sources_begin ON dmarc_sources (begin_ts);
      CREATE TABLE dmarc_sources_month (
        domain TEXT NOT NULL,
        month_ts INTEGER NOT NULL,
        source_ip TEXT NOT NULL,
        messages INTEGER NOT NULL,
        dmarc_pass INTEGER NOT NULL,
        dkim_pass INTEGER NOT NULL,
        spf_pass INTEGER NOT NULL,
        PRIMARY KEY (domain, month_ts, source_ip)
      ) WITHOUT ROWID;
      CREATE INDEX dmarc_sources_month_month ON dmarc_sources_month (month_ts);
      CREATE INDEX dmarc_reports_end ON dmarc_reports (end_ts);
      INSERT INTO dmarc_days
        SELECT p.domain, p.begin_ts, COUNT(DISTINCT p.id), ${PASS_COLUMNS}
        FROM dmarc_reports p JOIN dmarc_records r ON r.report = p.id GROUP BY p.domain, p.begin_ts;
      INSERT INTO dmarc_sources
        SELECT p.domain, p.begin_ts, r.source_ip, ${PASS_COLUMNS}
        FROM dmarc_reports p JOIN dmarc_records r ON r.report = p.id GROUP BY p.domain, p.begin_ts, r.source_ip;
      INSERT INTO dmarc_sources_month
        SELECT domain, CAST(strftime('%s', begin_ts, 'unixepoch', 'start of month') AS INTEGER) AS m, source_ip,
          SUM(messages), SUM(dmarc_pass), SUM(dkim_pass), SUM(spf_pass)
        FROM dmarc_sources GROUP BY domain, m, source_ip;
    `,
  },
  {
    // The summary's sources per domain and address come from this index in its own order: no
    // sort and no table read for the whole months of the period (bench/store: a year of 200
    // domains).
    id: 'dmarc-sources-cover',
    sql: `
      CREATE INDEX dmarc_sources_month_cover ON dmarc_sources_month
        (domain, source_ip, month_ts, messages, dmarc_pass, dkim_pass, spf_pass);
    `,
  },
];

function wholeNumber(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0;
}

/** Why a row cannot be stored, or undefined. */
export function rowProblem(r: DmarcReportRow): NetdoctorError | undefined {
  const report = `${r.reporter} ${r.reportId}`;
  if (!wholeNumber(r.begin) || !wholeNumber(r.end) || r.begin > r.end)
    return new NetdoctorError('ND_STORE', STORE_ERRORS.badPeriod, {
      params: { report, begin: r.begin, end: r.end },
    });
  const bad = r.records.findIndex((x) => !wholeNumber(x.count));
  if (bad !== -1)
    return new NetdoctorError('ND_STORE', STORE_ERRORS.badCount, {
      params: { report, record: bad + 1, count: String(r.records[bad]?.count) },
    });
  return undefined;
}

/** Refuses the whole batch when one row is bad (before any transaction). */
export function checkRows(reports: readonly DmarcReportRow[], input: string): void {
  for (const r of reports) {
    const why = rowProblem(r);
    if (why) throw new NetdoctorError('ND_STORE', why.text, { input, params: why.params ?? {} });
  }
}

/** The batch without a second copy of a report (first one kept), in key order (fewer lock waits). */
export function distinctReports(reports: readonly DmarcReportRow[]): DmarcReportRow[] {
  const seen = new Map<string, DmarcReportRow>();
  for (const r of reports) {
    const key = `${r.reporter}\u0000${r.reportId}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

export interface Sums {
  messages: number;
  dmarcPass: number;
  dkimPass: number;
  spfPass: number;
}

export interface DayRollup extends Sums {
  domain: string;
  begin: number;
  reports: number;
}

export interface SourceRollup extends Sums {
  domain: string;
  begin: number;
  sourceIp: string;
}

/**
 * What newly stored reports add to the roll-ups, merged by key and in key order (one upsert row per
 * key, taken in the same order by every writer). Reports without records add nothing.
 */
export function rollupsOf(reports: readonly DmarcReportRow[]): {
  days: DayRollup[];
  sources: SourceRollup[];
  /** Per source and UTC month (`begin` is the month's first second). */
  months: SourceRollup[];
} {
  const days = new Map<string, DayRollup>();
  const sources = new Map<string, SourceRollup>();
  const months = new Map<string, SourceRollup>();
  const add = (s: Sums, x: DmarcRecordRow) => {
    s.messages += x.count;
    if (x.dkim === 'pass' || x.spf === 'pass') s.dmarcPass += x.count;
    if (x.dkim === 'pass') s.dkimPass += x.count;
    if (x.spf === 'pass') s.spfPass += x.count;
  };
  const zero = () => ({ messages: 0, dmarcPass: 0, dkimPass: 0, spfPass: 0 });
  for (const r of reports) {
    if (r.records.length === 0) continue;
    const dk = `${r.domain}\u0000${String(r.begin).padStart(16, '0')}`;
    let day = days.get(dk);
    if (!day) {
      day = { domain: r.domain, begin: r.begin, reports: 0, ...zero() };
      days.set(dk, day);
    }
    day.reports++;
    for (const x of r.records) {
      add(day, x);
      const sk = `${dk}\u0000${x.sourceIp}`;
      let src = sources.get(sk);
      if (!src) {
        src = { domain: r.domain, begin: r.begin, sourceIp: x.sourceIp, ...zero() };
        sources.set(sk, src);
      }
      add(src, x);
      const month = monthStart(r.begin);
      const mk = `${r.domain}\u0000${String(month).padStart(16, '0')}\u0000${x.sourceIp}`;
      let m = months.get(mk);
      if (!m) {
        m = { domain: r.domain, begin: month, sourceIp: x.sourceIp, ...zero() };
        months.set(mk, m);
      }
      add(m, x);
    }
  }
  const sorted = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { days: sorted(days), sources: sorted(sources), months: sorted(months) };
}

/** The first second of the UTC month of `t` (seconds since the epoch). */
export function monthStart(t: number): number {
  const d = new Date(t * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
}

/** The first month start at or after `t`: months from there on are read from the month roll-up. */
export function monthCeil(t: number): number {
  const m = monthStart(t);
  if (m === t) return m;
  const d = new Date(m * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
}

/** Source rows read as arrays (domain, source, messages, DMARC, DKIM, SPF passes) → objects. */
export function sourcesOf(rows: readonly unknown[][]): HistorySummary['sources'] {
  return rows.map((r) => ({
    domain: r[0] as string,
    sourceIp: r[1] as string,
    messages: Number(r[2]),
    dmarcPass: Number(r[3]),
    dkimPass: Number(r[4]),
    spfPass: Number(r[5]),
  }));
}

/** A day roll-up row as the summary reads it: domain, period start, messages, DMARC, DKIM, SPF passes. */
export type DayTuple = readonly [
  string,
  number | string,
  number | string,
  number | string,
  number | string,
  number | string,
];

const byDomainDay = (a: HistorySummary['days'][number], b: HistorySummary['days'][number]) =>
  a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0;

/**
 * Rows per domain and period start → rows per domain and local day (YYYY-MM-DD in `timeZone`,
 * default this process's): the day is taken here rather than in SQL so that both backends say
 * the same, and once per distinct period start, not per row.
 *
 * The rows come in (domain, begin) order, so one pass merges the periods of one local day (a
 * local date never goes back as time goes on) with no map and no sort: a year of 200 domains is
 * 73,000 rows and this is the summary's hot path. Should the database's collation order domains
 * otherwise than JavaScript does, the result is sorted once at the end.
 */
class DayFolder {
  readonly #format: Intl.DateTimeFormat;
  readonly #dayOf = new Map<number, string>();
  readonly #out: HistorySummary['days'] = [];
  #last: HistorySummary['days'][number] | undefined;
  #sorted = true;
  #base: number | undefined;

  constructor(timeZone?: string) {
    this.#format = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(timeZone ? { timeZone } : {}),
    });
  }

  add(domain: string, begin: number, messages: number, dmarc: number, dkim: number, spf: number): void {
    // Keyed by the distance to the first start seen: small integers hash faster than 1.7e9.
    if (this.#base === undefined) this.#base = begin;
    const key = begin - this.#base;
    let day = this.#dayOf.get(key);
    if (day === undefined) {
      day = this.#format.format(new Date(begin * 1000));
      this.#dayOf.set(key, day);
    }
    const last = this.#last;
    if (last !== undefined && last.domain === domain && last.day === day) {
      last.messages += messages;
      last.dmarcPass += dmarc;
      last.dkimPass += dkim;
      last.spfPass += spf;
      return;
    }
    const next = { domain, day, messages, dmarcPass: dmarc, dkimPass: dkim, spfPass: spf };
    if (last !== undefined && byDomainDay(last, next) >= 0) this.#sorted = false;
    this.#out.push(next);
    this.#last = next;
  }

  result(): HistorySummary['days'] {
    if (this.#sorted) return this.#out;
    // Out of order (another collation): merge equal keys that were apart, then sort.
    const merged = new Map<string, HistorySummary['days'][number]>();
    for (const r of this.#out) {
      const key = `${r.domain}\u0000${r.day}`;
      const seen = merged.get(key);
      if (!seen) merged.set(key, r);
      else {
        seen.messages += r.messages;
        seen.dmarcPass += r.dmarcPass;
        seen.dkimPass += r.dkimPass;
        seen.spfPass += r.spfPass;
      }
    }
    return [...merged.values()].sort(byDomainDay);
  }
}

/** Day roll-up rows as arrays (see `DayTuple`) → local days; see `DayFolder`. */
export function foldDays(rows: readonly DayTuple[], timeZone?: string): HistorySummary['days'] {
  const folder = new DayFolder(timeZone);
  for (const r of rows)
    folder.add(r[0], Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4]), Number(r[5]));
  return folder.result();
}

/** A stored record row (columns as named in both backends) back to its interface shape. */
export function recordFromColumns(c: Record<string, unknown>): DmarcRecordRow {
  return {
    sourceIp: c.source_ip as string,
    count: Number(c.count),
    headerFrom: c.header_from as string,
    envelopeFrom: (c.envelope_from as string | null) ?? null,
    disposition: c.disposition as string,
    dkim: c.dkim as string,
    spf: c.spf as string,
    authDkimJson: c.auth_dkim as string,
    authSpfJson: c.auth_spf as string,
  };
}

export function reportFromColumns(c: Record<string, unknown>, records: DmarcRecordRow[]): DmarcReportRow {
  return {
    reporter: c.reporter as string,
    reportId: c.report_id as string,
    reporterEmail: c.reporter_email as string,
    domain: c.domain as string,
    begin: Number(c.begin_ts),
    end: Number(c.end_ts),
    policyP: c.policy_p as string,
    policyJson: c.policy_json as string,
    source: c.source as string,
    records,
  };
}

/** One page of stored rows from the report and record columns (both backends read them alike). */
export function pageOf(
  reports: readonly Record<string, unknown>[],
  records: readonly Record<string, unknown>[],
  limit: number,
): StoredPage {
  const byReport = new Map<number, DmarcRecordRow[]>();
  for (const c of records) {
    const id = Number(c.report);
    let list = byReport.get(id);
    if (!list) {
      list = [];
      byReport.set(id, list);
    }
    list.push(recordFromColumns(c));
  }
  return {
    rows: reports.map((c) => reportFromColumns(c, byReport.get(Number(c.id)) ?? [])),
    next: reports.length < limit ? undefined : Number(reports[reports.length - 1]?.id),
  };
}

const SUMS = `SUM(messages) AS messages, SUM(dmarc_pass) AS "dmarcPass", SUM(dkim_pass) AS "dkimPass",
  SUM(spf_pass) AS "spfPass"`;

/**
 * The summary statements over the roll-ups, with `{since}`, `{month}` (`monthCeil(since)`) and
 * `{domain}` for the backend's placeholders. One variant with a domain (primary-key range) and
 * one without (the begin/month indexes), so each is an index search. Sources come from the month
 * roll-up for the whole months after `since` and from the daily one before; days come per period
 * start and are folded into local days by `foldDays`.
 */
export function summarySql(withDomain: boolean): {
  domains: string;
  sourcesMonths: string;
  sourcesDays: string;
  days: string;
} {
  const and = withDomain ? ' AND domain = {domain}' : '';
  const where = `WHERE begin_ts >= {since}${and}`;
  return {
    domains: `SELECT domain, SUM(reports) AS reports, ${SUMS} FROM dmarc_days ${where}
      GROUP BY domain ORDER BY domain`,
    // Whole months from the month roll-up, the days before the first whole month from the day
    // roll-up; `mergeSources` adds the two up (two grouped reads are cheaper than one UNION).
    sourcesMonths: `SELECT domain, source_ip, ${SUMS} FROM dmarc_sources_month
      WHERE month_ts >= {month}${and} GROUP BY domain, source_ip`,
    sourcesDays: `SELECT domain, source_ip, ${SUMS} FROM dmarc_sources
      WHERE begin_ts >= {since} AND begin_ts < {month}${and} GROUP BY domain, source_ip`,
    days: `SELECT domain, begin_ts AS begin, messages, dmarc_pass AS "dmarcPass", dkim_pass AS "dkimPass",
      spf_pass AS "spfPass" FROM dmarc_days ${where} ORDER BY domain, begin_ts`,
  };
}

/**
 * The per-reporter read over the reports and their records, with `{since}` and `{domain}` for the
 * backend's placeholders (the `dmarc_reports_domain_begin` index serves the domain variant). A
 * report without records counts as a report of no messages.
 */
export function reportersSql(withDomain: boolean): string {
  const and = withDomain ? ' AND p.domain = {domain}' : '';
  return `SELECT p.reporter, COUNT(DISTINCT p.id), COALESCE(SUM(r.count), 0),
      COALESCE(SUM(CASE WHEN r.dkim = 'pass' OR r.spf = 'pass' THEN r.count ELSE 0 END), 0),
      COALESCE(SUM(CASE WHEN r.dkim = 'pass' THEN r.count ELSE 0 END), 0),
      COALESCE(SUM(CASE WHEN r.spf = 'pass' THEN r.count ELSE 0 END), 0)
    FROM dmarc_reports p LEFT JOIN dmarc_records r ON r.report = p.id
    WHERE p.begin_ts >= {since}${and} GROUP BY p.reporter`;
}

/**
 * Rows of `reportersSql` (as arrays) → reporter rows, most messages first, then by key: sorted
 * here, so that both backends give one order whatever their collation.
 */
export function reportersOf(rows: readonly unknown[][]): ReporterRow[] {
  return rows
    .map((r) => ({
      reporter: String(r[0]),
      reports: Number(r[1]),
      messages: Number(r[2]),
      dmarcPass: Number(r[3]),
      dkimPass: Number(r[4]),
      spfPass: Number(r[5]),
    }))
    .sort(
      (a, b) => b.messages - a.messages || (a.reporter < b.reporter ? -1 : a.reporter > b.reporter ? 1 : 0),
    );
}

/**
 * PostgreSQL's form of the `days` and `domains` reads in one: one row per domain, its days packed
 * in one text (`begin,reports,messages,dmarc,dkim,spf;…`). A year of 200 domains is 73,000 day
 * rows; as rows, node-postgres spends most of the summary's time taking them apart (measured:
 * 240 ms of 310). The text is not ordered inside the aggregate (PostgreSQL 15 would sort every
 * group again, about 40 ms of a year's read): `readPackedDays` puts each domain's days in order
 * itself, and adds up the domain totals as it goes (one read of the roll-up, not two).
 */
export function packedDaysSql(withDomain: boolean): string {
  const and = withDomain ? ' AND domain = {domain}' : '';
  return `SELECT domain, string_agg(concat_ws(',', begin_ts, reports, messages, dmarc_pass, dkim_pass, spf_pass), ';') AS days
    FROM dmarc_days WHERE begin_ts >= {since}${and} GROUP BY domain`;
}

const SEMICOLON = 59;
const COMMA = 44;
const MINUS = 45;
const PACKED_FIELDS = 6;

/**
 * The rows of `packedDaysSql` (domain, packed text) → the summary's local days (as `foldDays`
 * gives them) and its domain totals (as the `domains` statement gives them, in JavaScript's order
 * of domains whatever the database's collation). Hand-written because this is the summary's hot
 * path: `split` and `Number` over 73,000 days made 365,000 strings and cost about 80 ms; reading
 * the digits in place costs a few. The numbers are the roll-up's integers (PostgreSQL's text form
 * of bigint: optional minus, digits), each below 2^53 as every count netdoctor stores is.
 */
export function readPackedDays(
  rows: readonly unknown[][],
  timeZone?: string,
): Pick<HistorySummary, 'days' | 'domains'> {
  const sorted = [...rows].sort((x, y) =>
    String(x[0]) < String(y[0]) ? -1 : String(x[0]) > String(y[0]) ? 1 : 0,
  );
  const folder = new DayFolder(timeZone);
  const domains: HistorySummary['domains'] = [];
  let cols = new Float64Array(0);
  let order = new Uint32Array(0);
  for (const r of sorted) {
    const domain = r[0] as string;
    const packed = r[1] as string | null;
    if (!packed) continue;
    const length = packed.length;
    // Each day takes at least twelve characters ("0,0,0,0,0,0;"), so this many always fit.
    const most = Math.ceil((length + 1) / (2 * PACKED_FIELDS));
    if (order.length < most) {
      cols = new Float64Array(most * PACKED_FIELDS);
      order = new Uint32Array(most);
    }
    let at = 0;
    let value = 0;
    let negative = false;
    let ascending = true;
    for (let i = 0; i <= length; i++) {
      const c = i < length ? packed.charCodeAt(i) : SEMICOLON;
      if (c === COMMA || c === SEMICOLON) {
        cols[at] = negative ? -value : value;
        // Six fields always: the columns are NOT NULL, so concat_ws skips none.
        if (
          c === SEMICOLON &&
          at >= 2 * PACKED_FIELDS - 1 &&
          (cols[at - PACKED_FIELDS + 1] as number) < (cols[at - 2 * PACKED_FIELDS + 1] as number)
        )
          ascending = false;
        at++;
        value = 0;
        negative = false;
      } else if (c === MINUS) negative = true;
      else value = value * 10 + (c - 48);
    }
    const n = Math.floor(at / PACKED_FIELDS);
    const view = order.subarray(0, n);
    for (let k = 0; k < n; k++) view[k] = k;
    if (!ascending)
      view.sort((x, y) => (cols[x * PACKED_FIELDS] as number) - (cols[y * PACKED_FIELDS] as number));
    const total = { domain, reports: 0, messages: 0, dmarcPass: 0, dkimPass: 0, spfPass: 0 };
    for (const k of view) {
      const o = k * PACKED_FIELDS;
      const messages = cols[o + 2] as number;
      const dmarc = cols[o + 3] as number;
      const dkim = cols[o + 4] as number;
      const spf = cols[o + 5] as number;
      total.reports += cols[o + 1] as number;
      total.messages += messages;
      total.dmarcPass += dmarc;
      total.dkimPass += dkim;
      total.spfPass += spf;
      folder.add(domain, cols[o] as number, messages, dmarc, dkim, spf);
    }
    domains.push(total);
  }
  return { days: folder.result(), domains };
}

/**
 * The sources of a summary: the month and day parts (rows as arrays: domain, address, messages,
 * DMARC, DKIM, SPF passes) added up per domain and address, in (domain, messages desc, address)
 * order, compared as JavaScript does so that both backends give the same order.
 */
export function mergeSources(
  months: readonly unknown[][],
  days: readonly unknown[][],
): HistorySummary['sources'] {
  const out = sourcesOf(months);
  if (days.length > 0) {
    const at = new Map<string, number>();
    for (const [i, r] of out.entries()) at.set(`${r.domain}\u0000${r.sourceIp}`, i);
    for (const r of sourcesOf(days)) {
      const i = at.get(`${r.domain}\u0000${r.sourceIp}`);
      const seen = i === undefined ? undefined : out[i];
      if (!seen) out.push(r);
      else {
        seen.messages += r.messages;
        seen.dmarcPass += r.dmarcPass;
        seen.dkimPass += r.dkimPass;
        seen.spfPass += r.spfPass;
      }
    }
  }
  return out.sort((a, b) =>
    a.domain < b.domain
      ? -1
      : a.domain > b.domain
        ? 1
        : b.messages - a.messages || (a.sourceIp < b.sourceIp ? -1 : a.sourceIp > b.sourceIp ? 1 : 0),
  );
}

export class SqliteDmarcHistory implements DmarcHistory {
  private readonly db: SqliteDatabase;
  private readonly insertReport;
  private readonly insertRecord;
  private readonly upsertDay;
  private readonly upsertSource;
  private readonly upsertMonth;
  private readonly queries;
  private readonly reporterQueries;
  private readonly counts;
  private readonly pageReports;
  private readonly pageRecords;
  private readonly pruneReports;
  private readonly pruneDays;
  private readonly pruneSources;
  private readonly pruneMonths;
  readonly file: string;

  constructor(file: string) {
    this.file = file;
    this.db = openDatabase(file);
    try {
      migrate(this.db, DMARC_MIGRATIONS);
      this.insertReport = this.db.prepare(`INSERT OR IGNORE INTO dmarc_reports
        (reporter, report_id, reporter_email, domain, begin_ts, end_ts, policy_p, policy_json, record_count, message_count, source, ingested_at)
        VALUES (@reporter, @reportId, @email, @domain, @begin, @end, @p, @policy, @records, @messages, @source, @now)`);
      this.insertRecord = this.db.prepare(`INSERT INTO dmarc_records
        (report, source_ip, count, header_from, envelope_from, disposition, dkim, spf, auth_dkim, auth_spf)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const add = `messages = messages + excluded.messages, dmarc_pass = dmarc_pass + excluded.dmarc_pass,
        dkim_pass = dkim_pass + excluded.dkim_pass, spf_pass = spf_pass + excluded.spf_pass`;
      this.upsertDay = this.db.prepare(`INSERT INTO dmarc_days VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (domain, begin_ts) DO UPDATE SET reports = reports + excluded.reports, ${add}`);
      this.upsertSource = this.db.prepare(`INSERT INTO dmarc_sources VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (domain, begin_ts, source_ip) DO UPDATE SET ${add}`);
      this.upsertMonth = this.db.prepare(`INSERT INTO dmarc_sources_month VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (domain, month_ts, source_ip) DO UPDATE SET ${add}`);
      const prepared = (withDomain: boolean) => {
        const q = summarySql(withDomain);
        const fill = (sql: string) =>
          sql
            .replaceAll('{since}', '@since')
            .replaceAll('{month}', '@month')
            .replaceAll('{domain}', '@domain');
        return {
          domains: this.db.prepare(fill(q.domains)),
          sourcesMonths: this.db.prepare(fill(q.sourcesMonths)),
          sourcesDays: this.db.prepare(fill(q.sourcesDays)),
          days: this.db.prepare(fill(q.days)),
        };
      };
      this.queries = { all: prepared(false), one: prepared(true) };
      const reporters = (withDomain: boolean) =>
        this.db.prepare(
          reportersSql(withDomain).replaceAll('{since}', '@since').replaceAll('{domain}', '@domain'),
        );
      this.reporterQueries = { all: reporters(false), one: reporters(true) };
      this.counts = this.db.prepare(`SELECT
        (SELECT COUNT(*) FROM dmarc_reports) AS reports,
        (SELECT COUNT(*) FROM dmarc_records) AS records,
        (SELECT COUNT(*) FROM dmarc_reports p WHERE p.record_count <> (SELECT COUNT(*) FROM dmarc_records r WHERE r.report = p.id)) AS incomplete`);
      this.pageReports = this.db.prepare('SELECT * FROM dmarc_reports WHERE id > ? ORDER BY id LIMIT ?');
      this.pageRecords = this.db.prepare(
        'SELECT * FROM dmarc_records WHERE report >= ? AND report <= ? ORDER BY report, rowid',
      );
      this.pruneReports = this.db.prepare('DELETE FROM dmarc_reports WHERE end_ts < ?');
      this.pruneDays = this.db.prepare('DELETE FROM dmarc_days WHERE begin_ts < ?');
      this.pruneSources = this.db.prepare('DELETE FROM dmarc_sources WHERE begin_ts < ?');
      this.pruneMonths = this.db.prepare('DELETE FROM dmarc_sources_month WHERE month_ts < ?');
    } catch (e) {
      this.db.close();
      throw new NetdoctorError('ND_STORE', STORE_ERRORS.prepare, {
        input: file,
        params: { why: causeText(e) },
        cause: e,
      });
    }
  }

  async save(reports: readonly DmarcReportRow[]): Promise<SaveResult> {
    checkRows(reports, this.file);
    const now = Math.floor(Date.now() / 1000);
    const run = this.db.transaction(() => {
      const stored: DmarcReportRow[] = [];
      for (const r of distinctReports(reports)) {
        const res = this.insertReport.run({
          reporter: r.reporter,
          reportId: r.reportId,
          email: r.reporterEmail,
          domain: r.domain,
          begin: r.begin,
          end: r.end,
          p: r.policyP,
          policy: r.policyJson,
          records: r.records.length,
          messages: r.records.reduce((n, x) => n + x.count, 0),
          source: r.source,
          now,
        });
        if (res.changes === 0) continue;
        stored.push(r);
        const id = res.lastInsertRowid;
        for (const x of r.records) {
          this.insertRecord.run(
            id,
            x.sourceIp,
            x.count,
            x.headerFrom,
            x.envelopeFrom ?? null,
            x.disposition,
            x.dkim,
            x.spf,
            x.authDkimJson,
            x.authSpfJson,
          );
        }
      }
      const { days, sources, months } = rollupsOf(stored);
      for (const m of months)
        this.upsertMonth.run(m.domain, m.begin, m.sourceIp, m.messages, m.dmarcPass, m.dkimPass, m.spfPass);
      for (const d of days)
        this.upsertDay.run(d.domain, d.begin, d.reports, d.messages, d.dmarcPass, d.dkimPass, d.spfPass);
      for (const s of sources)
        this.upsertSource.run(s.domain, s.begin, s.sourceIp, s.messages, s.dmarcPass, s.dkimPass, s.spfPass);
      return stored.length;
    });
    let stored: number;
    try {
      stored = run();
    } catch (e) {
      throw new NetdoctorError('ND_STORE', STORE_ERRORS.write, {
        input: this.file,
        params: { why: causeText(e) },
        cause: e,
      });
    }
    return { stored, duplicates: reports.length - stored };
  }

  async summary(q: HistoryQuery): Promise<HistorySummary> {
    const domain = q.domain?.toLowerCase();
    const set = domain ? this.queries.one : this.queries.all;
    const since = q.since ?? 0;
    const params: Record<string, number | string> = {
      since,
      month: monthCeil(since),
      ...(domain ? { domain } : {}),
    };
    const { month, ...noMonth } = params;
    const { since: _since, ...noSince } = params;
    return {
      domains: set.domains.all(noMonth) as HistorySummary['domains'],
      sources: mergeSources(set.sourcesMonths.tuples(noSince), set.sourcesDays.tuples(params)),
      days: foldDays(set.days.tuples(noMonth) as unknown as DayTuple[]),
    };
  }

  /** The query plans of the summary statements (for the index checks in tests). */
  explain(withDomain: boolean): string[] {
    const q = summarySql(withDomain);
    return [q.domains, q.sourcesMonths, q.sourcesDays, q.days].map((sql) => {
      const filled = sql.replaceAll('{since}', '?').replaceAll('{month}', '?').replaceAll('{domain}', '?');
      return (this.db.prepare(`EXPLAIN QUERY PLAN ${filled}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    });
  }

  async reporters(q: HistoryQuery): Promise<ReporterRow[]> {
    const domain = q.domain?.toLowerCase();
    const since = q.since ?? 0;
    return reportersOf(
      domain
        ? this.reporterQueries.one.tuples({ since, domain })
        : this.reporterQueries.all.tuples({ since }),
    );
  }

  async check(): Promise<{ reports: number; records: number; incomplete: number }> {
    return this.counts.get() as { reports: number; records: number; incomplete: number };
  }

  async page(after: number | undefined, limit: number): Promise<StoredPage> {
    const reports = this.pageReports.all(after ?? 0, limit) as Record<string, unknown>[];
    if (reports.length === 0) return { rows: [], next: undefined };
    const first = Number(reports[0]?.id);
    const last = Number(reports[reports.length - 1]?.id);
    const records = this.pageRecords.all(first, last) as Record<string, unknown>[];
    return pageOf(reports, records, limit);
  }

  async prune(o: { detailBefore?: number; rollupBefore?: number }): Promise<PruneResult> {
    return this.db.transaction(() => {
      const reports =
        o.detailBefore !== undefined ? Number(this.pruneReports.run(o.detailBefore).changes) : 0;
      const rollups =
        o.rollupBefore !== undefined
          ? Number(this.pruneDays.run(o.rollupBefore).changes) +
            Number(this.pruneSources.run(o.rollupBefore).changes) +
            // Months wholly before the cut-off; the month it falls in keeps its sums.
            Number(this.pruneMonths.run(monthStart(o.rollupBefore)).changes)
          : 0;
      return { reports, rollups };
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
