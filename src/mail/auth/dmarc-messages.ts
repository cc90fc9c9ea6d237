/** Every sentence of the DMARC findings, in every language. */
import { defineMessages } from '../../core/i18n.js';

export const dmarcMessages = defineMessages({
  'mail.dmarc.none': {
    en: {
      title: '{domain} has no DMARC record',
      detail:
        'Gmail and Yahoo require a DMARC record from bulk senders, and without one nobody tells you who sends mail as {domain}.',
      fix: 'Add to the zone of {org}: _dmarc.{domain}. IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain}" — read the reports (netdoctor dmarc) for a few weeks, then move to p=quarantine and p=reject.',
    },
    ja: {
      title: '{domain} に DMARC レコードがありません',
      detail:
        'Gmail と Yahoo は一括送信者に DMARC レコードを求めています。また、レコードがないと誰が {domain} を名乗って送信しているかを知る手段がありません。',
      fix: '{org} のゾーンに次を追加してください: _dmarc.{domain}. IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain}" 数週間レポートを確認 (netdoctor dmarc) してから p=quarantine、p=reject へ進めます。',
    },
  },
  'mail.dmarc.dns-error': {
    en: {
      title: 'The DMARC record at {name} could not be read (DNS error)',
      fix: "Check the zone's authoritative servers, then run the audit again.",
    },
    ja: {
      title: '{name} の DMARC レコードを読めませんでした (DNS エラー)',
      fix: 'ゾーンの権威サーバーを確認してから、もう一度検査してください。',
    },
  },
  'mail.dmarc.several': {
    en: {
      title: '{name} has {count} DMARC records: receivers apply none of them',
      detail:
        'RFC 7489 §6.6.3: when more than one "v=DMARC1" record is found, DMARC processing is not applied.',
      fix: 'Keep exactly one TXT record starting with "v=DMARC1" at {name}; delete the others.',
    },
    ja: {
      title: '{name} に DMARC レコードが {count} 件あります (受信側はどれも適用しません)',
      detail: 'RFC 7489 §6.6.3: "v=DMARC1" のレコードが複数あると、DMARC は適用されません。',
      fix: '{name} の "v=DMARC1" で始まる TXT レコードを 1 件だけ残し、ほかは削除してください。',
    },
  },
  'mail.dmarc.syntax': {
    en: {
      title: 'The DMARC record at {name} has errors: {errors}',
      detail:
        'Receivers ignore tags they cannot read, and a record without a valid p= may be ignored entirely. Record: "{record}"',
      fix: 'Correct the record at {name}, e.g. "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@{policyDomain}" (v=DMARC1 first; p= none, quarantine or reject; pct= 0-100; adkim/aspf= r or s).',
    },
    ja: {
      title: '{name} の DMARC レコードに誤りがあります: {errors}',
      detail:
        '受信側は読めないタグを無視し、正しい p= がないレコードは丸ごと無視されることがあります。レコード: "{record}"',
      fix: '{name} のレコードを修正してください。例: "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@{policyDomain}" (v=DMARC1 を先頭に、p= は none・quarantine・reject、pct= は 0〜100、adkim/aspf= は r か s)。',
    },
  },
  'mail.dmarc.policy-none': {
    en: {
      title: 'The DMARC policy of {domain} is p=none: forged mail is delivered',
      detail:
        'p=none only asks for reports. It satisfies the Gmail/Yahoo requirement to have DMARC, but receivers still deliver mail that fails it. Record: "{record}"',
      fix: 'Read the aggregate reports (netdoctor dmarc) until every legitimate sender passes SPF or DKIM aligned with {policyDomain}, then change {name} to: "{stricter}" and later p=reject.',
    },
    ja: {
      title: '{domain} の DMARC ポリシーは p=none です (なりすましメールも配送されます)',
      detail:
        'p=none はレポートを求めるだけです。Gmail/Yahoo の「DMARC を設定すること」という要件は満たしますが、受信側は DMARC に不合格のメールもそのまま配送します。レコード: "{record}"',
      fix: '集計レポートを確認 (netdoctor dmarc) し、正当な送信元がすべて {policyDomain} とのアライメントが取れた SPF か DKIM で合格するようになったら、{name} を "{stricter}" に変更し、その後 p=reject にしてください。',
    },
  },
  'mail.dmarc.pct-partial': {
    en: {
      title: 'The DMARC policy of {domain} applies p={policy} to only {pct}% of failing mail',
      detail: 'The rest of the forged mail is handled one step more leniently. Record: "{record}"',
      fix: 'When the reports show no legitimate mail failing, remove "pct={pct}" from {name} (the default is 100).',
    },
    ja: {
      title: '{domain} の DMARC ポリシー p={policy} は不合格メールの {pct}% にしか適用されません',
      detail: '残りのなりすましメールは 1 段階ゆるく扱われます。レコード: "{record}"',
      fix: 'レポートで正当なメールの不合格がなくなったら、{name} から "pct={pct}" を削除してください (既定値は 100)。',
    },
  },
  'mail.dmarc.no-reports': {
    en: {
      title: 'The DMARC record at {name} asks for no reports (no rua=)',
      detail:
        'Without aggregate reports you cannot see who sends as {policyDomain} or whether your own mail passes.',
      fix: 'Add "rua=mailto:dmarc-reports@{policyDomain}" to the record at {name}, and read the reports with netdoctor dmarc.',
    },
    ja: {
      title: '{name} の DMARC レコードはレポートを求めていません (rua= なし)',
      detail:
        '集計レポートがないと、誰が {policyDomain} を名乗って送信しているか、自分のメールが合格しているかがわかりません。',
      fix: '{name} のレコードに "rua=mailto:dmarc-reports@{policyDomain}" を追加し、レポートは netdoctor dmarc で読んでください。',
    },
  },
  'mail.dmarc.report-unauthorized': {
    en: {
      title: 'DMARC reports ({tag}) go to {host}, which has not authorized them',
      detail:
        'RFC 7489 §7.1: for a destination outside {policyDomain}, receivers first look for {authName} and send no reports to {uri} when it is missing.',
      fix: 'Ask the owner of {host} to publish: {authName}. IN TXT "v=DMARC1" — or send reports to a mailbox in {policyDomain} instead.',
    },
    ja: {
      title: 'DMARC レポート ({tag}) の送り先 {host} が受け取りを許可していません',
      detail:
        'RFC 7489 §7.1: {policyDomain} の外の送り先について、受信側はまず {authName} を確認し、なければ {uri} にレポートを送りません。',
      fix: '{host} の管理者に次の公開を依頼してください: {authName}. IN TXT "v=DMARC1" — または {policyDomain} 内のメールボックスに送り先を変えてください。',
    },
  },
  'mail.dmarc.inherited': {
    en: {
      title: '{domain} has no DMARC record of its own; the record of {org} applies',
      detail:
        'RFC 7489 §6.6.3: receivers fall back to the organizational domain and apply its sp= (or p=) to {domain}.',
    },
    ja: {
      title: '{domain} 自身の DMARC レコードはなく、{org} のレコードが適用されます',
      detail:
        'RFC 7489 §6.6.3: 受信側は組織ドメインのレコードを使い、その sp= (なければ p=) を {domain} に適用します。',
    },
  },
  'mail.dmarc.ok': {
    en: { title: 'DMARC for {domain}: p={policy}, pct={pct}, adkim={adkim}, aspf={aspf} ({name})' },
    ja: { title: '{domain} の DMARC: p={policy}、pct={pct}、adkim={adkim}、aspf={aspf} ({name})' },
  },
});
