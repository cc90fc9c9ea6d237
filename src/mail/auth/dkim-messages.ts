/** Every sentence of the DKIM findings, in every language. */
import { defineMessages } from '../../core/i18n.js';

export const dkimMessages = defineMessages({
  'mail.dkim.key-found': {
    en: { title: 'DKIM key for selector {selector}: {keyType}, {bits} bits ({name})' },
    ja: { title: 'セレクター {selector} の DKIM 鍵: {keyType}、{bits} ビット ({name})' },
  },
  'mail.dkim.none': {
    en: {
      title: 'No DKIM key found for {domain} (tried {count} selector(s): {selectors})',
      detail:
        'Without a DKIM signature, DMARC can pass only through an aligned SPF pass, which breaks on forwarding. Gmail and Yahoo ask bulk senders for DKIM. If you sign with a selector not in this list, name it with --selector.',
      fix: 'Set up DKIM signing (opendkim, rspamd, or your mail provider), then publish the key: <selector>._domainkey.{domain}. IN TXT "v=DKIM1; k=rsa; p=<base64 public key of 2048 bits>"',
    },
    ja: {
      title: '{domain} の DKIM 鍵が見つかりません ({count} 個のセレクターを試行: {selectors})',
      detail:
        'DKIM 署名がないと、DMARC に合格できるのはアライメントが取れた SPF の合格だけで、転送されると壊れます。Gmail と Yahoo は一括送信者に DKIM を求めています。一覧にないセレクターで署名している場合は --selector で指定してください。',
      fix: 'DKIM 署名を設定 (opendkim、rspamd、またはメールプロバイダー) して、鍵を公開してください: <セレクター>._domainkey.{domain}. IN TXT "v=DKIM1; k=rsa; p=<2048 ビットの公開鍵の base64>"',
    },
  },
  'mail.dkim.selector-missing': {
    en: {
      title: 'No DKIM key at {name} (selector {selector})',
      detail: 'Mail signed with s={selector} fails DKIM: receivers cannot find the key.',
      fix: 'Publish the public key of selector {selector}: {name}. IN TXT "v=DKIM1; k=rsa; p=<base64 public key>" (opendkim writes it to <selector>.txt), or sign with a selector that is published.',
    },
    ja: {
      title: '{name} に DKIM 鍵がありません (セレクター {selector})',
      detail: 's={selector} で署名したメールは、受信側が鍵を見つけられず DKIM に不合格になります。',
      fix: 'セレクター {selector} の公開鍵を公開してください: {name}. IN TXT "v=DKIM1; k=rsa; p=<公開鍵の base64>" (opendkim は <セレクター>.txt に出力します)。または公開済みのセレクターで署名します。',
    },
  },
  'mail.dkim.dns-error': {
    en: {
      title: 'The DKIM key at {name} could not be read (DNS error)',
      fix: "Check the zone's authoritative servers, then run the audit again.",
    },
    ja: {
      title: '{name} の DKIM 鍵を読めませんでした (DNS エラー)',
      fix: 'ゾーンの権威サーバーを確認してから、もう一度検査してください。',
    },
  },
  'mail.dkim.syntax': {
    en: {
      title: 'The DKIM key record at {name} is malformed: {errors}',
      detail: 'Receivers treat a key they cannot parse as no key: signatures with s={selector} fail.',
      fix: 'Publish the record exactly as your signer wrote it: {name}. IN TXT "v=DKIM1; k=rsa; p=<base64 public key>" (long keys split into several quoted strings, with no spaces inside p=).',
    },
    ja: {
      title: '{name} の DKIM 鍵レコードの形式が不正です: {errors}',
      detail: '受信側は解釈できない鍵を鍵なしとして扱い、s={selector} の署名は不合格になります。',
      fix: '署名ソフトが出力したとおりに公開してください: {name}. IN TXT "v=DKIM1; k=rsa; p=<公開鍵の base64>" (長い鍵は複数の引用符付き文字列に分割し、p= の中に空白を入れません)。',
    },
  },
  'mail.dkim.revoked': {
    en: {
      title: 'The DKIM key of selector {selector} is revoked (empty p=)',
      detail:
        'RFC 6376 §3.6.1: an empty p= means the key was withdrawn; every signature with s={selector} fails.',
      fix: 'If you still sign with {selector}, publish its current public key at {name}; otherwise switch your signer to a selector with a published key.',
    },
    ja: {
      title: 'セレクター {selector} の DKIM 鍵は失効しています (p= が空)',
      detail:
        'RFC 6376 §3.6.1: 空の p= は鍵の取り消しを意味し、s={selector} の署名はすべて不合格になります。',
      fix: 'まだ {selector} で署名しているなら、{name} に現在の公開鍵を公開してください。そうでなければ、公開済みの鍵のセレクターに署名ソフトを切り替えます。',
    },
  },
  'mail.dkim.key-too-short': {
    en: {
      title: 'The DKIM key of selector {selector} has only {bits} bits',
      detail:
        'RFC 8301: RSA keys under 1024 bits MUST NOT be used; receivers treat such signatures as failing.',
      fix: 'Generate a 2048-bit key (opendkim-genkey -b 2048 -s <new selector> -d {domain}), publish it at <new selector>._domainkey.{domain}, switch the signer, then remove {name}.',
    },
    ja: {
      title: 'セレクター {selector} の DKIM 鍵は {bits} ビットしかありません',
      detail:
        'RFC 8301: 1024 ビット未満の RSA 鍵は使ってはなりません (MUST NOT)。受信側はその署名を不合格として扱います。',
      fix: '2048 ビットの鍵を作成 (opendkim-genkey -b 2048 -s <新セレクター> -d {domain}) して <新セレクター>._domainkey.{domain} に公開し、署名ソフトを切り替えてから {name} を削除してください。',
    },
  },
  'mail.dkim.key-short': {
    en: {
      title: 'The DKIM key of selector {selector} has {bits} bits (2048 recommended)',
      detail: 'Keys of 1024 bits still verify, but are considered weak; Gmail and Yahoo recommend 2048.',
      fix: 'Rotate to a 2048-bit key: opendkim-genkey -b 2048 -s <new selector> -d {domain}; publish it at <new selector>._domainkey.{domain}, switch the signer, and remove {name} a few days later.',
    },
    ja: {
      title: 'セレクター {selector} の DKIM 鍵は {bits} ビットです (2048 ビットを推奨)',
      detail:
        '1024 ビットの鍵も検証には通りますが、弱いとされています。Gmail と Yahoo は 2048 ビットを推奨しています。',
      fix: '2048 ビットの鍵に切り替えてください: opendkim-genkey -b 2048 -s <新セレクター> -d {domain} で作成し、<新セレクター>._domainkey.{domain} に公開して署名ソフトを切り替え、数日後に {name} を削除します。',
    },
  },
  'mail.dkim.testing': {
    en: {
      title: 'The DKIM key of selector {selector} is in testing mode (t=y)',
      detail:
        'RFC 6376 §3.6.1: with t=y, receivers may treat a failing signature as if there were none; the domain is telling them not to rely on DKIM.',
      fix: 'Once signatures verify, remove "t=y" from the record at {name}.',
    },
    ja: {
      title: 'セレクター {selector} の DKIM 鍵はテストモードです (t=y)',
      detail:
        'RFC 6376 §3.6.1: t=y の場合、受信側は不合格の署名を署名なしと同様に扱うことがあります。ドメインが DKIM を当てにしないよう伝えていることになります。',
      fix: '署名が検証に通るようになったら、{name} のレコードから "t=y" を削除してください。',
    },
  },
  'mail.dkim.split-records': {
    en: {
      title: '{name} has {count} TXT records: the DKIM key must be one record',
      detail:
        'RFC 6376 §3.6.2.2: with several records at a selector the result is undefined; receivers pick one and usually fail. This is what happens when a long key is entered as several records instead of one record of several strings.',
      fix: 'Delete the records at {name} and publish one record whose strings are joined: {name}. IN TXT ( "v=DKIM1; k=rsa; p=<first 255 bytes>" "<rest>" ) (netdoctor mail dkim keygen prints it split correctly).',
    },
    ja: {
      title: '{name} に TXT レコードが {count} 件あります。DKIM 鍵は 1 件のレコードでなければなりません',
      detail:
        'RFC 6376 §3.6.2.2: セレクターに複数のレコードがあると結果は不定で、受信側はどれかを選んで多くの場合不合格にします。長い鍵を「複数の文字列からなる 1 件のレコード」ではなく複数のレコードとして登録すると、こうなります。',
      fix: '{name} のレコードを削除し、文字列を連ねた 1 件のレコードとして公開してください: {name}. IN TXT ( "v=DKIM1; k=rsa; p=<先頭 255 バイト>" "<残り>" ) (netdoctor mail dkim keygen は正しく分割して出力します)。',
    },
  },
  'mail.dkim.string-too-long': {
    en: {
      title: 'String {index} of the DKIM record at {name} is {bytes} bytes (at most {max})',
      detail:
        'RFC 1035 §3.3: one character-string of a TXT record holds at most 255 bytes. BIND refuses to load such a zone ("syntax error"), and DNS hosting panels cut or reject it: the key is never published.',
      fix: 'Split the record into several quoted strings of at most 255 bytes inside one record: {name}. IN TXT ( "v=DKIM1; k=rsa; p=<first part>" "<rest>" ); receivers join them with nothing between.',
    },
    ja: {
      title: '{name} の DKIM レコードの {index} 番目の文字列が {bytes} バイトあります (上限 {max})',
      detail:
        'RFC 1035 §3.3: TXT レコードの 1 つの文字列は 255 バイトまでです。BIND はそのゾーンを読み込まず ("syntax error")、DNS ホスティングの管理画面は切り詰めるか拒否します。鍵は公開されません。',
      fix: '1 件のレコードの中で、255 バイト以下の引用符付き文字列に分割してください: {name}. IN TXT ( "v=DKIM1; k=rsa; p=<前半>" "<残り>" )。受信側は間に何も挟まずに連結します。',
    },
  },
  'mail.dkim.hash-sha1': {
    en: {
      title: 'The DKIM key of selector {selector} allows only {hashes} (h=)',
      detail:
        'RFC 8301: signers must use rsa-sha256 and verifiers must not accept rsa-sha1; a key limited to sha1 verifies no signature a current signer makes.',
      fix: 'Remove the h= tag from the record at {name} (or set h=sha256).',
    },
    ja: {
      title: 'セレクター {selector} の DKIM 鍵は {hashes} しか許可していません (h=)',
      detail:
        'RFC 8301: 署名者は rsa-sha256 を使わなければならず、検証側は rsa-sha1 を受け入れてはなりません。sha1 に限定した鍵は、現在の署名ソフトが作る署名をどれも検証できません。',
      fix: '{name} のレコードから h= タグを削除してください (または h=sha256 にします)。',
    },
  },
  'mail.dkim.service-not-email': {
    en: {
      title: 'The DKIM key of selector {selector} is not for e-mail (s={services})',
      detail:
        'RFC 6376 §3.6.1: a key whose s= lists neither "email" nor "*" must not be used to verify mail.',
      fix: 'Remove the s= tag from the record at {name} (or set s=email).',
    },
    ja: {
      title: 'セレクター {selector} の DKIM 鍵はメール用ではありません (s={services})',
      detail: 'RFC 6376 §3.6.1: s= に "email" も "*" も含まない鍵は、メールの検証に使ってはなりません。',
      fix: '{name} のレコードから s= タグを削除してください (または s=email にします)。',
    },
  },
});
