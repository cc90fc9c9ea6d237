/** The site doctor's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const DOCTOR_ERRORS = defineErrors('doctor', {
  notIp: {
    en: 'not an IPv4 or IPv6 address (the doctor examines single addresses)',
    ja: 'IPv4 アドレスでも IPv6 アドレスでもありません（診断するのは個々のアドレスです）',
  },
  historyNoStore: {
    en: 'past reports need a store: give an SQLite file or a postgres:// URL',
    ja: '過去のレポートには保存先が必要です。SQLite ファイルか postgres:// の URL を指定してください',
  },
  badReportId: {
    en: 'not a report id (a whole number from the list of past reports)',
    ja: 'レポート ID ではありません（過去のレポート一覧にある整数です）',
  },
  noSuchReport: {
    en: 'no report with this id in the store',
    ja: 'この ID のレポートは保存先にありません',
  },
});
