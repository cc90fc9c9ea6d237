/** `netdoctor dmarc read|ingest|summary`: DMARC (and TLS) reports on the command line. */
import { catalog } from '../../catalog.js';
import { NetdoctorError, usageError } from '../../core/errors.js';
import { sortBySeverity } from '../../core/findings.js';
import type { Lang } from '../../core/i18n.js';
import { localize } from '../../core/i18n.js';
import { MiB } from '../../core/input.js';
import { refuseOutputOverInput } from '../../core/output.js';
import {
  dmarcHistorySummary,
  dmarcReporters,
  ingestDmarc,
  isPostgresUrl,
  readDmarc,
  reportCsv,
  reportText,
  summaryMail,
} from '../../dmarc/index.js';
import type { ActionContext, Capability, OptionSpec, OptionValues } from '../command.js';
import { CLI_ERRORS, errorLine, tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { renderFindings } from '../render/findings.js';
import { createStyle } from '../render/style.js';
import { table } from '../render/table.js';
import { DB_OPTION, shownStore, storeOf } from './db.js';
import { numberOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

const MAX_SIZE: Record<string, OptionSpec> = {
  'max-size': {
    type: 'string',
    valueName: 'MIB',
    description: tx(
      'cap on a decompressed report, one e-mail or one file, in MiB (stops zip/gzip bombs)',
      '展開後のレポート・メール 1 通・ファイル 1 つの上限（MiB。zip/gzip 爆弾を止めます）',
    ),
    defaultText: '64',
  },
};

const DB = DB_OPTION;

/** `--since` and `--domain` of the history readers (`dmarc summary`, `dmarc reporters`). */
const PERIOD_AND_DOMAIN = {
  since: {
    type: 'string',
    valueName: 'AGE|DATE',
    description: tx(
      'only reports from this far back: 30d, 12h, 2w or 2024-06-01',
      'この期間のレポートだけを対象にする: 30d、12h、2w、2024-06-01 など',
    ),
    defaultText: tx('all', 'すべて'),
  },
  domain: {
    type: 'string',
    valueName: 'DOMAIN',
    description: tx('only this domain', 'このドメインだけを対象にする'),
  },
} as const;

function maxBytes(options: OptionValues): number {
  return (numberOption(options, 'max-size', { min: 1, max: 4096 }) ?? 64) * MiB;
}

function printError(e: NetdoctorError, lang: Lang): void {
  process.stderr.write(`netdoctor: ${terminalSafe(errorLine(e, lang))}\n`);
}

/**
 * Per-input errors: printed as they come when several inputs are read; with one input, held back
 * so that its own error is the run's one line (and the `--json` error) when nothing was read.
 */
function inputErrors(args: readonly string[], lang: Lang) {
  const held: NetdoctorError[] = [];
  return {
    onError: (e: NetdoctorError) => (args.length > 1 ? printError(e, lang) : held.push(e)),
    /** The error to throw when nothing was read; the held ones are printed otherwise. */
    finish(nothing: boolean, count: number): NetdoctorError | undefined {
      if (nothing && count === 1 && held.length === 1) return held[0];
      for (const e of held) printError(e, lang);
      return nothing ? nothingRead(count) : undefined;
    },
  };
}

function nothingRead(count: number): NetdoctorError {
  return new NetdoctorError('ND_INPUT_FORMAT', CLI_ERRORS.nothingRead, { params: { count } });
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
  if (Number.isNaN(t)) throw usageError(CLI_ERRORS.badSince, '--since', { value: raw });
  return Math.floor(t / 1000);
}

async function runRead(ctx: ActionContext) {
  const { options } = ctx;
  if (options.csv === true && options.mail === true)
    throw usageError(CLI_ERRORS.eitherOr, '--csv', { a: '--csv', b: '--mail' });
  const resolve = options['no-resolve'] !== true;
  const errors = inputErrors(ctx.args, ctx.lang);
  const result = await readDmarc(ctx.args, {
    ...(resolve ? { resolver: resolverFrom(options) } : {}),
    maxBytes: maxBytes(options),
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
    const report = terminalSafe(reportText(result.reports, result.ptr, undefined, ctx.lang), {
      keepLines: true,
    }); // read in a mail client
    const body = `${renderFindings(localized, createStyle(false), ctx.lang)}\n\n${report}`;
    const names =
      result.domains.map((d) => d.domain).join(', ') || (ctx.lang === 'ja' ? '（ドメインなし）' : 'reports');
    const passed = result.domains.reduce((n, d) => n + d.passed, 0);
    const total = result.domains.reduce((n, d) => n + d.messages, 0);
    const subject =
      ctx.lang === 'ja'
        ? `DMARC レポート: ${names}（${total} 通中 ${passed} 通が DMARC 合格）`
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
    ...(ctx.json ? {} : { text: reportText(result.reports, result.ptr, undefined, ctx.lang) }),
  };
}

async function runIngest(ctx: ActionContext) {
  const db = storeOf(ctx);
  // The store is written in place (SQLite's own journal keeps it whole); it must not be a report.
  if (!isPostgresUrl(db)) refuseOutputOverInput(db, { inputs: ctx.args, option: 'db' });
  const errors = inputErrors(ctx.args, ctx.lang);
  const r = await ingestDmarc(ctx.args, {
    db,
    maxBytes: maxBytes(ctx.options),
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
      db: shownStore(db),
      stored: r.stored,
      duplicates: r.duplicates,
      skipped: r.skipped,
      refused: r.refused,
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
  const db = storeOf(ctx);
  const since = typeof ctx.options.since === 'string' ? parseSince(ctx.options.since) : undefined;
  const domain = typeof ctx.options.domain === 'string' ? ctx.options.domain : undefined;
  const s = await dmarcHistorySummary({
    db,
    ...(since !== undefined ? { since } : {}),
    ...(domain ? { domain } : {}),
  });
  const ja = ctx.lang === 'ja';
  const head = ja
    ? ['通数', 'DMARC 合格', 'DKIM 合格', 'SPF 合格']
    : ['MESSAGES', 'DMARC PASS', 'DKIM PASS', 'SPF PASS'];
  const [domainH, reportsH, dayH, sourceH] = ja
    ? ['ドメイン', 'レポート数', '日付', '送信元 IP']
    : ['DOMAIN', 'REPORTS', 'DAY', 'SOURCE IP'];
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
        { header: [domainH, reportsH, ...head], right: [1, 2, 3, 4, 5] },
      ),
    );
    parts.push(
      table(
        s.days.map((d) => [d.domain, d.day, ...nums(d)]),
        { header: [domainH, dayH, ...head], right: [2, 3, 4, 5] },
      ),
    );
    const shown = s.sources.slice(0, MAX_SOURCE_ROWS);
    parts.push(
      table(
        shown.map((d) => [d.domain, d.sourceIp, ...nums(d)]),
        { header: [domainH, sourceH, ...head], right: [2, 3, 4, 5] },
      ) +
        (s.sources.length > shown.length
          ? ja
            ? `\n… ほかに送信元 ${s.sources.length - shown.length} 件（すべては --json で表示されます）`
            : `\n… ${s.sources.length - shown.length} more sources (--json lists all)`
          : ''),
    );
  }
  return {
    findings: s.findings,
    data: { db: shownStore(db), domains: s.domains, days: s.days, sources: s.sources },
    text: parts.join('\n\n'),
  };
}

async function runReporters(ctx: ActionContext) {
  const db = storeOf(ctx);
  const since = typeof ctx.options.since === 'string' ? parseSince(ctx.options.since) : undefined;
  const domain = typeof ctx.options.domain === 'string' ? ctx.options.domain : undefined;
  const r = await dmarcReporters({
    db,
    ...(since !== undefined ? { since } : {}),
    ...(domain ? { domain } : {}),
  });
  const ja = ctx.lang === 'ja';
  const header = ja
    ? ['レポーター', 'レポート数', '通数', 'DMARC 合格', 'DKIM 合格', 'SPF 合格']
    : ['REPORTER', 'REPORTS', 'MESSAGES', 'DMARC PASS', 'DKIM PASS', 'SPF PASS'];
  return {
    findings: r.findings,
    data: { db: shownStore(db), reporters: r.reporters },
    text: r.reporters.length
      ? table(
          r.reporters.map((x) => [
            terminalSafe(x.reporter), // the organisation name comes from the reports
            String(x.reports),
            String(x.messages),
            pct(x.dmarcPass, x.messages),
            pct(x.dkimPass, x.messages),
            pct(x.spfPass, x.messages),
          ]),
          { header, right: [1, 2, 3, 4, 5] },
        )
      : '',
  };
}

export const dmarcCommand: Capability = {
  name: 'dmarc',
  summary: tx(
    'read DMARC aggregate, failure and TLS reports; keep them; sum up the history',
    'DMARC の集計・失敗レポートと TLS レポートを読み、保存し、履歴を集計する',
  ),
  actions: [
    {
      name: 'read',
      summary: tx(
        'Read DMARC/TLS reports (xml, gz, zip, e-mail, mbox, Maildir, stdin) and say what they mean.',
        'DMARC/TLS レポート（xml、gz、zip、メール、mbox、Maildir、標準入力）を読み、その意味を説明します。',
      ),
      usage: 'netdoctor dmarc read <file|dir|->… [--no-resolve] [--csv | --mail] [--max-size MIB]',
      description: tx(
        'Each source IP is shown with its reverse-DNS name, count, header From, disposition and the\n' +
          'DKIM/SPF results. Times are in your time zone (TZ). A file that cannot be read is named on\n' +
          'stderr and the others are still read; the exit status is then 1 (2 when nothing was read).',
        '送信元 IP ごとに、逆引き名、通数、ヘッダー From、処理、DKIM/SPF の結果を表示します。時刻は\n' +
          'お使いのタイムゾーン（TZ）で表示します。読めないファイルは標準エラー出力に名前を出し、残りは\n' +
          'そのまま読みます。その場合の終了ステータスは 1（1 つも読めなければ 2）です。',
      ),
      examples: [
        'netdoctor dmarc read "google.com!example.org!1700000000!1700086399.zip"',
        'netdoctor dmarc read ~/Maildir/.DMARC --no-resolve --csv > dmarc.csv',
        'netdoctor dmarc read - --mail --mail-to postmaster@example.org < report.eml | /usr/sbin/sendmail -t',
      ],
      options: {
        'no-resolve': {
          type: 'boolean',
          description: tx('do not look up the reverse-DNS names of source IPs', '送信元 IP の逆引きをしない'),
        },
        csv: {
          type: 'boolean',
          description: tx(
            'print one CSV row per record (flat columns) instead of text',
            'テキストの代わりに、レコードごとに 1 行の CSV を出力する',
          ),
        },
        mail: {
          type: 'boolean',
          description: tx(
            'print the summary as an e-mail (RFC 5322) for sendmail -t',
            'まとめを sendmail -t に渡せるメール（RFC 5322）として出力する',
          ),
        },
        'mail-to': {
          type: 'string',
          valueName: 'ADDRESS',
          description: tx('To: of --mail', '--mail の To:'),
          defaultText: tx('the current user', '実行中のユーザー'),
        },
        'mail-from': {
          type: 'string',
          valueName: 'ADDRESS',
          description: tx('From: of --mail', '--mail の From:'),
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
      summary: tx(
        'Store aggregate reports in the history, SQLite or PostgreSQL (idempotent: a report is stored once).',
        '集計レポートを履歴（SQLite または PostgreSQL）に保存します（同じレポートは一度しか保存しません）。',
      ),
      usage: 'netdoctor dmarc ingest <file|dir|->… [--db FILE|URL] [--max-size MIB]',
      description: tx(
        'Reports are keyed by reporter + report id, so ingesting a folder again only adds new ones.\n' +
          'Each batch is one transaction: a killed ingest leaves the database consistent.',
        'レポートは送信元組織とレポート ID で区別するので、同じフォルダーを再度取り込んでも新しいものだけが\n' +
          '加わります。まとめて 1 トランザクションで書くため、途中で止めてもデータベースは壊れません。',
      ),
      examples: [
        'netdoctor dmarc ingest ~/Maildir/.DMARC',
        'netdoctor dmarc ingest reports/ --db /var/lib/netdoctor/dmarc.db --json',
        'NETDOCTOR_DB=postgres://netdoctor@db.example.org/netdoctor netdoctor dmarc ingest reports/',
      ],
      options: { ...DB, ...MAX_SIZE },
      readsInput: true,
      positionals: { min: 1 },
      run: runIngest,
    },
    {
      name: 'summary',
      summary: tx(
        'Sum up stored reports: per domain, per day and per source, with pass rates.',
        '保存したレポートをドメイン別・日別・送信元別に集計し、合格率を表示します。',
      ),
      usage: 'netdoctor dmarc summary [--since 30d] [--domain DOMAIN] [--db FILE|URL]',
      examples: [
        'netdoctor dmarc summary --since 30d',
        'netdoctor dmarc summary --domain example.org --since 2w --json',
      ],
      options: {
        ...PERIOD_AND_DOMAIN,
        ...DB,
      },
      positionals: { min: 0, max: 0 },
      run: runSummary,
    },
    {
      name: 'reporters',
      summary: tx(
        'Sum up stored reports per reporter: reports, messages and pass rates.',
        '保存したレポートをレポーター（送信組織）別に集計し、レポート数・通数・合格率を表示します。',
      ),
      usage: 'netdoctor dmarc reporters [--since 30d] [--domain DOMAIN] [--db FILE|URL]',
      description: tx(
        'Counted from the stored reports: reports pruned with `db prune` no longer count here (the domain sums of `dmarc summary` keep them).',
        '保存されたレポートから数えます。`db prune` で削除したレポートはここでは数えません（`dmarc summary` のドメイン別集計には残ります）。',
      ),
      examples: [
        'netdoctor dmarc reporters --since 30d',
        'netdoctor dmarc reporters --domain example.org --json',
      ],
      options: {
        ...PERIOD_AND_DOMAIN,
        ...DB,
      },
      positionals: { min: 0, max: 0 },
      run: runReporters,
    },
  ],
};
