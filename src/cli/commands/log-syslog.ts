/** `netdoctor log syslog`: what the system log says, grouped, with its spikes and one program's lines. */

import { csvCell } from '../../core/csv.js';
import { defineErrors, usageError } from '../../core/errors.js';
import { type SyslogResult, summarizeSyslog } from '../../syslog/index.js';
import type { Capability } from '../command.js';
import { tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { type Column, linesSection, sections, topTable } from '../render/report.js';
import { table } from '../render/table.js';
import { LOG_FORMAT_OPTION, numberOption, TIME_RANGE_OPTIONS, timeRangeFrom } from './shared.js';

/** This command's own usage sentences (ids `cli.logSyslog*`). */
export const LOG_SYSLOG_CLI_ERRORS = defineErrors('cli', {
  logSyslogNeedInput: {
    en: 'give log files, a directory, - for stdin, or --journal',
    ja: 'ログファイル、ディレクトリ、標準入力の -、または --journal を指定してください',
  },
});

function csv(r: SyslogResult): string {
  const s = r.summary;
  const rows: (string | number | undefined)[][] = [['table', 'key', 'detail', 'count']];
  for (const x of s.hosts) rows.push(['host', x.key, '', x.count]);
  for (const x of s.programs) rows.push(['program', x.key, '', x.count]);
  for (const x of s.severities) rows.push(['severity', x.key, '', x.count]);
  for (const x of s.days) rows.push(['day', x.key, '', x.count]);
  for (const x of s.templates) rows.push(['template', x.program, x.template, x.count]);
  for (const x of s.spikes) rows.push(['spike', x.program, x.hour, x.count]);
  for (const x of s.matches)
    rows.push(['line', `${x.time ?? ''} ${x.host} ${x.program}`.trim(), x.message, '']);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

function summaryText(r: SyslogResult, ja: boolean, unparsed: boolean): string {
  const s = r.summary;
  const L = (en: string, j: string) => (ja ? j : en);
  const safe = (x: string) => terminalSafe(x);
  const quoted = (x: string) => (ja ? `「${safe(x)}」` : safe(x));
  const out: string[] = [];
  if (s.matches.length) {
    out.push(
      s.matches
        .map(
          (m) =>
            `${m.time ?? '-'} ${safe(m.host)} ${safe(m.program)}${m.pid ? `[${safe(m.pid)}]` : ''}: ${quoted(m.message)}`,
        )
        .join('\n'),
    );
    if (s.matched > s.matches.length)
      out.push(
        L(
          `(${s.matched - s.matches.length} more lines not shown)`,
          `（ほか ${s.matched - s.matches.length} 行は省略）`,
        ),
      );
    return out.join('\n\n');
  }
  out.push(
    table(
      [
        [L('records', 'レコード'), String(s.records)],
        [L('from', '開始'), s.first ?? '-'],
        [L('to', '終了'), s.last ?? '-'],
        [L('unparsed lines', '解釈できなかった行'), String(s.unparsed)],
      ],
      { header: [L('SYSLOG', 'SYSLOG'), ''] },
    ),
  );
  const counts = (rows: { key: string; count: number }[], key: Column) =>
    topTable(rows, [['LINES', '行数'], key], (x) => [String(x.count), safe(x.key)], ja);
  out.push(
    counts(s.hosts, ['HOST', 'ホスト']),
    counts(s.programs, ['PROGRAM', 'プログラム']),
    counts(s.severities, ['SEVERITY', '重大度']),
    counts(s.days, ['DAY', '日付']),
    topTable(
      s.templates,
      [
        ['LINES', '行数'],
        ['PROGRAM', 'プログラム'],
        ['MESSAGE TEMPLATE', 'メッセージの型'],
      ],
      (t) => [String(t.count), safe(t.program), quoted(t.template.slice(0, 120))],
      ja,
    ),
    topTable(
      s.spikes,
      [
        ['HOUR', '時'],
        ['PROGRAM', 'プログラム'],
        ['LINES', '行数'],
        ['USUAL', '普段'],
      ],
      (x) => [x.hour.replace('T', ' '), safe(x.program), String(x.count), String(x.usual)],
      ja,
    ),
    unparsed ? linesSection(L('UNPARSED LINES', '解釈できなかった行'), s.unparsedExamples) : '',
  );
  return sections(out);
}

const OPTIONS = {
  ...TIME_RANGE_OPTIONS,
  journal: {
    type: 'boolean' as const,
    description: tx('read the journal too (journalctl -o json)', 'ジャーナルも読む（journalctl -o json）'),
  },
  ...LOG_FORMAT_OPTION,
  program: {
    type: 'string' as const,
    valueName: 'NAME',
    description: tx(
      'print the lines of this program (sshd; postfix includes postfix/smtpd)',
      'このプログラムの行を表示（sshd。postfix なら postfix/smtpd も含む）',
    ),
  },
  host: {
    type: 'string' as const,
    valueName: 'HOST',
    description: tx('print the lines of this host', 'このホストの行を表示'),
  },
  csv: { type: 'boolean' as const, description: tx('print the tables as CSV', '表を CSV で出力') },
  top: {
    type: 'string' as const,
    valueName: 'N',
    description: tx('rows per table', '表ごとの行数'),
    defaultText: '20',
  },
  unparsed: {
    type: 'boolean' as const,
    description: tx(
      'show the lines that were not understood (up to 1000)',
      '解釈できなかった行を表示（最大 1000 行）',
    ),
  },
};

export const logSyslogCommand: Capability = {
  name: 'log',
  summary: tx('logs nobody reads: firewall, syslog', '誰も読まないログ: ファイアウォール、syslog'),
  actions: [
    {
      name: 'syslog',
      summary: tx(
        "Summarize system logs: per host, program, severity and day; messages grouped by template; spikes; one program's lines.",
        'システムログを集計します: ホスト・プログラム・重大度・日付ごとの件数、型ごとにまとめたメッセージ、急増、特定プログラムの行。',
      ),
      usage:
        'netdoctor log syslog [file|dir|-]… [--journal] [--format F] [--since T] [--until T] [--program NAME] [--host HOST] [--csv] [--top N]',
      description: tx(
        'Reads traditional, RFC 3339, RFC 5424 (with structured data) and journal JSON lines, rotated .gz in\n' +
          'time order; the format is detected per line unless --format names one. Templates mask numbers,\n' +
          'addresses and ids, so one message from a thousand addresses is one row. A spike is an hour in which a\n' +
          'program wrote 5 times its usual rate (the median of its hours) and at least 50 lines.',
        '従来形式・RFC 3339・RFC 5424（構造化データ付き）・ジャーナル JSON の行を読み、ローテーション済み .gz は\n' +
          '時刻順に読みます。形式は行ごとに判定し、--format で指定もできます。型は数値・アドレス・ID を伏せるので、\n' +
          '千のアドレスから来た同じメッセージも 1 行にまとまります。急増とは、あるプログラムが普段（1 時間ごとの\n' +
          '中央値）の 5 倍以上かつ 50 行以上を書いた時間です。',
      ),
      examples: [
        'netdoctor log syslog /var/log/syslog /var/log/syslog.1 /var/log/syslog.2.gz',
        'netdoctor log syslog /var/log --since 1d --lang ja',
        'netdoctor log syslog --journal --since 12h --json',
        'netdoctor log syslog /var/log/messages --program sshd --since 2026-12-06T03:00',
        'netdoctor log syslog router.log --format syslog-rfc5424 --host rt1',
        'netdoctor log syslog /var/log/syslog --csv > syslog.csv',
      ],
      options: OPTIONS,
      positionals: { min: 0 },
      readsInput: true,
      async run({ args, options, stdin, lang, json, stdout, progress }) {
        const ja = lang === 'ja';
        const { since, until } = timeRangeFrom(options);
        const top = numberOption(options, 'top', { min: 1, max: 100000, integer: true });
        if (args.length === 0 && options.journal !== true)
          throw usageError(LOG_SYSLOG_CLI_ERRORS.logSyslogNeedInput, 'log syslog');
        const r = await summarizeSyslog(args, {
          stdin,
          journal: options.journal === true,
          ...(typeof options.format === 'string' ? { format: options.format } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(until !== undefined ? { until } : {}),
          ...(top !== undefined ? { top } : {}),
          ...(typeof options.program === 'string' ? { program: options.program } : {}),
          ...(typeof options.host === 'string' ? { host: options.host } : {}),
          keepUnparsed: options.unparsed === true ? 1000 : 20,
          progress,
        });
        const data = {
          inputs: r.inputs.map((i) => ({
            name: i.name,
            lines: i.lines,
            bytes: i.bytes,
            records: i.records,
            cut: i.cut,
            ...(i.format ? { format: i.format } : {}),
            ...(i.problem ? { problem: i.problem.message } : {}),
          })),
          skipped: r.skipped,
          summary: r.summary,
        };
        if (options.csv === true && !json) {
          stdout.write(csv(r));
          return { findings: r.findings, data, printed: true };
        }
        return { findings: r.findings, data, text: summaryText(r, ja, options.unparsed === true) };
      },
    },
  ],
};
