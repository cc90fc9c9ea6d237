/**
 * The zone tools' error sentences (lint, live checks), in every language (see core/errors.ts); why a
 * zone-file line cannot be read is in syntax-messages.ts.
 */
import { defineErrors } from '../../core/errors.js';

export const ZONE_ERRORS = defineErrors('zone', {
  badOrigin: { en: 'bad zone name "{origin}": {why}', ja: 'ゾーン名「{origin}」が正しくありません: {why}' },
  noOrigin: {
    en: "cannot tell the zone's name from the file: give its name",
    ja: 'ファイルからゾーン名がわかりません。ゾーン名を指定してください',
  },
  serialWraps: {
    en: 'serial {serial} cannot be raised without wrapping (RFC 1982)',
    ja: 'シリアル番号 {serial} はこれ以上増やすと一周してしまいます（RFC 1982）',
  },
  noSoaAnswer: {
    en: 'no answer for {zone} SOA ({problem})',
    ja: '{zone} の SOA の問い合わせに応答がありません（「{problem}」）',
  },
  notAuthoritative: { en: '{rcode}, not authoritative', ja: '{rcode}、権威ある応答ではありません' },
  serverNotIp: { en: 'give the server as an IP address', ja: 'サーバーは IP アドレスで指定してください' },
  noParent: { en: 'could not find the parent zone of {domain}', ja: '{domain} の親ゾーンが見つかりません' },
  noParentAnswer: {
    en: 'no parent server answered ({problem})',
    ja: '親ゾーンのサーバーが応答しません（「{problem}」）',
  },
});
