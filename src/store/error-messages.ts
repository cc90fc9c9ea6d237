/** The store's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const STORE_ERRORS = defineErrors('store', {
  open: { en: 'cannot open the database: {why}', ja: 'データベースを開けません: {why}' },
  prepare: {
    en: 'cannot prepare the DMARC tables: {why}',
    ja: 'DMARC のテーブルを用意できません: {why}',
  },
  write: { en: 'cannot store reports: {why}', ja: 'レポートを保存できません: {why}' },
  badPeriod: {
    en: 'refusing to store report {report}: period {begin}–{end} is not a valid period',
    ja: 'レポート {report} は保存しません: 期間 {begin}〜{end} が正しくありません',
  },
  badCount: {
    en: 'refusing to store report {report}: record {record} count {count} is not a whole number',
    ja: 'レポート {report} は保存しません: {record} 件目のレコードの件数 {count} が整数ではありません',
  },
});
