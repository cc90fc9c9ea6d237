/** The mail capability's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const MAIL_ERRORS = defineErrors('mail', {
  notDomain: {
    en: 'not a domain name (e.g. example.org)',
    ja: 'ドメイン名ではありません（例: example.org）',
  },
  ipNotDomain: {
    en: 'give the mail domain, not an IP address',
    ja: 'IP アドレスではなくメールのドメイン名を指定してください',
  },
  notIp: { en: 'not an IPv4 or IPv6 address', ja: 'IPv4 アドレスでも IPv6 アドレスでもありません' },
  notMail: {
    en: 'not a readable mail message: {why}',
    ja: 'メールとして読み取れません: {why}',
  },
  binary: {
    en: 'binary data, not a mail message or bounce text',
    ja: 'バイナリデータです（メールでもエラーメールの本文でもありません）',
  },
  headerTooLarge: {
    en: 'the header section is longer than the cap of {cap}; not read, as a cut header would be misreported',
    ja: 'ヘッダー部が上限の {cap} を超えています。途中で切ったヘッダーは誤って読まれるため、読み込みませんでした',
  },
});
