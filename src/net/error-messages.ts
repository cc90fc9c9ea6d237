/** The network probes' error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const NET_ERRORS = defineErrors('net', {
  port: {
    en: 'port must be 1-65535 (got {value})',
    ja: 'ポート番号は 1〜65535 で指定してください（指定値: {value}）',
  },
  timeoutMs: {
    en: 'must be a positive number of milliseconds (got {value})',
    ja: '0 より大きいミリ秒数を指定してください（指定値: {value}）',
  },
});
