/**
 * DMARC reports as a library: read them (aggregate, failure, TLS; from files, archives, mails,
 * mboxes, Maildirs, stdin), say what they mean, keep them in the store and sum up the history.
 *
 * @example
 *   const r = await readDmarc(['report.xml.gz'], { resolver });
 *   r.findings.map((f) => f.id); // ['dmarc.source.unauthorised', 'dmarc.policy.none', …]
 *   await ingestDmarc(['~/Maildir/.dmarc'], { db: defaultDatabasePath({ HOME: '/home/me' }) });
 */
import type { NetdoctorError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import type { Progress } from '../core/progress.js';
import type { Resolver } from '../dns/resolver.js';
import type { DmarcHistory, DmarcReportRow, HistorySummary, ReporterRow } from '../store/dmarc-history.js';
import { openDmarcHistory, redactUrl } from '../store/index.js';
import { reportRow } from './history.js';
import { DEFAULT_MAX_BYTES, readReports } from './read.js';
import {
  type DmarcSummary,
  refusedFinding,
  reverseNames,
  summarize,
  unreadableFinding,
} from './summarize.js';
import type { SourcedReport } from './types.js';

export { defaultDatabasePath } from '../store/db.js';
export { isPostgresUrl, redactUrl } from '../store/index.js';
export { reporterKey, reportRow } from './history.js';
export { dmarcMessages } from './messages.js';
export { MAX_RECORD_COUNT, parseAggregateXml, parseTlsReport } from './parse.js';
export { DEFAULT_MAX_BYTES, type ReadItem, readReports } from './read.js';
export { CSV_COLUMNS, formatTime, reportCsv, reportText, summaryMail } from './render.js';
export { aligned, dmarcPass, reverseNames, summarize } from './summarize.js';
export type * from './types.js';
export { reportsFromBytes, sniff, unzipCapped } from './unpack.js';

export interface DmarcReadOptions {
  /** Resolver for the sources' PTR names; omit to skip reverse DNS (`--no-resolve`). */
  resolver?: Resolver;
  /** Cap on decompressed size / one file / one mail, bytes (default 64 MiB). */
  maxBytes?: number;
  stdin?: NodeJS.ReadableStream;
  progress?: Progress;
  /** Called for each input that could not be read, as it happens (the CLI prints it). */
  onError?: (e: NetdoctorError) => void;
}

export interface DmarcReadResult extends DmarcSummary {
  reports: SourcedReport[];
  errors: NetdoctorError[];
  /** Source IP → PTR name, for the IPs that have one. */
  ptr: Map<string, string>;
}

function readOptions(o: DmarcReadOptions) {
  return {
    maxBytes: o.maxBytes ?? DEFAULT_MAX_BYTES,
    ...(o.stdin ? { stdin: o.stdin } : {}),
    ...(o.progress ? { progress: o.progress } : {}),
  };
}

/** Reads every report in `inputs` and returns them with findings. */
export async function readDmarc(
  inputs: readonly string[],
  o: DmarcReadOptions = {},
): Promise<DmarcReadResult> {
  const reports: SourcedReport[] = [];
  const errors: NetdoctorError[] = [];
  for await (const item of readReports(inputs, readOptions(o))) {
    if ('error' in item) {
      errors.push(item.error);
      o.onError?.(item.error);
    } else reports.push(item);
  }
  const ips = reports.flatMap(({ report: r }) =>
    r.kind === 'aggregate' ? r.records.map((x) => x.sourceIp) : [],
  );
  const ptr = o.resolver ? await reverseNames(o.resolver, ips) : new Map<string, string>();
  return { ...summarize(reports, ptr, errors), reports, errors, ptr };
}

export interface DmarcIngestOptions extends Omit<DmarcReadOptions, 'resolver'> {
  /** The store: an SQLite file or a `postgres://` URL; or give `history` (an open one). */
  db?: string;
  history?: DmarcHistory;
  /** Reports per transaction (default 200). */
  batch?: number;
}

export interface DmarcIngestResult {
  findings: Finding[];
  stored: number;
  duplicates: number;
  /** Failure and TLS reports read but not kept, and aggregate reports with no record believed. */
  skipped: number;
  /** Records refused (see `RefusedRecord`): never stored; the `dmarc.record.refused` warning names each. */
  refused: number;
  errors: NetdoctorError[];
}

/** Stores every aggregate report in `inputs`; streaming, so a large mbox needs little memory. */
export async function ingestDmarc(
  inputs: readonly string[],
  o: DmarcIngestOptions,
): Promise<DmarcIngestResult> {
  const history = o.history ?? (await openDmarcHistory(o.db as string));
  const batchSize = o.batch ?? 200;
  const errors: NetdoctorError[] = [];
  let stored = 0;
  let duplicates = 0;
  let skipped = 0;
  let batch: DmarcReportRow[] = [];
  const refusedIn: SourcedReport[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await history.save(batch);
    stored += r.stored;
    duplicates += r.duplicates;
    batch = [];
  };
  try {
    for await (const item of readReports(inputs, readOptions(o))) {
      if ('error' in item) {
        errors.push(item.error);
        o.onError?.(item.error);
      } else if (item.report.kind === 'aggregate') {
        if (item.report.refused.length > 0) refusedIn.push(item);
        // A report none of whose records is believed is not stored: nothing in it can be summed.
        if (item.report.records.length === 0 && item.report.refused.length > 0) skipped++;
        else batch.push(reportRow(item.report, item.source));
        if (batch.length >= batchSize) await flush();
      } else skipped++;
    }
    await flush();
  } finally {
    if (!o.history) await history.close();
  }
  const findings: Finding[] = [
    finding(
      'dmarc.ingest.stored',
      'ok',
      { stored, duplicates, skipped, db: o.db ? redactUrl(o.db) : 'the store' },
      { stored, duplicates, skipped },
    ),
    ...refusedFinding(refusedIn),
  ];
  if (errors.length > 0) findings.push(unreadableFinding(errors));
  const refused = refusedIn.reduce(
    (n, x) => n + (x.report.kind === 'aggregate' ? x.report.refused.length : 0),
    0,
  );
  return { findings, stored, duplicates, skipped, refused, errors };
}

export interface DmarcHistoryOptions {
  db?: string;
  history?: DmarcHistory;
  /** Seconds since the epoch; default: everything. */
  since?: number;
  domain?: string;
}

/**
 * Per reporter (the organisations that sent the reports): its reports and the messages they
 * counted, with the DMARC, DKIM and SPF passes, most messages first (`dmarc reporters`, the
 * dashboard's reporter table). Counted from the stored reports, so a report pruned from the
 * detail rows no longer counts.
 */
export async function dmarcReporters(
  o: DmarcHistoryOptions,
): Promise<{ reporters: ReporterRow[]; findings: Finding[] }> {
  const history = o.history ?? (await openDmarcHistory(o.db as string));
  try {
    const reporters = await history.reporters({
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.domain ? { domain: o.domain } : {}),
    });
    const findings: Finding[] = [];
    if (reporters.length === 0)
      findings.push(
        finding('dmarc.history.empty', 'info', {
          since: o.since
            ? new Date(o.since * 1000).toISOString().slice(0, 10)
            : { en: 'the first report', ja: '最初のレポート' },
          domain: o.domain ?? '*',
          db: o.db ? redactUrl(o.db) : { en: 'the store', ja: '保存先' },
        }),
      );
    return { reporters, findings };
  } finally {
    if (!o.history) await history.close();
  }
}

