/** The mail log and queue error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const MAILLOG_ERRORS = defineErrors('maillog', {
  postqueueFailed: {
    en: 'postqueue failed: {why}',
    ja: 'postqueue が失敗しました: {why}',
  },
  postqueueMissing: {
    en: "postqueue is not installed (give the queue listing's saved JSON output instead)",
    ja: 'postqueue がありません（保存したキュー一覧の JSON 出力を指定してください）',
  },
  notQueueJson: {
    en: 'not the JSON queue listing of postqueue (line {line}: {why})',
    ja: 'postqueue の JSON 形式のキュー一覧ではありません（{line} 行目: {why}）',
  },
  notJournalDirectory: {
    en: 'not a directory of journal files',
    ja: 'ジャーナルファイルのディレクトリではありません',
  },
  postsuperFailed: {
    en: 'postsuper failed: {why}',
    ja: 'postsuper が失敗しました: {why}',
  },
});
