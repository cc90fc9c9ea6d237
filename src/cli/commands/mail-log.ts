/** `netdoctor mail log|queue`: what happened to the mail (Postfix logs), and what is stuck (the queue). */

import { csvCell } from '../../core/csv.js';
import { defineErrors, usageError } from '../../core/errors.js';
import { writeOutputFile } from '../../core/output.js';
import { BOUNCE_REASONS, type BounceReason } from '../../mail/index.js';
import {
  applyPlan,
  type MailLogResult,
  planQueue,
  queueFindings,
  readQueue,
  summarizeMailLog,
  volumeChartSvg,
} from '../../maillog/index.js';
import type { Capability, OptionValues } from '../command.js';
import { CLI_ERRORS, type Text, tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { type Column, linesSection, sections, topTable } from '../render/report.js';
import { table } from '../render/table.js';
import { numberOption, TIME_RANGE_OPTIONS, timeRangeFrom } from './shared.js';

/** This command's own usage sentences (ids `cli.mailLog*`). */
export const MAIL_LOG_CLI_ERRORS = defineErrors('cli', {
  mailLogNeedInput: {
    en: 'give log files, a directory, - for stdin, or --journal',
    ja: 'ログファイル、ディレクトリ、標準入力の -、または --journal を指定してください',
  },
  mailLogBadAction: {
    en: 'unknown word: only plan may follow queue',
    ja: '不明な語です。queue の後に置けるのは plan だけです',
  },
  mailLogBadAge: {
    en: 'not an age: give 3d, 12h, 90m or 2w',
    ja: '経過時間として読めません。3d、12h、90m、2w のように指定してください',
  },
  mailLogBadReason: {
    en: 'not a reason: give one of {reasons}',
    ja: '原因の名前ではありません。次のどれかを指定してください: {reasons}',
  },
});

function isBounceReason(s: string): s is BounceReason {
  return (BOUNCE_REASONS as readonly string[]).includes(s);
}

const AGE = /^(\d{1,6})\s*(m|h|d|w)$/;
const AGE_UNIT: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 7 * 86400 };

function ageOption(options: OptionValues, name: string): number | undefined {
  const raw = options[name];
  if (raw === undefined) return undefined;
  const m = AGE.exec(String(raw).trim());
  if (!m) throw usageError(MAIL_LOG_CLI_ERRORS.mailLogBadAge, `--${name}`);
  return Number(m[1]) * (AGE_UNIT[m[2] as string] as number);
}

