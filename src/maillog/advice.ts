/**
 * What to do about each class of deferral or bounce, in the log's words (a domain, a count), in
 * English and Japanese. The classes are `mail explain`'s (mail/trace/bounce-rules.ts).
 */
import type { BounceReason } from '../mail/index.js';

interface Advice {
  en: string;
  ja: string;
}

const ADVICE: Record<BounceReason, Advice> = {
  'user-unknown': {
    en: 'The addresses do not exist: remove them from address books and lists (netdoctor mail queue plan --reason user-unknown lists the queued ones). Japanese carriers also answer "Unknown user" when the recipient filters your domain: netdoctor mail audit <your domain>',
    ja: 'アドレスが存在しません。アドレス帳や配信リストから削除してください（キューに残っているものは netdoctor mail queue plan --reason user-unknown で一覧できます）。国内携帯キャリアは受信者がドメインを拒否している場合も "Unknown user" と答えます: netdoctor mail audit <自ドメイン>',
  },
  'mailbox-full': {
    en: "The recipients' mailboxes are full: nothing to fix on your side; tell them by another channel.",
    ja: '相手のメールボックスが満杯です。こちらで直すものはありません。別の手段で相手に知らせてください。',
  },
  'mailbox-disabled': {
    en: 'The mailboxes are disabled: remove the addresses or ask their owners for current ones.',
    ja: 'メールボックスが停止されています。アドレスを削除するか、相手に現在のアドレスを確認してください。',
  },
  'message-too-big': {
    en: 'The messages are larger than the receiver accepts: send large files as links.',
    ja: 'メッセージが受信側の上限を超えています。大きなファイルはリンクで送ってください。',
  },
  'auth-required': {
    en: 'The receiver wants SMTP AUTH: configure relayhost credentials (smtp_sasl_auth_enable, smtp_sasl_password_maps).',
    ja: '受信側が SMTP 認証を求めています。relayhost の認証情報（smtp_sasl_auth_enable、smtp_sasl_password_maps）を設定してください。',
  },
  'auth-failed': {
    en: 'SPF/DKIM/DMARC checks failed at the receiver: netdoctor mail audit <your domain>',
    ja: '受信側で SPF/DKIM/DMARC の検査に失敗しています: netdoctor mail audit <自ドメイン>',
  },
  'rdns-missing': {
    en: 'Your sending IP has no PTR record (or it does not match): netdoctor dns reverse {ip}, then add the PTR in the reverse zone (or ask your provider).',
    ja: '送信元 IP に PTR レコードがない（または一致しない）ため拒否されています: netdoctor dns reverse {ip} で確認し、逆引きゾーンに PTR を追加してください（プロバイダー管理の場合は依頼してください）。',
  },
  'tls-required': {
    en: 'The receiver requires TLS: set smtp_tls_security_level = may (or encrypt) in main.cf.',
    ja: '受信側が TLS を必須にしています。main.cf で smtp_tls_security_level = may（または encrypt）にしてください。',
  },
  greylisted: {
    en: 'Greylisting: Postfix retries by itself; nothing to do unless it lasts for hours.',
    ja: 'グレーリスティングです。Postfix が自動で再送するので、何時間も続かない限り対応は不要です。',
  },
  'rate-limited': {
    en: 'The receiver limits your sending rate: lower the concurrency for it (a transport with smtp_destination_concurrency_limit = 2 and smtp_destination_rate_delay = 1s).',
    ja: '受信側が送信速度を制限しています。その宛先用の transport で smtp_destination_concurrency_limit = 2、smtp_destination_rate_delay = 1s などに下げてください。',
  },
  'relay-denied': {
    en: 'The next hop refuses to relay for you: check relayhost and that it knows your server (SMTP AUTH or its mynetworks).',
    ja: '中継先が中継を拒否しています。relayhost の設定と、中継先があなたのサーバーを許可しているか（SMTP 認証または mynetworks）を確認してください。',
  },
  'bad-reputation': {
    en: 'Your IP or domain is on a block list: check the lists named in the reply and request delisting after fixing the cause.',
    ja: 'IP またはドメインがブロックリストに載っています。応答に書かれたリストを確認し、原因を直してから削除を依頼してください。',
  },
  blocked: {
    en: 'The receiver blocks your mail by policy: read the reply and its help URL; check your domain: netdoctor mail audit <your domain>',
    ja: '受信側のポリシーで拒否されています。応答と案内の URL を読み、ドメイン設定を確認してください: netdoctor mail audit <自ドメイン>',
  },
  'sender-rejected': {
    en: "The receiver refuses the sender address: check that the envelope sender's domain exists and resolves.",
    ja: '受信側が差出人アドレスを拒否しています。エンベロープ送信者のドメインが存在し名前解決できるか確認してください。',
  },
  'content-rejected': {
    en: 'The content was refused as spam or a virus: check what was sent and the links in it.',
    ja: '内容がスパムやウイルスとして拒否されています。送信内容と含まれるリンクを確認してください。',
  },
  'host-unknown': {
    en: 'The domain has no mail server in DNS: netdoctor dns lookup {domain} --type MX; a typing mistake in the address is the usual cause.',
    ja: 'ドメインのメールサーバーが DNS にありません: netdoctor dns lookup {domain} --type MX。多くはアドレスの入力ミスです。',
  },
  'host-unreachable': {
    en: 'The receiving server could not be reached: check your outbound port 25 (providers often block it) and the relay in the reply.',
    ja: '受信サーバーに接続できません。送信側の 25 番ポート（プロバイダーが止めていることがあります）と、応答に出ている中継先を確認してください。',
  },
  'no-mail-accepted': {
    en: 'The domain accepts no mail (null MX): remove the addresses.',
    ja: 'このドメインはメールを受け付けません（null MX）。アドレスを削除してください。',
  },
  expired: {
    en: 'The messages stayed in the queue past maximal_queue_lifetime: see the earlier deferrals for the cause.',
    ja: 'maximal_queue_lifetime を過ぎてキューから返送されました。原因は先立つ配送延期の理由を見てください。',
  },
  'system-error': {
    en: 'The receiver reported a problem of its own: usually temporary; if it lasts, contact its postmaster.',
    ja: '受信側が自身の障害を報告しています。多くは一時的です。続く場合は相手の postmaster に連絡してください。',
  },
  'syntax-error': {
    en: 'The receiver did not accept a command or address: check the address and any header or milter that rewrites it.',
    ja: '受信側がコマンドまたはアドレスを受け付けませんでした。アドレスと、書き換えを行うヘッダー処理や milter を確認してください。',
  },
  'auto-reply': {
    en: 'Automatic replies, not failures.',
    ja: '自動応答で、配送失敗ではありません。',
  },
  'feedback-report': {
    en: 'Complaint reports: recipients marked the mail as spam; honour unsubscribe requests.',
    ja: '苦情レポートです。受信者が迷惑メールと報告しています。配信停止の依頼に応じてください。',
  },
  delivered: {
    en: 'Delivered after all: nothing to do.',
    ja: '最終的に配送されています。対応は不要です。',
  },
  unknown: {
    en: 'The reply does not say a known cause: read it in the detail, or explain it: netdoctor mail explain "<reply>"',
    ja: '応答から既知の原因が読み取れません。詳細の応答を読むか、次で解説を見てください: netdoctor mail explain "<応答>"',
  },
};

