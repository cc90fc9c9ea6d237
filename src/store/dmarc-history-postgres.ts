/**
 * The DMARC history in PostgreSQL: the same tables, keys and roll-ups as the SQLite one
 * (`dmarc-history.ts`), for many writers at once.
 *
 * A batch is one transaction of four statements, whatever its size: the reports in one
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT (reporter, report_id) DO NOTHING RETURNING`, their
 * records in one more, then the roll-up upserts for the reports this transaction stored. Two
 * writers with the same report: the second waits on the unique key and stores nothing. Every
 * writer takes keys in the same order (sorted in `distinctReports` / `rollupsOf`), so they wait
 * rather than deadlock; a deadlock or a lost connection anyway makes the whole transaction run
 * again (`PostgresStore.transaction`), which is harmless because the report insert is idempotent
 * and the roll-ups grow only for reports the same transaction inserted.
 *
 * @example
 *   const h = await PostgresDmarcHistory.open('postgres://netdoctor@db.example/netdoctor');
 *   await h.save(rows);
 */
import { causeText, NetdoctorError } from '../core/errors.js';
import type { Migration } from './db.js';
import {
  checkRows,
  type DmarcHistory,
  type DmarcRecordRow,
  type DmarcReportRow,
  distinctReports,
  type HistoryQuery,
  type HistorySummary,
  mergeSources,
  monthCeil,
  monthStart,
  PASS_COLUMNS,
  type PruneResult,
  packedDaysSql,
  pageOf,
  type ReporterRow,
  readPackedDays,
  reportersOf,
  reportersSql,
  rollupsOf,
  type SaveResult,
  type StoredPage,
  summarySql,
} from './dmarc-history.js';
import { STORE_ERRORS } from './error-messages.js';
import { openPostgres, type PostgresOptions, type PostgresStore } from './postgres.js';

