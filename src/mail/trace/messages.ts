/**
 * The mail trace's message catalog: every sentence of `mail.bounce.*` and `mail.headers.*`
 * findings, in English and Japanese.
 */
import { defineMessages } from '../../core/i18n.js';

export const mailTraceMessages = defineMessages({
  'mail.bounce.user-unknown': {
    en: {
      title: '{recipient}: no such mailbox ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Check the address {recipient} with its owner and remove it from your lists if it is gone. Japanese carriers (docomo, au, SoftBank) also answer "Unknown user" when the recipient\'s filter refuses your domain, most often because it has no SPF or fails it: run netdoctor mail audit {domain}',
    },
    ja: {
      title: '{recipient}: 宛先のメールボックスが存在しません ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'アドレス {recipient} を相手に確認し、使われていなければ宛先リストから外してください。国内の携帯キャリア (docomo、au、SoftBank) は、受信者の迷惑メールフィルターがあなたのドメインを拒否した場合 (多くは SPF が無いか不合格) にも "Unknown user" と答えます。次を実行してください: netdoctor mail audit {domain}',
    },
  },
  'mail.bounce.mailbox-full': {
    en: {
      title: '{recipient}: the mailbox is full ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Nothing to change on your side. Tell the recipient by another channel; send again once they have made room.',
    },
    ja: {
      title: '{recipient}: 相手のメールボックスが満杯です ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'あなたの側で直すものはありません。別の手段で相手に知らせ、容量が空いてから再送してください。',
    },
  },
  'mail.bounce.mailbox-disabled': {
    en: {
      title: '{recipient}: the mailbox is disabled or suspended ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'The account exists but takes no mail. Remove {recipient} from your lists, or ask the owner for a current address.',
    },
    ja: {
      title: '{recipient}: 相手のメールボックスは停止・無効化されています ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'アカウントはありますがメールを受け付けていません。{recipient} を宛先リストから外すか、相手に現在のアドレスを確認してください。',
    },
  },
  'mail.bounce.message-too-big': {
    en: {
      title: '{recipient}: the message is larger than the receiver accepts ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Send the attachment as a link or split it; if your own server rejected it, raise message_size_limit in Postfix main.cf.',
    },
    ja: {
      title: '{recipient}: メッセージが受信側の上限より大きすぎます ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '添付ファイルはリンクで渡すか分割してください。自分のサーバーが拒否している場合は Postfix main.cf の message_size_limit を見直してください。',
    },
  },
  'mail.bounce.auth-required': {
    en: {
      title: '{recipient}: the server wants a login (SMTP AUTH) first ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "Configure your mail client or relay to authenticate (submission port 587 with a user and password), or send to the recipient domain's MX instead: netdoctor dns lookup {recipientDomain} --type MX",
    },
    ja: {
      title: '{recipient}: サーバーは先にログイン (SMTP AUTH) を求めています ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'メールクライアントや中継サーバーで認証 (587 番ポートの submission とユーザー・パスワード) を設定するか、相手ドメインの MX に直接送ってください: netdoctor dns lookup {recipientDomain} --type MX',
    },
  },
  'mail.bounce.auth-failed': {
    en: {
      title: '{recipient}: refused because your mail failed authentication (SPF/DKIM/DMARC) ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Gmail, Microsoft and Yahoo demand SPF or DKIM that passes and aligns with the From domain, and a PTR for the sending IP. Check all of it with: netdoctor mail audit {domain}   and the reverse DNS with: netdoctor dns reverse {ip}',
    },
    ja: {
      title: '{recipient}: 送信ドメイン認証 (SPF/DKIM/DMARC) に失敗したため拒否されました ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'Gmail・Microsoft・Yahoo は、From ドメインとのアライメントが取れた状態で合格する SPF か DKIM と、送信 IP の PTR を求めます。次でまとめて確認してください: netdoctor mail audit {domain}   逆引きは: netdoctor dns reverse {ip}',
    },
  },
  'mail.bounce.rdns-missing': {
    en: {
      title: '{recipient}: refused because the sending IP {ip} has no (matching) reverse DNS ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Add a PTR record for {ip} whose name resolves back to {ip} (ask your provider if they hold the reverse zone), then check it with: netdoctor dns reverse {ip}',
    },
    ja: {
      title: '{recipient}: 送信 IP {ip} の逆引き (PTR) が無い、または一致しないため拒否されました ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '{ip} の PTR レコードを、その名前が {ip} に正引きできる形で追加してください (逆引きゾーンがプロバイダー管理なら依頼が必要です)。確認: netdoctor dns reverse {ip}',
    },
  },
  'mail.bounce.tls-required': {
    en: {
      title: '{recipient}: the receiver requires an encrypted connection (TLS) ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Turn on STARTTLS for outgoing mail (Postfix: smtp_tls_security_level = may) and keep the certificate valid; check your domain with: netdoctor mail audit {domain}',
    },
    ja: {
      title: '{recipient}: 受信側は暗号化された接続 (TLS) を要求しています ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '送信時の STARTTLS を有効にし (Postfix: smtp_tls_security_level = may)、証明書を有効な状態に保ってください。ドメインの確認: netdoctor mail audit {domain}',
    },
  },
  'mail.bounce.bad-reputation': {
    en: {
      title: "{recipient}: deferred or refused for the sending IP's or domain's reputation ({code})",
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Receivers judge you by complaints, volume and authentication. Send less at once, remove addresses that complain, and make SPF, DKIM and DMARC pass: netdoctor mail audit {domain}. Check the reverse DNS of {ip}: netdoctor dns reverse {ip}',
    },
    ja: {
      title:
        '{recipient}: 送信 IP またはドメインの評価 (レピュテーション) が低いため保留・拒否されました ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '受信側は苦情の数・送信量・認証結果で送信者を評価します。一度に送る量を減らし、苦情の出る宛先を外し、SPF・DKIM・DMARC を合格させてください: netdoctor mail audit {domain}。{ip} の逆引きも確認してください: netdoctor dns reverse {ip}',
    },
  },
  'mail.bounce.rate-limited': {
    en: {
      title: '{recipient}: too much mail too fast; the receiver is throttling you ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Your server retries by itself; lower the rate (Postfix: smtp_destination_concurrency_limit, smtp_destination_rate_delay) and make sure your mail authenticates: netdoctor mail audit {domain}',
    },
    ja: {
      title: '{recipient}: 短時間に送りすぎたため受信側が流量を制限しています ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '送信サーバーは自動で再送します。送信速度を下げ (Postfix: smtp_destination_concurrency_limit、smtp_destination_rate_delay)、認証が通っているか確認してください: netdoctor mail audit {domain}',
    },
  },
  'mail.bounce.greylisted': {
    en: {
      title: '{recipient}: greylisted, a temporary refusal on first contact ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Nothing to fix: your server retries and the next attempt is accepted. Make sure retries leave from the same IP address.',
    },
    ja: {
      title: '{recipient}: グレイリスティングによる一時拒否です ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '直すものはありません。送信サーバーが再送すれば次回は受け付けられます。再送が同じ IP アドレスから出ることだけ確認してください。',
    },
  },
  'mail.bounce.relay-denied': {
    en: {
      title: '{recipient}: the server refused to relay for you ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "That server does not accept mail for {recipientDomain} from you. Either log in (SMTP AUTH) to your provider's relay, or send to the domain's MX: netdoctor dns lookup {recipientDomain} --type MX",
    },
    ja: {
      title: '{recipient}: サーバーが中継 (リレー) を拒否しました ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'そのサーバーはあなたからの {recipientDomain} 宛てメールを受け付けません。プロバイダーの中継サーバーに認証 (SMTP AUTH) して送るか、相手ドメインの MX に送ってください: netdoctor dns lookup {recipientDomain} --type MX',
    },
  },
  'mail.bounce.blocked': {
    en: {
      title: '{recipient}: the sending server or IP {ip} is blocked by the receiver ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "Find out which block list names {ip} (the reply often says) and ask for removal after fixing the cause. A dynamic or residential IP must send through your provider's relay. Check: netdoctor dns reverse {ip}   and   netdoctor mail audit {domain}",
    },
    ja: {
      title: '{recipient}: 送信サーバーまたは IP {ip} が受信側でブロックされています ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '{ip} がどのブロックリストに載っているか (応答に書かれていることが多い) を確認し、原因を直してから削除を依頼してください。動的 IP・家庭用回線からはプロバイダーの中継サーバー経由で送る必要があります。確認: netdoctor dns reverse {ip}   と   netdoctor mail audit {domain}',
    },
  },
  'mail.bounce.sender-rejected': {
    en: {
      title: '{recipient}: the receiver refused the sender address ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "The envelope sender's domain must exist and accept mail, and you must be allowed to post (mailing lists). Check your domain: netdoctor mail audit {domain}",
    },
    ja: {
      title: '{recipient}: 受信側が送信者アドレスを拒否しました ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'エンベロープ送信者のドメインが存在しメールを受け取れること、(メーリングリストなら) 投稿が許可されていることが必要です。ドメインの確認: netdoctor mail audit {domain}',
    },
  },
  'mail.bounce.content-rejected': {
    en: {
      title: '{recipient}: the message content was refused (spam, virus or policy filter) ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Look at what the filter objects to (links, attachments, malformed headers); mail that authenticates is judged more kindly: netdoctor mail audit {domain}',
    },
    ja: {
      title: '{recipient}: 内容 (迷惑メール・ウイルス・ポリシーのフィルター) を理由に拒否されました ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'フィルターが何を問題にしたか (リンク、添付ファイル、不正なヘッダー) を確認してください。認証に合格するメールのほうが有利に判定されます: netdoctor mail audit {domain}',
    },
  },
  'mail.bounce.host-unknown': {
    en: {
      title: "{recipient}: the recipient's domain does not exist or has no mail server ({code})",
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'Check the spelling of {recipientDomain}, then its records: netdoctor dns lookup {recipientDomain} --type MX,A',
    },
    ja: {
      title: '{recipient}: 宛先ドメインが存在しないか、メールサーバーがありません ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '{recipientDomain} の綴りを確認し、レコードを調べてください: netdoctor dns lookup {recipientDomain} --type MX,A',
    },
  },
  'mail.bounce.host-unreachable': {
    en: {
      title: '{recipient}: the receiving server could not be reached ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "Check that {recipientDomain}'s MX resolves (netdoctor dns lookup {recipientDomain} --type MX) and that your server may open outgoing port 25 (many providers block it: use their relay).",
    },
    ja: {
      title: '{recipient}: 受信サーバーに接続できませんでした ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '{recipientDomain} の MX が引けるか (netdoctor dns lookup {recipientDomain} --type MX)、送信サーバーから外向き 25 番ポートに接続できるか (多くのプロバイダーは遮断しており、その場合は中継サーバーを使います) を確認してください。',
    },
  },
  'mail.bounce.no-mail-accepted': {
    en: {
      title: '{recipient}: the domain says it accepts no mail (null MX) ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: 'The address cannot receive mail; remove it. If it is your own domain, publish a real MX: netdoctor dns lookup {recipientDomain} --type MX',
    },
    ja: {
      title: '{recipient}: 宛先ドメインはメールを受け付けないと宣言しています (null MX) ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'このアドレスはメールを受け取れません。宛先から外してください。自分のドメインなら正しい MX を公開してください: netdoctor dns lookup {recipientDomain} --type MX',
    },
  },
  'mail.bounce.expired': {
    en: {
      title: '{recipient}: the message expired in the queue after repeated failures ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "The last error says why (see the reply). Check the destination: netdoctor dns lookup {recipientDomain} --type MX, and your server's log (grep the recipient in /var/log/maillog).",
    },
    ja: {
      title: '{recipient}: 再送を繰り返した末にキューで期限切れになりました ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '理由は最後のエラー (応答) に出ています。宛先を確認し (netdoctor dns lookup {recipientDomain} --type MX)、サーバーのログ (/var/log/maillog を宛先で grep) を見てください。',
    },
  },
  'mail.bounce.system-error': {
    en: {
      title: '{recipient}: the receiving system failed ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "Usually the receiver's problem: send again later; if it persists, write to postmaster@{recipientDomain}. If the error is your own delivery program (procmail, a pipe), check its log.",
    },
    ja: {
      title: '{recipient}: 受信側のシステムで障害が起きました ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '多くは受信側の問題です。時間をおいて再送し、続くようなら postmaster@{recipientDomain} に連絡してください。自分の配送プログラム (procmail やパイプ) のエラーなら、そのログを確認してください。',
    },
  },
  'mail.bounce.syntax-error': {
    en: {
      title: '{recipient}: the receiver did not understand a command or address ({code})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "Check the address for typos, and your server's HELO name and MAIL FROM (they must be full domain names).",
    },
    ja: {
      title: '{recipient}: 受信側がコマンドまたはアドレスを解釈できませんでした ({code})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: 'アドレスの誤りと、送信サーバーの HELO 名・MAIL FROM (完全なドメイン名であること) を確認してください。',
    },
  },
  'mail.bounce.auto-reply': {
    en: {
      title: 'An automatic reply (out of office), not a bounce',
      fix: 'Nothing to do: the message was delivered.',
    },
    ja: {
      title: '自動応答 (不在通知) で、エラーメールではありません',
      fix: '対応は不要です。メッセージは届いています。',
    },
  },
  'mail.bounce.feedback-report': {
    en: {
      title: 'A feedback report: a recipient marked your mail as spam',
      fix: 'Stop sending to the complaining address and check why it thought so; too many complaints harm your reputation.',
    },
    ja: {
      title: 'フィードバックレポート: 受信者があなたのメールを迷惑メールと報告しました',
      fix: '報告した宛先への送信を止め、迷惑メールと判断された理由を確認してください。苦情が多いと送信者の評価が下がります。',
    },
  },
  'mail.bounce.delivered': {
    en: { title: '{recipient}: delivered ({code})', detail: 'Reply: {reply} (server: {remote})' },
    ja: { title: '{recipient}: 配送済みです ({code})', detail: '応答: 「{reply}」（サーバー: {remote}）' },
  },
  'mail.bounce.unknown': {
    en: {
      title: '{recipient}: a refusal netdoctor does not recognise ({code}: {decoded})',
      detail: 'Reply: {reply} (server: {remote})',
      fix: "Read the reply below; the enhanced status code means {decoded}. Most refusals are about the sender's DNS: netdoctor mail audit {domain}",
    },
    ja: {
      title: '{recipient}: netdoctor が判別できない拒否です ({code}: {decoded})',
      detail: '応答: 「{reply}」（サーバー: {remote}）',
      fix: '下の応答を読んでください。拡張ステータスコードの意味は「{decoded}」です。拒否の多くは送信側の DNS 設定が原因です: netdoctor mail audit {domain}',
    },
  },
  'mail.bounce.permanent': {
    en: {
      title: 'Permanent failure: the receiver will not take the message until the cause is fixed',
      detail: 'Recipients: {recipients}',
      fix: 'Fix the cause, then send again; retrying unchanged does not help.',
    },
    ja: {
      title: '恒久的なエラーです。原因を直すまで受信側は受け付けません',
      detail: '宛先: {recipients}',
      fix: '原因を直してから再送してください。そのまま再送しても届きません。',
    },
  },
  'mail.bounce.temporary': {
    en: {
      title: 'Temporary failure: the sending server keeps retrying',
      detail: 'Recipients: {recipients}',
      fix: 'Wait for the retries; if the same error repeats for hours, fix its cause.',
    },
    ja: {
      title: '一時的なエラーです。送信サーバーが再送を続けます',
      detail: '宛先: {recipients}',
      fix: '再送を待ってください。同じエラーが何時間も続くなら原因を直してください。',
    },
  },
  'mail.bounce.none-found': {
    en: {
      title: 'No bounce found in {input}: no failed recipient, reply code or status code',
      detail:
        'netdoctor looked for an RFC 3464 delivery report, SMTP replies (550 …) and enhanced status codes (5.1.1 …).',
      fix: 'Paste the whole bounce message (with headers), or the server\'s reply line, e.g.: netdoctor mail explain "550 5.1.1 User unknown"',
    },
    ja: {
      title: '{input} にエラーメールの情報 (失敗した宛先、応答コード、ステータスコード) が見つかりません',
      detail: 'RFC 3464 の配送状態通知、SMTP の応答 (550 …)、拡張ステータスコード (5.1.1 …) を探しました。',
      fix: 'エラーメール全体 (ヘッダー付き) か、サーバーの応答行を渡してください。例: netdoctor mail explain "550 5.1.1 User unknown"',
    },
  },
  'mail.bounce.truncated': {
    en: {
      title: 'Only the first {mib} MiB of {input} were read',
      detail:
        "The bounce's explanation and delivery report come first; the returned message after them is not needed.",
      fix: 'If the answer looks incomplete, raise the limit with --max-size.',
    },
    ja: {
      title: '{input} の先頭 {mib} MiB だけを読みました',
      detail: 'エラーの説明と配送状態通知は先頭にあり、その後の返送メッセージ本体は不要です。',
      fix: '結果が不完全に見える場合は --max-size で上限を上げてください。',
    },
  },
  'mail.headers.clock-skew': {
    en: {
      title: 'Hop {hop} ({to}) is {human} earlier than the hop before it ({from}): their clocks disagree',
      detail:
        'A message cannot arrive before it was sent; one of the two servers has a wrong clock or time zone.',
      fix: 'Run NTP on both servers (chronyc tracking or timedatectl shows whether the clock is synchronised) and check their time zone settings.',
    },
    ja: {
      title:
        'ホップ {hop} ({to}) の時刻が直前のホップ ({from}) より {human} 早くなっています。時計が合っていません',
      detail:
        '送られる前に届くことはありえないので、どちらかのサーバーの時計かタイムゾーンが間違っています。',
      fix: '両方のサーバーで NTP を動かし (chronyc tracking や timedatectl で同期を確認)、タイムゾーン設定を確認してください。',
    },
  },
  'mail.headers.slow-hop': {
    en: {
      title: 'Hop {hop}: {human} between {from} and {to}',
      detail:
        'The message waited in a queue (a receiver deferring it, a content filter, a down link), or the two clocks disagree.',
      fix: "Look in {from}'s log for the message's queue id and the reason for the wait; compare both servers' clocks (chronyc tracking).",
    },
    ja: {
      title: 'ホップ {hop}: {from} から {to} まで {human} かかっています',
      detail:
        'キューで待たされた (受信側の保留、コンテンツフィルター、回線断) か、2 台の時計がずれています。',
      fix: '{from} のログでこのメッセージのキュー ID と待ちの理由を確認し、両サーバーの時計を比べてください (chronyc tracking)。',
    },
  },
  'mail.headers.date-ahead': {
    en: {
      title: 'The Date header is {human} later than the first server ({by}) received the message',
      detail: "The sender's computer clock is ahead, or the Date header was written wrongly.",
      fix: "Synchronise the sending computer's clock (NTP); receivers score mail dated in the future as suspicious.",
    },
    ja: {
      title: 'Date ヘッダーの時刻が、最初のサーバー ({by}) の受信時刻より {human} 後になっています',
      detail: '送信したパソコンの時計が進んでいるか、Date ヘッダーが誤っています。',
      fix: '送信側パソコンの時計を NTP で合わせてください。未来の日付のメールは受信側で疑わしいと判定されます。',
    },
  },
  'mail.headers.private-after-public': {
    en: {
      title:
        'Hop {hop}: {by} received from the private address {ip} after the message came from the Internet ({publicIp})',
      detail:
        "Normal for the receiver's internal relays (a gateway handing over to the mail store); otherwise a sign of a forged Received header.",
    },
    ja: {
      title:
        'ホップ {hop}: インターネット ({publicIp}) から届いた後で、{by} がプライベートアドレス {ip} から受信しています',
      detail:
        '受信側の内部中継 (ゲートウェイからメールストアへの受け渡し) なら正常です。そうでなければ Received ヘッダーの偽装を疑ってください。',
    },
  },
  'mail.headers.relay': {
    en: {
      title: 'The receiving side took the message from {ip} ({name}) at {by}',
      detail:
        "This is the address the receiver's SPF check used: the relay your provider (or your own server) sends from.",
      fix: 'Make sure the SPF record of {domain} allows {ip}: netdoctor mail audit {domain}',
    },
    ja: {
      title: '受信側は {by} で {ip} ({name}) からメッセージを受け取りました',
      detail:
        '受信側の SPF 検査はこのアドレスで行われます。プロバイダー (または自分のサーバー) の送信中継の IP です。',
      fix: '{domain} の SPF レコードが {ip} を許可しているか確認してください: netdoctor mail audit {domain}',
    },
  },
  'mail.headers.left-sender': {
    en: { title: "The message left the sender's network ({domain}) at hop {hop}: {ip} → {by}" },
    ja: { title: 'メッセージはホップ {hop} で送信者のネットワーク ({domain}) を出ました: {ip} → {by}' },
  },
  'mail.headers.no-received': {
    en: {
      title: 'No Received headers: the message has not passed through a mail server, or they were removed',
      fix: 'Save the message as received ("show original" / "view source") rather than a forwarded or re-sent copy.',
    },
    ja: {
      title: 'Received ヘッダーがありません。メールサーバーを通っていないか、削除されています',
      fix: '転送・再送したものではなく、受信したメッセージの原文 (「メッセージのソースを表示」) を保存して渡してください。',
    },
  },
  'mail.headers.none': {
    en: {
      title: 'No header fields found in {input}',
      fix: 'Give a whole message (.eml) or its header section, starting with lines such as "Received: …".',
    },
    ja: {
      title: '{input} にヘッダーが見つかりません',
      fix: 'メッセージ全体 (.eml) か、「Received: …」などの行で始まるヘッダー部分を渡してください。',
    },
  },
  'mail.headers.date-missing': {
    en: {
      title: 'The message has no Date header',
      detail: 'RFC 5322 requires Date; receivers score mail without it as spam.',
      fix: 'Make the sending program (or the submission server: Postfix always_add_missing_headers = yes) add Date.',
    },
    ja: {
      title: 'Date ヘッダーがありません',
      detail: 'RFC 5322 では Date は必須で、無いメールは受信側で迷惑メールと判定されがちです。',
      fix: '送信プログラム (または submission サーバー。Postfix なら always_add_missing_headers = yes) で Date を付けてください。',
    },
  },
  'mail.headers.date-invalid': {
    en: {
      title: 'The Date header cannot be read: {date}',
      detail: 'RFC 5322 §3.3 gives the format, e.g. "Mon, 23 Nov 2026 09:31:00 +0900".',
      fix: 'Fix the program that writes the Date header.',
    },
    ja: {
      title: 'Date ヘッダーを解釈できません: {date}',
      detail: '形式は RFC 5322 §3.3 にあります (例 "Mon, 23 Nov 2026 09:31:00 +0900")。',
      fix: 'Date ヘッダーを書くプログラムを修正してください。',
    },
  },
  'mail.headers.message-id-missing': {
    en: {
      title: 'The message has no Message-ID header',
      detail: 'Without it, replies do not thread and many receivers score the mail as spam.',
      fix: 'Make the sending program (or the submission server: Postfix always_add_missing_headers = yes) add Message-ID.',
    },
    ja: {
      title: 'Message-ID ヘッダーがありません',
      detail: '無いと返信がスレッドにまとまらず、多くの受信側で迷惑メールと判定されます。',
      fix: '送信プログラム (または submission サーバー。Postfix なら always_add_missing_headers = yes) で Message-ID を付けてください。',
    },
  },
  'mail.headers.auth-failed': {
    en: {
      title: '{by}: {method}={result} ({what})',
      detail:
        'A receiver recorded a failed authentication check; failing SPF, DKIM or DMARC sends mail to spam or gets it refused.',
      fix: "Check the sending domain's SPF, DKIM and DMARC: netdoctor mail audit {domain}",
    },
    ja: {
      title: '{by}: {method}={result} ({what})',
      detail:
        '受信側が認証の失敗を記録しています。SPF・DKIM・DMARC の失敗は迷惑メール扱いや拒否の原因になります。',
      fix: '送信ドメインの SPF・DKIM・DMARC を確認してください: netdoctor mail audit {domain}',
    },
  },
  'mail.headers.auth-weak': {
    en: {
      title: '{by}: {method}={result} ({what})',
      detail: 'Not a pass: the check was inconclusive or failed softly.',
      fix: "Check the sending domain's records: netdoctor mail audit {domain}",
    },
    ja: {
      title: '{by}: {method}={result} ({what})',
      detail: '合格ではありません。判定不能か、弱い不合格です。',
      fix: '送信ドメインのレコードを確認してください: netdoctor mail audit {domain}',
    },
  },
  'mail.headers.auth-pass': {
    en: { title: '{by}: {method}=pass ({what})' },
    ja: { title: '{by}: {method}=pass ({what})' },
  },
  'mail.headers.arc-failed': {
    en: {
      title: 'The ARC chain ({instances} instance(s)) is marked failed (cv=fail)',
      detail:
        "A forwarder's seal did not validate; receivers ignore the authentication results it vouched for.",
    },
    ja: {
      title: 'ARC チェーン ({instances} 件) が不合格 (cv=fail) になっています',
      detail: '転送者の封印が検証できず、受信側はそれが保証した認証結果を無視します。',
    },
  },
});
