/** The log reader's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const LOGS_ERRORS = defineErrors('logs', {
  binary: {
    en: 'binary data, not a text log (skipped)',
    ja: 'バイナリデータでテキストのログではありません（読み飛ばしました）',
  },
  gzipCut: {
    en: 'the gzip file ends early; the {lines} lines before the cut were read',
    ja: 'gzip ファイルが途中で切れています。切れる前の {lines} 行は読み込みました',
  },
  gzipBad: {
    en: 'not a valid gzip file ({why}); the {lines} lines before the damage were read',
    ja: '正しい gzip ファイルではありません（{why}）。壊れる前の {lines} 行は読み込みました',
  },
  journalFailed: {
    en: 'journalctl failed: {why}',
    ja: 'journalctl が失敗しました: {why}',
  },
  journalMissing: {
    en: 'journalctl is not installed (the journal cannot be read here)',
    ja: 'journalctl がありません（このマシンではジャーナルを読めません）',
  },
  noLogFiles: {
    en: 'no log files in this directory (looked for maillog, mail.log, mail.*, syslog, messages and their rotations)',
    ja: 'このディレクトリにログファイルがありません（maillog、mail.log、mail.*、syslog、messages とそのローテーションを探しました）',
  },
  unknownFormat: {
    en: 'not a log format: give one of {formats}',
    ja: 'ログ形式の名前ではありません。次のどれかを指定してください: {formats}',
  },
  badTime: {
    en: 'not a time: give 2026-12-06, 2026-12-06T09:30 or a span back from now such as 3d, 12h',
    ja: '時刻として読めません。2026-12-06、2026-12-06T09:30、または今からさかのぼる期間（3d、12h など）で指定してください',
  },
});