/** What the stored reports add up to: per domain, per source, per day, with pass rates. */
export async function dmarcHistorySummary(
  o: DmarcHistoryOptions,
): Promise<HistorySummary & { findings: Finding[] }> {
  const history = o.history ?? (await openDmarcHistory(o.db as string));
  try {
    const s = await history.summary({
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.domain ? { domain: o.domain } : {}),
    });
    const since = o.since
      ? new Date(o.since * 1000).toISOString().slice(0, 10)
      : { en: 'the first report', ja: '最初のレポート' };
    const findings: Finding[] = s.domains.map((d) => {
      const rate = d.messages ? Math.round((1000 * d.dmarcPass) / d.messages) / 10 : 100;
      return finding(
        'dmarc.history.domain',
        d.dmarcPass === d.messages ? 'ok' : 'info',
        { domain: d.domain, passed: d.dmarcPass, total: d.messages, rate, reports: d.reports, since },
        { messages: d.messages, dmarcPass: d.dmarcPass, dkimPass: d.dkimPass, spfPass: d.spfPass },
      );
    });
    if (findings.length === 0) {
      findings.push(
        finding('dmarc.history.empty', 'info', {
          since,
          domain: o.domain ?? '*',
          db: o.db ? redactUrl(o.db) : { en: 'the store', ja: '保存先' },
        }),
      );
    }
    return { ...s, findings };
  } finally {
    if (!o.history) await history.close();
  }
}
