/** The monitor's findings, in English and Japanese: what each check saw, and the state changes. */
import { defineMessages } from '../core/i18n.js';

const SERVICE_FIX_EN =
  'Is the service running (systemctl status <unit>; journalctl -u <unit> -n 50)? Is it listening there (ss -ltnp)? Does a firewall drop the packets (nft list ruleset)?';
const SERVICE_FIX_JA =
  'サービスは動いていますか (systemctl status <ユニット>、journalctl -u <ユニット> -n 50)？ そこで待ち受けていますか (ss -ltnp)？ ファイアウォールがパケットを落としていませんか (nft list ruleset)？';

export const monitorMessages = defineMessages({
  'monitor.up': {
    en: { title: '{target} answers ({ms} ms)' },
    ja: { title: '{target} は応答しています（{ms} ms）' },
  },
  'monitor.connect.refused': {
    en: {
      title: '{target}: connection refused',
      detail: 'The host answered, but nothing listens on that port (a TCP reset to the SYN).',
      fix: SERVICE_FIX_EN,
    },
    ja: {
      title: '{target}: 接続を拒否されました',
      detail:
        'ホストは応答しましたが、そのポートで待ち受けているものがありません（SYN に RST が返りました）。',
      fix: SERVICE_FIX_JA,
    },
  },
  'monitor.connect.timeout': {
    en: {
      title: '{target}: {stage} within {seconds} s',
      detail:
        'The check gave up at its deadline. A server that accepts and never answers, or answers a byte at a time, looks like this; so does a firewall that drops packets.',
      fix: `${SERVICE_FIX_EN} If the service is only slow, raise the check's timeout.`,
    },
    ja: {
      title: '{target}: {seconds} 秒以内に{stage}',
      detail:
        'チェックは期限で打ち切りました。接続を受けて何も返さないサーバー、1 バイトずつしか返さないサーバー、パケットを落とすファイアウォールがこう見えます。',
      fix: `${SERVICE_FIX_JA} 遅いだけならチェックのタイムアウトを延ばしてください。`,
    },
  },
  'monitor.connect.failed': {
    en: { title: '{target}: {reason}', detail: 'The system said: {error}', fix: SERVICE_FIX_EN },
    ja: { title: '{target}: {reason}', detail: 'システムのメッセージ: {error}', fix: SERVICE_FIX_JA },
  },
  'monitor.slow': {
    en: {
      title: '{target}: answered in {ms} ms, over the {limit} ms limit',
      detail: 'The service works but slowly; users notice before it fails.',
      fix: 'Look at the load of the server (uptime, top, iostat) and of its back ends (database, DNS).',
    },
    ja: {
      title: '{target}: 応答に {ms} ms かかり、上限 {limit} ms を超えました',
      detail: 'サービスは動いていますが遅く、止まる前に利用者が気づきます。',
      fix: 'サーバーの負荷 (uptime、top、iostat) とその裏側（データベース、DNS）の負荷を確認してください。',
    },
  },
  'monitor.banner.unexpected': {
    en: {
      title: '{target}: the greeting is "{got}", expected it to start with "{expected}"',
      detail: 'Something answers on the port, but not the service the check expects.',
      fix: 'Check which program listens there (ss -ltnp) and its configuration.',
    },
    ja: {
      title: '{target}: 挨拶が「{got}」で、期待した「{expected}」で始まっていません',
      detail: 'ポートで何かが応答していますが、チェックが期待するサービスではありません。',
      fix: 'そこで待ち受けているプログラム (ss -ltnp) と設定を確認してください。',
    },
  },
  'monitor.greeting.ok': {
    en: { title: '{target}: {protocol} greeting "{greeting}" ({ms} ms)' },
    ja: { title: '{target}: {protocol} の挨拶「{greeting}」（{ms} ms）' },
  },
  'monitor.starttls.missing': {
    en: {
      title: '{target}: {protocol} does not offer STARTTLS',
      detail: 'Passwords and mail cross the network in clear text.',
      fix: 'Enable TLS in the server (Dovecot: ssl = required; Postfix: smtpd_tls_security_level = may) with a certificate.',
    },
    ja: {
      title: '{target}: {protocol} が STARTTLS を提供していません',
      detail: 'パスワードとメールが平文でネットワークを流れます。',
      fix: 'サーバーで証明書付きの TLS を有効にしてください (Dovecot: ssl = required、Postfix: smtpd_tls_security_level = may)。',
    },
  },
  'monitor.http.ok': {
    en: { title: '{url}: HTTP {status}, {bytes} bytes in {ms} ms' },
    ja: { title: '{url}: HTTP {status}、{bytes} バイト、{ms} ms' },
  },
  'monitor.http.status': {
    en: {
      title: '{url}: HTTP {status}',
      detail: 'The server answered with a status the check does not accept ({accepted}).',
      fix: "Look at the web server's error log for this request (e.g. /var/log/nginx/error.log) and at the application behind it.",
    },
    ja: {
      title: '{url}: HTTP {status}',
      detail: 'チェックが受け付けないステータス（受け付けるもの: {accepted}）が返りました。',
      fix: 'この要求についてウェブサーバーのエラーログ（例: /var/log/nginx/error.log）と裏のアプリケーションを確認してください。',
    },
  },
  'monitor.http.keyword': {
    en: {
      title: '{url}: the page does not contain "{keyword}"',
      detail:
        'The server answers, but not with the page expected: an error page, a maintenance page, a login page.',
      fix: 'Open the URL and compare; check the application and its deploy.',
    },
    ja: {
      title: '{url}: ページに「{keyword}」が含まれていません',
      detail:
        'サーバーは応答していますが、期待したページではありません（エラーページ、メンテナンスページ、ログインページなど）。',
      fix: 'URL を開いて比べ、アプリケーションとデプロイを確認してください。',
    },
  },
  'monitor.http.invalid': {
    en: {
      title: '{url}: not an HTTP answer ({reason})',
      detail: 'The bytes that came back do not parse as an HTTP response.',
      fix: 'Check which program listens on the port (ss -ltnp), and whether it expects TLS (https) or plain HTTP.',
    },
    ja: {
      title: '{url}: HTTP の応答ではありません（{reason}）',
      detail: '返ってきたバイト列を HTTP の応答として解釈できません。',
      fix: 'ポートで待ち受けているプログラム (ss -ltnp) と、TLS (https) か平文 HTTP かを確認してください。',
    },
  },
  'monitor.cert.ok': {
    en: { title: '{target}: certificate for {subject} valid for {days} more days ({protocol})' },
    ja: { title: '{target}: {subject} の証明書はあと {days} 日有効です（{protocol}）' },
  },
  'monitor.cert.expiring': {
    en: {
      title: '{target}: the certificate expires in {days} days ({date})',
      detail:
        'Automatic renewal (certbot, acme.sh, lego) normally renews 30 days before expiry; a certificate this close has missed its renewal.',
      fix: 'Run the renewal by hand and read its error (certbot renew --dry-run; journalctl -u certbot), then reload the service so it uses the new certificate.',
    },
    ja: {
      title: '{target}: 証明書はあと {days} 日で期限切れです（{date}）',
      detail:
        '自動更新 (certbot、acme.sh、lego) は通常期限の 30 日前に更新します。ここまで近いなら更新に失敗しています。',
      fix: '手動で更新してエラーを確認し (certbot renew --dry-run、journalctl -u certbot)、サービスを再読み込みして新しい証明書を使わせてください。',
    },
  },
  'monitor.cert.expired': {
    en: {
      title: '{target}: the certificate expired on {date}',
      detail: 'Clients refuse the connection or warn their users.',
      fix: 'Renew it now (certbot renew) and reload the service.',
    },
    ja: {
      title: '{target}: 証明書は {date} に期限が切れています',
      detail: 'クライアントは接続を拒否するか、利用者に警告を出します。',
      fix: '今すぐ更新し (certbot renew)、サービスを再読み込みしてください。',
    },
  },
  'monitor.cert.untrusted': {
    en: {
      title: '{target}: the certificate chain does not verify ({reason})',
      detail:
        'Usually the server sends its certificate without the intermediate, or the certificate is self-signed.',
      fix: 'Configure the full chain (Let’s Encrypt: fullchain.pem, not cert.pem) and reload the service.',
    },
    ja: {
      title: '{target}: 証明書チェーンを検証できません（{reason}）',
      detail: 'たいていは中間証明書を送っていないか、自己署名証明書です。',
      fix: 'フルチェーンを設定し（Let’s Encrypt なら cert.pem ではなく fullchain.pem）、サービスを再読み込みしてください。',
    },
  },
  'monitor.cert.name': {
    en: {
      title: '{target}: the certificate is not for {name} ({reason})',
      detail: 'Clients that check the name (all browsers, most MTAs with DANE or MTA-STS) refuse it.',
      fix: 'Issue a certificate that names {name} (certbot -d {name}) or check that the right virtual host answers.',
    },
    ja: {
      title: '{target}: 証明書が {name} 用ではありません（{reason}）',
      detail:
        '名前を確かめるクライアント（すべてのブラウザー、DANE や MTA-STS を使う多くの MTA）は拒否します。',
      fix: '{name} を含む証明書を発行する (certbot -d {name}) か、正しいバーチャルホストが応答しているか確認してください。',
    },
  },
  'monitor.tls.failed': {
    en: {
      title: '{target}: TLS handshake failed ({reason})',
      detail: 'The port answers but no TLS session could be set up.',
      fix: 'Check the TLS configuration of the service (protocols, certificate and key files) and its log.',
    },
    ja: {
      title: '{target}: TLS ハンドシェイクに失敗しました（{reason}）',
      detail: 'ポートは応答しますが TLS セッションを確立できません。',
      fix: 'サービスの TLS 設定（プロトコル、証明書と鍵のファイル）とログを確認してください。',
    },
  },
  'monitor.dns.ok': {
    en: { title: '{name} {type} at {server}: {answers} ({ms} ms)' },
    ja: { title: '{server} の {name} {type}: {answers}（{ms} ms）' },
  },
  'monitor.dns.mismatch': {
    en: {
      title: '{name} {type} at {server} is {answers}, expected {expected}',
      detail: 'The server answers, with other data than the configuration says.',
      fix: 'Check the zone on the primary (named-checkzone), that the serial was raised and that the secondaries transferred it.',
    },
    ja: {
      title: '{server} の {name} {type} は {answers} で、期待値 {expected} と違います',
      detail: 'サーバーは応答していますが、設定と違うデータです。',
      fix: 'プライマリのゾーン (named-checkzone)、シリアルを上げたか、セカンダリに転送されたかを確認してください。',
    },
  },
  'monitor.dns.rcode': {
    en: {
      title: '{name} {type} at {server}: {status}',
      detail:
        'SERVFAIL: the server could not answer (a broken zone, DNSSEC failure, unreachable upstream). NXDOMAIN: the name does not exist there. REFUSED: the server does not serve it to this client.',
      fix: 'Ask the server by hand (dig @{server} {name} {type}) and read its log (journalctl -u named).',
    },
    ja: {
      title: '{server} の {name} {type}: {status}',
      detail:
        'SERVFAIL はサーバーが答えられない（ゾーンの破損、DNSSEC の失敗、上流に届かない）、NXDOMAIN はその名前がない、REFUSED はこのクライアントには答えないという意味です。',
      fix: '手で問い合わせ (dig @{server} {name} {type})、ログ (journalctl -u named) を確認してください。',
    },
  },
  'monitor.dns.unreachable': {
    en: {
      title: '{name} {type}: no answer from {server}',
      detail: 'The DNS server did not reply within the deadline, or refused the connection.',
      fix: 'Is named / unbound running (systemctl status named)? Is port 53 open to this client?',
    },
    ja: {
      title: '{name} {type}: {server} から応答がありません',
      detail: 'DNS サーバーが期限内に応答しないか、接続を拒否しました。',
      fix: 'named / unbound は動いていますか (systemctl status named)？ このクライアントに 53 番ポートが開いていますか？',
    },
  },
  'monitor.dns.serial-drift': {
    en: {
      title: '{zone}: the SOA serial differs between servers ({serials})',
      detail: 'A secondary has not transferred the latest zone: it answers old data.',
      fix: 'Check NOTIFY and zone transfers (rndc retransfer {zone} on the secondary; allow-transfer on the primary).',
    },
    ja: {
      title: '{zone}: サーバーごとに SOA シリアルが違います（{serials}）',
      detail: 'セカンダリが最新のゾーンを転送しておらず、古いデータを答えています。',
      fix: 'NOTIFY とゾーン転送を確認してください（セカンダリで rndc retransfer {zone}、プライマリの allow-transfer）。',
    },
  },
  'monitor.smtp.ok': {
    en: { title: '{target}: SMTP {banner} ({ms} ms){tls}' },
    ja: { title: '{target}: SMTP {banner}（{ms} ms）{tls}' },
  },
  'monitor.smtp.rejected': {
    en: {
      title: '{target}: the SMTP server refused the session ({reply})',
      detail: 'A 554 greeting or a refused EHLO: the server will not take mail from here.',
      fix: 'Read the mail log of the server (journalctl -u postfix; /var/log/mail.log) for this client.',
    },
    ja: {
      title: '{target}: SMTP サーバーがセッションを拒否しました（{reply}）',
      detail: '554 の挨拶か EHLO の拒否です。サーバーはここからのメールを受け取りません。',
      fix: 'サーバーのメールログ (journalctl -u postfix、/var/log/mail.log) でこのクライアントを確認してください。',
    },
  },
  'monitor.fcrdns.failed': {
    en: {
      title: '{ip}: the reverse DNS does not confirm ({reason})',
      detail:
        'Receivers (Gmail, Yahoo, most spam filters) refuse or spam-file mail from an address whose PTR name does not resolve back to it.',
      fix: 'Ask whoever holds the address block (your ISP or cloud) to set the PTR to a name that has an A/AAAA record for {ip}.',
    },
    ja: {
      title: '{ip}: 逆引き DNS が正引きで確認できません（{reason}）',
      detail:
        '受信側（Gmail、Yahoo、多くのスパムフィルター）は、PTR の名前が正引きでそのアドレスに戻らない送信元のメールを拒否するか迷惑メール扱いにします。',
      fix: 'アドレスの管理者（ISP やクラウド）に、{ip} を指す A/AAAA レコードがある名前を PTR に設定してもらってください。',
    },
  },
  'monitor.icmp.ok': {
    en: { title: '{target}: {received}/{sent} replies, {rtt} ms average' },
    ja: { title: '{target}: 応答 {received}/{sent}、平均 {rtt} ms' },
  },
  'monitor.icmp.loss': {
    en: {
      title: '{target}: {loss}% packet loss ({received}/{sent} replies)',
      detail: 'Echo requests went unanswered: the host is down, unreachable, or drops ICMP.',
      fix: 'Check the host, the route to it (ip route get {target}; traceroute {target}) and firewalls that may drop ICMP.',
    },
    ja: {
      title: '{target}: パケット損失 {loss}%（応答 {received}/{sent}）',
      detail: 'エコー要求に応答がありません。ホストが止まっているか、届かないか、ICMP を落としています。',
      fix: 'ホスト、経路 (ip route get {target}、traceroute {target})、ICMP を落とすファイアウォールを確認してください。',
    },
  },
  'monitor.dnsbl.clean': {
    en: { title: '{ip} is on none of {count} blocklist(s)' },
    ja: { title: '{ip} は {count} 個のブロックリストのどれにも載っていません' },
  },
  'monitor.dnsbl.listed': {
    en: {
      title: '{ip} is listed on {list} ({codes})',
      detail: '{reason}',
      fix: 'Find and stop what sent the spam (a compromised account, an open relay: postqueue -p, the mail log), then ask {list} for removal on its web site.',
    },
    ja: {
      title: '{ip} が {list} に載っています（{codes}）',
      detail: '{reason}',
      fix: 'スパムを送ったもの（乗っ取られたアカウント、オープンリレー: postqueue -p、メールログ）を見つけて止め、{list} のウェブサイトで削除を依頼してください。',
    },
  },
  'monitor.dnsbl.unanswered': {
    en: {
      title: '{list}: no answer for {ip}',
      detail: 'The blocklist did not answer; the result is unknown, not clean.',
      fix: 'Check the DNS servers used; some blocklists refuse queries from large public resolvers.',
    },
    ja: {
      title: '{list}: {ip} についての応答がありません',
      detail: 'ブロックリストが応答しなかったため、結果は「載っていない」ではなく不明です。',
      fix: '使っている DNS サーバーを確認してください。大手の公開リゾルバーからの問い合わせを拒むブロックリストがあります。',
    },
  },
  'monitor.exposure.closed': {
    en: { title: '{host}: every port that should be closed is closed ({ports})' },
    ja: { title: '{host}: 閉じているべきポートはすべて閉じています（{ports}）' },
  },
  'monitor.exposure.open': {
    en: {
      title: '{host}: port {port} ({service}) is open but should be closed',
      detail: 'Something listens there and this check can reach it.',
      fix: 'Stop the service or bind it to loopback, or drop the port in the firewall (nft add rule inet filter input tcp dport {port} drop).',
    },
    ja: {
      title: '{host}: ポート {port} ({service}) が開いていますが、閉じているべきです',
      detail: 'そこで何かが待ち受けていて、このチェックから届きます。',
      fix: 'サービスを止めるかループバックに限定するか、ファイアウォールで落としてください (nft add rule inet filter input tcp dport {port} drop)。',
    },
  },
  'monitor.verdict.clean': {
    en: { title: '{what}: nothing worse than information ({count} findings)' },
    ja: { title: '{what}: 情報以上の問題はありません（指摘 {count} 件）' },
  },
  'monitor.state.down': {
    en: {
      title: '[DOWN] {name}: {problem}',
      detail: 'Down since {since}, after {attempts} failed attempt(s).',
      fix: '{fix}',
    },
    ja: {
      title: '[DOWN] {name}: {problem}',
      detail: '{since} から停止中（{attempts} 回続けて失敗）。',
      fix: '{fix}',
    },
  },
  'monitor.state.warning': {
    en: { title: '[WARNING] {name}: {problem}', detail: 'Since {since}.', fix: '{fix}' },
    ja: { title: '[WARNING] {name}: {problem}', detail: '{since} から。', fix: '{fix}' },
  },
  'monitor.state.up': {
    en: { title: '[UP] {name}: {problem}', detail: 'Back after {duration}.' },
    ja: { title: '[UP] {name}: {problem}', detail: '{duration} ぶりに復旧しました。' },
  },
  'monitor.state.reminder': {
    en: { title: '[STILL {state}] {name}: {problem}', detail: 'Since {since}.', fix: '{fix}' },
    ja: { title: '[継続中 {state}] {name}: {problem}', detail: '{since} から。', fix: '{fix}' },
  },
  'monitor.state.flapping': {
    en: {
      title: '[FLAPPING] {name}: {changes} state changes in the last {window} results',
      detail: 'Notifications for this check are held until it settles.',
      fix: 'Look for an intermittent cause: a saturated link, a service restarting in a loop (journalctl -u <unit>), a timeout set too close to the normal response time.',
    },
    ja: {
      title: '[FLAPPING] {name}: 直近 {window} 回の結果で状態が {changes} 回変わりました',
      detail: '落ち着くまでこのチェックの通知を止めます。',
      fix: '断続的な原因を探してください（回線の飽和、再起動を繰り返すサービス (journalctl -u <ユニット>)、通常の応答時間に近すぎるタイムアウト）。',
    },
  },
  'monitor.check.unknown': {
    en: {
      title: '{target}: the check could not run ({reason})',
      detail: 'UNKNOWN is not DOWN: the check itself failed (a missing program, a local error).',
      fix: 'Run it by hand with --debug: netdoctor check {kind} {target} --debug',
    },
    ja: {
      title: '{target}: チェックを実行できませんでした（{reason}）',
      detail:
        'UNKNOWN は DOWN ではなく、チェック自体が失敗した（プログラムがない、ローカルのエラー）という意味です。',
      fix: '--debug を付けて手で実行してください: netdoctor check {kind} {target} --debug',
    },
  },
});
