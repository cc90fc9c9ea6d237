/** The site doctor's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const DOCTOR_ERRORS = defineErrors('doctor', {
  notIp: {
    en: 'not an IPv4 or IPv6 address (the doctor examines single addresses)',
    ja: 'IPv4 アドレスでも IPv6 アドレスでもありません（診断するのは個々のアドレスです）',
  },
  historySqliteOnly: {
    en: 'past reports are kept in an SQLite store only, not in PostgreSQL (give an SQLite file)',
    ja: '過去のレポートは SQLite の保存先にのみ保存できます。PostgreSQL には保存できません（SQLite ファイルを指定してください）',
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
