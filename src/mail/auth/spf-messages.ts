/** Every sentence of the SPF findings, in every language. */
import { defineMessages } from '../../core/i18n.js';

const RESULT_DETAIL_EN = 'Mechanism that decided: {mechanism}.';
const RESULT_DETAIL_JA = '判定を決めたメカニズム: {mechanism}。';

export const spfMessages = defineMessages({
  'mail.spf.none': {
    en: {
      title: '{domain} has no SPF record',
      detail:
        'Receivers cannot tell which servers may send for {domain}. Gmail and Yahoo reject or junk such mail, and docomo users who turned on sender-domain authentication get it bounced as "Unknown user".',
      fix: 'Add to the zone of {domain}: {domain}. IN TXT "{suggestion}" (list every server and service that sends as {domain}; keep one SPF record per name), then reload the zone.',
    },
    ja: {
      title: '{domain} に SPF レコードがありません',
      detail:
        '受信側は {domain} の送信を許されたサーバーを判断できません。Gmail や Yahoo は拒否または迷惑メール扱いにし、送信ドメイン認証を有効にした docomo 利用者宛てのメールは "Unknown user" として戻ってきます。',
      fix: '{domain} のゾーンに次を追加してください: {domain}. IN TXT "{suggestion}" ({domain} として送信するすべてのサーバーとサービスを列挙し、SPF レコードは 1 つの名前に 1 件だけにします)。その後ゾーンを再読み込みします。',
    },
  },
  'mail.spf.dns-error': {
    en: {
      title: 'The SPF record of {domain} could not be read ({status})',
      detail: 'Receivers that get the same answer treat SPF as a temporary error and may defer mail.',
      fix: "Check the zone's authoritative servers (named-checkzone, journalctl -u named) and run the audit again.",
    },
    ja: {
      title: '{domain} の SPF レコードを読めませんでした ({status})',
      detail: '同じ応答を受けた受信側は SPF を一時エラー (temperror) とし、メールを保留することがあります。',
      fix: 'ゾーンの権威サーバーを確認 (named-checkzone、journalctl -u named) してから、もう一度検査してください。',
    },
  },
  'mail.spf.several': {
    en: {
      title: '{domain} has {count} SPF records: receivers answer permerror',
      detail: 'RFC 7208 §4.5: with more than one "v=spf1" record, SPF fails permanently. Records: {records}',
      fix: 'Merge them into one TXT record at {domain}: one "v=spf1", all mechanisms of both, one "all" at the end; delete the others.',
    },
    ja: {
      title: '{domain} に SPF レコードが {count} 件あります (受信側の判定は permerror)',
      detail:
        'RFC 7208 §4.5: "v=spf1" のレコードが複数あると SPF は恒久エラーになります。レコード: {records}',
      fix: '{domain} の TXT レコードを 1 件にまとめてください: "v=spf1" は 1 回、両方のメカニズムを並べ、最後に "all" を 1 つ。残りは削除します。',
    },
  },
  'mail.spf.syntax': {
    en: {
      title: 'The SPF record of {name} has syntax errors: {errors}',
      detail:
        'RFC 7208 §4.6: a syntax error anywhere in the record makes the result permerror for every sender. Record: "{record}"',
      fix: 'Correct the record at {name} (mechanisms: all, include:, a, mx, ip4:, ip6:, exists:; modifiers: redirect=, exp=), then check it again with: netdoctor mail audit {domain}',
    },
    ja: {
      title: '{name} の SPF レコードに構文エラーがあります: {errors}',
      detail:
        'RFC 7208 §4.6: レコードのどこかに構文エラーがあると、すべての送信元で結果が permerror になります。レコード: "{record}"',
      fix: '{name} のレコードを修正してください (メカニズム: all、include:、a、mx、ip4:、ip6:、exists:、修飾子: redirect=、exp=)。その後 netdoctor mail audit {domain} で再確認します。',
    },
  },
  'mail.spf.plus-all': {
    en: {
      title: 'The SPF record of {domain} ends in "{term}": every server on the Internet passes',
      detail: 'Anyone may send as {domain} and pass SPF. Record: "{record}"',
      fix: 'Change the record to: {domain}. IN TXT "{fixed}" (after listing every real sender before "-all").',
    },
    ja: {
      title:
        '{domain} の SPF レコードの末尾が "{term}" です (インターネット上のすべてのサーバーが合格します)',
      detail: '誰でも {domain} を名乗って SPF に合格できます。レコード: "{record}"',
      fix: 'レコードを次に変更してください: {domain}. IN TXT "{fixed}" (実際の送信元をすべて "-all" の前に列挙したうえで)。',
    },
  },
  'mail.spf.neutral-all': {
    en: {
      title: 'The SPF record of {domain} ends in "{term}": unlisted servers are neutral, not refused',
      detail:
        'A neutral result protects nothing: forged mail is treated as if there were no SPF. Record: "{record}"',
      fix: 'Once every real sender is listed, change the record to: {domain}. IN TXT "{fixed}" (or "~all" while testing).',
    },
    ja: {
      title:
        '{domain} の SPF レコードの末尾が "{term}" です (未登録のサーバーは拒否されず neutral になります)',
      detail:
        'neutral は何も守りません。なりすましメールは SPF がない場合と同じ扱いになります。レコード: "{record}"',
      fix: '実際の送信元をすべて列挙したら、レコードを次に変更してください: {domain}. IN TXT "{fixed}" (試験中は "~all")。',
    },
  },
  'mail.spf.ptr': {
    en: {
      title: 'The SPF policy of {domain} uses the "ptr" mechanism ({names})',
      detail:
        'RFC 7208 §5.5: "ptr" SHOULD NOT be used; it is slow, unreliable, and some receivers ignore it or count it as an error.',
      fix: 'Replace "ptr" with the addresses it stands for (ip4:/ip6:) or with "a:<host name>".',
    },
    ja: {
      title: '{domain} の SPF ポリシーが "ptr" メカニズムを使っています ({names})',
      detail:
        'RFC 7208 §5.5: "ptr" は使うべきではありません (SHOULD NOT)。遅く不確実で、無視したりエラー扱いしたりする受信側もあります。',
      fix: '"ptr" を、それが指すアドレス (ip4:/ip6:) か "a:<ホスト名>" に置き換えてください。',
    },
  },
  'mail.spf.include-unresolved': {
    en: {
      title:
        'The SPF policy of {domain} refers ({via}) to {target}, which has no usable SPF record ({problem})',
      detail:
        'RFC 7208 §5.2, §6.1: an include or redirect to a name without exactly one SPF record makes the result permerror.',
      fix: "Correct the spelling of {target} in the record of {domain} (check the provider's documentation for its SPF include name), or remove the term.",
    },
    ja: {
      title:
        '{domain} の SPF ポリシーが参照 ({via}) する {target} に使える SPF レコードがありません ({problem})',
      detail:
        'RFC 7208 §5.2、§6.1: SPF レコードがちょうど 1 件ではない名前への include や redirect は、結果を permerror にします。',
      fix: '{domain} のレコード中の {target} の綴りを直す (プロバイダーの資料で SPF の include 名を確認) か、その項目を削除してください。',
    },
  },
  'mail.spf.too-many-lookups': {
    en: {
      title: 'The SPF policy of {domain} needs {lookups} DNS lookups (limit {limit})',
      detail:
        'RFC 7208 §4.6.4: past 10 lookups (include, a, mx, ptr, exists, redirect, counted through every include) receivers answer permerror, so mail fails SPF.',
      fix: 'Cut lookups in the record of {domain}: replace "a" and "mx" with the ip4:/ip6: addresses they stand for, drop includes of services you no longer use, and replace a provider\'s include with its published ranges only if the provider documents them.',
    },
    ja: {
      title: '{domain} の SPF ポリシーは DNS 参照が {lookups} 回必要です (上限 {limit})',
      detail:
        'RFC 7208 §4.6.4: 参照 (include、a、mx、ptr、exists、redirect、include 先も合算) が 10 回を超えると受信側は permerror とし、メールは SPF に不合格になります。',
      fix: '{domain} のレコードの参照を減らしてください: "a" と "mx" を対応する ip4:/ip6: に置き換え、使っていないサービスの include を削除し、プロバイダーが範囲を公開している場合に限りその include をアドレスに置き換えます。',
    },
  },
  'mail.spf.void-lookups': {
    en: {
      title: 'The SPF policy of {domain} has {count} lookups that find nothing (limit {limit})',
      detail:
        'RFC 7208 §4.6.4: more than 2 "void" lookups (NXDOMAIN or no records) make the result permerror. Void targets: {targets}',
      fix: 'Remove or correct the terms that point at names without records: {targets}',
    },
    ja: {
      title: '{domain} の SPF ポリシーに、何も見つからない参照が {count} 件あります (上限 {limit})',
      detail:
        'RFC 7208 §4.6.4: 結果が空 (NXDOMAIN やレコードなし) の参照が 2 回を超えると permerror になります。空の参照先: {targets}',
      fix: 'レコードのない名前を指している項目を削除または修正してください: {targets}',
    },
  },
  'mail.spf.ok': {
    en: { title: 'SPF record of {domain}: "{record}" ({lookups} of {limit} DNS lookups)' },
    ja: { title: '{domain} の SPF レコード: "{record}" (DNS 参照 {lookups} / {limit} 回)' },
  },
  'mail.spf.result.pass': {
    en: { title: 'SPF pass for {ip} sending as {domain}', detail: RESULT_DETAIL_EN },
    ja: { title: '{ip} から {domain} として送信: SPF pass', detail: RESULT_DETAIL_JA },
  },
  'mail.spf.result.fail': {
    en: {
      title: 'SPF fail for {ip} sending as {domain}',
      detail: `${RESULT_DETAIL_EN} Receivers reject or junk mail from {ip}.`,
      fix: 'If {ip} is your server, add "{term}" to the SPF record of {domain} before the "all" term.',
    },
    ja: {
      title: '{ip} から {domain} として送信: SPF fail',
      detail: `${RESULT_DETAIL_JA} 受信側は {ip} からのメールを拒否するか迷惑メールにします。`,
      fix: '{ip} が自分のサーバーなら、{domain} の SPF レコードの "all" より前に "{term}" を追加してください。',
    },
  },
  'mail.spf.result.softfail': {
    en: {
      title: 'SPF softfail for {ip} sending as {domain}',
      detail: `${RESULT_DETAIL_EN} Gmail and Yahoo count softfail as not authenticated.`,
      fix: 'If {ip} is your server, add "{term}" to the SPF record of {domain} before the "~all" term.',
    },
    ja: {
      title: '{ip} から {domain} として送信: SPF softfail',
      detail: `${RESULT_DETAIL_JA} Gmail や Yahoo は softfail を認証失敗として扱います。`,
      fix: '{ip} が自分のサーバーなら、{domain} の SPF レコードの "~all" より前に "{term}" を追加してください。',
    },
  },
  'mail.spf.result.neutral': {
    en: {
      title: 'SPF neutral for {ip} sending as {domain}',
      detail: `${RESULT_DETAIL_EN} Neutral counts as not authenticated.`,
      fix: 'If {ip} is your server, add "{term}" to the SPF record of {domain}.',
    },
    ja: {
      title: '{ip} から {domain} として送信: SPF neutral',
      detail: `${RESULT_DETAIL_JA} neutral は認証されていない扱いです。`,
      fix: '{ip} が自分のサーバーなら、{domain} の SPF レコードに "{term}" を追加してください。',
    },
  },
  'mail.spf.result.error': {
    en: {
      title: 'SPF {result} for {ip} sending as {domain}: {reason}',
      detail:
        'permerror is a broken policy (receivers treat it as a failure); temperror is a DNS problem (receivers defer).',
      fix: 'Fix the SPF findings above for {domain}, then run the audit again.',
    },
    ja: {
      title: '{ip} から {domain} として送信: SPF {result} ({reason})',
      detail:
        'permerror はポリシーの不備 (受信側は失敗として扱います)、temperror は DNS の問題 (受信側は保留します) です。',
      fix: '上に挙げた {domain} の SPF の問題を直してから、もう一度検査してください。',
    },
  },
});
