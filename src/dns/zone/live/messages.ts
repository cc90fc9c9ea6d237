/** Words of the live comparisons: `dns lint --server` (file against server and secondaries). */
import { defineMessages } from '../../../core/i18n.js';

export const zoneLiveMessages = defineMessages({
  'zone.server.in-sync': {
    en: { title: '{server} serves {zone} with serial {serial}, the same content as {file} ({method})' },
    ja: {
      title: '{server} は {zone} をシリアル {serial} で配信しており、内容は {file} と同じです ({method})',
    },
  },
  'zone.server.not-reloaded': {
    en: {
      title:
        '{server} still serves {zone} serial {serverSerial}; {file} has {fileSerial}: edited, not reloaded',
      detail:
        'The file was changed and its serial raised, but the server has not loaded it (or refused to: a zone with an error keeps the old copy).',
      fix: 'Check the file (netdoctor dns lint {file}), then reload: rndc reload {zone} — and read the server log: journalctl -u named -n 50',
    },
    ja: {
      title:
        '{server} はまだ {zone} のシリアル {serverSerial} を配信しています ({file} は {fileSerial}): 編集後に再読み込みされていません',
      detail:
        'ファイルは変更されシリアルも上がっていますが、サーバーは読み込んでいません (エラーのあるゾーンは古い内容のまま残ります)。',
      fix: 'ファイルを確認 (netdoctor dns lint {file}) してから再読み込みしてください: rndc reload {zone}。サーバーのログも確認してください: journalctl -u named -n 50',
    },
  },
  'zone.server.serial-not-bumped': {
    en: {
      title:
        '{server} serves {zone} serial {serial} like {file}, but {count} record(s) differ: edited, serial not raised',
      detail:
        'With the same serial, secondaries never fetch the change (and a reload may not pick it up either). Differences: {sample}',
      fix: 'Raise the serial on {where} to {next}, then run: rndc reload {zone}',
    },
    ja: {
      title:
        '{server} は {file} と同じシリアル {serial} で {zone} を配信していますが、{count} 件のレコードが異なります: 編集後にシリアルが上がっていません',
      detail:
        'シリアルが同じままではセカンダリは変更を取りに来ません (再読み込みでも反映されないことがあります)。差分: {sample}',
      fix: '{where} のシリアルを {next} に上げてから実行してください: rndc reload {zone}',
    },
  },
  'zone.server.newer': {
    en: {
      title: '{server} serves {zone} serial {serverSerial}, newer than {fileSerial} in {file}',
      detail:
        'The server has a later version than this file: dynamic updates (nsupdate, DHCP) or an edit made elsewhere. Editing this file would throw those changes away.',
      fix: 'For a dynamic zone, freeze it before editing: rndc freeze {zone} (edit, raise the serial) rndc thaw {zone}. Otherwise find the file the server really loads (named-checkconf -p | grep -A3 \'zone "{zone}"\').',
    },
    ja: {
      title:
        '{server} は {zone} のシリアル {serverSerial} を配信しており、{file} の {fileSerial} より新しい版です',
      detail:
        'サーバーにはこのファイルより新しい版があります: 動的更新 (nsupdate、DHCP) か、別の場所での編集です。このファイルを編集するとそれらの変更が失われます。',
      fix: '動的ゾーンなら編集の前に凍結してください: rndc freeze {zone} (編集してシリアルを上げる) rndc thaw {zone}。そうでなければ、サーバーが実際に読むファイルを確認してください (named-checkconf -p | grep -A3 \'zone "{zone}"\')。',
    },
  },
  'zone.server.not-authoritative': {
    en: {
      title: '{server} does not serve {zone} authoritatively ({answer})',
      detail:
        "The server did not answer the zone's SOA as its owner: the zone is not configured there, or failed to load.",
      fix: 'Check named.conf for zone "{zone}" and the log for load errors: named-checkconf -z; journalctl -u named -n 50',
    },
    ja: {
      title: '{server} は {zone} の権威サーバーとして応答していません ({answer})',
      detail:
        'サーバーはゾーンの SOA に所有者として答えませんでした。ゾーンが設定されていないか、読み込みに失敗しています。',
      fix: 'named.conf の zone "{zone}" と、ログの読み込みエラーを確認してください: named-checkconf -z; journalctl -u named -n 50',
    },
  },
  'zone.secondary.stale': {
    en: {
      title: 'secondary {ns} ({address}) serves {zone} serial {serial}, older than {expected}',
      detail:
        'This name server has not taken the latest version from the primary: blocked zone transfers (allow-transfer), missing NOTIFY (also-notify), or a firewall on TCP port 53.',
      fix: 'On the primary: allow-transfer and also-notify must list {address}; on the secondary: rndc retransfer {zone}, then check its log (journalctl -u named | grep {zone}).',
    },
    ja: {
      title:
        'セカンダリ {ns} ({address}) は {zone} のシリアル {serial} を配信しており、{expected} より古い版です',
      detail:
        'このネームサーバーはプライマリから最新版を受け取っていません: ゾーン転送の拒否 (allow-transfer)、NOTIFY の未設定 (also-notify)、TCP 53 番ポートのファイアウォールなどが原因です。',
      fix: 'プライマリでは allow-transfer と also-notify に {address} を含めてください。セカンダリでは rndc retransfer {zone} を実行し、ログを確認してください (journalctl -u named | grep {zone})。',
    },
  },
  'zone.secondary.in-sync': {
    en: { title: 'secondary {ns} ({address}) serves {zone} serial {serial}' },
    ja: { title: 'セカンダリ {ns} ({address}) は {zone} のシリアル {serial} を配信しています' },
  },
  'zone.secondary.unreachable': {
    en: {
      title: 'name server {ns} of {zone} could not be checked: {problem}',
      detail:
        'netdoctor asks every NS of the zone at the port of --server. A server that does not answer for the zone is a lame delegation for the resolvers that pick it.',
      fix: 'Make {ns} answer for {zone} (configure it as a secondary of the primary), or remove its NS record from the zone and from the parent.',
    },
    ja: {
      title: '{zone} のネームサーバー {ns} を確認できませんでした: 「{problem}」',
      detail:
        'netdoctor はゾーンのすべての NS に --server と同じポートで問い合わせます。ゾーンに答えないサーバーは、それを選んだリゾルバーにとって不完全な委任（「lame delegation」）です。',
      fix: '{ns} が {zone} に答えるようにする (プライマリのセカンダリとして設定する) か、ゾーンと親ゾーンからその NS レコードを削除してください。',
    },
  },
  'dns.check.ok': {
    en: {
      title: '{domain}: delegation consistent; {count} name server address(es) answer with serial {serial}',
    },
    ja: {
      title:
        '{domain}: 委任は一貫しています。{count} 個のネームサーバーアドレスがシリアル {serial} で応答します',
    },
  },
  'dns.check.no-delegation': {
    en: {
      title: '{domain}: the parent zone {parent} has no delegation for it ({rcode})',
      detail: "Without NS records at the parent, nobody on the Internet can find the domain's name servers.",
      fix: 'Register the name servers at the registrar (or add "{domain} NS …" lines to the parent zone).',
    },
    ja: {
      title: '{domain}: 親ゾーン {parent} に委任がありません ({rcode})',
      detail:
        '親に NS レコードがないと、インターネットの誰もこのドメインのネームサーバーを見つけられません。',
      fix: 'レジストラでネームサーバーを登録してください (または親ゾーンに「{domain} NS …」の行を追加してください)。',
    },
  },
  'dns.check.lame': {
    en: {
      title: 'lame delegation: {ns} ({address}) does not answer for {domain} authoritatively ({problem})',
      detail:
        'Resolvers that pick this server get no answer or a wrong one; lookups for the domain slow down or fail now and then.',
      fix: 'Configure {ns} to serve {domain} (as a secondary of the primary), or remove it from the NS records in the zone and at the registrar.',
    },
    ja: {
      title:
        '不完全な委任（「lame delegation」）: {ns} ({address}) は {domain} に権威を持って応答しません（「{problem}」）',
      detail:
        'このサーバーを選んだリゾルバーは応答を得られないか誤った応答を受け取り、名前解決が遅くなったりときどき失敗したりします。',
      fix: '{ns} で {domain} を配信する (プライマリのセカンダリとして設定する) か、ゾーンとレジストラの NS レコードから削除してください。',
    },
  },
  'dns.check.serial-mismatch': {
    en: {
      title: '{domain}: name servers serve different serials (newest {newest}; behind: {behind})',
      detail:
        'Some name servers have not taken the latest version of the zone, so answers depend on which server a resolver asks.',
      fix: 'On the primary, allow-transfer and also-notify must list each secondary; on a late secondary run: rndc retransfer {domain}',
    },
    ja: {
      title: '{domain}: ネームサーバーのシリアルが一致しません (最新 {newest}、遅れ: {behind})',
      detail:
        '一部のネームサーバーが最新版のゾーンを受け取っておらず、どのサーバーに聞くかで答えが変わります。',
      fix: 'プライマリの allow-transfer と also-notify に各セカンダリを含め、遅れているセカンダリで rndc retransfer {domain} を実行してください。',
    },
  },
  'dns.check.open-recursion': {
    en: {
      title:
        '{ns} ({address}), an authoritative server of {domain}, resolves names for anyone (open recursion)',
      detail:
        'An open resolver is abused for DNS amplification attacks and cache poisoning; an authoritative server should not recurse.',
      fix: 'In named.conf options: recursion no; (or allow-recursion { localhost; localnets; }; if it is also your LAN resolver), then rndc reconfig.',
    },
    ja: {
      title: '{domain} の権威サーバー {ns} ({address}) が誰の名前解決でも引き受けます (オープンリゾルバー)',
      detail:
        'オープンリゾルバーは DNS 増幅攻撃やキャッシュポイズニングに悪用されます。権威サーバーは再帰問い合わせをすべきではありません。',
      fix: 'named.conf の options で recursion no; にしてください (LAN 用リゾルバーも兼ねるなら allow-recursion { localhost; localnets; };)。その後 rndc reconfig を実行してください。',
    },
  },
  'dns.check.ns-mismatch': {
    en: {
      title:
        '{domain}: NS records at the parent {parent} and in the zone differ (only at the parent: {onlyParent}; only in the zone: {onlyZone})',
      detail:
        'Resolvers use both sets; a server listed only on one side is used by some resolvers and not others (RFC 1034 §4.2.2).',
      fix: 'Make the two lists the same: change the NS records at the registrar or in the zone file, then raise the serial and reload.',
    },
    ja: {
      title:
        '{domain}: 親 {parent} とゾーン内の NS レコードが異なります (親のみ: {onlyParent}、ゾーンのみ: {onlyZone})',
      detail:
        'リゾルバーは両方を使います。片方にしかないサーバーは一部のリゾルバーだけが使うことになります (RFC 1034 §4.2.2)。',
      fix: '2 つのリストを同じにしてください: レジストラかゾーンファイルの NS レコードを直し、シリアルを上げて再読み込みしてください。',
    },
  },
  'dns.check.glue-mismatch': {
    en: {
      title: "{ns}: glue at the parent {parent} ({glue}) differs from the zone's address(es) ({zone})",
      detail:
        "Resolvers reach {ns} through the parent's glue; a stale glue address sends them to a host that no longer serves {domain}.",
      fix: "Update the name server's address (host object / glue) at the registrar to match the zone, or the zone to match it.",
    },
    ja: {
      title: '{ns}: 親 {parent} のグルー ({glue}) がゾーン内のアドレス ({zone}) と異なります',
      detail:
        'リゾルバーは親のグルーを使って {ns} に到達します。古いグルーは {domain} を配信していないホストに問い合わせさせます。',
      fix: 'レジストラでネームサーバーのアドレス (ホストオブジェクト / グルー) をゾーンに合わせるか、ゾーンをそれに合わせてください。',
    },
  },
  'dns.check.target-unresolvable': {
    en: {
      title: '{domain}: {type} target {target} has no address',
      detail: 'A name server or mail exchanger without an A/AAAA record cannot be reached at all.',
      fix: 'Add an A (and AAAA) record for {target} in its zone, or point the {type} record at a host that has one.',
    },
    ja: {
      title: '{domain}: {type} の宛先 {target} にアドレスがありません',
      detail: 'A/AAAA レコードのないネームサーバーやメールサーバーには到達できません。',
      fix: '{target} の A (と AAAA) レコードをそのゾーンに追加するか、{type} レコードをアドレスのあるホストに向けてください。',
    },
  },
  'dns.check.mail-ptr': {
    en: {
      title: 'mail host {host} at {address}: reverse DNS does not confirm (PTR: {ptr})',
      detail:
        'Receivers check that the sending address\'s PTR names a host that resolves back to it (FCrDNS); without it mail is deferred ("450 4.7.1 … IP name lookup failed") or rejected.',
      fix: 'Ask whoever holds the reverse zone of {address} (your provider, or your own reverse zone file) for: PTR {host}; then check with: netdoctor dns reverse {address}',
    },
    ja: {
      title: 'メールホスト {host} ({address}): 逆引きが正引きと一致しません (PTR: {ptr})',
      detail:
        '受信側は送信元アドレスの PTR が、そのアドレスに正引きできるホスト名かを確かめます (FCrDNS)。一致しないとメールは保留 ("450 4.7.1 … IP name lookup failed") や拒否になります。',
      fix: '{address} の逆引きゾーンの管理者 (プロバイダーまたは自分の逆引きゾーンファイル) に PTR {host} を設定してもらい、netdoctor dns reverse {address} で確認してください。',
    },
  },
});