const REASON_JA: Record<BounceReason, string> = {
  'user-unknown': '宛先不明',
  'mailbox-full': 'メールボックス満杯',
  'mailbox-disabled': 'メールボックス停止',
  'message-too-big': 'サイズ超過',
  'auth-required': '認証が必要',
  'auth-failed': '送信ドメイン認証の失敗',
  'rdns-missing': '逆引き (PTR) なし',
  'tls-required': 'TLS が必要',
  greylisted: 'グレーリスティング',
  'rate-limited': '送信速度の制限',
  'relay-denied': '中継拒否',
  'bad-reputation': 'ブロックリスト掲載',
  blocked: 'ポリシーによる拒否',
  'sender-rejected': '差出人の拒否',
  'content-rejected': '内容による拒否',
  'host-unknown': 'ドメインにメールサーバーなし',
  'host-unreachable': '接続不能',
  'no-mail-accepted': 'メール受付なし',
  expired: '期限切れ',
  'system-error': '相手側の障害',
  'syntax-error': '構文エラー',
  'auto-reply': '自動応答',
  'feedback-report': '苦情レポート',
  delivered: '配送済み',
  unknown: '原因不明',
};

const IPV4 = /\b(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\b/;

/** The advice for a reason, with `{ip}` (from the reply, when it names one) and `{domain}` filled. */
export function adviceFor(reason: BounceReason, domain: string, reply: string): { en: string; ja: string } {
  const a = ADVICE[reason];
  const ip = IPV4.exec(reply)?.[1] ?? '<your sending IP>';
  const fill = (s: string, ipText: string) => s.replaceAll('{ip}', ipText).replaceAll('{domain}', domain);
  return { en: fill(a.en, ip), ja: fill(a.ja, IPV4.exec(reply)?.[1] ?? '<送信元 IP>') };
}

export function reasonWords(reason: BounceReason): { en: string; ja: string } {
  return { en: reason, ja: REASON_JA[reason] };
}
