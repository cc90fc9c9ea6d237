/** The syslog summary's findings, in English and Japanese (every id is in the README). */
import { defineMessages } from '../core/i18n.js';

export const syslogMessages = defineMessages({
  'syslog.spike': {
    en: {
      title: '{program} wrote {count} lines in the hour {hour}, {times}× its usual {usual} an hour',
      detail: 'Its most common message: {template}',
      fix: 'Read that hour with --program {program} --since {since} --until {until}: a spike is a failure starting, an attack, or a job gone wrong.',
    },
    ja: {
      title:
        '{program} が {hour} 時台に {count} 行を書きました。普段（1 時間あたり {usual} 行）の {times} 倍です',
      detail: '最も多いメッセージ: {template}',
      fix: '--program {program} --since {since} --until {until} でその時間の行を読んでください。急増は障害の始まり、攻撃、ジョブの異常のいずれかであることが多いです。',
    },
  },
  'syslog.severe': {
    en: {
      title: '{program} logged {count} messages at emerg, alert or crit severity',
      fix: 'Read them with --program {program}: these severities mean the program or the system needs attention now.',
    },
    ja: {
      title: '{program} が重大度 emerg・alert・crit のメッセージを {count} 件記録しています',
      fix: '--program {program} で読んでください。これらの重大度は、プログラムかシステムにすぐ対処が必要なことを示します。',
    },
  },
  'syslog.no-records': {
    en: {
      title: 'No syslog line could be read among the {lines} lines',
      fix: 'Give a syslog file (traditional, RFC 3339 or RFC 5424 stamps), journalctl -o json output, or --format to force one.',
    },
    ja: {
      title: '{lines} 行の中に読める syslog の行がありません',
      fix: 'syslog のファイル（従来形式・RFC 3339・RFC 5424 の時刻）、journalctl -o json の出力を指定するか、--format で形式を指定してください。',
    },
  },
  'syslog.unparsed': {
    en: {
      title:
        '{count} lines were not in a known syslog format (counted, not summarized; --unparsed shows them)',
    },
    ja: {
      title:
        '{count} 行は既知の syslog 形式ではありませんでした（数えましたが集計には含めていません。--unparsed で表示）',
    },
  },
  'syslog.input.problem': {
    en: { title: '{input}: {problem}' },
    ja: { title: '{input}: {problem}' },
  },
  'syslog.input.cut-lines': {
    en: { title: '{input}: {count} lines longer than {kib} KiB were cut and not summarized' },
    ja: { title: '{input}: {kib} KiB を超える {count} 行を切り詰め、集計から除きました' },
  },
});
