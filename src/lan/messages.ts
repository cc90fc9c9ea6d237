/** The LAN capability's message catalog, in English and Japanese. */
import { defineMessages } from '../core/i18n.js';

const W = (en: string, ja: string, enFix: string, jaFix: string) => ({
  en: { title: en, fix: enFix },
  ja: { title: ja, fix: jaFix },
});

export const lanMessages = defineMessages({
  'lan.inventory.ok': {
    en: { title: '{file}: {devices} device(s) in {subnets} subnet(s), no problems' },
    ja: { title: '{file}: {subnets} 個のサブネットに機器 {devices} 台、問題なし' },
  },
  'lan.inventory.type': W(
    '{where}: "{key}" should be {expected}',
    '{where}: 「{key}」は {expected} で書いてください',
    'Fix the value at that position; see the inventory example in the README.',
    'その位置の値を直してください。README のインベントリ例を参照してください。',
  ),
  'lan.inventory.unknown-key': W(
    '{where}: unknown key "{key}" in {section} (ignored)',
    '{where}: {section} に未知のキー「{key}」があります (無視します)',
    'Known keys: {known}. A misspelt key is silently lost otherwise.',
    '使えるキー: {known}。綴りを間違えたキーは、そのままでは黙って無視されます。',
  ),
  'lan.inventory.missing': W(
    '{where}: "{key}" is missing',
    '{where}: 「{key}」がありません',
    'Add it; every device needs a name, every subnet a cidr, the site a domain.',
    '追加してください。機器には name、サブネットには cidr、site には domain が必要です。',
  ),
  'lan.inventory.bad-cidr': W(
    '{where}: "{value}" is not a subnet (address/prefix)',
    '{where}: 「{value}」はサブネット (アドレス/プレフィックス長) ではありません',
    'Write it like 192.168.1.0/24 or 2001:db8:1::/64.',
    '192.168.1.0/24 や 2001:db8:1::/64 のように書いてください。',
  ),
  'lan.inventory.bad-pool': W(
    '{where}: "{value}" is not an IPv4 range first-last',
    '{where}: 「{value}」は IPv4 の範囲 (開始-終了) ではありません',
    'Write the dynamic pool like 192.168.1.100-192.168.1.199.',
    '動的プールは 192.168.1.100-192.168.1.199 のように書いてください。',
  ),
  'lan.device.bad-name': W(
    '{where}: "{name}" is not a valid host name (RFC 1123)',
    '{where}: 「{name}」はホスト名として正しくありません (RFC 1123)',
    'Use letters, digits and hyphens, 63 characters at most per label, no hyphen at either end, no underscore or space.',
    '英字・数字・ハイフンだけを使い、ラベルは 63 文字以内、先頭と末尾にハイフンを置かず、アンダースコアや空白は使わないでください。',
  ),
  'lan.device.netbios-too-long': W(
    '{where}: NetBIOS name "{name}" has {length} characters; the limit is 15',
    '{where}: NetBIOS 名「{name}」は {length} 文字です。上限は 15 文字です',
    'Shorten it (the 16th byte of a NetBIOS name is the service type); Windows truncates it otherwise.',
    '短くしてください (NetBIOS 名の 16 バイト目はサービス種別です)。そのままでは Windows が切り詰めます。',
  ),
  'lan.device.bad-netbios': W(
    '{where}: NetBIOS name "{name}" contains a character NetBIOS does not allow',
    '{where}: NetBIOS 名「{name}」に NetBIOS で使えない文字があります',
    'Leave out \\ / : * ? " < > | . and spaces.',
    '\\ / : * ? " < > | . と空白は使わないでください。',
  ),
  'lan.device.bad-mac': W(
    '{where}: "{value}" of {name} is not a station MAC address',
    '{where}: {name} の「{value}」は機器の MAC アドレスではありません',
    'Write six octets: 00:11:22:aa:bb:cc, 00-11-22-AA-BB-CC or 0011.22aa.bbcc; a multicast address (odd first octet) is never a device.',
    '6 オクテットで書いてください: 00:11:22:aa:bb:cc、00-11-22-AA-BB-CC、0011.22aa.bbcc。マルチキャストアドレス (先頭オクテットが奇数) は機器のアドレスではありません。',
  ),
  'lan.device.bad-address': W(
    '{where}: {field} "{value}" of {name} is not an address',
    '{where}: {name} の {field}「{value}」はアドレスではありません',
    'Write one IPv4 address (192.168.1.20) for ipv4 and IPv6 addresses for ipv6.',
    'ipv4 には IPv4 アドレス (192.168.1.20) を、ipv6 には IPv6 アドレスを書いてください。',
  ),
  'lan.device.random-mac': W(
    '{where}: {mac} of {name} is locally administered (a randomised "private" address)',
    '{where}: {name} の {mac} はローカル管理アドレス (ランダム化された「プライベート」アドレス) です',
    'The device may change it (per network or every day): turn off private/random addresses for this Wi-Fi network on the device, then register its real MAC.',
    '機器がこのアドレスを変える (ネットワークごと・毎日など) ことがあります。機器側でこの Wi-Fi のプライベート (ランダム) アドレスを無効にし、本来の MAC を登録してください。',
  ),
  'lan.device.duplicate-name': W(
    '{where}: the name "{value}" of {name} is already used at {first}',
    '{where}: {name} の名前「{value}」は {first} で既に使われています',
    'Every name and alias must be unique; rename one of them.',
    '名前と別名はすべて一意にしてください。どちらかの名前を変えてください。',
  ),
  'lan.device.duplicate-mac': W(
    '{where}: MAC {value} of {name} is already listed at {first}',
    '{where}: {name} の MAC {value} は {first} で既に登録されています',
    'One MAC belongs to one device: remove the stale entry.',
    '1 つの MAC は 1 台の機器のものです。古い方の登録を削除してください。',
  ),
  'lan.device.duplicate-ip': W(
    '{where}: address {value} of {name} is already given to {first}',
    '{where}: {name} のアドレス {value} は {first} で既に割り当てられています',
    'Give one of the devices a free address; two devices on one address knock each other off the network.',
    'どちらかに空いているアドレスを割り当ててください。同じアドレスの機器 2 台は互いに通信を妨げます。',
  ),
  'lan.device.outside-subnet': W(
    '{where}: {ip} of {name} is in none of the site subnets ({subnets})',
    '{where}: {name} の {ip} はサイトのどのサブネット ({subnets}) にも入っていません',
    'Correct the address, or add its subnet under site.subnets.',
    'アドレスを直すか、そのサブネットを site.subnets に追加してください。',
  ),
  'lan.device.in-pool': W(
    '{where}: fixed address {ip} of {name} lies inside the dynamic pool {pool}',
    '{where}: {name} の固定アドレス {ip} が動的プール {pool} の中にあります',
    'The DHCP server may lease it to another client: pick an address outside the pool, or shrink the pool.',
    'DHCP サーバーが別のクライアントに貸し出す恐れがあります。プール外のアドレスにするか、プールを縮めてください。',
  ),
  'lan.device.reserved-address': W(
    '{where}: {ip} of {name} is the network or broadcast address of {cidr}',
    '{where}: {name} の {ip} は {cidr} のネットワークアドレスかブロードキャストアドレスです',
    'Pick a host address of the subnet.',
    'サブネット内のホストアドレスを選んでください。',
  ),
  'lan.diff.changes': {
    en: { title: '{path} ({target}) would change: +{added} -{removed} line(s)' },
    ja: { title: '{path} ({target}) が変更されます: +{added} -{removed} 行' },
  },
  'lan.diff.up-to-date': {
    en: { title: 'every target file ({count}) already matches the inventory' },
    ja: { title: 'すべての出力ファイル ({count} 個) がインベントリと一致しています' },
  },
  'lan.apply.written': {
    en: { title: '{path} ({target}) written; reload with: {reload}' },
    ja: { title: '{path} ({target}) を書き込みました。反映コマンド: {reload}' },
  },
  'lan.apply.rejected': W(
    '{validator} rejects the new {path}: {output}',
    '{validator} が新しい {path} を受け付けません: {output}',
    'Nothing was written. The generated block passes on its own, so look at the hand-written part of the file (or the inventory value the message names), fix it and apply again.',
    '何も書き込んでいません。生成部分は単体では通るので、ファイルの手書き部分 (またはメッセージが示すインベントリの値) を確認して直し、もう一度 apply してください。',
  ),
  'lan.apply.nothing-written': W(
    'nothing written: {count} candidate file(s) discarded because a validator failed',
    '検証に失敗したため何も書き込んでいません: 候補ファイル {count} 個を破棄しました',
    'Every live file is as it was. Fix what the validator named and run lan apply again.',
    '現在のファイルはすべてそのままです。検証ツールが指摘した点を直して、もう一度 lan apply を実行してください。',
  ),
  'lan.import.drafted': {
    en: { title: 'drafted an inventory of {count} device(s) from {files} file(s)' },
    ja: { title: '{files} 個のファイルから機器 {count} 台のインベントリ案を作りました' },
  },
  'lan.import.conflict': W(
    '{name}: {source} gives {other}, another file {first}',
    '{name}: {source} では {other}、別のファイルでは {first} になっています',
    'The draft keeps {first}; check which is right before applying.',
    '案では {first} を採りました。apply の前にどちらが正しいか確認してください。',
  ),
  'lan.discover.summary': {
    en: { title: '{cidr}: {count} neighbour(s) answered, {unknown} not in the inventory' },
    ja: { title: '{cidr}: 応答した機器 {count} 台、うちインベントリにないもの {unknown} 台' },
  },
  'lan.discover.unknown': W(
    '{ip} {mac} ({vendor}) is on the LAN but not in the inventory',
    '{ip} {mac} ({vendor}) が LAN にいますが、インベントリにありません',
    'Find out whose it is (the vendor is a hint); register it with allowed: true, or allowed: false to keep it flagged.',
    '誰の機器か確認してください (ベンダー名が手がかりです)。「allowed: true」で登録するか、警告を続けるなら「allowed: false」で登録してください。',
  ),
  'lan.vendor.found': {
    en: { title: '{mac}: {organization} ({registry} {prefix})' },
    ja: { title: '{mac}: {organization} ({registry} {prefix})' },
  },
  'lan.vendor.unknown': {
    en: {
      title: '{mac}: no IEEE registration covers this prefix ({kind})',
      detail: 'Locally administered addresses (randomised by phones and laptops) belong to no vendor.',
    },
    ja: {
      title: '{mac}: このプレフィックスを登録したベンダーはありません（「{kind}」）',
      detail:
        'ローカル管理アドレス (スマートフォンや PC がランダム化したもの) はどのベンダーにも属しません。',
    },
  },
  'lan.watch.summary': {
    en: { title: '{packets} packet(s), {arp} ARP, {events} event(s), {stations} address(es) known' },
    ja: {
      title: 'パケット {packets} 個 (ARP {arp} 個)、イベント {events} 件、把握しているアドレス {stations} 個',
    },
  },
  'lan.watch.new-station': {
    en: { title: 'new station {ip} {mac}{label}' },
    ja: { title: '新しい機器 {ip} {mac}{label}' },
  },
  'lan.watch.new-activity': {
    en: { title: 'new activity: {ip} {mac}{label} is back after six months or more' },
    ja: { title: '活動再開: {ip} {mac}{label} が 6 か月以上ぶりに現れました' },
  },
  'lan.watch.changed-ethernet': W(
    'changed ethernet address: {ip} moved from {oldMac} to {mac}{label}',
    'MAC アドレス変更: {ip} が {oldMac} から {mac}{label} に変わりました',
    'A replaced network card or a new device on an old address is harmless; otherwise suspect ARP spoofing and find the port of {mac} on the switch.',
    'NIC の交換や古いアドレスへの新しい機器なら問題ありません。そうでなければ ARP スプーフィングを疑い、スイッチで {mac} のポートを探してください。',
  ),
  'lan.watch.flip-flop': W(
    'flip flop: {ip} went back from {oldMac} to {mac}{label}',
    'フリップフロップ: {ip} が {oldMac} から {mac}{label} に戻りました',
    'Two machines answer for one address (a conflict, a failover pair, or spoofing): see which of the two should have it.',
    '1 つのアドレスに 2 台が応答しています (競合、冗長化ペア、またはスプーフィング)。どちらが持つべきか確認してください。',
  ),
  'lan.watch.reused-ethernet': W(
    'reused old ethernet address: {ip} is on {mac}{label} again (last {oldMac})',
    '古い MAC アドレスの再利用: {ip} が再び {mac}{label} になりました (直前は {oldMac})',
    'An older card for this address came back; check it is meant to.',
    'このアドレスの以前の NIC が戻ってきました。意図したものか確認してください。',
  ),
  'lan.watch.ethernet-broadcast': W(
    'ethernet broadcast: {ip} is claimed by the MAC {mac}',
    'イーサネットブロードキャスト: {ip} を MAC {mac} が名乗っています',
    'No station owns an all-zeros or all-ones MAC: a broken driver or forged ARP.',
    '全ビット 0 や全ビット 1 の MAC を持つ機器はありません。ドライバーの不具合か偽造 ARP です。',
  ),
  'lan.watch.ethernet-mismatch': W(
    'ethernet mismatch: ARP for {ip} says {mac}, its frame came from {oldMac}',
    'イーサネット不一致: {ip} の ARP は {mac} ですが、フレームの送信元は {oldMac} です',
    'A proxy-ARP router or a bridge explains it; otherwise it is forged ARP.',
    'プロキシ ARP のルーターやブリッジなら説明がつきます。そうでなければ偽造 ARP です。',
  ),
  'lan.watch.bogon': W(
    'bogon: {ip} ({mac}) is not in the local networks',
    'ボゴン: {ip} ({mac}) はローカルネットワークの外のアドレスです',
    'A misconfigured device (wrong static address or netmask); find it by its MAC.',
    '設定を誤った機器です (固定アドレスやネットマスクの誤り)。MAC から機器を探してください。',
  ),
  'lan.watch.unknown-mac': W(
    '{mac} ({ip}) is not in the inventory',
    '{mac} ({ip}) はインベントリにありません',
    'Find out whose device it is; register it, or mark it allowed: false.',
    '誰の機器か確認し、登録するか「allowed: false」として登録してください。',
  ),
  'lan.watch.not-allowed': W(
    '{name} ({mac}) is on the LAN at {ip} but is marked allowed: false',
    '{name} ({mac}) が {ip} で LAN にいますが、「allowed: false」になっています',
    'Block it at the switch or access point, or change the inventory if it is now welcome.',
    'スイッチやアクセスポイントで遮断するか、許可するならインベントリを変えてください。',
  ),
  'lan.watch.wrong-address': W(
    '{name} ({mac}) uses {ip}; its fixed address is {expected}',
    '{name} ({mac}) が {ip} を使っています。固定アドレスは {expected} です',
    'The device has a static address or missed its DHCP reservation: check its network settings and the DHCP server.',
    '機器に固定アドレスが設定されているか、DHCP の予約を受け取れていません。機器のネットワーク設定と DHCP サーバーを確認してください。',
  ),
  'lan.watch.claimed-address': W(
    '{mac} claims {ip}, the fixed address of {name}',
    '{mac} が {name} の固定アドレス {ip} を名乗っています',
    'Another machine uses the address of a registered device: a static address typed twice, or ARP spoofing.',
    '別の機器が登録済み機器のアドレスを使っています。固定アドレスの二重設定か ARP スプーフィングです。',
  ),
  'lan.watch.duplicate-ip': W(
    '{ip} is claimed by {oldMac} and {mac} within seconds',
    '{ip} を {oldMac} と {mac} が数秒のうちに名乗っています',
    'Two stations answer for one address at once: an address conflict or ARP spoofing (a man in the middle). Find both ports on the switch.',
    '2 台が同時に 1 つのアドレスに応答しています。アドレス競合か ARP スプーフィング (中間者攻撃) です。スイッチで両方のポートを探してください。',
  ),
});
