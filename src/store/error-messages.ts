/** The store's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const STORE_ERRORS = defineErrors('store', {
  open: { en: 'cannot open the database: {why}', ja: 'データベースを開けません: {why}' },
  prepare: {
    en: 'cannot prepare the DMARC tables: {why}',
    ja: 'DMARC のテーブルを用意できません: {why}',
  },
  write: { en: 'cannot store reports: {why}', ja: 'レポートを保存できません: {why}' },
  writeHistory: { en: 'cannot store the history: {why}', ja: '履歴を保存できません: {why}' },
  read: { en: 'cannot read the store: {why}', ja: 'ストアを読めません: {why}' },
  pgConnect: {
    en: 'cannot reach PostgreSQL at {where}: {why}',
    ja: 'PostgreSQL（{where}）に接続できません: {why}',
  },
  pgGaveUp: {
    en: 'PostgreSQL kept failing for {seconds} s, giving up: {why}',
    ja: 'PostgreSQL が {seconds} 秒間失敗し続けたため中止しました: {why}',
  },
  migrate: {
    en: 'cannot apply migration {id}: {why}',
    ja: 'マイグレーション {id} を適用できません: {why}',
  },
  badUrl: {
    en: 'not a PostgreSQL URL (postgres://user@host:port/database): {why}',
    ja: 'PostgreSQL の URL（postgres://user@host:port/database）ではありません: {why}',
  },
  sameStore: {
    en: 'the source and the target are the same store',
    ja: 'コピー元とコピー先が同じストアです',
  },
  noSource: {
    en: 'the SQLite file to copy from does not exist',
    ja: 'コピー元の SQLite ファイルがありません',
  },
  badPeriod: {
    en: 'refusing to store report {report}: period {begin}–{end} is not a valid period',
    ja: 'レポート {report} は保存しません: 期間 {begin}〜{end} が正しくありません',
  },
  badCount: {
    en: 'refusing to store report {report}: record {record} count {count} is not a whole number',
    ja: 'レポート {report} は保存しません: {record} 件目のレコードの件数 {count} が整数ではありません',
  },
});
