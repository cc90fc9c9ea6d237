/** `netdoctor dmarc read|ingest|summary`: DMARC (and TLS) reports on the command line. */
import { catalog } from '../../catalog.js';
import { NetdoctorError, usageError } from '../../core/errors.js';
import { sortBySeverity } from '../../core/findings.js';
import { localize } from '../../core/i18n.js';
import { MiB } from '../../core/input.js';
import { refuseOutputOverInput } from '../../core/output.js';
import {
  dmarcHistorySummary,
  ingestDmarc,
  readDmarc,
  reportCsv,
  reportText,
  summaryMail,
} from '../../dmarc/index.js';
import { defaultDatabasePath } from '../../store/db.js';
import type { ActionContext, Capability, OptionSpec, OptionValues } from '../command.js';
import { terminalSafe } from '../render/escape.js';
import { renderFindings } from '../render/findings.js';
import { createStyle } from '../render/style.js';
import { table } from '../render/table.js';
import { numberOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

const MAX_SIZE: Record<string, OptionSpec> = {
  'max-size': {
    type: 'string',
    valueName: 'MIB',
    description: 'cap on a decompressed report, one e-mail or one file, in MiB (stops zip/gzip bombs)',
    defaultText: '64',
  },
};

const DB: Record<string, OptionSpec> = {
  db: {
    type: 'string',
    valueName: 'FILE',
    description: 'the SQLite file reports are kept in',
    defaultText: '$XDG_DATA_HOME/netdoctor/netdoctor.db or ~/.local/share/netdoctor/netdoctor.db',
  },
};

function maxBytes(options: OptionValues): number {
  return (numberOption(options, 'max-size', { min: 1, max: 4096 }) ?? 64) * MiB;
}

function printError(e: NetdoctorError): void {
  process.stderr.write(`netdoctor: ${terminalSafe(e.oneLine())}\n`);
}

/**
 * Per-input errors: printed as they come when several inputs are read; with one input, held back
 * so that its own error is the run's one line (and the `--json` error) when nothing was read.
 */
function inputErrors(args: readonly string[]) {
  const held: NetdoctorError[] = [];
  return {
    onError: (e: NetdoctorError) => (args.length > 1 ? printError(e) : held.push(e)),
    /** The error to throw when nothing was read; the held ones are printed otherwise. */
    finish(nothing: boolean, count: number): NetdoctorError | undefined {
      if (nothing && count === 1 && held.length === 1) return held[0];
      for (const e of held) printError(e);
      return nothing ? nothingRead(count) : undefined;
    },
  };
}

function nothingRead(count: number): NetdoctorError {
  return new NetdoctorError(
    'ND_INPUT_FORMAT',
    `no report could be read from the ${count} failing input(s) above`,
  );
}

/** `30d`, `12h`, `2w` or a date `2024-06-01` → seconds since the epoch. */
export function parseSince(raw: string, now = Date.now()): number {
  const m = /^(\d+)\s*([hdw])$/.exec(raw.trim());
  if (m) {
    const hours = Number(m[1]) * ({ h: 1, d: 24, w: 24 * 7 } as const)[m[2] as 'h' | 'd' | 'w'];
    return Math.floor(now / 1000) - hours * 3600;
  }
  const t = /^\d{4}-\d{2}-\d{2}/.test(raw)
    ? Date.parse(raw.length === 10 ? `${raw}T00:00:00` : raw)
    : Number.NaN;
  if (Number.isNaN(t))
    throw usageError(`must be like 30d, 12h, 2w or a date 2024-06-01 (got "${raw}")`, '--since');
  return Math.floor(t / 1000);
}

async function runRead(ctx: ActionContext) {
  const { options } = ctx;
  if (options.csv === true && options.mail === true)
    throw usageError('choose one of --csv and --mail', '--csv');
  const resolve = options['no-resolve'] !== true;
  const errors = inputErrors(ctx.args);
  const result = await readDmarc(ctx.args, {
    ...(resolve ? { resolver: resolverFrom(options) } : {}),
    maxBytes: maxBytes(options),
    capFlag: '--max-size',
    stdin: ctx.stdin,
    progress: ctx.progress,
    onError: errors.onError,
  });
  const failed = errors.finish(result.reports.length === 0 && result.errors.length > 0, result.errors.length);
  if (failed) throw failed;
  const data = {
    reports: result.reports,
    domains: result.domains,
    ptr: Object.fromEntries(result.ptr),
    errors: result.errors.map((e) => e.oneLine()),
  };
  if (options.csv === true) {
    ctx.stdout.write(reportCsv(result.reports, result.ptr));
    return { findings: result.findings, data, printed: true };
  }
  if (options.mail === true) {
    const localized = sortBySeverity(result.findings).map((f) => localize(f, catalog, ctx.lang));
    const report = terminalSafe(reportText(result.reports, result.ptr), { keepLines: true }); // read in a mail client
    const body = `${renderFindings(localized, createStyle(false), ctx.lang)}\n\n${report}`;
    const names = result.domains.map((d) => d.domain).join(', ') || 'reports';
    const passed = result.domains.reduce((n, d) => n + d.passed, 0);
    const total = result.domains.reduce((n, d) => n + d.messages, 0);
    const subject =
      ctx.lang === 'ja'
        ? `DMARC レポート: ${names} (${total} 通中 ${passed} 通合格)`
        : `DMARC report: ${names} (${passed} of ${total} passed)`;
    const mail = summaryMail(body, {
      subject,
      ...(typeof options['mail-to'] === 'string' ? { to: options['mail-to'] } : {}),
      ...(typeof options['mail-from'] === 'string' ? { from: options['mail-from'] } : {}),
    });
    ctx.stdout.write(mail);
    return { findings: result.findings, data, printed: true };
  }
  return {
    findings: result.findings,
    data,
    ...(ctx.json ? {} : { text: reportText(result.reports, result.ptr) }),
  };
}

async function runIngest(ctx: ActionContext) {
  const db = (ctx.options.db as string | undefined) ?? defaultDatabasePath();
  // The store is written in place (SQLite's own journal keeps it whole); it must not be a report.
  refuseOutputOverInput(db, { inputs: ctx.args, flag: '--db' });
  const errors = inputErrors(ctx.args);
  const r = await ingestDmarc(ctx.args, {
    db,
    maxBytes: maxBytes(ctx.options),
    capFlag: '--max-size',
    stdin: ctx.stdin,
    progress: ctx.progress,
    onError: errors.onError,
  });
  const failed = errors.finish(
    r.stored + r.duplicates + r.skipped === 0 && r.errors.length > 0,
    r.errors.length,
  );
  if (failed) throw failed;
  return {
    findings: r.findings,
    data: {
      db,
      stored: r.stored,
      duplicates: r.duplicates,
      skipped: r.skipped,
      errors: r.errors.map((e) => e.oneLine()),
    },
  };
}

/** Source rows shown as text; --json has them all. */
const MAX_SOURCE_ROWS = 50;

function pct(part: number, total: number): string {
  return total ? `${((100 * part) / total).toFixed(1)}%` : '-';
}

async function runSummary(ctx: ActionContext) {
  const db = (ctx.options.db as string | undefined) ?? defaultDatabasePath();
  const since = typeof ctx.options.since === 'string' ? parseSince(ctx.options.since) : undefined;
  const domain = typeof ctx.options.domain === 'string' ? ctx.options.domain : undefined;
  const s = await dmarcHistorySummary({
    db,
    ...(since !== undefined ? { since } : {}),
    ...(domain ? { domain } : {}),
  });
  const head = ['MESSAGES', 'DMARC PASS', 'DKIM PASS', 'SPF PASS'];
  const nums = (r: { messages: number; dmarcPass: number; dkimPass: number; spfPass: number }) => [
    String(r.messages),
    pct(r.dmarcPass, r.messages),
    pct(r.dkimPass, r.messages),
    pct(r.spfPass, r.messages),
  ];
  const parts: string[] = [];
  if (s.domains.length) {
    parts.push(
      table(
        s.domains.map((d) => [d.domain, String(d.reports), ...nums(d)]),
        { header: ['DOMAIN', 'REPORTS', ...head], right: [1, 2, 3, 4, 5] },
      ),
    );
    parts.push(
      table(
        s.days.map((d) => [d.domain, d.day, ...nums(d)]),
        { header: ['DOMAIN', 'DAY', ...head], right: [2, 3, 4, 5] },
      ),
    );
    const shown = s.sources.slice(0, MAX_SOURCE_ROWS);
    parts.push(
      table(
        shown.map((d) => [d.domain, d.sourceIp, ...nums(d)]),
        { header: ['DOMAIN', 'SOURCE IP', ...head], right: [2, 3, 4, 5] },
      ) +
        (s.sources.length > shown.length
          ? `\n… ${s.sources.length - shown.length} more sources (--json lists all)`
          : ''),
    );
  }
  return {
    findings: s.findings,
    data: { db, domains: s.domains, days: s.days, sources: s.sources },
    text: parts.join('\n\n'),
  };
}

export const dmarcCommand: Capability = {
  name: 'dmarc',
  summary: 'read DMARC aggregate, failure and TLS reports; keep them; sum up the history',
  actions: [
    {
      name: 'read',
      summary: 'Read DMARC/TLS reports (xml, gz, zip, e-mail, mbox, Maildir, stdin) and say what they mean.',
      usage: 'netdoctor dmarc read <file|dir|->… [--no-resolve] [--csv | --mail] [--max-size MIB]',
      description:
        'Each source IP is shown with its reverse-DNS name, count, header From, disposition and the\n' +
        'DKIM/SPF results. Times are in your time zone (TZ). A file that cannot be read is named on\n' +
        'stderr and the others are still read; the exit status is then 1 (2 when nothing was read).',
      examples: [
        'netdoctor dmarc read "google.com!example.org!1700000000!1700086399.zip"',
        'netdoctor dmarc read ~/Maildir/.DMARC --no-resolve --csv > dmarc.csv',
        'netdoctor dmarc read - --mail --mail-to postmaster@example.org < report.eml | /usr/sbin/sendmail -t',
      ],
      options: {
        'no-resolve': { type: 'boolean', description: 'do not look up the reverse-DNS names of source IPs' },
        csv: { type: 'boolean', description: 'print one CSV row per record (flat columns) instead of text' },
        mail: { type: 'boolean', description: 'print the summary as an e-mail (RFC 5322) for sendmail -t' },
        'mail-to': {
          type: 'string',
          valueName: 'ADDRESS',
          description: 'To: of --mail',
          defaultText: 'the current user',
        },
        'mail-from': {
          type: 'string',
          valueName: 'ADDRESS',
          description: 'From: of --mail',
          defaultText: 'netdoctor <user@host>',
        },
        ...MAX_SIZE,
        ...RESOLVER_OPTIONS,
      },
      readsInput: true,
      positionals: { min: 1 },
      run: runRead,
    },
    {
      name: 'ingest',
      summary: 'Store aggregate reports in the SQLite history (idempotent: a report is stored once).',
      usage: 'netdoctor dmarc ingest <file|dir|->… [--db FILE] [--max-size MIB]',
      description:
        'Reports are keyed by reporter + report id, so ingesting a folder again only adds new ones.\n' +
        'Each batch is one transaction: a killed ingest leaves the database consistent.',
      examples: [
        'netdoctor dmarc ingest ~/Maildir/.DMARC',
        'netdoctor dmarc ingest reports/ --db /var/lib/netdoctor/dmarc.db --json',
      ],
      options: { ...DB, ...MAX_SIZE },
      readsInput: true,
      positionals: { min: 1 },
      run: runIngest,
    },
    {
      name: 'summary',
      summary: 'Sum up stored reports: per domain, per day and per source, with pass rates.',
      usage: 'netdoctor dmarc summary [--since 30d] [--domain DOMAIN] [--db FILE]',
      examples: [
        'netdoctor dmarc summary --since 30d',
        'netdoctor dmarc summary --domain example.org --since 2w --json',
      ],
      options: {
        since: {
          type: 'string',
          valueName: 'AGE|DATE',
          description: 'only reports from this far back: 30d, 12h, 2w or 2024-06-01',
          defaultText: 'all',
        },
        domain: { type: 'string', valueName: 'DOMAIN', description: 'only this domain' },
        ...DB,
      },
      positionals: { min: 0, max: 0 },
      run: runSummary,
    },
  ],
};
