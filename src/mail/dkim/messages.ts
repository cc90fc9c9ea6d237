/**
 * The sentences of `mail dkim keygen|check|rotate`'s own findings, in every language. The record
 * findings they share with `mail audit` (mail.dkim.revoked, …) are in auth/dkim-messages.ts.
 */
import { defineMessages } from '../../core/i18n.js';

export const dkimToolMessages = defineMessages({
  'mail.dkim.key-written': {
    en: {
      title:
        'New {keyType} key ({bits} bits) for selector {selector}: private key written to {file} (mode 0600)',
      detail:
        'The private key is in that file only; it is not printed. Publish the record printed with it, then configure the signer.',
      fix: 'Add the record for {name} to the zone, raise the SOA serial and reload the zone; then add the KeyTable and SigningTable lines (OpenDKIM) or the map lines (rspamd) and reload the signer.',
    },
    ja: {
      title:
        'セレクター {selector} の新しい {keyType} 鍵 ({bits} ビット): 秘密鍵を {file} に書き込みました (モード 0600)',
      detail:
        '秘密鍵はこのファイルにだけあり、画面には表示しません。一緒に表示したレコードを公開してから、署名ソフトを設定してください。',
      fix: '{name} のレコードをゾーンに追加し、SOA のシリアルを上げてゾーンを再読み込みしてください。次に KeyTable と SigningTable の行 (OpenDKIM) またはマップの行 (rspamd) を追加し、署名ソフトを再読み込みします。',
    },
  },
  'mail.dkim.key-match': {
    en: {
      title: 'The key published for selector {selector} belongs to the private key {file}',
      detail: 'Messages the signer signs with this key and s={selector} verify at receivers.',
    },
    ja: {
      title: 'セレクター {selector} に公開されている鍵は、秘密鍵 {file} と対になっています',
      detail: 'この鍵と s={selector} で署名したメールは、受信側で検証に通ります。',
    },
  },
  'mail.dkim.key-mismatch': {
    en: {
      title: 'The key published for selector {selector} does not belong to the private key {file}',
      detail:
        'Every message signed with {file} and s={selector} fails DKIM (dkim=fail, "signature did not verify"): the published public key is another key — usually a half-done rotation, or a record copied from another server.',
      fix: 'Publish the public key of {file} at {name} (netdoctor mail dkim keygen prints the record for a new key; for this one: openssl pkey -in {file} -pubout), or point the signer at the private key that matches the record.',
    },
    ja: {
      title: 'セレクター {selector} に公開されている鍵は、秘密鍵 {file} と対になっていません',
      detail:
        '{file} と s={selector} で署名したメールはすべて DKIM に不合格になります (dkim=fail、「signature did not verify」)。公開されている公開鍵は別の鍵で、多くは鍵の切り替えの途中か、別サーバーからコピーしたレコードです。',
      fix: '{file} の公開鍵を {name} に公開してください (新しい鍵なら netdoctor mail dkim keygen がレコードを出力します。この鍵なら openssl pkey -in {file} -pubout)。または、レコードと対になる秘密鍵を署名ソフトに指定します。',
    },
  },
  'mail.dkim.key-file-readable': {
    en: {
      title: 'The private key {file} can be read by other users (mode {mode})',
      detail:
        'Anyone who can read it can sign mail as your domain. OpenDKIM refuses to use such a key unless RequireSafeKeys is off.',
      fix: 'chmod 600 {file} and make the signer user its owner (chown opendkim:opendkim {file}).',
    },
    ja: {
      title: '秘密鍵 {file} は他のユーザーも読めます (モード {mode})',
      detail:
        '読める人は誰でも、あなたのドメインとしてメールに署名できます。OpenDKIM は RequireSafeKeys を無効にしない限り、このような鍵を使いません。',
      fix: 'chmod 600 {file} を実行し、署名ソフトのユーザーを所有者にしてください (chown opendkim:opendkim {file})。',
    },
  },
  'mail.dkim.rotation-plan': {
    en: {
      title: 'Plan to rotate {domain} from selector {from} to {to}: {start} to {end}',
      detail:
        'Publish {to} first, switch the signer at {switchAt} once every resolver can see it, keep {from} published for mail in flight, then revoke it.',
    },
    ja: {
      title: '{domain} のセレクターを {from} から {to} に切り替える計画: {start} から {end} まで',
      detail:
        '先に {to} を公開し、すべてのリゾルバーから見えるようになった {switchAt} に署名ソフトを切り替え、配送中のメールのために {from} を公開したままにしてから失効させます。',
    },
  },
});
