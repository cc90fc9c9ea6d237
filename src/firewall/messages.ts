/** The firewall log findings, in English and Japanese (every id is in the README). */
import { defineMessages } from '../core/i18n.js';

export const firewallMessages = defineMessages({
  'firewall.hammering': {
    en: {
      title: '{source} keeps knocking on {port}: {packets} packets logged ({share}% of the log)',
      detail: 'One source on one port fills the log; every knock is dropped and written down again.',
      fix: 'Block {source} before the logging rule (or upstream, at the router or provider): {commands}. Saves about {saves} of log a day.',
    },
    ja: {
      title: '{source} が {port} を叩き続けています: {packets} パケットを記録（ログの {share}%）',
      detail: '1 つの送信元が 1 つのポートでログを埋めています。叩かれるたびに破棄され、また記録されます。',
      fix: 'ログを記録するルールより前で（またはルーターやプロバイダー側で）{source} を遮断してください: {commands}。ログが 1 日あたり約 {saves} 減ります。',
    },
  },
  'firewall.scanner': {
    en: {
      title: '{source} swept {ports} ports ({packets} packets logged): a port scanner',
      fix: 'Block {source} before the logging rule or upstream: {commands}. Saves about {saves} of log a day.',
    },
    ja: {
      title: '{source} が {ports} 個のポートを走査しました（{packets} パケットを記録）: ポートスキャナーです',
      fix: 'ログを記録するルールより前で、または上流で {source} を遮断してください: {commands}。ログが 1 日あたり約 {saves} 減ります。',
    },
  },
  'firewall.log-volume': {
    en: {
      title: 'The firewall writes {perDay} of log a day ({linesPerDay} lines; most under {prefix})',
      detail: 'Every dropped packet is one line: a busy address fills the disk before anyone reads the log.',
      fix: 'Rate-limit the logging rules: nftables `limit rate {rate}/minute burst {burst} packets log prefix …`, iptables `-m limit --limit {rate}/min --limit-burst {burst} -j LOG …`; for firewalld, `firewall-cmd --set-log-denied=unicast` (or off). At {rate}/minute per rule this saves about {saves} a day.',
    },
    ja: {
      title: 'ファイアウォールのログが 1 日 {perDay} 書かれています（{linesPerDay} 行。大半は {prefix}）',
      detail:
        '破棄したパケット 1 つが 1 行になります。通信の多いアドレスがあると、誰も読まないうちにディスクが埋まります。',
      fix: 'ログを記録するルールに流量制限を付けてください: nftables は `limit rate {rate}/minute burst {burst} packets log prefix …`、iptables は `-m limit --limit {rate}/min --limit-burst {burst} -j LOG …`、firewalld は `firewall-cmd --set-log-denied=unicast`（または off）。ルールあたり毎分 {rate} 行なら、1 日あたり約 {saves} 減ります。',
    },
  },
  'firewall.logrotate': {
    en: {
      title:
        'Give the firewall log its own file and a daily rotation ({perDay} a day; gzip keeps {percent}%)',
      fix: 'rsyslog, /etc/rsyslog.d/10-firewall.conf: `:msg, regex, "IN=.* OUT=" -/var/log/firewall.log` then `& stop`; logrotate, /etc/logrotate.d/firewall: `/var/log/firewall.log { daily rotate 7 compress delaycompress missingok notifempty postrotate /usr/lib/rsyslog/rsyslog-rotate endscript }`. Compression saves about {saves} per day kept; seven days then hold about {held}.',
    },
    ja: {
      title:
        'ファイアウォールのログを別ファイルにして毎日ローテーションしてください（1 日 {perDay}。gzip 後は {percent}%）',
      fix: 'rsyslog の /etc/rsyslog.d/10-firewall.conf に `:msg, regex, "IN=.* OUT=" -/var/log/firewall.log` と `& stop`、logrotate の /etc/logrotate.d/firewall に `/var/log/firewall.log { daily rotate 7 compress delaycompress missingok notifempty postrotate /usr/lib/rsyslog/rsyslog-rotate endscript }`。圧縮で保存する 1 日分あたり約 {saves} 減り、7 日分で約 {held} に収まります。',
    },
  },
  'firewall.log-denied.non-unicast': {
    en: {
      title: 'firewalld logs {packets} broadcast and multicast packets ({share}% of the log)',
      detail:
        'LogDenied=all logs every broadcast (DHCP, NetBIOS, SSDP) and multicast (mDNS) packet a zone rejects.',
      fix: 'firewall-cmd --set-log-denied=unicast logs only packets sent to this host. Saves about {saves} a day.',
    },
    ja: {
      title:
        'firewalld がブロードキャストとマルチキャストのパケットを {packets} 個記録しています（ログの {share}%）',
      detail:
        'LogDenied=all では、ゾーンが拒否したブロードキャスト（DHCP、NetBIOS、SSDP）やマルチキャスト（mDNS）もすべて記録されます。',
      fix: 'firewall-cmd --set-log-denied=unicast にすると、このホスト宛てのパケットだけを記録します。1 日あたり約 {saves} 減ります。',
    },
  },
  'firewall.ufw.sampled': {
    en: {
      title: 'ufw lines ({packets}) are a sample, not a count',
      detail:
        'Below loglevel high, ufw logs at most 3 packets a minute per rule (burst 10): the real number of packets is higher.',
      fix: 'Read the counts as "at least"; for exact counts use `ufw logging high` for a while (it logs every packet).',
    },
    ja: {
      title: 'ufw の行（{packets} 行）は全数ではなく抜き取りです',
      detail:
        'loglevel が high 未満の ufw は、ルールごとに毎分最大 3 パケット（バースト 10）しか記録しません。実際のパケット数はこれより多いです。',
      fix: '件数は「少なくとも」と読んでください。正確な数が必要なら、しばらく `ufw logging high` にしてください（全パケットを記録します）。',
    },
  },
  'firewall.no-packets': {
    en: {
      title: 'No packet log lines among the {lines} lines read',
      fix: 'Give the file the kernel writes LOG lines to (/var/log/kern.log, /var/log/messages, /var/log/firewalld), `journalctl -k -o json`, or `dmesg -T`.',
    },
    ja: {
      title: '読み込んだ {lines} 行にパケットのログ行がありません',
      fix: 'カーネルが LOG 行を書くファイル（/var/log/kern.log、/var/log/messages、/var/log/firewalld）、`journalctl -k -o json`、または `dmesg -T` を指定してください。',
    },
  },
  'firewall.unparsed': {
    en: { title: '{count} packet lines could not be read (damaged or cut); they are left out of the counts' },
    ja: {
      title:
        'パケットのログ行 {count} 行を読めませんでした（壊れているか途中で切れています）。集計から除いています',
    },
  },
  'firewall.overflow': {
    en: {
      title: '{packets} packets of new (source, port) pairs were counted in the totals only',
      detail: 'The table of distinct (source, port) pairs is capped, so that memory stays bounded.',
    },
    ja: {
      title: '新しい（送信元, ポート）の組の {packets} パケットは総数にだけ数えました',
      detail: 'メモリを抑えるため、異なる（送信元, ポート）の組の表には上限があります。',
    },
  },
  'firewall.input.problem': {
    en: { title: '{input}: {problem}' },
    ja: { title: '{input}: {problem}' },
  },
  'firewall.input.cut-lines': {
    en: { title: '{input}: {count} lines longer than {kib} KiB were cut and not counted' },
    ja: { title: '{input}: {kib} KiB を超える {count} 行を切り詰め、集計から除きました' },
  },
});
