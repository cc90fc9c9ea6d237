/** The mail log and queue error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const MAILLOG_ERRORS = defineErrors('maillog', {
  postqueueFailed: {
    en: 'postqueue -j failed: {why}',
    ja: 'postqueue -j が失敗しました: {why}',
  },
  postqueueMissing: {
    en: 'postqueue is not installed (give saved postqueue -j output instead)',
    ja: 'postqueue がありません（保存した postqueue -j の出力を指定してください）',
  },
  notQueueJson: {
    en: 'not postqueue -j output (line {line}: {why})',
    ja: 'postqueue -j の出力ではありません（{line} 行目: {why}）',
  },
  badAge: {
    en: 'not an age: give a number and a unit such as 3d, 12h, 90m',
    ja: '経過時間として読めません。3d、12h、90m のように数と単位で指定してください',
  },
  badReason: {
    en: 'not a reason: give one of {reasons}',
    ja: '原因の名前ではありません。次のどれかを指定してください: {reasons}',
  },
  postsuperFailed: {
    en: 'postsuper failed: {why}',
    ja: 'postsuper が失敗しました: {why}',
  },
});
