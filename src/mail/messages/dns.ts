/** Sentences of the mail audit's DNS findings: MX and the reverse DNS of mail addresses. */
import { defineMessages } from '../../core/i18n.js';

export const mailDnsMessages = defineMessages({
  'mail.domain.nxdomain': {
    en: {
      title: '{domain} does not exist (NXDOMAIN)',
      detail: 'No mail can be delivered to or authenticated for a domain that does not exist in DNS.',
      fix: 'Check the spelling of the domain, and that its zone is delegated and loaded: netdoctor dns lookup {domain} --type NS,SOA',
    },
    ja: {
      title: '{domain} は存在しません (NXDOMAIN)',
      detail: 'DNS に存在しないドメインには、メールの配送も認証もできません。',
      fix: 'ドメイン名の綴りと、ゾーンが委任・読み込みされていることを確認してください: netdoctor dns lookup {domain} --type NS,SOA',
    },
  },
  'mail.mx.ok': {
    en: { title: '{domain} has {count} MX host(s): {hosts}' },
    ja: { title: '{domain} の MX ホストは {count} 台です: {hosts}' },
  },
  'mail.mx.null': {
    en: {
      title: '{domain} publishes a null MX ("MX 0 ."): it accepts no mail',
      detail:
        'RFC 7505: senders bounce mail for this domain at once. Right for a domain that only sends or is parked.',
      fix: 'If {domain} should receive mail, replace "@ IN MX 0 ." with "@ IN MX 10 <mail host>." in its zone.',
    },
    ja: {
      title: '{domain} は null MX ("MX 0 .") を公開しています: メールを受け取りません',
      detail:
        'RFC 7505: 送信側はこのドメイン宛てのメールをすぐにエラーで返します。送信専用や未使用のドメインなら正しい設定です。',
      fix: '{domain} でメールを受け取るなら、ゾーンの「@ IN MX 0 .」を「@ IN MX 10 <メールホスト>.」に置き換えてください。',
    },
  },
  'mail.mx.implicit': {
    en: {
      title: '{domain} has no MX record: mail goes to its A/AAAA address ({addresses})',
      detail: 'RFC 5321 §5.1 "implicit MX": it works, but some senders and checks expect an explicit MX.',
      fix: 'Add to the zone of {domain}: "@ IN MX 10 <mail host>." naming the host that receives mail (its own A record, not a CNAME).',
    },
    ja: {
      title: '{domain} に MX レコードがありません: メールは A/AAAA のアドレス ({addresses}) に届きます',
      detail:
        'RFC 5321 §5.1 の「暗黙の MX」です。動作はしますが、明示的な MX を前提とする送信側や検査もあります。',
      fix: '{domain} のゾーンに「@ IN MX 10 <メールホスト>.」を追加してください。メールを受け取るホスト (CNAME ではなく A レコードを持つ名前) を指定します。',
    },
  },
  'mail.mx.none': {
    en: {
      title: '{domain} has neither MX nor A/AAAA records: it cannot receive mail',
      detail:
        'Bounces and replies to {domain} cannot be delivered; some receivers reject senders whose domain cannot receive mail.',
      fix: 'Add "@ IN MX 10 mail.{domain}." and "mail IN A <address of your mail server>" to the zone of {domain}; for a send-only domain publish "@ IN MX 0 ." (RFC 7505).',
    },
    ja: {
      title: '{domain} には MX も A/AAAA もありません: メールを受け取れません',
      detail:
        '{domain} 宛てのエラーメールや返信が届きません。受信できないドメインからの送信を拒否する受信側もあります。',
      fix: '{domain} のゾーンに「@ IN MX 10 mail.{domain}.」と「mail IN A <メールサーバーのアドレス>」を追加してください。送信専用なら「@ IN MX 0 .」(RFC 7505) を公開します。',
    },
  },
  'mail.mx.ip-literal': {
    en: {
      title: 'The MX of {domain} names an IP address ({exchange}), not a host name',
      detail:
        'An MX target must be a host name (RFC 5321 §5.1); senders look up "{exchange}" as a name and fail. A line like "MX 10 {ip}" without a final dot also gets the zone origin appended.',
      fix: 'In the zone of {domain}: add "mail IN A {ip}" and change the MX to "@ IN MX {preference} mail.{domain}."',
    },
    ja: {
      title: '{domain} の MX がホスト名ではなく IP アドレス ({exchange}) を指しています',
      detail:
        'MX の宛先はホスト名でなければなりません (RFC 5321 §5.1)。送信側は「{exchange}」を名前として引き、失敗します。末尾のドットがない「MX 10 {ip}」はゾーン名が付け足されることもあります。',
      fix: '{domain} のゾーンに「mail IN A {ip}」を追加し、MX を「@ IN MX {preference} mail.{domain}.」に変えてください。',
    },
  },
  'mail.mx.cname': {
    en: {
      title: 'The MX host {exchange} of {domain} is a CNAME (alias of {target})',
      detail:
        'RFC 2181 §10.3 and RFC 5321 §5.1: an MX must not point at an alias. Many senders cope, some refuse or loop.',
      fix: 'Point the MX at the real host: "@ IN MX {preference} {target}." — or replace the CNAME {exchange} with A/AAAA records.',
    },
    ja: {
      title: '{domain} の MX ホスト {exchange} は CNAME ({target} の別名) です',
      detail:
        'RFC 2181 §10.3 と RFC 5321 §5.1 により、MX は別名 (CNAME) を指してはいけません。多くの送信側は対処しますが、拒否やループを起こす実装もあります。',
      fix: 'MX を実ホストに向けてください:「@ IN MX {preference} {target}.」— または CNAME の {exchange} を A/AAAA レコードに置き換えてください。',
    },
  },
  'mail.mx.unresolvable': {
    en: {
      title: 'The MX host {exchange} of {domain} has no address ({status})',
      detail: 'Senders cannot connect to an MX host without A/AAAA records; mail queues and then bounces.',
      fix: 'Add "{exchange}. IN A <address of the mail server>" to its zone, or point the MX of {domain} at a host that has one.',
    },
    ja: {
      title: '{domain} の MX ホスト {exchange} にアドレスがありません ({status})',
      detail: 'A/AAAA のない MX ホストには送信側が接続できず、メールはキューに溜まった後エラーで返ります。',
      fix: 'ゾーンに「{exchange}. IN A <メールサーバーのアドレス>」を追加するか、{domain} の MX をアドレスを持つホストに向けてください。',
    },
  },
  'mail.ptr.missing': {
    en: {
      title: 'No PTR record for mail address {ip}',
      detail:
        '{arpa} has no PTR ({status}). Gmail answers 550-5.7.25 (or 550-5.7.26 once authentication also fails), others "450 4.7.1 Access denied. IP name lookup failed [{ip}]".',
      fix: 'Add to the reverse zone {zone}: "{label} IN PTR {host}." — {host} must have "IN {rrtype} {ip}" and be the name the server uses in HELO. If your provider holds the reverse zone, ask them to set it.',
    },
    ja: {
      title: 'メールのアドレス {ip} に PTR レコードがありません',
      detail:
        '{arpa} に PTR がありません ({status})。Gmail は 550-5.7.25 (認証も失敗すると 550-5.7.26)、他のサーバーは「450 4.7.1 Access denied. IP name lookup failed [{ip}]」で拒否・保留します。',
      fix: '逆引きゾーン {zone} に「{label} IN PTR {host}.」を追加してください。{host} は「IN {rrtype} {ip}」を持ち、サーバーが HELO で名乗る名前にします。逆引きゾーンをプロバイダーが管理している場合は設定を依頼してください。',
    },
  },
  'mail.ptr.multiple': {
    en: {
      title: 'Mail address {ip} has {count} PTR records: {names}',
      detail: 'Receivers pick one at random, so the FCrDNS and HELO-name checks pass or fail by chance.',
      fix: 'Keep one PTR for {ip} in the reverse zone {zone}: the name your mail server uses in HELO/EHLO.',
    },
    ja: {
      title: 'メールのアドレス {ip} に PTR レコードが {count} 件あります: {names}',
      detail: '受信側はその中から任意の 1 つを使うため、FCrDNS や HELO 名の検査の結果が偶然に左右されます。',
      fix: '逆引きゾーン {zone} の {ip} の PTR を 1 件にしてください。メールサーバーが HELO/EHLO で名乗る名前を残します。',
    },
  },
  'mail.fcrdns.ok': {
    en: { title: 'Mail address {ip} ↔ {ptr}: forward-confirmed reverse DNS passes' },
    ja: { title: 'メールのアドレス {ip} ↔ {ptr}: 正引き・逆引きが一致しています (FCrDNS 合格)' },
  },
  'mail.fcrdns.mismatch': {
    en: {
      title: '{ptr} (PTR of mail address {ip}) resolves to {addresses}, not {ip}',
      detail:
        'Forward-confirmed reverse DNS fails: Gmail and many Japanese carriers treat the sender as unidentified (550-5.7.25).',
      fix: 'Add "{ptr}. IN {rrtype} {ip}" to the forward zone, or have the PTR of {ip} changed to a name whose {rrtype} record is {ip} (and use that name as the HELO name).',
    },
    ja: {
      title: '{ptr} (メールのアドレス {ip} の PTR) の正引き結果は {addresses} で、{ip} ではありません',
      detail:
        '正引き・逆引きの一致 (FCrDNS) が成り立ちません。Gmail や国内の携帯キャリアの多くは送信元を身元不明として扱います (550-5.7.25)。',
      fix: '正引きゾーンに「{ptr}. IN {rrtype} {ip}」を追加するか、{ip} の PTR を {rrtype} が {ip} になる名前に変えてもらってください (その名前を HELO 名にも使います)。',
    },
  },
  'mail.fcrdns.unresolvable': {
    en: {
      title: '{ptr} (PTR of mail address {ip}) has no {rrtype} record ({status})',
      detail:
        'Forward-confirmed reverse DNS fails because the PTR name does not resolve; receivers treat the sender as unidentified.',
      fix: 'Add "{ptr}. IN {rrtype} {ip}" to the zone of {ptr}, or point the PTR of {ip} at a name that resolves to it.',
    },
    ja: {
      title: '{ptr} (メールのアドレス {ip} の PTR) に {rrtype} レコードがありません ({status})',
      detail: 'PTR 名が正引きできないため FCrDNS が成り立たず、受信側は送信元を身元不明として扱います。',
      fix: '{ptr} のゾーンに「{ptr}. IN {rrtype} {ip}」を追加するか、{ip} の PTR を正引きで {ip} になる名前に向けてください。',
    },
  },
  'mail.ptr.generic': {
    en: {
      title: 'The PTR name of {ip} looks like a dynamic pool: {ptr}',
      detail:
        'Receivers (Gmail, Outlook, docomo …) score names made of the address or words like "dyn", "dhcp", "pool" as home or dynamic ranges and reject or junk their mail.',
      fix: 'Ask the provider of {ip} for a PTR named after your mail host (e.g. mail.{domain}, with "mail.{domain}. IN A {ip}"), or send through your provider\'s relay (smarthost).',
    },
    ja: {
      title: '{ip} の PTR 名が動的割り当ての名前に見えます: {ptr}',
      detail:
        '受信側 (Gmail、Outlook、docomo など) は、アドレスを含む名前や "dyn"、"dhcp"、"pool" などを含む名前を家庭用・動的な範囲とみなし、拒否や迷惑メール扱いにします。',
      fix: '{ip} のプロバイダーに、メールホスト名 (例: mail.{domain}、正引き「mail.{domain}. IN A {ip}」) の PTR を設定してもらうか、プロバイダーの中継サーバー (スマートホスト) 経由で送信してください。',
    },
  },
});
