/** The store's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const STORE_ERRORS = defineErrors('store', {
  open: { en: 'cannot open the database: {why}', ja: 'データベースを開けません: {why}' },
  prepare: {
    en: 'cannot prepare the DMARC tables: {why}',
    ja: 'DMARC のテーブルを用意できません: {why}',
  },
  write: { en: 'cannot store reports: {why}', ja: 'レポートを保存できません: {why}' },
});