export const DMARC_PG_MIGRATIONS: readonly Migration[] = [
  {
    id: 'dmarc-1',
    sql: `
      CREATE TABLE dmarc_reports (
        id BIGSERIAL PRIMARY KEY,
        reporter TEXT NOT NULL,
        report_id TEXT NOT NULL,
        reporter_email TEXT NOT NULL,
        domain TEXT NOT NULL,
        begin_ts BIGINT NOT NULL,
        end_ts BIGINT NOT NULL,
        policy_p TEXT NOT NULL,
        policy_json TEXT NOT NULL,
        record_count INTEGER NOT NULL,
        message_count BIGINT NOT NULL,
        source TEXT NOT NULL,
        ingested_at BIGINT NOT NULL,
        UNIQUE (reporter, report_id)
      );
      CREATE INDEX dmarc_reports_domain_begin ON dmarc_reports (domain, begin_ts);
      CREATE TABLE dmarc_records (
        id BIGSERIAL PRIMARY KEY,
        report BIGINT NOT NULL REFERENCES dmarc_reports (id) ON DELETE CASCADE,
        source_ip TEXT NOT NULL,
        count BIGINT NOT NULL,
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
    id: 'dmarc-2',
    sql: `
      CREATE TABLE dmarc_days (
        domain TEXT NOT NULL,
        begin_ts BIGINT NOT NULL,
        reports BIGINT NOT NULL,
        messages BIGINT NOT NULL,
        dmarc_pass BIGINT NOT NULL,
        dkim_pass BIGINT NOT NULL,
        spf_pass BIGINT NOT NULL,
        PRIMARY KEY (domain, begin_ts)
      );
      CREATE INDEX dmarc_days_begin ON dmarc_days (begin_ts);
      CREATE TABLE dmarc_sources (
        domain TEXT NOT NULL,
        begin_ts BIGINT NOT NULL,
        source_ip TEXT NOT NULL,
        messages BIGINT NOT NULL,
        dmarc_pass BIGINT NOT NULL,
        dkim_pass BIGINT NOT NULL,
        spf_pass BIGINT NOT NULL,
        PRIMARY KEY (domain, begin_ts, source_ip)
      );
      CREATE INDEX dmarc_sources_begin ON dmarc_sources (begin_ts);
      CREATE TABLE dmarc_sources_month (
        domain TEXT NOT NULL,
        month_ts BIGINT NOT NULL,
        source_ip TEXT NOT NULL,
        messages BIGINT NOT NULL,
        dmarc_pass BIGINT NOT NULL,
        dkim_pass BIGINT NOT NULL,
        spf_pass BIGINT NOT NULL,
        PRIMARY KEY (domain, month_ts, source_ip)
      );
      CREATE INDEX dmarc_sources_month_month ON dmarc_sources_month (month_ts);
      CREATE INDEX dmarc_reports_end ON dmarc_reports (end_ts);
      INSERT INTO dmarc_days
        SELECT p.domain, p.begin_ts, COUNT(DISTINCT p.id), ${PASS_COLUMNS}
        FROM dmarc_reports p JOIN dmarc_records r ON r.report = p.id GROUP BY p.domain, p.begin_ts;
      INSERT INTO dmarc_sources
        SELECT p.domain, p.begin_ts, r.source_ip, ${PASS_COLUMNS}
        FROM dmarc_reports p JOIN dmarc_records r ON r.report = p.id GROUP BY p.domain, p.begin_ts, r.source_ip;
      INSERT INTO dmarc_sources_month
        SELECT domain, extract(epoch FROM date_trunc('month', to_timestamp(begin_ts) AT TIME ZONE 'UTC'))::bigint AS m,
          source_ip, SUM(messages), SUM(dmarc_pass), SUM(dkim_pass), SUM(spf_pass)
        FROM dmarc_sources GROUP BY domain, m, source_ip;
    `,
  },
  {
    id: 'dmarc-sources-cover',
    sql: `
      CREATE INDEX dmarc_sources_month_cover ON dmarc_sources_month (domain, source_ip, month_ts)
        INCLUDE (messages, dmarc_pass, dkim_pass, spf_pass);
    `,
  },
];

const INSERT_REPORTS = `INSERT INTO dmarc_reports
  (reporter, report_id, reporter_email, domain, begin_ts, end_ts, policy_p, policy_json, record_count, message_count, source, ingested_at)
  SELECT reporter, report_id, reporter_email, domain, begin_ts, end_ts, policy_p, policy_json, record_count, message_count, source, $12
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::int[], $10::bigint[], $11::text[])
    WITH ORDINALITY AS t (reporter, report_id, reporter_email, domain, begin_ts, end_ts, policy_p, policy_json, record_count, message_count, source, n)
  ORDER BY n
  ON CONFLICT (reporter, report_id) DO NOTHING
  RETURNING id, reporter, report_id`;

const INSERT_RECORDS = `INSERT INTO dmarc_records
  (report, source_ip, count, header_from, envelope_from, disposition, dkim, spf, auth_dkim, auth_spf)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`;

const ADD = `messages = t.messages + EXCLUDED.messages, dmarc_pass = t.dmarc_pass + EXCLUDED.dmarc_pass,
  dkim_pass = t.dkim_pass + EXCLUDED.dkim_pass, spf_pass = t.spf_pass + EXCLUDED.spf_pass`;

const UPSERT_DAYS = `INSERT INTO dmarc_days AS t
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
  ON CONFLICT (domain, begin_ts) DO UPDATE SET reports = t.reports + EXCLUDED.reports, ${ADD}`;

const UPSERT_SOURCES = `INSERT INTO dmarc_sources AS t
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
  ON CONFLICT (domain, begin_ts, source_ip) DO UPDATE SET ${ADD}`;

const UPSERT_MONTHS = `INSERT INTO dmarc_sources_month AS t
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
  ON CONFLICT (domain, month_ts, source_ip) DO UPDATE SET ${ADD}`;

export interface PostgresDmarcOptions extends PostgresOptions {
  /** IANA time zone of the `days` of a summary (default: this process's). */
  timeZone?: string;
}

export class PostgresDmarcHistory implements DmarcHistory {
  readonly store: PostgresStore;
  readonly #timeZone: string | undefined;

  private constructor(store: PostgresStore, timeZone: string | undefined) {
    this.store = store;
    this.#timeZone = timeZone;
  }

  /** Connects and applies pending migrations (under the advisory lock). */
  static async open(url: string, options: PostgresDmarcOptions = {}): Promise<PostgresDmarcHistory> {
    const store = await openPostgres(url, options);
    try {
      await store.migrate('dmarc', DMARC_PG_MIGRATIONS);
    } catch (e) {
      await store.close();
      throw e;
    }
    return new PostgresDmarcHistory(store, options.timeZone);
  }

  async save(reports: readonly DmarcReportRow[]): Promise<SaveResult> {
    checkRows(reports, this.store.where);
    const batch = distinctReports(reports);
    if (batch.length === 0) return { stored: 0, duplicates: reports.length };
    const now = Math.floor(Date.now() / 1000);
    const col = <T>(f: (r: DmarcReportRow) => T) => batch.map(f);
    const reportParams = [
      col((r) => r.reporter),
      col((r) => r.reportId),
      col((r) => r.reporterEmail),
      col((r) => r.domain),
      col((r) => r.begin),
      col((r) => r.end),
      col((r) => r.policyP),
      col((r) => r.policyJson),
      col((r) => r.records.length),
      col((r) => r.records.reduce((n, x) => n + x.count, 0)),
      col((r) => r.source),
      now,
    ];
    let stored: number;
    try {
      stored = await this.store.transaction(async (c) => {
        const inserted = await c.query<{ id: number; reporter: string; report_id: string }>(
          INSERT_REPORTS,
          reportParams,
        );
        if (inserted.rows.length === 0) return 0;
        const ids = new Map(inserted.rows.map((r) => [`${r.reporter}\u0000${r.report_id}`, r.id]));
        const mine = batch.filter((r) => ids.has(`${r.reporter}\u0000${r.reportId}`));
        const recs: [number, DmarcRecordRow][] = mine.flatMap((r) => {
          const id = ids.get(`${r.reporter}\u0000${r.reportId}`) as number;
          return r.records.map((x): [number, DmarcRecordRow] => [id, x]);
        });
        if (recs.length > 0) {
          const rc = <T>(f: (x: DmarcRecordRow) => T) => recs.map(([, x]) => f(x));
          await c.query(INSERT_RECORDS, [
            recs.map(([id]) => id),
            rc((x) => x.sourceIp),
            rc((x) => x.count),
            rc((x) => x.headerFrom),
            rc((x) => x.envelopeFrom ?? null),
            rc((x) => x.disposition),
            rc((x) => x.dkim),
            rc((x) => x.spf),
            rc((x) => x.authDkimJson),
            rc((x) => x.authSpfJson),
          ]);
        }
        const { days, sources, months } = rollupsOf(mine);
        if (days.length > 0)
          await c.query(UPSERT_DAYS, [
            days.map((d) => d.domain),
            days.map((d) => d.begin),
            days.map((d) => d.reports),
            days.map((d) => d.messages),
            days.map((d) => d.dmarcPass),
            days.map((d) => d.dkimPass),
            days.map((d) => d.spfPass),
          ]);
        for (const [sql, list] of [
          [UPSERT_SOURCES, sources],
          [UPSERT_MONTHS, months],
        ] as const)
          if (list.length > 0)
            await c.query(sql, [
              list.map((d) => d.domain),
              list.map((d) => d.begin),
              list.map((d) => d.sourceIp),
              list.map((d) => d.messages),
              list.map((d) => d.dmarcPass),
              list.map((d) => d.dkimPass),
              list.map((d) => d.spfPass),
            ]);
        return mine.length;
      });
    } catch (e) {
      if (e instanceof NetdoctorError) throw e;
      throw new NetdoctorError('ND_STORE', STORE_ERRORS.write, {
        input: this.store.where,
        params: { why: causeText(e) },
        cause: e,
      });
    }
    return { stored, duplicates: reports.length - stored };
  }

  async summary(q: HistoryQuery): Promise<HistorySummary> {
    const domain = q.domain?.toLowerCase();
    const since = q.since ?? 0;
    const values = { since, month: monthCeil(since), ...(domain !== undefined ? { domain } : {}) };
    const sql = summarySql(domain !== undefined);
    try {
      const [m, sd, dd] = [sql.sourcesMonths, sql.sourcesDays, packedDaysSql(domain !== undefined)].map((s) =>
        bindPg(s, values),
      ) as [Bound, Bound, Bound];
      const [months, sourceDays, packed] = await Promise.all([
        this.store.queryArrays(m.text, m.params),
        this.store.queryArrays(sd.text, sd.params),
        this.store.queryArrays(dd.text, dd.params),
      ]);
      const { days, domains } = readPackedDays(packed, this.#timeZone);
      return { domains, sources: mergeSources(months, sourceDays), days };
    } catch (e) {
      throw readError(e, this.store.where);
    }
  }

  async reporters(q: HistoryQuery): Promise<ReporterRow[]> {
    const domain = q.domain?.toLowerCase();
    const b = bindPg(reportersSql(domain !== undefined), {
      since: q.since ?? 0,
      ...(domain !== undefined ? { domain } : {}),
    });
    try {
      return reportersOf(await this.store.queryArrays(b.text, b.params));
    } catch (e) {
      throw readError(e, this.store.where);
    }
  }

  /** The query plans of the summary statements (for the index checks in tests). */
  async explain(withDomain: boolean): Promise<string[]> {
    const q = summarySql(withDomain);
    const values = { since: 0, month: 0, domain: 'example.test' };
    const out: string[] = [];
    await this.store.transaction(async (c) => {
      // Tiny test tables make a sequential scan cheapest; what is checked is that an index exists
      // that the planner can use, and that the summaries never read the record rows.
      await c.query('SET LOCAL enable_seqscan = off');
      for (const s of [q.sourcesMonths, q.sourcesDays, packedDaysSql(withDomain)]) {
        const b = bindPg(s, values);
        const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${b.text}`, b.params);
        out.push(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
      }
    });
    return out;
  }

  async check(): Promise<{ reports: number; records: number; incomplete: number }> {
    const rows = await this.store.query<{ reports: number; records: number; incomplete: number }>(`SELECT
      (SELECT COUNT(*) FROM dmarc_reports) AS reports,
      (SELECT COUNT(*) FROM dmarc_records) AS records,
      (SELECT COUNT(*) FROM dmarc_reports p WHERE p.record_count <> (SELECT COUNT(*) FROM dmarc_records r WHERE r.report = p.id)) AS incomplete`);
    return rows[0] as { reports: number; records: number; incomplete: number };
  }

  async page(after: number | undefined, limit: number): Promise<StoredPage> {
    const reports = await this.store.query('SELECT * FROM dmarc_reports WHERE id > $1 ORDER BY id LIMIT $2', [
      after ?? 0,
      limit,
    ]);
    if (reports.length === 0) return { rows: [], next: undefined };
    const first = Number(reports[0]?.id);
    const last = Number(reports[reports.length - 1]?.id);
    const records = await this.store.query(
      'SELECT * FROM dmarc_records WHERE report BETWEEN $1 AND $2 ORDER BY report, id',
      [first, last],
    );
    return pageOf(reports, records, limit);
  }

  async prune(o: { detailBefore?: number; rollupBefore?: number }): Promise<PruneResult> {
    return this.store.transaction(async (c) => {
      const reports =
        o.detailBefore !== undefined
          ? ((await c.query('DELETE FROM dmarc_reports WHERE end_ts < $1', [o.detailBefore])).rowCount ?? 0)
          : 0;
      let rollups = 0;
      if (o.rollupBefore !== undefined) {
        rollups +=
          (await c.query('DELETE FROM dmarc_days WHERE begin_ts < $1', [o.rollupBefore])).rowCount ?? 0;
        rollups +=
          (await c.query('DELETE FROM dmarc_sources WHERE begin_ts < $1', [o.rollupBefore])).rowCount ?? 0;
        // Months wholly before the cut-off; the month it falls in keeps its sums.
        rollups +=
          (await c.query('DELETE FROM dmarc_sources_month WHERE month_ts < $1', [monthStart(o.rollupBefore)]))
            .rowCount ?? 0;
      }
      return { reports, rollups };
    });
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/** `{name}` placeholders → `$1…` numbered by first use, with the values they take (BIGINT or text). */
type Bound = { text: string; params: unknown[] };

function bindPg(sql: string, values: Record<string, string | number>): Bound {
  const order: string[] = [];
  const text = sql.replace(/\{(\w+)\}/g, (_, name: string) => {
    let i = order.indexOf(name);
    if (i === -1) i = order.push(name) - 1;
    return typeof values[name] === 'number' ? `$${i + 1}::bigint` : `$${i + 1}`;
  });
  return { text, params: order.map((n) => values[n]) };
}

function readError(e: unknown, where: string): NetdoctorError {
  if (e instanceof NetdoctorError) return e;
  return new NetdoctorError('ND_STORE', STORE_ERRORS.read, {
    input: where,
    params: { why: causeText(e) },
    cause: e,
  });
}
