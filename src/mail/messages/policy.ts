/** Sentences of MTA-STS, TLS-RPT and the provider-requirements summary. */
import { defineMessages } from '../../core/i18n.js';

export const mailPolicyMessages = defineMessages({
  'mail.mta-sts.none': {
    en: {
      title: '{domain} publishes no MTA-STS policy (optional)',
      detail: 'Without MTA-STS (RFC 8461) a network attacker can strip STARTTLS from mail sent to {domain}.',
      fix: 'Publish {name}. IN TXT "v=STSv1; id=20260101" and serve https://mta-sts.{domain}/.well-known/mta-sts.txt with "version: STSv1", "mode: testing", "mx: <each MX host>", "max_age: 86400"; move to mode: enforce once TLS-RPT reports are clean.',
    },
    ja: {
      title: '{domain} は MTA-STS ポリシーを公開していません (任意)',
      detail:
        'MTA-STS (RFC 8461) がないと、経路上の攻撃者が {domain} 宛てのメールから STARTTLS を取り除けます。',
      fix: '「{name}. IN TXT "v=STSv1; id=20260101"」を公開し、https://mta-sts.{domain}/.well-known/mta-sts.txt に「version: STSv1」「mode: testing」「mx: <各 MX ホスト>」「max_age: 86400」を置いてください。TLS-RPT の報告に問題がなければ mode: enforce にします。',
    },
  },
  'mail.mta-sts.multiple': {
    en: {
      title: '{name} has {count} MTA-STS records',
      detail: 'RFC 8461 §3.1: with more than one "v=STSv1" record, senders act as if there were no policy.',
      fix: 'Keep exactly one "v=STSv1; id=…" TXT record at {name}.',
    },
    ja: {
      title: '{name} に MTA-STS レコードが {count} 件あります',
      detail: 'RFC 8461 §3.1: "v=STSv1" のレコードが複数あると、送信側はポリシーがないものとして扱います。',
      fix: '{name} の「v=STSv1; id=…」の TXT レコードを 1 件だけにしてください。',
    },
  },
  'mail.mta-sts.record-invalid': {
    en: {
      title: 'The MTA-STS record of {domain} is invalid: {problem}',
      detail: 'Record at {name}: "{record}". Senders ignore an invalid record (RFC 8461 §3.1).',
      fix: 'Replace it with {name}. IN TXT "v=STSv1; id=20260101" (id: 1-32 letters and digits, changed whenever the policy changes).',
    },
    ja: {
      title: '{domain} の MTA-STS レコードが不正です: {problem}',
      detail: '{name} のレコード:「{record}」。送信側は不正なレコードを無視します (RFC 8461 §3.1)。',
      fix: '「{name}. IN TXT "v=STSv1; id=20260101"」に置き換えてください (id は英数字 1〜32 文字で、ポリシーを変えるたびに変更します)。',
    },
  },
  'mail.mta-sts.policy-unreachable': {
    en: {
      title: 'The MTA-STS policy of {domain} cannot be fetched: {error}',
      detail:
        'An MTA-STS record exists, but {url} did not answer with a policy over valid HTTPS; senders treat the domain as having no policy.',
      fix: 'Give mta-sts.{domain} an A record and a web server with a valid certificate for mta-sts.{domain} serving {url} (HTTP 200, text/plain, no redirect); test with curl -v {url}',
    },
    ja: {
      title: '{domain} の MTA-STS ポリシーを取得できません: {error}',
      detail:
        'MTA-STS レコードはありますが、{url} が正しい HTTPS でポリシーを返しません。送信側はポリシーがないものとして扱います。',
      fix: 'mta-sts.{domain} に A レコードと、mta-sts.{domain} の有効な証明書を持つ Web サーバーを用意し、{url} を HTTP 200・text/plain・リダイレクトなしで返してください。確認: curl -v {url}',
    },
  },
  'mail.mta-sts.policy-invalid': {
    en: {
      title: 'The MTA-STS policy of {domain} is invalid: {problems}',
      detail: 'Fetched from {url}. Senders ignore an invalid policy.',
      fix: 'Serve exactly: "version: STSv1", "mode: enforce|testing|none", one "mx: <host>" line per MX host (wildcards like *.{domain} allowed), "max_age: <seconds up to 31557600>", as text/plain.',
    },
    ja: {
      title: '{domain} の MTA-STS ポリシーが不正です: {problems}',
      detail: '{url} から取得しました。送信側は不正なポリシーを無視します。',
      fix: '「version: STSv1」「mode: enforce|testing|none」、MX ホストごとに「mx: <ホスト>」(*.{domain} のようなワイルドカード可)、「max_age: <31557600 以下の秒数>」を text/plain で返してください。',
    },
  },
  'mail.mta-sts.mx-not-covered': {
    en: {
      title: 'The MX host {host} is not listed in the MTA-STS policy of {domain}',
      detail: 'Policy mx patterns: {patterns}. Senders that enforce the policy will not deliver to {host}.',
      fix: 'Add "mx: {host}" to the policy file, change the id= in the _mta-sts TXT record so senders fetch it again.',
    },
    ja: {
      title: 'MX ホスト {host} が {domain} の MTA-STS ポリシーに載っていません',
      detail: 'ポリシーの mx: {patterns}。ポリシーを強制する送信側は {host} に配送しません。',
      fix: 'ポリシーファイルに「mx: {host}」を追加し、送信側が再取得するよう _mta-sts の TXT レコードの id= を変更してください。',
    },
  },
  'mail.mta-sts.ok': {
    en: { title: '{domain} enforces MTA-STS (id {id}, max_age {maxAge})' },
    ja: { title: '{domain} は MTA-STS を強制しています (id {id}、max_age {maxAge})' },
  },
  'mail.mta-sts.not-enforced': {
    en: {
      title: 'The MTA-STS policy of {domain} is in mode {mode}',
      detail: 'In testing mode senders only report failures (via TLS-RPT); none withdraws the policy.',
      fix: 'When TLS-RPT reports show no failures, set "mode: enforce" in the policy and change the id= of the _mta-sts record.',
    },
    ja: {
      title: '{domain} の MTA-STS ポリシーは mode {mode} です',
      detail: 'testing では送信側は失敗を (TLS-RPT で) 報告するだけで、none はポリシーの撤回です。',
      fix: 'TLS-RPT の報告に失敗がなければ、ポリシーを「mode: enforce」にして _mta-sts レコードの id= を変更してください。',
    },
  },
  'mail.tlsrpt.none': {
    en: {
      title: '{domain} publishes no TLS-RPT record (optional)',
      fix: 'To receive daily reports of TLS failures from senders (RFC 8460), add {name}. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{domain}".',
    },
    ja: {
      title: '{domain} は TLS-RPT レコードを公開していません (任意)',
      fix: '送信側から TLS の失敗の日次報告 (RFC 8460) を受け取るには「{name}. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{domain}"」を追加してください。',
    },
  },
  'mail.tlsrpt.invalid': {
    en: {
      title: 'The TLS-RPT record at {name} is invalid: {problem}',
      fix: 'Keep one record: {name}. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{domain}" (rua: mailto: or https: addresses, comma-separated).',
    },
    ja: {
      title: '{name} の TLS-RPT レコードが不正です: {problem}',
      fix: 'レコードを 1 件にしてください:「{name}. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{domain}"」(rua は mailto: か https: のアドレスをカンマ区切り)。',
    },
  },
  'mail.tlsrpt.ok': {
    en: { title: '{domain} receives TLS-RPT reports at {rua}' },
    ja: { title: '{domain} は TLS-RPT の報告を {rua} で受け取ります' },
  },
  'mail.provider.meets': {
    en: { title: "{domain} meets {provider}'s sender requirements checked here ({lines})" },
    ja: { title: '{domain} はここで確認した {provider} の送信者要件を満たしています ({lines})' },
  },
  'mail.provider.misses': {
    en: {
      title: "{domain} misses {provider}'s sender requirements: {missing}",
      detail:
        '{provider} rejects or junks such mail (Gmail: 550-5.7.25 / 550-5.7.26; Yahoo: 553 5.7.x / 554 5.7.9).',
      fix: 'Fix the failing findings above for: {missing}.',
    },
    ja: {
      title: '{domain} は {provider} の送信者要件を満たしていません: {missing}',
      detail:
        '{provider} はこのようなメールを拒否または迷惑メール扱いにします (Gmail: 550-5.7.25 / 550-5.7.26、Yahoo: 553 5.7.x / 554 5.7.9)。',
      fix: '上の失敗している項目を直してください: {missing}。',
    },
  },
});
