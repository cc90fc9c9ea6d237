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

export interface DmarcHistory {
  /** Stores reports not stored yet; one transaction for the batch. */
  save(reports: readonly DmarcReportRow[]): Promise<SaveResult>;
  summary(query: HistoryQuery): Promise<HistorySummary>;
  /** How many reports are stored, and whether every one holds all its records. */
  check(): Promise<{ reports: number; records: number; incomplete: number }>;
  close(): Promise<void>;
}

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

const PASS = `SUM(CASE WHEN r.dkim = 'pass' OR r.spf = 'pass' THEN r.count ELSE 0 END) AS dmarcPass,
  SUM(CASE WHEN r.dkim = 'pass' THEN r.count ELSE 0 END) AS dkimPass,
  SUM(CASE WHEN r.spf = 'pass' THEN r.count ELSE 0 END) AS spfPass,
  SUM(r.count) AS messages`;
const WHERE = `WHERE p.begin_ts >= @since AND (@domain IS NULL OR p.domain = @domain)`;

export class SqliteDmarcHistory implements DmarcHistory {
  private readonly db: SqliteDatabase;
  private readonly insertReport;
  private readonly insertRecord;
  private readonly byDomain;
  private readonly bySource;
  private readonly byDay;
  private readonly counts;
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
      this.byDomain = this.db.prepare(`SELECT p.domain AS domain, COUNT(DISTINCT p.id) AS reports, ${PASS}
        FROM dmarc_reports p JOIN dmarc_records r ON r.report = p.id ${WHERE} GROUP BY p.domain ORDER BY p.domain`);
      this.bySource = this.db.prepare(`SELECT p.domain AS domain, r.source_ip AS sourceIp, ${PASS}
        FROM dmarc_reports p JOIN dmarc_records r ON r.report = p.id ${WHERE}
        GROUP BY p.domain, r.source_ip ORDER BY p.domain, messages DESC, r.source_ip`);
      // 'localtime' follows the process time zone (TZ), i.e. the user's.
      this.byDay =
        this.db.prepare(`SELECT p.domain AS domain, date(p.begin_ts, 'unixepoch', 'localtime') AS day, ${PASS}
        FROM dmarc_reports p JOIN dmarc_records r ON r.report = p.id ${WHERE}
        GROUP BY p.domain, day ORDER BY p.domain, day`);
      this.counts = this.db.prepare(`SELECT
        (SELECT COUNT(*) FROM dmarc_reports) AS reports,
        (SELECT COUNT(*) FROM dmarc_records) AS records,
        (SELECT COUNT(*) FROM dmarc_reports p WHERE p.record_count <> (SELECT COUNT(*) FROM dmarc_records r WHERE r.report = p.id)) AS incomplete`);
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
    for (const r of reports) {
      const problem = rowProblem(r);
      if (problem)
        throw new NetdoctorError('ND_STORE', problem.text, {
          input: this.file,
          params: problem.params ?? {},
        });
    }
    const now = Math.floor(Date.now() / 1000);
    let stored = 0;
    const run = this.db.transaction(() => {
      for (const r of reports) {
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
        stored++;
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
    });
    try {
      run();
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
    const params = { since: q.since ?? 0, domain: q.domain?.toLowerCase() ?? null };
    return {
      domains: this.byDomain.all(params) as HistorySummary['domains'],
      sources: this.bySource.all(params) as HistorySummary['sources'],
      days: this.byDay.all(params) as HistorySummary['days'],
    };
  }

  async check(): Promise<{ reports: number; records: number; incomplete: number }> {
    return this.counts.get() as { reports: number; records: number; incomplete: number };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
