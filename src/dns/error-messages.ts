/** The DNS capability's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const DNS_ERRORS = defineErrors('dns', {
  serverNotAddress: {
    en: 'not an IP address or IP:port (a DNS server must be given by address)',
    ja: 'IP アドレスまたは IP:ポート の形ではありません（DNS サーバーはアドレスで指定してください）',
  },
  badPort: { en: 'port must be 1-65535', ja: 'ポート番号は 1〜65535 で指定してください' },
  timeoutMs: {
    en: 'must be a positive number of milliseconds (got {value})',
    ja: '0 より大きいミリ秒数を指定してください（指定値: {value}）',
  },
  retries: {
    en: 'must be a whole number from 0 to 10 (got {value})',
    ja: '0〜10 の整数で指定してください（指定値: {value}）',
  },
  noAnswer: {
    en: 'no DNS answer for {name} {type} ({problems})',
    ja: '{name} {type} の問い合わせに DNS の応答がありません（{problems}）',
  },
  waited: {
    en: 'waited {seconds}s × {tries} tries',
    ja: '{seconds} 秒 × {tries} 回待ちました',
  },
  notAddress: { en: 'not an IPv4 or IPv6 address', ja: 'IPv4 アドレスでも IPv6 アドレスでもありません' },
  badIdn: {
    en: 'not a valid internationalised domain name (UTS #46: disallowed character, bad label or too long)',
    ja: '国際化ドメイン名として正しくありません（UTS #46: 使えない文字、不正なラベル、または長すぎます）',
  },
});
