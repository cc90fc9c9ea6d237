/** The DKIM key tools' error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../../core/errors.js';

export const DKIM_ERRORS = defineErrors('dkim', {
  cannotWriteKey: {
    en: 'cannot write the private key ({reason})',
    ja: '秘密鍵を書き込めません（{reason}）',
  },
  notDirectory: {
    en: 'not an existing folder to write the private key to',
    ja: '秘密鍵を書き込む既存のフォルダーではありません',
  },
  keyType: {
    en: 'unknown key type "{value}" (rsa or ed25519)',
    ja: '鍵の種類「{value}」は使えません（rsa または ed25519）',
  },
  bits: {
    en: 'an RSA key length must be a multiple of 8 from {min} to {max} bits (got {value}; {default} recommended)',
    ja: 'RSA 鍵の長さは {min}〜{max} ビットの 8 の倍数で指定してください（指定値 {value}。推奨は {default}）',
  },
  ed25519Bits: {
    en: 'an ed25519 key is always 256 bits (got {value})',
    ja: 'ed25519 鍵は常に 256 ビットです（指定値 {value}）',
  },
  selector: {
    en: 'not a DKIM selector (letters, digits and hyphens, dot-separated, e.g. s2026)',
    ja: 'DKIM セレクターではありません（英数字とハイフン、ドット区切り。例: s2026）',
  },
  selectorMissing: {
    en: 'a selector is required (e.g. s2026)',
    ja: 'セレクターを指定してください（例: s2026）',
  },
  cannotReadKey: {
    en: 'cannot read the private key ({reason})',
    ja: '秘密鍵を読み込めません（{reason}）',
  },
  notPrivateKey: {
    en: 'not an RSA or Ed25519 private key in PEM or DER form',
    ja: 'PEM 形式または DER 形式の RSA・Ed25519 秘密鍵ではありません',
  },
  sameSelector: {
    en: 'the new selector must differ from the old one ({selector})',
    ja: '新しいセレクターは古いセレクター（{selector}）と別の名前にしてください',
  },
  date: {
    en: 'not a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM with Z or an offset)',
    ja: '日付ではありません（YYYY-MM-DD、または Z かオフセット付きの YYYY-MM-DDTHH:MM）',
  },
  range: {
    en: '{what} must be from {min} to {max} (got {value})',
    ja: '{what} は {min}〜{max} で指定してください（指定値 {value}）',
  },
  noRecord: {
    en: 'no quoted TXT strings or DKIM tags found in the record text',
    ja: 'レコードの文字列に、引用符付きの TXT 文字列も DKIM タグも見つかりません',
  },
});
