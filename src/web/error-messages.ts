/** The dashboard's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const WEB_ERRORS = defineErrors('web', {
  badListen: {
    en: 'not an address and port to listen on (127.0.0.1:8470, [::1]:8470): {value}',
    ja: '待ち受けるアドレスとポートではありません（127.0.0.1:8470、[::1]:8470 など）: {value}',
  },
  needToken: {
    en: '{address} is not a loopback address: anyone who can reach it could use the dashboard; give a login token, or listen on 127.0.0.1',
    ja: '{address} はループバックアドレスではありません。届く人なら誰でもダッシュボードを使えてしまうため、ログイン用トークンを指定するか 127.0.0.1 で待ち受けてください',
  },
  shortToken: {
    en: 'the token is too short: at least 16 characters (for example 32 random hexadecimal digits from openssl rand)',
    ja: 'トークンが短すぎます。16 文字以上にしてください（例: openssl rand で作った 16 進 32 桁の乱数）',
  },
  tokenFile: {
    en: 'cannot read the token file: {why}',
    ja: 'トークンファイルを読めません: {why}',
  },
  listen: {
    en: 'cannot listen on {address}: {why}',
    ja: '{address} で待ち受けられません: {why}',
  },
  uploadStopped: {
    en: 'the upload stopped before its end',
    ja: 'アップロードが最後まで届く前に止まりました',
  },
  badSize: {
    en: 'not a size (bytes, or with K, M, G: 2G, 500M): {value}',
    ja: 'サイズではありません（バイト数、または K・M・G 付き: 2G、500M など）: {value}',
  },
});
