/** `pcap diagnose`'s message catalog: every sentence of its findings, in English and Japanese. */
import { defineMessages } from '../../core/i18n.js';

export const diagnoseMessages = defineMessages({
  'pcap.top-talker': {
    en: {
      title: '{host} sent or received {share}% of the bytes ({bytes}, with {peers} peer(s))',
      detail: 'Mostly: {protocols}.',
      fix: 'If this host should not use that much, look at its conversations: netdoctor pcap conversations <file> --by ip',
    },
    ja: {
      title: '{host} が全体の {share}% のバイトを送受信しています ({bytes}、相手 {peers} 台)',
      detail: '主なプロトコル: {protocols}。',
      fix: 'この量が想定外なら、このホストの会話を確認してください: netdoctor pcap conversations <ファイル> --by ip',
    },
  },
  'pcap.p2p.suspected': {
    en: {
      title: '{host} runs peer-to-peer file sharing ({protocols}) with {peers} peer(s)',
      detail:
        '{flows} flow(s), {bytes}, mostly on ports that are not well known — the signature of P2P software such as Gnutella or BitTorrent clients, which can fill an office line and carry unlicensed files. {answered} of the peers answered. Peers (busiest first): {peerList}.',
      fix: 'Find the program on {host} (Windows: Get-NetTCPConnection | Group-Object OwningProcess; Linux: ss -tunp) and uninstall it, or block it at the router. If it is allowed, limit its bandwidth in the client settings.',
    },
    ja: {
      title: '{host} がピアツーピアのファイル共有 ({protocols}) を {peers} 台の相手と行っています',
      detail:
        '{flows} フロー、{bytes}。多くが一般的でないポート番号を使っており、Gnutella や BitTorrent クライアントなど P2P ソフトの特徴です。回線を占有したり、無許可のファイルをやり取りしたりする恐れがあります。応答した相手は {answered} 台です。相手 (通信量の多い順): {peerList}。',
      fix: '{host} 上のプログラムを特定し (Windows: Get-NetTCPConnection | Group-Object OwningProcess、Linux: ss -tunp)、アンインストールするかルーターで遮断してください。業務で許可しているなら、クライアントの設定で帯域を制限してください。',
    },
  },
  'pcap.p2p.many-peers': {
    en: {
      title: '{host} talks to {peers} peers on ports that are not well known',
      detail:
        '{flows} flow(s), {bytes}, that no classifier recognised, all between high port numbers — how peer-to-peer software (file sharing, some games and VPN meshes) talks. {answered} of the peers answered. Peers (busiest first): {peerList}.',
      fix: 'Check what runs on {host} (Windows: Get-NetTCPConnection | Group-Object OwningProcess; Linux: ss -tunp) and whether it is allowed.',
    },
    ja: {
      title: '{host} が一般的でないポート番号で {peers} 台の相手と通信しています',
      detail:
        'どの判定にも当てはまらない {flows} フロー ({bytes}) が、すべて大きなポート番号どうしで行われています。P2P ソフト (ファイル共有、一部のゲームや VPN メッシュ) の通信の仕方です。応答した相手は {answered} 台です。相手 (通信量の多い順): {peerList}。',
      fix: '{host} で何が動いているか (Windows: Get-NetTCPConnection | Group-Object OwningProcess、Linux: ss -tunp)、それが許可されたものかを確認してください。',
    },
  },
  'pcap.esp.one-way': {
    en: {
      title: 'ESP goes one way only: {packets} packet(s) from {sender} to {receiver}, none back',
      detail:
        '{sender} kept sending encrypted IPsec traffic (IP protocol 50, ESP), but nothing from {receiver} arrived here: its ESP is lost on the way, or never leaves. Firewalls and cloud security groups that allow only TCP and UDP drop ESP, and NAT devices often cannot pass it.',
      fix: 'Allow IP protocol 50 (ESP) between {sender} and {receiver} on every firewall in between (iptables: -p esp -j ACCEPT; a cloud security group: a rule for protocol 50), or enable NAT traversal so that ESP travels inside UDP 4500 (strongSwan: encap = yes; Windows behind NAT: the AssumeUDPEncapsulationContextOnSendRule registry value).',
    },
    ja: {
      title: 'ESP が片方向だけです: {sender} から {receiver} へ {packets} パケット、戻りはありません',
      detail:
        '{sender} は IPsec の暗号化通信 (IP プロトコル 50、ESP) を送り続けていますが、{receiver} からは何も届いていません。途中で ESP が失われているか、そもそも送られていません。TCP と UDP しか許可しないファイアウォールやクラウドのセキュリティグループは ESP を落とし、NAT 機器も ESP を通せないことがよくあります。',
      fix: '{sender} と {receiver} の間のすべてのファイアウォールで IP プロトコル 50 (ESP) を許可してください (iptables: -p esp -j ACCEPT、クラウドのセキュリティグループ: プロトコル 50 のルール)。または NAT トラバーサルを有効にして ESP を UDP 4500 に包んでください (strongSwan: encap = yes、NAT 配下の Windows: レジストリ値 AssumeUDPEncapsulationContextOnSendRule)。',
    },
  },
  'pcap.esp.one-way-udp': {
    en: {
      title:
        'ESP inside UDP 4500 goes one way only: {packets} packet(s) from {sender} to {receiver}, none back',
      detail:
        "The IKE exchange on UDP 4500 got answers, but the tunnel's data (ESP wrapped in UDP 4500 for NAT traversal) from {receiver} never arrived here. A firewall or NAT device passes the first packets of the UDP 4500 flow and drops the rest, or {receiver} has no route back through the tunnel.",
      fix: 'Allow UDP 4500 both ways between {sender} and {receiver} on every firewall in between, with a state timeout longer than the NAT keepalive (strongSwan: charon.keep_alive, 20 s by default); on {receiver}, check that the child SA is installed (swanctl --list-sas; ip xfrm state).',
    },
    ja: {
      title:
        'UDP 4500 内の ESP が片方向だけです: {sender} から {receiver} へ {packets} パケット、戻りはありません',
      detail:
        'UDP 4500 上の IKE 交換には応答がありましたが、{receiver} からのトンネルのデータ (NAT トラバーサルのため UDP 4500 に包まれた ESP) がここに届いていません。ファイアウォールや NAT 機器が UDP 4500 のフローの最初のパケットだけを通して残りを落としているか、{receiver} にトンネル経由の戻り経路がありません。',
      fix: '{sender} と {receiver} の間のすべてのファイアウォールで UDP 4500 を双方向に許可し、状態の保持時間を NAT キープアライブ (strongSwan: charon.keep_alive、既定 20 秒) より長くしてください。{receiver} では子 SA が組み込まれているか確認してください (swanctl --list-sas、ip xfrm state)。',
    },
  },
  'pcap.ike.no-reply': {
    en: {
      title: 'IKE from {initiator} to {responder} (UDP {port}) got no reply: {packets} packet(s) sent',
      detail:
        '{initiator} asked to set up a VPN tunnel and nothing answered: UDP {port} is blocked on the way, or no IPsec server listens at {responder}.',
      fix: 'Allow UDP 500 and 4500 to {responder} on every firewall and security group in between, and check that the VPN server runs (strongSwan: swanctl --list-conns; Windows RRAS: the "Routing and Remote Access" service).',
    },
    ja: {
      title: '{initiator} から {responder} への IKE (UDP {port}) に応答がありません: {packets} パケット送信',
      detail:
        '{initiator} は VPN トンネルの確立を要求しましたが、何も応答がありません。途中で UDP {port} が遮断されているか、{responder} で IPsec サーバーが待ち受けていません。',
      fix: '途中のすべてのファイアウォールとセキュリティグループで {responder} 宛ての UDP 500 と 4500 を許可し、VPN サーバーが動いているか確認してください (strongSwan: swanctl --list-conns、Windows RRAS: 「Routing and Remote Access」サービス)。',
    },
  },
  'pcap.ike.no-proposal-chosen': {
    en: {
      title:
        'VPN setup failed: {responder} accepted none of the proposals of {initiator} (NO_PROPOSAL_CHOSEN)',
      detail:
        '{initiator} started {version} and offered these algorithm sets (encryption-integrity-PRF-DH group): {proposed}. {responder} answered NO_PROPOSAL_CHOSEN: its configuration allows none of them, so no tunnel was built.',
      fix: 'Make both ends share at least one proposal. Either allow one of the offered sets on {responder} (strongSwan: proposals = {proposed} in swanctl.conf, or ike= in ipsec.conf), or configure {initiator} to offer what {responder} allows (Windows: Set-VpnConnectionIPsecConfiguration with -EncryptionMethod, -IntegrityCheckMethod and -DHGroup). Prefer aes256-sha256-modp2048 or stronger on both; 3des, md5, sha1 and modp1024 are obsolete.',
    },
    ja: {
      title:
        'VPN の確立に失敗: {responder} は {initiator} の提案をどれも受け入れませんでした (NO_PROPOSAL_CHOSEN)',
      detail:
        '{initiator} は {version} を開始し、次のアルゴリズムの組 (暗号-完全性-PRF-DH グループ) を提案しました: {proposed}。{responder} は NO_PROPOSAL_CHOSEN と応答しました。その設定ではどの組も許可されていないため、トンネルは作られていません。',
      fix: '両端で少なくとも 1 つの提案を一致させてください。{responder} 側で提案された組のどれかを許可する (strongSwan: swanctl.conf の proposals = {proposed}、または ipsec.conf の ike=) か、{initiator} 側で {responder} が許可する組を提案するよう設定してください (Windows: Set-VpnConnectionIPsecConfiguration の -EncryptionMethod、-IntegrityCheckMethod、-DHGroup)。両端とも aes256-sha256-modp2048 以上を推奨します。3des、md5、sha1、modp1024 は旧式です。',
    },
  },
  'pcap.ike.invalid-ke-payload': {
    en: {
      title: '{responder} asked {initiator} for another Diffie-Hellman group (INVALID_KE_PAYLOAD)',
      detail:
        'In {version} the initiator guesses a DH group for its first message; the responder names the one it wants and the initiator retries. Harmless when the retry follows; repeated, the two ends allow no common group.',
      fix: 'To save the round trip, put the group {responder} wants first in the proposals of {initiator} (strongSwan: the first DH group in proposals =).',
    },
    ja: {
      title: '{responder} が {initiator} に別の Diffie-Hellman グループを要求しました (INVALID_KE_PAYLOAD)',
      detail:
        '{version} では開始側が最初のメッセージで DH グループを推測し、応答側が希望するグループを伝えて開始側がやり直します。やり直しが続けば問題ありませんが、繰り返す場合は両端に共通のグループがありません。',
      fix: '往復を減らすには、{initiator} の提案の先頭に {responder} が求めるグループを置いてください (strongSwan: proposals = の最初の DH グループ)。',
    },
  },
  'pcap.ike.notify-error': {
    en: {
      title: '{version} between {initiator} and {responder} failed: {from} sent {notify}',
      detail: 'An error notify ends the exchange: the tunnel was not built or not rekeyed.',
      fix: 'Read the VPN logs on both ends at the time of the capture (strongSwan: journalctl -u strongswan; Windows: Event Viewer, RasClient and IKEEXT) for the reason behind {notify}, and compare the two configurations.',
    },
    ja: {
      title: '{initiator} と {responder} の {version} が失敗: {from} が {notify} を送信しました',
      detail: 'エラー通知で交換が打ち切られ、トンネルの確立または鍵の更新ができていません。',
      fix: 'キャプチャした時刻の両端の VPN ログ (strongSwan: journalctl -u strongswan、Windows: イベントビューアーの RasClient と IKEEXT) で {notify} の理由を確認し、両端の設定を比べてください。',
    },
  },
  'pcap.dns.unanswered': {
    en: {
      title: '{unanswered} of {queries} DNS queries to {server} got no answer ({percent}%)',
      detail:
        'Unanswered queries make names resolve slowly (clients wait, then retry) or fail. For example: {examples}.',
      fix: 'Check the path to {server} (packet loss, a firewall dropping UDP 53 or large answers, a failing link) and the server itself: netdoctor dns lookup <name> --server {server}',
    },
    ja: {
      title: '{server} への DNS 問い合わせ {queries} 件のうち {unanswered} 件に応答がありません ({percent}%)',
      detail:
        '応答がないと名前解決が遅くなり (クライアントは待ってから再送します)、失敗することもあります。例: {examples}。',
      fix: '{server} までの経路 (パケットロス、UDP 53 や大きな応答を落とすファイアウォール、不調な回線) とサーバー自体を確認してください: netdoctor dns lookup <名前> --server {server}',
    },
  },
  'pcap.tcp.retransmissions': {
    en: {
      title:
        '{percent}% of the packets between {client} and {server}:{serverPort} ({protocol}) were retransmitted',
      detail:
        '{retransmissions} of {packets} packets were sent again: data was lost on the way, which slows the connection down. A congested or faulty link (duplex mismatch, a bad cable or port) is the usual cause.',
      fix: 'Look for errors on the interfaces on the path (ip -s link; the switch port counters) and for a saturated line (netdoctor pcap io <file> --interval 1s).',
    },
    ja: {
      title: '{client} と {server}:{serverPort} ({protocol}) の間のパケットの {percent}% が再送されています',
      detail:
        '{packets} パケット中 {retransmissions} パケットが再送されました。途中でデータが失われ、通信が遅くなっています。回線の混雑や不具合 (デュプレックスの不一致、ケーブルやポートの不良) がよくある原因です。',
      fix: '経路上のインターフェースのエラー (ip -s link、スイッチのポートカウンタ) と回線の飽和 (netdoctor pcap io <ファイル> --interval 1s) を確認してください。',
    },
  },
  'pcap.tcp.rst-storm': {
    en: {
      title: '{server} reset {resetFlows} of its {flows} TCP connections, from {clients} client(s)',
      detail:
        'Many connections ended by RST: a service that is down or refuses clients, a firewall rejecting them, or a port scan.',
      fix: 'Check that the service on {server} runs and accepts these clients (ss -ltn on the server; its logs); if the clients are unknown, look for a scanner: netdoctor pcap conversations <file> --by tcp',
    },
    ja: {
      title:
        '{server} が TCP 接続 {flows} 件中 {resetFlows} 件をリセットしました (クライアント {clients} 台)',
      detail:
        '多くの接続が RST で終わっています。サービスの停止や接続拒否、ファイアウォールによる拒否、またはポートスキャンが考えられます。',
      fix: '{server} のサービスが動作し、これらのクライアントを受け付けているか確認してください (サーバーで ss -ltn、ログ)。見知らぬクライアントならスキャンを疑ってください: netdoctor pcap conversations <ファイル> --by tcp',
    },
  },
  'pcap.capture.one-direction': {
    en: {
      title: 'The capture seems to hold one direction of the traffic only',
      detail:
        '{oneWay} of {established} established TCP connections show no packet back. One-way ESP, unanswered IKE and unanswered DNS are therefore not judged.',
      fix: 'Capture both directions: mirror ingress and egress on the switch port (SPAN "both"), or capture on the host or the router itself (tcpdump -i <interface> without a source filter).',
    },
    ja: {
      title: 'このキャプチャには片方向の通信しか入っていないようです',
      detail:
        '確立済みの TCP 接続 {established} 件のうち {oneWay} 件で戻りのパケットがありません。そのため、片方向の ESP、応答のない IKE や DNS は判定していません。',
      fix: '両方向をキャプチャしてください: スイッチのミラーポートで送受信の両方 (SPAN の both) を設定するか、ホストやルーター自体でキャプチャしてください (送信元で絞り込まずに tcpdump -i <インターフェース>)。',
    },
  },
  'pcap.diagnose.clean': {
    en: { title: 'No problem found in {flows} flows' },
    ja: { title: '{flows} フローに問題は見つかりませんでした' },
  },
});
