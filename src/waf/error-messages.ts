/** The WAF log reader's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const WAF_ERRORS = defineErrors('waf', {
  binary: {
    en: 'binary data, not an audit log (skipped)',
    ja: 'バイナリデータで監査ログではありません（読み飛ばしました）',
  },
  gzipCut: {
    en: 'the gzip file ends early; the entries before the cut were read',
    ja: 'gzip ファイルが途中で切れています。切れる前のエントリーは読み込みました',
  },
  gzipBad: {
    en: 'not a valid gzip file ({why}); the entries before the damage were read',
    ja: '正しい gzip ファイルではありません（{why}）。壊れる前のエントリーは読み込みました',
  },
  unknownFormat: {
    en: 'not an audit log format: give serial or json',
    ja: '監査ログの形式の名前ではありません。serial か json を指定してください',
  },
  noAuditFiles: {
    en: 'no audit log files in this directory (looked for *audit* files and the SecAuditLogStorageDir tree of YYYYMMDD-HHMMSS-<id> files)',
    ja: 'このディレクトリに監査ログがありません（名前に audit を含むファイルと、SecAuditLogStorageDir の YYYYMMDD-HHMMSS-<ID> ファイルの木を探しました）',
  },
});