function csv(r: MailLogResult): string {
  const rows: (string | number)[][] = [
    [
      'table',
      'key',
      'received',
      'delivered',
      'deferred',
      'bounced',
      'rejected',
      'bytes',
      'avg_delay',
      'max_delay',
    ],
  ];
  const t = r.summary.totals;
  rows.push([
    'total',
    '',
    t.received,
    t.delivered,
    t.deferrals,
    t.bounced,
    t.rejected,
    t.bytesDelivered,
    '',
    '',
  ]);
  for (const d of r.summary.perDay)
    rows.push(['day', d.day, d.received, d.delivered, d.deferred, d.bounced, d.rejected, '', '', '']);
  for (const h of r.summary.perHour)
    rows.push(['hour', h.hour, h.received, h.delivered, h.deferred, h.bounced, h.rejected, '', '', '']);
  for (const d of r.summary.domains)
    rows.push([
      'domain',
      d.domain,
      '',
      d.delivered,
      d.deferrals,
      d.bounced,
      '',
      d.bytes,
      d.averageDelay.toFixed(1),
      d.maxDelay,
    ]);
  for (const g of r.summary.groups)
    rows.push([
      `${g.kind}-reason`,
      `${g.reason} ${g.domain}`,
      '',
      '',
      g.kind === 'deferred' ? g.count : '',
      g.kind === 'bounced' ? g.count : '',
      '',
      '',
      '',
      '',
    ]);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

function summaryText(r: MailLogResult, ja: boolean, unparsed: boolean): string {
  const t = r.summary.totals;
  const L = (en: string, jaText: string) => (ja ? jaText : en);
  const out: string[] = [];
  const safe = (s: string) => terminalSafe(s);
  // Server replies and log text are quoted as they were written: 「…」 in Japanese output.
  const quoted = (s: string) => (ja ? `「${safe(s)}」` : safe(s));
  out.push(
    table(
      [
        [L('received', '受信'), String(t.received)],
        [L('delivered', '配送'), String(t.delivered)],
        [L('forwarded', '転送'), String(t.forwarded)],
        [L('deferred', '配送延期'), `${t.deferred} (${t.deferrals} ${L('deferrals', '回')})`],
        [L('bounced', 'エラー返送'), String(t.bounced)],
        [L('rejected', '拒否'), String(t.rejected)],
        [L('reject warnings', '拒否の警告'), String(t.rejectWarnings)],
        [L('held', '保留'), String(t.held)],
        [L('discarded', '破棄'), String(t.discarded)],
        [L('expired', '期限切れ'), String(t.expired)],
        [L('bytes received', '受信バイト数'), String(t.bytesReceived)],
        [L('bytes delivered', '配送バイト数'), String(t.bytesDelivered)],
        [L('senders', '送信者'), `${t.senders} (${t.sendingDomains} ${L('domains', 'ドメイン')})`],
        [L('recipients', '受信者'), `${t.recipients} (${t.recipientDomains} ${L('domains', 'ドメイン')})`],
        [L('re-injected (counted once)', '再投入（1 通として計数）'), String(t.reinjected)],
      ],
      { header: [L('GRAND TOTALS', '総計'), ''] },
    ),
  );
  const tabbed = (rows: { key: string; count: number }[], columns: Column[], quoteLast = false) =>
    topTable(
      rows.slice(0, 20),
      columns,
      (x) => {
        const cells = x.key.split('\t');
        return [
          String(x.count),
          ...cells.map((c, i) => (quoteLast && i === cells.length - 1 ? quoted(c) : safe(c))),
        ];
      },
      ja,
    );
  out.push(
    topTable(
      r.summary.perDay,
      [
        ['DAY', '日付'],
        ['RECEIVED', '受信'],
        ['DELIVERED', '配送'],
        ['DEFERRED', '延期'],
        ['BOUNCED', '返送'],
        ['REJECTED', '拒否'],
      ],
      (d) => [d.day, ...[d.received, d.delivered, d.deferred, d.bounced, d.rejected].map(String)],
      ja,
    ),
    topTable(
      r.summary.domains.slice(0, 20),
      [
        ['DOMAIN', '宛先ドメイン'],
        ['DELIVERED', '配送'],
        ['BYTES', 'バイト'],
        ['DEFERRALS', '延期'],
        ['BOUNCED', '返送'],
        ['AVG DELAY', '平均遅延'],
        ['MAX DELAY', '最大遅延'],
      ],
      (d) => [
        safe(d.domain),
        String(d.delivered),
        String(d.bytes),
        String(d.deferrals),
        String(d.bounced),
        `${d.averageDelay.toFixed(1)} s`,
        `${d.maxDelay} s`,
      ],
      ja,
    ),
    tabbed(
      r.summary.sendersByCount.map((s) => ({ key: s.key, count: s.count })),
      [
        ['MESSAGES', '通数'],
        ['SENDER', '送信者'],
      ],
    ),
    tabbed(r.summary.clients, [
      ['MESSAGES', '通数'],
      ['CONNECTING HOST', '接続元'],
    ]),
    tabbed(
      r.summary.rejects.map((x) => ({ key: x.key.split('\t').slice(1).join('\t'), count: x.count })),
      [
        ['COUNT', '件数'],
        ['DAEMON', 'デーモン'],
        ['STAGE', '段階'],
        ['CODE', 'コード'],
        ['REASON', '理由'],
      ],
      true,
    ),
    tabbed(
      r.summary.deferralReasons,
      [
        ['COUNT', '回数'],
        ['DAEMON', 'デーモン'],
        ['DEFERRAL REASON', '延期の理由'],
      ],
      true,
    ),
    tabbed(
      r.summary.bounceReasons,
      [
        ['COUNT', '件数'],
        ['RELAY', '中継先'],
        ['BOUNCE REASON', '返送の理由'],
      ],
      true,
    ),
    tabbed(
      r.summary.warnings,
      [
        ['COUNT', '件数'],
        ['DAEMON', 'デーモン'],
        ['WARNING', '警告'],
      ],
      true,
    ),
  );
  if (r.lives)
    for (const life of r.lives) {
      out.push(
        `${L('queue id', 'キュー ID')} ${life.queueId}${life.inQueue ? L(' (still queued)', '（キューに残っています）') : ''}`,
      );
      out.push(life.lines.map((l) => `  ${l.time} ${safe(l.program)}: ${quoted(l.message)}`).join('\n'));
    }
  if (unparsed) out.push(linesSection(L('UNPARSED LINES', '解釈できなかった行'), r.summary.unparsedExamples));
  return sections(out);
}

const LOG_OPTIONS = {
  ...TIME_RANGE_OPTIONS,
  journal: {
    type: 'boolean' as const,
    description: tx(
      "read the journal too: journalctl -o json -u 'postfix*' (Debian logs Postfix as postfix@-.service)",
      "ジャーナルも読む: journalctl -o json -u 'postfix*'（Debian では Postfix は postfix@-.service として記録されます）",
    ),
  },
  'journal-directory': {
    type: 'string' as const,
    valueName: 'DIR',
    description: tx(
      'read the journal files in DIR (journalctl -D DIR), e.g. copied from another machine; implies --journal',
      'DIR のジャーナルファイルを読む（journalctl -D DIR）。別のマシンからコピーしたものなど。--journal を含みます',
    ),
  },
  'message-id': {
    type: 'string' as const,
    valueName: 'ID',
    description: tx(
      'show the whole life of the message with this Message-ID',
      'この Message-ID のメッセージの一生をすべて表示',
    ),
  },
  'queue-id': {
    type: 'string' as const,
    valueName: 'ID',
    description: tx(
      'show the whole life of the message with this queue id',
      'このキュー ID のメッセージの一生をすべて表示',
    ),
  },
  csv: { type: 'boolean' as const, description: tx('print the tables as CSV', '表を CSV で出力') },
  chart: {
    type: 'string' as const,
    valueName: 'FILE.svg',
    description: tx('write an SVG chart of the mail per hour', '1 時間ごとのメール量の SVG グラフを書き出す'),
  },
  unparsed: {
    type: 'boolean' as const,
    description: tx(
      'show the lines that were not understood (up to 1000)',
      '解釈できなかった行を表示（最大 1000 行）',
    ),
  },
  top: {
    type: 'string' as const,
    valueName: 'N',
    description: tx('rows per table', '表ごとの行数'),
    defaultText: '50',
  },
};

const QUEUE_OPTIONS = {
  'from-json': {
    type: 'string' as const,
    valueName: 'FILE|-',
    description: tx(
      'read saved postqueue -j output instead of running postqueue',
      'postqueue を実行せず、保存した postqueue -j の出力を読む',
    ),
  },
  config: {
    type: 'string' as const,
    valueName: 'DIR',
    description: tx(
      'Postfix configuration directory (postqueue/postsuper -c DIR), for a second instance',
      'Postfix の設定ディレクトリ（postqueue/postsuper -c DIR）。別インスタンス用',
    ),
  },
  'older-than': {
    type: 'string' as const,
    valueName: 'AGE',
    description: tx(
      'plan: only messages older than AGE (3d, 12h); findings: what counts as old',
      'plan: AGE より古いメッセージだけ（3d、12h）。指摘: 古いとみなす経過時間',
    ),
    defaultText: '1d',
  },
  reason: {
    type: 'string' as const,
    valueName: 'REASON',
    description: tx(
      `plan: only messages whose recipients failed for REASON (${BOUNCE_REASONS.slice(0, 6).join(', ')} …)`,
      `plan: 宛先がこの原因で失敗しているメッセージだけ（${BOUNCE_REASONS.slice(0, 6).join('、')} …）`,
    ),
  },
  domain: {
    type: 'string' as const,
    valueName: 'DOMAIN',
    description: tx(
      'plan: only messages to this recipient domain',
      'plan: この宛先ドメインへのメッセージだけ',
    ),
  },
  apply: {
    type: 'boolean' as const,
    description: tx(
      'plan: carry the plan out (hold, re-check, delete) and report each id removed',
      'plan: 計画を実行し（保留、再確認、削除）、削除した ID を報告する',
    ),
  },
};

const QUEUE_SUMMARY: Text = tx(
  'Read the mail queue (postqueue -j): grouped by reason, destination and age; plan and apply a clean-up.',
  'メールキュー（postqueue -j）を読みます: 原因・宛先・経過時間ごとにまとめ、掃除の計画を立てて実行します。',
);

export const mailLogCommand: Capability = {
  name: 'mail',
  summary: tx('mail', 'メール'),
  actions: [
    {
      name: 'log',
      summary: tx(
        'Summarize Postfix logs (pflogsumm and more): totals, per day and hour, domains, reasons classified into findings.',
        'Postfix のログを集計します（pflogsumm 相当以上）: 総計、日別・時間別、ドメイン別、原因を分類した指摘。',
      ),
      usage:
        'netdoctor mail log [file|dir|-]… [--journal] [--journal-directory DIR] [--since T] [--until T] [--message-id ID | --queue-id ID] [--csv] [--chart F.svg] [--unparsed]',
      description: tx(
        'Reads files in any order (rotated maillog.1, maillog.2.gz … are put in time order), directories\n' +
          '(the mail log and its rotations in them), - for stdin, and the journal. Traditional, RFC 3339 and\n' +
          'RFC 5424 stamps; several Postfix instances; mail re-injected by a content filter is counted once.\n' +
          "Sendmail's and Exim's logs (Exim's own mainlog too) are summed up the same way.",
        'ファイルはどの順で渡しても構いません（maillog.1、maillog.2.gz … は時刻順に並べ直します）。ディレクトリ\n' +
          '（中のメールログとそのローテーション）、標準入力の -、ジャーナルも読めます。従来形式・RFC 3339・\n' +
          'RFC 5424 の時刻、複数の Postfix インスタンスに対応し、コンテンツフィルターの再投入は 1 通と数えます。\n' +
          'Sendmail と Exim のログ（Exim 自身の mainlog も）も同じように集計します。',
      ),
      examples: [
        'netdoctor mail log /var/log/maillog /var/log/maillog.1 /var/log/maillog.2.gz',
        'netdoctor mail log /var/log --since 1d --lang ja',
        'netdoctor mail log --journal --since 2026-12-01',
        'netdoctor mail log --journal-directory /srv/copies/mx1/journal',
        'netdoctor mail log /var/log/mail.log --message-id 20261206.abc@example.jp',
        'netdoctor mail log /var/log/maillog --csv > mail.csv',
        'netdoctor mail log /var/log/maillog --chart mail-per-hour.svg --json',
      ],
      options: LOG_OPTIONS,
      positionals: { min: 0 },
      readsInput: true,
      async run({ args, options, stdin, lang, json, stdout, progress }) {
        const ja = lang === 'ja';
        const { since, until } = timeRangeFrom(options);
        const top = numberOption(options, 'top', { min: 1, max: 100000, integer: true });
        const journalDirectory =
          typeof options['journal-directory'] === 'string' ? options['journal-directory'] : undefined;
        if (args.length === 0 && options.journal !== true && journalDirectory === undefined)
          throw usageError(MAIL_LOG_CLI_ERRORS.mailLogNeedInput, 'mail log');
        const r = await summarizeMailLog(args, {
          stdin,
          journal: options.journal === true,
          ...(journalDirectory !== undefined ? { journalDirectory } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(until !== undefined ? { until } : {}),
          ...(top !== undefined ? { top } : {}),
          ...(options.unparsed === true ? { keepUnparsed: 1000 } : {}),
          ...(typeof options['message-id'] === 'string' ? { messageId: options['message-id'] } : {}),
          ...(typeof options['queue-id'] === 'string' ? { queueId: options['queue-id'] } : {}),
          progress,
        });
        if (typeof options.chart === 'string')
          writeOutputFile(
            options.chart,
            volumeChartSvg(r.summary, ja ? '1 時間ごとのメール' : 'Mail per hour'),
            { inputs: args },
          );
        const data = {
          inputs: r.inputs.map((i) => ({
            name: i.name,
            lines: i.lines,
            bytes: i.bytes,
            records: i.records,
            cut: i.cut,
            ...(i.problem ? { problem: i.problem.message } : {}),
          })),
          skipped: r.skipped,
          summary: r.summary,
          ...(r.lives ? { messages: r.lives } : {}),
        };
        if (options.csv === true && !json) {
          stdout.write(csv(r));
          return { findings: r.findings, data, printed: true };
        }
        return { findings: r.findings, data, text: summaryText(r, ja, options.unparsed === true) };
      },
    },
    {
      name: 'queue',
      summary: QUEUE_SUMMARY,
      usage:
        'netdoctor mail queue [plan] [--from-json FILE|-] [--config DIR] [--older-than AGE] [--reason R] [--domain D] [--apply]',
      description: tx(
        'Without plan: the queue grouped, with findings for old deferred mail and mail that will never go.\n' +
          'plan: the exact postsuper commands for the selected queue ids, changing nothing; --apply holds them,\n' +
          'reads the queue again and deletes only the messages that are still the same (a reused id is released).',
        'plan なし: キューをまとめ、長く延期されたメールと配送の見込みがないメールを指摘します。\n' +
          'plan: 選んだキュー ID に対する postsuper コマンドをそのまま示し、何も変更しません。--apply で保留し、\n' +
          'キューを読み直して同じメッセージのままのものだけを削除します（再利用された ID は保留を解除します）。',
      ),
      examples: [
        'netdoctor mail queue',
        'postqueue -j | netdoctor mail queue --from-json - --json',
        'netdoctor mail queue plan --older-than 3d --reason user-unknown',
        'netdoctor mail queue plan --older-than 3d --reason user-unknown --apply',
      ],
      options: QUEUE_OPTIONS,
      positionals: { min: 0, max: 1 },
      async run({ args, options, stdin, lang }) {
        const ja = lang === 'ja';
        const sub = args[0];
        if (sub !== undefined && sub !== 'plan') throw usageError(MAIL_LOG_CLI_ERRORS.mailLogBadAction, sub);
        const now = Math.floor(Date.now() / 1000);
        const olderThan = ageOption(options, 'older-than');
        const config = typeof options.config === 'string' ? options.config : undefined;
        const messages = await readQueue({
          ...(typeof options['from-json'] === 'string' ? { fromJson: options['from-json'], stdin } : {}),
          ...(config ? { configDir: config } : {}),
        });
        if (sub !== 'plan') {
          const q = queueFindings(messages, {
            now,
            ...(olderThan !== undefined ? { oldAfter: olderThan } : {}),
          });
          const text = q.report.groups.length
            ? table(
                q.report.groups.map((g) => [
                  g.reason,
                  terminalSafe(g.domain),
                  String(g.count),
                  new Date(g.oldest * 1000).toISOString().slice(0, 16),
                  ja ? `「${terminalSafe(g.reply.slice(0, 80))}」` : terminalSafe(g.reply.slice(0, 80)),
                ]),
                {
                  header: ja
                    ? ['原因', '宛先ドメイン', '通数', '最古', '応答']
                    : ['REASON', 'DOMAIN', 'MESSAGES', 'OLDEST', 'REPLY'],
                },
              )
            : '';
          return { findings: q.findings, data: { queue: q.report }, text };
        }
        const reason = typeof options.reason === 'string' ? options.reason : undefined;
        if (reason !== undefined && !isBounceReason(reason))
          throw usageError(MAIL_LOG_CLI_ERRORS.mailLogBadReason, `--reason ${reason}`, {
            reasons: [...BOUNCE_REASONS],
          });
        if (options.apply === true && typeof options['from-json'] === 'string')
          throw usageError(CLI_ERRORS.eitherOr, '--apply', { a: '--apply', b: '--from-json' });
        const plan = planQueue(messages, {
          now,
          ...(olderThan !== undefined ? { olderThan } : {}),
          ...(reason !== undefined && isBounceReason(reason) ? { reason } : {}),
          ...(typeof options.domain === 'string' ? { domain: options.domain } : {}),
          ...(config ? { configDir: config } : {}),
        });
        const listing = plan.steps.map(
          (s) =>
            `# ${s.queueId} ${new Date(s.arrivalTime * 1000).toISOString().slice(0, 16)} ${terminalSafe(s.sender || '<>')} → ${terminalSafe(s.recipients.join(', '))} (${s.reason})`,
        );
        if (options.apply !== true) {
          const head = ja
            ? `# 計画: ${plan.steps.length} 通（何も変更していません。実行するには --apply）`
            : `# plan: ${plan.steps.length} messages (nothing changed; --apply carries it out)`;
          return { findings: [], data: { plan }, text: [head, ...listing, ...plan.commands].join('\n') };
        }
        const done = await applyPlan(plan);
        const lines = [
          ...done.removed.map((id) => (ja ? `削除: ${id}` : `removed ${id}`)),
          ...done.skipped.map((s) =>
            ja
              ? `スキップ: ${s.queueId}（${s.why === 'reused' ? 'ID が再利用されました' : 'すでにありません'}）`
              : `skipped ${s.queueId} (${s.why === 'reused' ? 'queue id reused by another message' : 'no longer queued'})`,
          ),
        ];
        return { findings: [], data: { plan, applied: done }, text: lines.join('\n') };
      },
    },
  ],
};
