/** The DMARC capability's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const DMARC_ERRORS = defineErrors('dmarc', {
  zipDeclares: {
    en: 'declares more than the cap of {mib} MiB (a zip bomb?)',
    ja: '展開後のサイズが上限の {mib} MiB を超えると宣言されています（zip 爆弾の疑い）',
  },
  zipDecompresses: {
    en: 'decompresses to more than the cap of {mib} MiB (a zip bomb?)',
    ja: '展開後のサイズが上限の {mib} MiB を超えます（zip 爆弾の疑い）',
  },
  zipEntries: { en: 'zip has more than {max} entries', ja: 'zip のエントリーが {max} 個を超えています' },
  zipTruncated: {
    en: 'truncated or corrupt zip archive ({why})',
    ja: 'zip アーカイブが途中で切れているか壊れています（{why}）',
  },
  zipEntryCorrupt: { en: 'corrupt zip entry: {why}', ja: 'zip のエントリーが壊れています: {why}' },
  zipCorrupt: { en: 'corrupt zip archive ({why})', ja: 'zip アーカイブが壊れています（{why}）' },
  zipEntryTruncated: { en: 'truncated zip entry {name}', ja: 'zip のエントリー {name} が途中で切れています' },
  zipEmpty: { en: 'empty zip archive', ja: 'zip アーカイブが空です' },
  mailMalformed: { en: 'malformed e-mail: {why}', ja: 'メールの形式が不正です: {why}' },
  noReportInMail: {
    en: 'no DMARC or TLS report in this e-mail ({parts})',
    ja: 'このメールには DMARC レポートも TLS レポートもありません（{parts}）',
  },
  noAttachments: { en: 'no attachments', ja: '添付ファイルなし' },
  nestedTooDeep: {
    en: 'archives nested more than {max} deep',
    ja: 'アーカイブの入れ子が {max} 段を超えています',
  },
  emptyFile: { en: 'empty file, not a DMARC report', ja: 'ファイルが空です（DMARC レポートではありません）' },
  mboxInArchive: {
    en: 'an mbox inside an archive is not read',
    ja: 'アーカイブの中の mbox は読み込みません',
  },
  unknownFormat: {
    en: 'not a DMARC report, TLS report, archive or e-mail (unrecognised first bytes)',
    ja: 'DMARC レポート・TLS レポート・アーカイブ・メールのどれでもありません（先頭のバイトが不明です）',
  },
  doctype: {
    en: 'refused: XML with a <!{decl}> declaration (entity expansion and external entities are not allowed in DMARC reports)',
    ja: '<!{decl}> 宣言を含む XML は読み込みません（DMARC レポートでは実体の展開も外部実体も認めていません）',
  },
  notWholeNumber: {
    en: '{what} is not a whole number: "{value}"',
    ja: '{what} が整数ではありません: 「{value}」',
  },
  noSourceIp: { en: 'record {n} has no <source_ip>', ja: 'レコード {n} に <source_ip> がありません' },
  notAggregate: {
    en: 'not a DMARC aggregate report (root element <{root}>, expected <feedback> with <report_metadata>)',
    ja: 'DMARC 集計レポートではありません（ルート要素が <{root}> です。<report_metadata> を含む <feedback> のはずです）',
  },
  tooManyRecords: { en: 'more than {max} records', ja: 'レコードが {max} 件を超えています' },
  noReportId: { en: 'the report has no <report_id>', ja: 'レポートに <report_id> がありません' },
  notDate: { en: '{what} is not a date: "{value}"', ja: '{what} が日時ではありません: 「{value}」' },
  badJson: { en: 'malformed JSON: {why}', ja: 'JSON の形式が不正です: {why}' },
  notTlsReport: {
    en: 'not an SMTP TLS report (no "policies" and "date-range")',
    ja: 'SMTP TLS レポートではありません（"policies" と "date-range" がありません）',
  },
  badXmlAt: {
    en: 'malformed XML: {why}',
    ja: 'XML の形式が不正です: {why}',
  },
  badXml: {
    en: 'malformed XML: {why} (line {line}, column {col})',
    ja: 'XML の形式が不正です: {why}（{line} 行 {col} 文字目）',
  },
  xmlTooDeep: {
    en: 'XML nested deeper than {max} elements',
    ja: 'XML の要素の入れ子が {max} 段を超えています',
  },
  unreadable: { en: 'unreadable: {why}', ja: '読み取れません: {why}' },
  messageTooLarge: {
    en: 'message larger than the cap of {mib} MiB',
    ja: 'メッセージが上限の {mib} MiB を超えています',
  },
});
