/** `netdoctor log firewall`: what the firewall's packet log says, and what to change so it stops growing. */

import { csvCell } from '../../core/csv.js';
import { defineErrors, usageError } from '../../core/errors.js';
import { writeOutputFile } from '../../core/output.js';
import {
  type FirewallLogResult,
  hourlyChartSvg,
  humanBytes,
  summarizeFirewallLog,
} from '../../firewall/index.js';
import type { Capability } from '../command.js';
import { tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { linesSection, sections, topTable } from '../render/report.js';
import { table } from '../render/table.js';
import { LOG_FORMAT_OPTION, numberOption, TIME_RANGE_OPTIONS, timeRangeFrom } from './shared.js';

/** This command's own usage sentences (ids `cli.logFirewall*`). */
export const LOG_FIREWALL_CLI_ERRORS = defineErrors('cli', {
  logFirewallNeedInput: {
    en: 'give log files, a directory, - for stdin, or --journal',
    ja: 'ログファイル、ディレクトリ、標準入力の -、または --journal を指定してください',
  },
});

function csv(r: FirewallLogResult): string {
  const s = r.summary;
  const rows: (string | number | undefined)[][] = [
    ['table', 'key', 'detail', 'packets', 'log_bytes', 'extra'],
  ];
  rows.push(['total', '', '', s.packets, s.logBytes, s.logBytesPerDay]);
  for (const x of s.sources) rows.push(['source', x.source, x.topPort, x.packets, x.logBytes, x.ports]);
  for (const x of s.ports) rows.push(['port', x.port, x.service, x.packets, x.logBytes, x.sources]);
  for (const x of s.pairs) rows.push(['pair', `${x.source} ${x.port}`, x.service, x.packets, x.logBytes, '']);
  for (const x of s.prefixes)
    rows.push([
      'prefix',
      x.prefix.trim(),
      [x.source, x.zone ?? x.policy ?? '', x.action ?? ''].join(' ').trim(),
      x.packets,
      x.logBytes,
      x.nonUnicast,
    ]);
  for (const x of s.perHour) rows.push(['hour', x.hour, '', x.packets, x.logBytes, '']);
  for (const x of s.scanners) rows.push(['scanner', x.source, x.topPort, x.packets, x.logBytes, x.ports]);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

function summaryText(r: FirewallLogResult, ja: boolean, unparsed: boolean): string {
  const s = r.summary;
  const L = (en: string, j: string) => (ja ? j : en);
  const out: string[] = [];
  out.push(
    table(
      [
        [L('packets logged', '記録されたパケット'), String(s.packets)],
        [L('log bytes', 'ログのバイト数'), `${s.logBytes} (${humanBytes(s.logBytes)})`],
        [L('log bytes a day', '1 日あたりのログ'), humanBytes(s.logBytesPerDay)],
        [L('from', '開始'), s.first ?? '-'],
        [L('to', '終了'), s.last ?? '-'],
        [L('distinct sources', '送信元の数'), String(s.distinctSources)],
        [L('other lines', 'その他の行'), String(s.lines.other)],
        [L('unparsed lines', '解釈できなかった行'), String(s.lines.unparsed)],
      ],
      { header: [L('FIREWALL LOG', 'ファイアウォールのログ'), ''] },
    ),
  );
  out.push(
    topTable(
      s.sources,
      [
        ['PACKETS', 'パケット'],
        ['SOURCE', '送信元'],
        ['PORTS', 'ポート数'],
        ['TOP PORT', '最多ポート'],
      ],
      (x) => [String(x.packets), x.source, String(x.ports), x.topPort],
      ja,
    ),
    topTable(
      s.ports,
      [
        ['PACKETS', 'パケット'],
        ['PORT', 'ポート'],
        ['SERVICE', 'サービス'],
        ['SOURCES', '送信元数'],
      ],
      (x) => [String(x.packets), x.port, x.service ?? '', String(x.sources)],
      ja,
    ),
    topTable(
      s.pairs.slice(0, 10),
      [
        ['PACKETS', 'パケット'],
        ['SOURCE', '送信元'],
        ['PORT', 'ポート'],
        ['SERVICE', 'サービス'],
      ],
      (x) => [String(x.packets), x.source, x.port, x.service ?? ''],
      ja,
    ),
    topTable(
      s.prefixes,
      [
        ['PACKETS', 'パケット'],
        ['PREFIX', 'プレフィックス'],
        ['FROM', '出どころ'],
        ['ZONE/POLICY', 'ゾーン/ポリシー'],
        ['CHAIN', 'チェイン'],
        ['ACTION', '動作'],
      ],
      (x) => [
        String(x.packets),
        terminalSafe(x.prefix.trim()) || '-',
        x.source,
        x.zone ?? (x.policy ? `policy ${x.policy}` : ''),
        x.chain ?? (x.forward ? 'FORWARD' : x.output ? 'OUTPUT' : 'INPUT'),
        x.action ?? '',
      ],
      ja,
    ),
    topTable(
      s.scanners,
      [
        ['SCANNER', 'スキャナー'],
        ['PORTS', 'ポート数'],
        ['PACKETS', 'パケット'],
      ],
      (x) => [x.source, String(x.ports), String(x.packets)],
      ja,
    ),
    topTable(
      s.perHour.slice(-48),
      [
        ['HOUR', '時'],
        ['PACKETS', 'パケット'],
        ['LOG', 'ログ'],
      ],
      (h) => [h.hour.replace('T', ' '), String(h.packets), humanBytes(h.logBytes)],
      ja,
    ),
    unparsed ? linesSection(L('UNPARSED LINES', '解釈できなかった行'), s.unparsedExamples) : '',
  );
  return sections(out);
}

const OPTIONS = {
  ...TIME_RANGE_OPTIONS,
  ...LOG_FORMAT_OPTION,
  journal: {
    type: 'boolean' as const,
    description: tx(
      'read the kernel messages of the journal too (journalctl -k -o json)',
      'ジャーナルのカーネルメッセージも読む（journalctl -k -o json）',
    ),
  },
  csv: { type: 'boolean' as const, description: tx('print the tables as CSV', '表を CSV で出力') },
  chart: {
    type: 'string' as const,
    valueName: 'FILE.svg',
    description: tx(
      'write an SVG chart of the logged packets per hour',
      '1 時間ごとの記録パケット数の SVG グラフを書き出す',
    ),
  },
  top: {
    type: 'string' as const,
    valueName: 'N',
    description: tx('rows per table', '表ごとの行数'),
    defaultText: '20',
  },
  'scan-ports': {
    type: 'string' as const,
    valueName: 'N',
    description: tx('a source is a scanner from N distinct ports', '異なるポート N 個からスキャナーとみなす'),
    defaultText: '20',
  },
  'hammer-per-day': {
    type: 'string' as const,
    valueName: 'N',
    description: tx(
      'one source on one port is named from N packets a day',
      '1 送信元・1 ポートで 1 日 N パケットから指摘する',
    ),
    defaultText: '1000',
  },
  'volume-per-day': {
    type: 'string' as const,
    valueName: 'MB',
    description: tx(
      'the log is too big from MB megabytes a day',
      '1 日 MB メガバイトからログが大きすぎるとみなす',
    ),
    defaultText: '50',
  },
  unparsed: {
    type: 'boolean' as const,
    description: tx(
      'show packet lines that could not be read (up to 1000)',
      '読めなかったパケット行を表示（最大 1000 行）',
    ),
  },
};

export const logFirewallCommand: Capability = {
  name: 'log',
  summary: tx('logs nobody reads: firewall, syslog', '誰も読まないログ: ファイアウォール、syslog'),
  actions: [
    {
      name: 'firewall',
      summary: tx(
        'Summarize firewall packet logs (iptables, nftables, firewalld, ufw): top sources, ports, scanners, and how to stop the log growing.',
        'ファイアウォールのパケットログ（iptables、nftables、firewalld、ufw）を集計します: 多い送信元・ポート、スキャナー、ログの増加を止める方法。',
      ),
      usage:
        'netdoctor log firewall [file|dir|-]… [--journal] [--format F] [--since T] [--until T] [--csv] [--chart F.svg] [--top N] [--scan-ports N] [--unparsed]',
      description: tx(
        'Reads kernel LOG lines (iptables/ip6tables -j LOG, nftables log, firewalld LogDenied, ufw) from syslog\n' +
          'files (traditional or RFC 3339 stamps, rotated .gz in time order), the journal, dmesg -T or /dev/kmsg.\n' +
          'Findings name the source to block upstream, the limit or LogDenied change and the logrotate snippet,\n' +
          'each with the bytes of log a day it saves. ufw logs a sample (3/min per rule): its counts are "at least".\n' +
          'The line format is told per line (the first lines name it in --json); --format reads every line in one.',
        'カーネルの LOG 行（iptables/ip6tables の -j LOG、nftables の log 文、firewalld の LogDenied、ufw）を syslog ファイル\n' +
          '（従来形式・RFC 3339 の時刻、ローテーション済み .gz は時刻順）、ジャーナル、dmesg -T、/dev/kmsg から読みます。\n' +
          '指摘には、上流で遮断すべき送信元、limit や LogDenied の変更、logrotate の設定例と、それぞれで 1 日に\n' +
          '減るログのバイト数を示します。ufw は抜き取り（ルールごとに毎分 3 行）なので件数は「少なくとも」です。\n' +
          '行の形式は行ごとに判定し（--json では先頭の行から判定した形式を示します）、--format で 1 つに固定できます。',
      ),
      examples: [
        'netdoctor log firewall /var/log/firewalld /var/log/firewalld-20261201.gz',
        'netdoctor log firewall /var/log/kern.log --since 1d --lang ja',
        'netdoctor log firewall --journal --since 12h --json',
        'dmesg -T | netdoctor log firewall -',
        'netdoctor log firewall /var/log/ufw.log --csv > firewall.csv',
        'netdoctor log firewall /var/log/messages --chart drops-per-hour.svg',
        'netdoctor log firewall /var/log/kern.log --format syslog-rfc3339',
      ],
      options: OPTIONS,
      positionals: { min: 0 },
      readsInput: true,
      async run({ args, options, stdin, lang, json, stdout, progress }) {
        const ja = lang === 'ja';
        const { since, until } = timeRangeFrom(options);
        const top = numberOption(options, 'top', { min: 1, max: 100000, integer: true });
        const scanPorts = numberOption(options, 'scan-ports', { min: 2, max: 65536, integer: true });
        const hammer = numberOption(options, 'hammer-per-day', { min: 1 });
        const volume = numberOption(options, 'volume-per-day', { min: 0 });
        if (args.length === 0 && options.journal !== true)
          throw usageError(LOG_FIREWALL_CLI_ERRORS.logFirewallNeedInput, 'log firewall');
        const r = await summarizeFirewallLog(args, {
          stdin,
          journal: options.journal === true,
          ...(typeof options.format === 'string' ? { format: options.format } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(until !== undefined ? { until } : {}),
          ...(top !== undefined ? { top } : {}),
          ...(scanPorts !== undefined ? { scanPorts } : {}),
          ...(hammer !== undefined ? { hammerPerDay: hammer } : {}),
          ...(volume !== undefined ? { volumePerDay: volume * 1e6 } : {}),
          keepUnparsed: options.unparsed === true ? 1000 : 20,
          progress,
        });
        if (typeof options.chart === 'string')
          writeOutputFile(
            options.chart,
            hourlyChartSvg(r.summary.perHour, ja ? '1 時間ごとの記録パケット数' : 'Logged packets per hour'),
            { inputs: args },
          );
        const data = {
          inputs: r.inputs.map((i) => ({
            name: i.name,
            lines: i.lines,
            bytes: i.bytes,
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
