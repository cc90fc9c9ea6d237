/** The exposure scan's message catalog: every sentence of its findings, in English and Japanese. */
import { defineMessages } from '../core/i18n.js';

export const scanMessages = defineMessages({
  'scan.host.summary': {
    en: { title: '{address}: {open} open, {closed} closed, {filtered} filtered TCP port(s) of {scanned}' },
    ja: {
      title:
        '{address}: 調べた TCP {scanned} ポートのうち、オープン {open}、クローズ {closed}、フィルタ {filtered}',
    },
  },
  'scan.host.no-response': {
    en: {
      title: '{address}: no port answered ({filtered} filtered)',
      detail:
        'Every connection attempt timed out: the host is down, unreachable, or a firewall drops everything.',
      fix: 'Check the address; if the host should answer, check its firewall (firewall-cmd --list-all, nft list ruleset) and the route to it.',
    },
    ja: {
      title: '{address}: どのポートも応答しませんでした (フィルタ {filtered})',
      detail:
        'すべての接続がタイムアウトしました。ホストが停止している、到達できない、またはファイアウォールがすべて破棄しています。',
      fix: 'アドレスを確認してください。応答すべきホストなら、ファイアウォール (firewall-cmd --list-all、nft list ruleset) と経路を確認してください。',
    },
  },
  'scan.http.version-disclosure': {
    en: {
      title: '{address} port {port} ({service}) tells its software versions: {headers}',
      detail:
        'Version numbers in HTTP headers tell an attacker which known vulnerabilities to try, without any effort.',
      fix: 'Apache: in httpd.conf (or apache2.conf / conf-enabled/security.conf) set "ServerTokens Prod" and "ServerSignature Off". nginx: add "server_tokens off;" to the http block of nginx.conf. PHP: set "expose_php = Off" in php.ini. Other X-Powered-By / X-AspNet-Version headers: remove them in the application or the proxy (Header unset X-Powered-By; proxy_hide_header X-Powered-By;). Then reload the server and check with: curl -sI {url}',
    },
    ja: {
      title: '{address} のポート {port} ({service}) がソフトウェアのバージョンを公開しています: {headers}',
      detail:
        'HTTP ヘッダーのバージョン番号は、どの既知の脆弱性を試せばよいかを攻撃者に労せず教えてしまいます。',
      fix: 'Apache: httpd.conf (または apache2.conf / conf-enabled/security.conf) で「ServerTokens Prod」と「ServerSignature Off」を設定します。nginx: nginx.conf の http ブロックに「server_tokens off;」を追加します。PHP: php.ini で「expose_php = Off」にします。その他の X-Powered-By / X-AspNet-Version ヘッダーは、アプリケーションかプロキシで削除します (Header unset X-Powered-By、proxy_hide_header X-Powered-By;)。その後サーバーを再読み込みし、curl -sI {url} で確認してください。',
    },
  },
  'scan.dns.version-disclosure': {
    en: {
      title: '{address} port {port} (DNS) tells its version to anyone who asks: "{version}"',
      detail: 'The server answers "version.bind CH TXT" with its real version over {transports}.',
      fix: 'BIND: add version "none"; to the options block of named.conf (Debian: /etc/bind/named.conf.options) and run rndc reconfig. Unbound: set hide-version: yes.',
    },
    ja: {
      title: '{address} のポート {port} (DNS) は問い合わせた誰にでもバージョンを答えます: "{version}"',
      detail: '「version.bind CH TXT」の問い合わせに {transports} で実際のバージョンを返しています。',
      fix: 'BIND: named.conf の options ブロック (Debian では /etc/bind/named.conf.options) に version "none"; を追加し、rndc reconfig を実行してください。Unbound: hide-version: yes を設定してください。',
    },
  },
  'scan.service.cleartext-auth': {
    en: {
      title: '{address} port {port}: {service} without TLS sends passwords in clear text',
      detail:
        'Anyone on the path (a shared Wi-Fi, a compromised router) can read the user names and passwords.',
      fix: 'telnet: disable it and use SSH (systemctl disable --now telnet.socket, or remove telnetd). FTP: enable explicit TLS (vsftpd: ssl_enable=YES, force_local_logins_ssl=YES) or switch to SFTP. POP3/IMAP: offer STARTTLS or ports 995/993 and refuse plain logins (Dovecot: ssl = required, disable_plaintext_auth = yes).',
    },
    ja: {
      title: '{address} のポート {port}: TLS なしの {service} はパスワードを平文で送ります',
      detail: '経路上の誰か (共有 Wi-Fi、乗っ取られたルーターなど) がユーザー名とパスワードを読み取れます。',
      fix: 'telnet: 無効にして SSH を使ってください (systemctl disable --now telnet.socket、または telnetd を削除)。FTP: 明示的 TLS を有効にする (vsftpd: ssl_enable=YES、force_local_logins_ssl=YES) か SFTP に切り替えてください。POP3/IMAP: STARTTLS または 995/993 番ポートを提供し、平文ログインを拒否してください (Dovecot: ssl = required、disable_plaintext_auth = yes)。',
    },
  },
  'scan.smtp.no-starttls': {
    en: {
      title: '{address} port {port}: the SMTP server does not offer STARTTLS',
      detail: 'Mail to and from this server travels unencrypted, and Gmail marks it with a red open lock.',
      fix: "Postfix: in main.cf set smtpd_tls_cert_file and smtpd_tls_key_file (e.g. a Let's Encrypt certificate) and smtpd_tls_security_level = may, then run: postfix reload.",
    },
    ja: {
      title: '{address} のポート {port}: SMTP サーバーが STARTTLS を提供していません',
      detail: 'このサーバーとのメールは暗号化されずに流れ、Gmail では赤い鍵マークが表示されます。',
      fix: "Postfix: main.cf で smtpd_tls_cert_file と smtpd_tls_key_file (Let's Encrypt の証明書など) と smtpd_tls_security_level = may を設定し、postfix reload を実行してください。",
    },
  },
  'scan.smtp.starttls-failed': {
    en: {
      title: '{address} port {port}: STARTTLS is offered but fails ({error})',
      detail: 'Senders that try TLS fail, and many then give up or fall back to clear text.',
      fix: 'Check the certificate and key files named in main.cf (smtpd_tls_cert_file, smtpd_tls_key_file) and the mail log (journalctl -u postfix) for TLS errors; test with: openssl s_client -starttls smtp -connect {address}:{port}',
    },
    ja: {
      title: '{address} のポート {port}: STARTTLS を提供していますが失敗します ({error})',
      detail: 'TLS を試みる送信側は失敗し、その多くは配送をあきらめるか平文に戻ります。',
      fix: 'main.cf の証明書と鍵 (smtpd_tls_cert_file、smtpd_tls_key_file) と、メールログ (journalctl -u postfix) の TLS エラーを確認してください。確認コマンド: openssl s_client -starttls smtp -connect {address}:{port}',
    },
  },
  'scan.tls.cert-expired': {
    en: {
      title: '{address} port {port}: the certificate for {subject} expired on {validTo}',
      detail: 'Clients refuse the connection or show a security warning.',
      fix: "Renew the certificate (certbot renew, or your CA's renewal), install it, reload the service, and make renewal automatic (systemctl list-timers | grep certbot).",
    },
    ja: {
      title: '{address} のポート {port}: {subject} の証明書は {validTo} に期限切れになりました',
      detail: 'クライアントは接続を拒否するか、セキュリティ警告を表示します。',
      fix: '証明書を更新し (certbot renew または認証局の更新手続き)、設置してサービスを再読み込みし、更新を自動化してください (systemctl list-timers | grep certbot)。',
    },
  },
  'scan.tls.cert-expiring': {
    en: {
      title: '{address} port {port}: the certificate for {subject} expires in {days} day(s) ({validTo})',
      fix: 'Renew it before then (certbot renew) and check that automatic renewal runs and reloads the service.',
    },
    ja: {
      title: '{address} のポート {port}: {subject} の証明書はあと {days} 日で期限切れです ({validTo})',
      fix: '期限までに更新し (certbot renew)、自動更新とサービスの再読み込みが動いているか確認してください。',
    },
  },
  'scan.tls.cert-self-signed': {
    en: {
      title: '{address} port {port}: the certificate for {subject} is self-signed',
      detail: 'Browsers and mail clients warn about it; users learn to click warnings away.',
      fix: "Use a certificate from a public CA (Let's Encrypt: certbot certonly) for the name clients connect to.",
    },
    ja: {
      title: '{address} のポート {port}: {subject} の証明書は自己署名です',
      detail: 'ブラウザーやメールソフトが警告を出し、利用者は警告を無視する習慣がついてしまいます。',
      fix: "クライアントが接続する名前で、公的な認証局の証明書 (Let's Encrypt: certbot certonly) を使ってください。",
    },
  },
  'scan.tls.cert-untrusted': {
    en: {
      title: '{address} port {port}: the certificate chain does not verify ({reason})',
      detail: "Often the intermediate certificate is missing from the server's configuration.",
      fix: 'Install the full chain (certbot: fullchain.pem; Apache SSLCertificateFile / nginx ssl_certificate pointing at the full chain), then reload.',
    },
    ja: {
      title: '{address} のポート {port}: 証明書チェーンを検証できません ({reason})',
      detail: '多くの場合、サーバーの設定に中間証明書が含まれていません。',
      fix: '完全なチェーンを設置してください (certbot なら fullchain.pem。Apache の SSLCertificateFile / nginx の ssl_certificate をフルチェーンに向ける)。その後再読み込みしてください。',
    },
  },
  'scan.tls.name-mismatch': {
    en: {
      title: '{address} port {port}: the certificate does not cover {name} (it names {names})',
      fix: 'Issue a certificate that includes {name} (certbot certonly -d {name} …) and install it.',
    },
    ja: {
      title: '{address} のポート {port}: 証明書に {name} が含まれていません (証明書の名前: {names})',
      fix: '{name} を含む証明書を発行し (certbot certonly -d {name} …)、設置してください。',
    },
  },
  'scan.tls.old-protocol': {
    en: {
      title: '{address} port {port}: the server agreed to {protocol}',
      detail: 'TLS 1.0 and 1.1 are deprecated (RFC 8996); current clients refuse them.',
      fix: 'Allow only TLS 1.2 and 1.3 (Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3; nginx: ssl_protocols TLSv1.2 TLSv1.3; Postfix: smtpd_tls_protocols = >=TLSv1.2).',
    },
    ja: {
      title: '{address} のポート {port}: サーバーが {protocol} で接続しました',
      detail: 'TLS 1.0 と 1.1 は非推奨 (RFC 8996) で、最近のクライアントは使いません。',
      fix: 'TLS 1.2 と 1.3 だけを許可してください (Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3、nginx: ssl_protocols TLSv1.2 TLSv1.3;、Postfix: smtpd_tls_protocols = >=TLSv1.2)。',
    },
  },
});
