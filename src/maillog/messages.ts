/** The mail log and queue findings, in English and Japanese (every id is in the README). */
import { defineMessages } from '../core/i18n.js';

export const maillogMessages = defineMessages({
  'maillog.deferred': {
    en: {
      title: '{domain}: {messages} messages deferred ({count} deferrals) — {reason}',
      detail: 'Last reply ({relay}): {reply}',
      fix: '{advice}',
    },
    ja: {
      title: '{domain}: {messages} 通が配送延期（延期 {count} 回）— {reason}',
      detail: '最後の応答（{relay}）: 「{reply}」',
      fix: '{advice}',
    },
  },
  'maillog.bounced': {
    en: {
      title: '{domain}: {count} recipients bounced — {reason}',
      detail: 'Last reply ({relay}): {reply}',
      fix: '{advice}',
    },
    ja: {
      title: '{domain}: {count} 件の宛先がエラーで返送 — {reason}',
      detail: '最後の応答（{relay}）: 「{reply}」',
      fix: '{advice}',
    },
  },
  'maillog.user-unknown.sender': {
    en: {
      title: '{sender} kept mailing addresses that do not exist ({count} times)',
      detail: 'Addresses: {recipients}',
      fix: "Remove these addresses from the sender's address book or list; a script or an old address book is the usual source.",
    },
    ja: {
      title: '{sender} が存在しないアドレスへ送り続けています（{count} 回）',
      detail: 'アドレス: {recipients}',
      fix: '送信者のアドレス帳や配信リストからこれらのアドレスを削除してください。スクリプトや古いアドレス帳が原因のことが多いです。',
    },
  },
  'maillog.fatal': {
    en: {
      title: 'Postfix {daemon} stopped with a fatal error ({count} times): {text}',
      fix: 'Fix the setting or file named in the message, then run postfix check and postfix reload.',
    },
    ja: {
      title: 'Postfix の {daemon} が致命的エラーで停止しました（{count} 回）: {text}',
      fix: 'メッセージに書かれた設定やファイルを直し、postfix check と postfix reload を実行してください。',
    },
  },
  'maillog.panic': {
    en: {
      title: 'Postfix {daemon} panicked ({count} times): {text}',
      fix: 'A panic is a Postfix bug or a damaged queue file: run postfix check, and report it with the line to the Postfix list.',
    },
    ja: {
      title: 'Postfix の {daemon} がパニックを起こしました（{count} 回）: {text}',
      fix: 'パニックは Postfix の不具合かキューファイルの破損です。postfix check を実行し、この行を添えて Postfix のメーリングリストに報告してください。',
    },
  },
  'maillog.unparsed': {
    en: {
      title: '{count} lines were not understood',
      fix: 'They are left out of the counts; show them with --unparsed and report a Postfix line that should be counted.',
    },
    ja: {
      title: '{count} 行を解釈できませんでした',
      fix: 'これらは集計に含まれていません。--unparsed で表示できます。集計すべき Postfix の行があれば報告してください。',
    },
  },
  'maillog.input.problem': {
    en: {
      title: '{input}: {problem}',
      fix: 'The other inputs were read; this one only as far as it could be.',
    },
    ja: {
      title: '{input}: {problem}',
      fix: 'ほかの入力は読み込みました。この入力は読める所まで読み込みました。',
    },
  },
  'maillog.input.cut-lines': {
    en: {
      title: '{input}: {count} lines longer than {kib} KiB were cut',
      fix: 'Only their start was looked at. A log line that long is usually not a log line (a binary or a pasted message).',
    },
    ja: {
      title: '{input}: {kib} KiB を超える {count} 行を切り詰めました',
      fix: '先頭部分だけを見ています。これほど長い行は通常ログではありません（バイナリや貼り付けられたメールなど）。',
    },
  },
  'maillog.no-postfix': {
    en: {
      title: 'No Postfix lines in {lines} lines read',
      fix: 'Give the mail log (/var/log/maillog, /var/log/mail.log) or read the journal with --journal (Debian logs Postfix as postfix@-.service: journalctl -u "postfix*").',
    },
    ja: {
      title: '読み込んだ {lines} 行に Postfix の行がありません',
      fix: 'メールログ（/var/log/maillog、/var/log/mail.log）を指定するか、--journal でジャーナルを読んでください（Debian では Postfix は postfix@-.service として記録されます: journalctl -u "postfix*"）。',
    },
  },
  'maillog.reinjected': {
    en: {
      title: '{count} messages came back from a content filter or another instance and were counted once',
      fix: 'Nothing to do: pflogsumm counts these twice (received and delivered).',
    },
    ja: {
      title: 'コンテンツフィルターや別インスタンスから戻った {count} 通は 1 通として数えました',
      fix: '対応は不要です（pflogsumm はこれらを受信・配送とも 2 回数えます）。',
    },
  },
  'maillog.message.not-found': {
    en: {
      title: 'No message {wanted} in the log',
      fix: 'Check the id (the Message-ID header, or the queue id from a log line), and give the rotated files too (maillog.1, maillog.2.gz …).',
    },
    ja: {
      title: 'ログに {wanted} のメッセージがありません',
      fix: 'ID（Message-ID ヘッダー、またはログ行のキュー ID）を確認し、ローテーション済みのファイル（maillog.1、maillog.2.gz …）も指定してください。',
    },
  },
  'mailqueue.empty': {
    en: { title: 'The mail queue is empty' },
    ja: { title: 'メールキューは空です' },
  },
  'mailqueue.deferred.old': {
    en: {
      title: '{domain}: {count} messages deferred for more than {age} — {reason}',
      detail: 'Oldest: {oldest}; reply: {reply}',
      fix: '{advice}',
    },
    ja: {
      title: '{domain}: {count} 通が {age} 以上配送延期のまま — {reason}',
      detail: '最も古いもの: {oldest}。応答: 「{reply}」',
      fix: '{advice}',
    },
  },
  'mailqueue.undeliverable': {
    en: {
      title: '{domain}: {count} queued messages will never be delivered — {reason}',
      detail: 'Reply: {reply}',
      fix: 'Review and remove them: netdoctor mail queue plan --reason {reasonId} (then --apply). {advice}',
    },
    ja: {
      title: '{domain}: キューの {count} 通は配送される見込みがありません — {reason}',
      detail: '応答: 「{reply}」',
      fix: '確認して削除してください: netdoctor mail queue plan --reason {reasonId}（確認後 --apply）。{advice}',
    },
  },
  'mailqueue.held': {
    en: {
      title: '{count} messages are on hold',
      fix: 'Held mail is never sent until released: postsuper -H <queue id> releases one, postsuper -d removes it.',
    },
    ja: {
      title: '{count} 通が保留（hold）されています',
      fix: '保留されたメールは解除するまで送信されません。postsuper -H <キューID> で解除、postsuper -d で削除します。',
    },
  },
});
