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
      title: '{zone} のネームサーバー {ns} を確認できませんでした: {problem}',
      detail:
        'netdoctor はゾーンのすべての NS に --server と同じポートで問い合わせます。ゾーンに答えないサーバーは、それを選んだリゾルバーにとって不完全な委任 (lame delegation) です。',
      fix: '{ns} が {zone} に答えるようにする (プライマリのセカンダリとして設定する) か、ゾーンと親ゾーンからその NS レコードを削除してください。',
    },
  },
});
