/** The DNS capability's message catalog: every sentence of its findings, in every language. */
import { defineMessages } from '../core/i18n.js';

export const dnsMessages = defineMessages({
  'dns.answer.ok': {
    en: { title: '{name} {type}: {count} record(s) from {server}' },
    ja: { title: '{name} {type}: {server} から {count} 件のレコード' },
  },
  'dns.name.nxdomain': {
    en: {
      title: '{name} does not exist (NXDOMAIN from {server})',
      detail: 'The server says no record of any type exists at this name.',
      fix: 'Check the spelling. If the name should exist, add it to its zone file, raise the SOA serial and reload the server (rndc reload), then run: netdoctor dns lookup {name} --server <authoritative server>',
    },
    ja: {
      title: '{name} は存在しません ({server} の応答は NXDOMAIN)',
      detail: 'この名前にはどの種類のレコードも存在しない、とサーバーは答えています。',
      fix: '綴りを確認してください。存在すべき名前なら、ゾーンファイルに追加して SOA のシリアルを上げ、サーバーを再読み込み (rndc reload) してから次を実行してください: netdoctor dns lookup {name} --server <権威サーバー>',
    },
  },
  'dns.type.nodata': {
    en: {
      title: '{name} has no {type} record (NODATA)',
      detail: 'The name exists, but holds no {type} record.',
      fix: 'If a {type} record is expected here, add it to the zone and reload the server.',
    },
    ja: {
      title: '{name} には {type} レコードがありません (NODATA)',
      detail: '名前は存在しますが、{type} レコードを持っていません。',
      fix: '{type} レコードが必要なら、ゾーンに追加してサーバーを再読み込みしてください。',
    },
  },
  'dns.server.servfail': {
    en: {
      title: '{server} failed to answer {name} {type} (SERVFAIL)',
      detail:
        'SERVFAIL usually means the zone did not load on its authoritative server, its servers are unreachable from the resolver, or DNSSEC validation failed.',
      fix: "On the authoritative server, check the log (journalctl -u named) and the zone file (named-checkzone <zone> <file>); on a resolver, try the zone's own servers with --server.",
    },
    ja: {
      title: '{server} は {name} {type} に答えられませんでした (SERVFAIL)',
      detail:
        'SERVFAIL の多くは、権威サーバーでゾーンが読み込まれていない、リゾルバーから権威サーバーに届かない、または DNSSEC 検証の失敗が原因です。',
      fix: '権威サーバーではログ (journalctl -u named) とゾーンファイル (named-checkzone <ゾーン> <ファイル>) を確認してください。リゾルバーの場合は --server でゾーンの権威サーバーに直接問い合わせてください。',
    },
  },
  'dns.server.refused': {
    en: {
      title: '{server} refused to answer {name} {type} (REFUSED)',
      detail: 'The server is not authoritative for this name and does not resolve it for your address.',
      fix: "Ask a resolver that serves your address, or the zone's authoritative server; on your own BIND, check allow-query and allow-recursion in named.conf.",
    },
    ja: {
      title: '{server} は {name} {type} への応答を拒否しました (REFUSED)',
      detail:
        'このサーバーはこの名前の権威サーバーではなく、あなたのアドレスからの再帰問い合わせも受け付けていません。',
      fix: 'あなたのアドレスを受け付けるリゾルバーか、ゾーンの権威サーバーに問い合わせてください。自前の BIND なら named.conf の allow-query と allow-recursion を確認してください。',
    },
  },
  'dns.answer.error': {
    en: {
      title: '{server} answered {name} {type} with {rcode}',
      fix: 'The server could not process the query; check its log.',
    },
    ja: {
      title: '{server} は {name} {type} に {rcode} を返しました',
      fix: 'サーバーが問い合わせを処理できませんでした。サーバーのログを確認してください。',
    },
  },
  'dns.records.round-robin': {
    en: {
      title: '{name} has {count} {type} records: round-robin',
      detail:
        'Clients are spread over {addresses}; each must serve the same thing, and a dead one fails a share of connections.',
    },
    ja: {
      title: '{name} には {type} レコードが {count} 件あります (ラウンドロビン)',
      detail:
        'クライアントは {addresses} に分散されます。どれも同じサービスを提供している必要があり、1 台が止まると接続の一部が失敗します。',
    },
  },
  'dns.ptr.missing': {
    en: {
      title: 'No PTR record for {ip}',
      detail:
        '{arpa} has no PTR record ({status}). Mail servers such as Gmail reject or defer mail from addresses without reverse DNS ("IP name lookup failed", 550-5.7.25).',
      fix: 'Add to the reverse zone {zone}: "{label} IN PTR <host name>." with a host name whose A/AAAA record is {ip}. If your provider holds the reverse zone, ask them to set it.',
    },
    ja: {
      title: '{ip} の PTR レコードがありません',
      detail:
        '{arpa} に PTR レコードがありません ({status})。Gmail などのメールサーバーは逆引きできないアドレスからのメールを拒否・保留します ("IP name lookup failed"、550-5.7.25)。',
      fix: '逆引きゾーン {zone} に「{label} IN PTR <ホスト名>.」を追加してください。ホスト名は A/AAAA レコードが {ip} になる名前にします。逆引きゾーンをプロバイダーが管理している場合は、プロバイダーに設定を依頼してください。',
    },
  },
  'dns.ptr.multiple': {
    en: {
      title: '{ip} has {count} PTR records: {names}',
      detail:
        'Receivers pick one of them at random; checks that need one name (FCrDNS, HELO match) then pass or fail by chance.',
      fix: 'Keep one PTR record for {ip} in the reverse zone {zone}: the name your mail server uses in HELO.',
    },
    ja: {
      title: '{ip} に PTR レコードが {count} 件あります: {names}',
      detail:
        '受信側はその中から任意の 1 つを使うため、1 つの名前を前提とする検査 (FCrDNS、HELO 名の一致) の結果が偶然に左右されます。',
      fix: '逆引きゾーン {zone} の {ip} の PTR レコードを 1 件にしてください。メールサーバーが HELO で名乗る名前を残します。',
    },
  },
  'dns.fcrdns.ok': {
    en: { title: '{ip} ↔ {ptr}: forward-confirmed reverse DNS passes' },
    ja: { title: '{ip} ↔ {ptr}: 正引き・逆引きが一致しています (FCrDNS 合格)' },
  },
  'dns.fcrdns.mismatch': {
    en: {
      title: '{ptr} (the PTR name of {ip}) resolves to {addresses}, not {ip}',
      detail:
        'Forward-confirmed reverse DNS fails: receivers that check it (Gmail, many Japanese carriers) treat the sender as unidentified.',
      fix: 'Either add "{ptr}. IN {rrtype} {ip}" to the forward zone, or change the PTR of {ip} to a name whose {rrtype} record is {ip}.',
    },
    ja: {
      title: '{ptr} ({ip} の PTR 名) の正引き結果は {addresses} で、{ip} ではありません',
      detail:
        '正引き・逆引きの一致 (FCrDNS) が成り立ちません。これを確認する受信側 (Gmail や国内の携帯キャリアなど) は送信元を身元不明として扱います。',
      fix: '正引きゾーンに「{ptr}. IN {rrtype} {ip}」を追加するか、{ip} の PTR を {rrtype} レコードが {ip} になる名前に変えてください。',
    },
  },
  'dns.fcrdns.unresolvable': {
    en: {
      title: '{ptr} (the PTR name of {ip}) has no {rrtype} record ({status})',
      detail: 'Forward-confirmed reverse DNS fails because the PTR name does not resolve.',
      fix: 'Add "{ptr}. IN {rrtype} {ip}" to the forward zone of {ptr}, or point the PTR of {ip} at a name that resolves to it.',
    },
    ja: {
      title: '{ptr} ({ip} の PTR 名) に {rrtype} レコードがありません ({status})',
      detail: 'PTR 名が正引きできないため、正引き・逆引きの一致 (FCrDNS) が成り立ちません。',
      fix: '{ptr} の正引きゾーンに「{ptr}. IN {rrtype} {ip}」を追加するか、{ip} の PTR を正引きで {ip} になる名前に向けてください。',
    },
  },
});
