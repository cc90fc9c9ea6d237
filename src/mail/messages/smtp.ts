/** Sentences of the mail audit's SMTP findings: banner, EHLO, STARTTLS and the certificate. */
import { defineMessages } from '../../core/i18n.js';

export const mailSmtpMessages = defineMessages({
  'mail.smtp.ok': {
    en: { title: '{host} [{ip}] port {port} answers SMTP: {banner}' },
    ja: { title: '{host} [{ip}] ポート {port} は SMTP で応答します: {banner}' },
  },
  'mail.smtp.port-closed': {
    en: {
      title: '{host} [{ip}] refuses connections on port {port}',
      detail: 'Nothing listens there (connection refused): senders cannot deliver mail to this MX host.',
      fix: 'On {host}: start the mail server (systemctl status postfix), check it listens on {ip} port {port} (ss -ltnp), and that inet_interfaces in main.cf is not loopback-only; open the port in the firewall (firewall-cmd --add-service=smtp --permanent).',
    },
    ja: {
      title: '{host} [{ip}] のポート {port} は接続を拒否します',
      detail:
        '何も待ち受けていません（接続が拒否されました）。送信側はこの MX ホストにメールを届けられません。',
      fix: '{host} でメールサーバーを起動し (systemctl status postfix)、{ip} のポート {port} で待ち受けているか確認してください (ss -ltnp)。main.cf の inet_interfaces が loopback-only でないこと、ファイアウォールでポートが開いていること (firewall-cmd --add-service=smtp --permanent) も確認します。',
    },
  },
  'mail.smtp.timeout': {
    en: {
      title: '{host} [{ip}] port {port}: no answer within {seconds} s',
      detail:
        '{error}. A firewall that drops packets, a provider that blocks port 25, or an overloaded server.',
      fix: 'Check the firewall on and in front of {host} (port {port} must be open to the Internet) and whether your provider blocks inbound port 25; try again from another network.',
    },
    ja: {
      title: '{host} [{ip}] ポート {port}: {seconds} 秒以内に応答がありません',
      detail:
        '{error}。パケットを捨てるファイアウォール、ポート 25 を遮断するプロバイダー、または過負荷のサーバーが考えられます。',
      fix: '{host} 自身とその手前のファイアウォール (ポート {port} をインターネットに開ける必要があります) と、プロバイダーが受信のポート 25 を遮断していないかを確認し、別のネットワークからも試してください。',
    },
  },
  'mail.smtp.unreachable': {
    en: {
      title: '{host} [{ip}] port {port} is unreachable',
      detail: '{error}: no route to the address from here.',
      fix: "Check that {ip} is the right address for {host} and that it is routed (ping, traceroute); fix the MX host's A/AAAA record if it is stale.",
    },
    ja: {
      title: '{host} [{ip}] ポート {port} に到達できません',
      detail: '{error}: ここからそのアドレスへの経路がありません。',
      fix: '{ip} が {host} の正しいアドレスで経路があるか確認してください (ping、traceroute)。古い A/AAAA レコードなら修正します。',
    },
  },
  'mail.smtp.closed': {
    en: {
      title: '{host} [{ip}] port {port} did not hold an SMTP conversation',
      detail: '{error}. Something other than a mail server may listen there, or it hangs up on strangers.',
      fix: "Check what listens on {ip} port {port} (ss -ltnp) and the mail server's log (journalctl -u postfix) for the connection.",
    },
    ja: {
      title: '{host} [{ip}] ポート {port} は SMTP の会話を続けませんでした',
      detail: '{error}。メールサーバー以外が待ち受けているか、見知らぬ相手の接続を切っています。',
      fix: '{ip} のポート {port} で何が待ち受けているか (ss -ltnp) と、メールサーバーのログ (journalctl -u postfix) を確認してください。',
    },
  },
  'mail.smtp.banner-rejected': {
    en: {
      title: '{host} [{ip}] port {port} greets with a refusal: {banner}',
      detail:
        'The banner is not 220: the server refuses all mail from here (RFC 5321 §3.1), e.g. a client block list or postscreen.',
      fix: 'Read the banner text; on your own server check smtpd_client_restrictions and postscreen settings in main.cf.',
    },
    ja: {
      title: '{host} [{ip}] ポート {port} は拒否の挨拶を返します: {banner}',
      detail:
        'バナーが 220 ではありません。サーバーはここからのメールをすべて拒否しています (RFC 5321 §3.1)。例: クライアントのブロックリストや postscreen。',
      fix: 'バナーの文面を読んでください。自分のサーバーなら main.cf の smtpd_client_restrictions と postscreen の設定を確認します。',
    },
  },
  'mail.smtp.ehlo-rejected': {
    en: {
      title: '{host} [{ip}] port {port} refuses EHLO and HELO',
      detail: '{error}.',
      fix: 'Check smtpd_helo_restrictions in main.cf and the server log for the reason.',
    },
    ja: {
      title: '{host} [{ip}] ポート {port} は EHLO も HELO も拒否します',
      detail: '{error}。',
      fix: 'main.cf の smtpd_helo_restrictions とサーバーのログで理由を確認してください。',
    },
  },
  'mail.smtp.no-starttls': {
    en: {
      title: '{host} [{ip}] port {port} does not offer STARTTLS',
      detail:
        'Mail to this host travels in clear text; Gmail marks it with a red padlock, and MTA-STS cannot be used. EHLO offered: {capabilities}.',
      fix: 'In Postfix main.cf: smtpd_tls_cert_file = /etc/letsencrypt/live/{host}/fullchain.pem, smtpd_tls_key_file = /etc/letsencrypt/live/{host}/privkey.pem, smtpd_tls_security_level = may; then postfix reload.',
    },
    ja: {
      title: '{host} [{ip}] ポート {port} は STARTTLS を提供していません',
      detail:
        'このホスト宛てのメールは平文で流れます。Gmail では赤い鍵のマークになり、MTA-STS も使えません。EHLO の応答: {capabilities}。',
      fix: 'Postfix の main.cf に smtpd_tls_cert_file = /etc/letsencrypt/live/{host}/fullchain.pem、smtpd_tls_key_file = /etc/letsencrypt/live/{host}/privkey.pem、smtpd_tls_security_level = may を設定し、postfix reload してください。',
    },
  },
  'mail.smtp.starttls-failed': {
    en: {
      title: '{host} [{ip}] port {port} offers STARTTLS but it fails: {error}',
      detail: 'Senders that try TLS fail here; most then retry in clear text or defer the mail.',
      fix: 'Check the certificate and key files in main.cf (smtpd_tls_cert_file, smtpd_tls_key_file) are readable and match (openssl x509 -noout -modulus … vs openssl rsa -noout -modulus …), and the mail log for "TLS library problem".',
    },
    ja: {
      title: '{host} [{ip}] ポート {port} は STARTTLS を提示しますが失敗します: {error}',
      detail: 'TLS を試みる送信側はここで失敗し、多くは平文で再送するか配送を保留します。',
      fix: 'main.cf の証明書と鍵 (smtpd_tls_cert_file、smtpd_tls_key_file) が読めて対になっているか (openssl x509 -noout -modulus … と openssl rsa -noout -modulus … を比較)、メールログの「TLS library problem」を確認してください。',
    },
  },
  'mail.smtp.starttls-ok': {
    en: {
      title:
        '{host} [{ip}] STARTTLS works: {protocol}, certificate for {names} from {issuer}, valid to {validTo}',
    },
    ja: {
      title: '{host} [{ip}] STARTTLS 成功: {protocol}、証明書 {names} (発行者 {issuer}、有効期限 {validTo})',
    },
  },
  'mail.smtp.tls-old': {
    en: {
      title: '{host} [{ip}] negotiates {protocol}, which is deprecated',
      detail: 'RFC 8996 retires TLS 1.0 and 1.1; current senders refuse or warn.',
      fix: 'In Postfix main.cf: smtpd_tls_protocols = >=TLSv1.2 and smtpd_tls_mandatory_protocols = >=TLSv1.2; update OpenSSL if it cannot do TLS 1.2.',
    },
    ja: {
      title: '{host} [{ip}] は廃止された {protocol} で通信します',
      detail: 'RFC 8996 で TLS 1.0 と 1.1 は廃止されました。最近の送信側は拒否または警告します。',
      fix: 'Postfix の main.cf で smtpd_tls_protocols = >=TLSv1.2 と smtpd_tls_mandatory_protocols = >=TLSv1.2 を設定してください。TLS 1.2 が使えないなら OpenSSL を更新します。',
    },
  },
  'mail.smtp.cert-expired': {
    en: {
      title: 'The certificate of {host} [{ip}] expired on {validTo}',
      detail: 'MTA-STS senders refuse to deliver; others fall back or warn.',
      fix: 'Renew it (certbot renew) and reload Postfix (postfix reload); check the renewal timer (systemctl list-timers | grep certbot).',
    },
    ja: {
      title: '{host} [{ip}] の証明書は {validTo} に期限切れです',
      detail: 'MTA-STS に従う送信側は配送を拒否し、それ以外も警告や平文への切り替えを行います。',
      fix: '証明書を更新し (certbot renew)、Postfix を再読み込みしてください (postfix reload)。更新タイマー (systemctl list-timers | grep certbot) も確認します。',
    },
  },
  'mail.smtp.cert-expiring': {
    en: {
      title: 'The certificate of {host} [{ip}] expires in {days} day(s) ({validTo})',
      fix: 'Renew it now (certbot renew) and reload Postfix; check why automatic renewal has not run.',
    },
    ja: {
      title: '{host} [{ip}] の証明書はあと {days} 日で期限切れになります ({validTo})',
      fix: '今すぐ更新して (certbot renew) Postfix を再読み込みし、自動更新が動いていない理由を確認してください。',
    },
  },
  'mail.smtp.cert-untrusted': {
    en: {
      title: 'The certificate of {host} [{ip}] is not trusted ({reason})',
      detail:
        'Issued by {issuer}. Opportunistic TLS still encrypts, but MTA-STS and DANE-less verifying senders refuse it.',
      fix: "Use a certificate from a public CA (e.g. Let's Encrypt: certbot certonly --standalone -d {host}) and set smtpd_tls_cert_file to the full chain (fullchain.pem).",
    },
    ja: {
      title: '{host} [{ip}] の証明書は信頼されていません ({reason})',
      detail:
        '発行者: {issuer}。日和見的 TLS なら暗号化はされますが、MTA-STS など証明書を検証する送信側は受け付けません。',
      fix: "公的な認証局の証明書 (例: Let's Encrypt: certbot certonly --standalone -d {host}) を使い、smtpd_tls_cert_file には中間証明書を含む fullchain.pem を指定してください。",
    },
  },
  'mail.smtp.cert-name-mismatch': {
    en: {
      title: 'The certificate of {host} [{ip}] does not name {host} (it names {names})',
      detail: 'Senders that verify (MTA-STS) check the certificate against the MX host name.',
      fix: 'Get a certificate that includes {host} (certbot certonly -d {host}) or point the MX at a name the certificate covers.',
    },
    ja: {
      title: '{host} [{ip}] の証明書に {host} が含まれていません (記載名: {names})',
      detail: '証明書を検証する送信側 (MTA-STS) は MX ホスト名と証明書を照合します。',
      fix: '{host} を含む証明書を取得するか (certbot certonly -d {host})、MX を証明書に含まれる名前に向けてください。',
    },
  },
  'mail.smtp.banner-ptr-mismatch': {
    en: {
      title: '{host} [{ip}] announces itself as {announced}, but the PTR of {ip} is {ptr}',
      detail: 'Receivers compare the banner and HELO name with reverse DNS; a mismatch costs spam score.',
      fix: 'Set myhostname = {ptr} in Postfix main.cf (smtpd_banner uses $myhostname; smtp_helo_name too), or change the PTR of {ip} to {announced} with a matching A record.',
    },
    ja: {
      title: '{host} [{ip}] は {announced} と名乗りますが、{ip} の PTR は {ptr} です',
      detail: '受信側はバナーや HELO の名前を逆引きと比べます。一致しないと迷惑メールの点数が上がります。',
      fix: 'Postfix の main.cf で myhostname = {ptr} を設定するか (smtpd_banner と smtp_helo_name が $myhostname を使います)、{ip} の PTR を正引きが一致する {announced} に変えてください。',
    },
  },
});
