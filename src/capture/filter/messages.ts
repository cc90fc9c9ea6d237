/** Message catalog of the packet tools (`pcap find`, `follow`, `write`), in every language. */
import { defineMessages } from '../../core/i18n.js';

export const captureToolsMessages = defineMessages({
  'pcap.find.dns-unanswered': {
    en: {
      title: '{count} DNS query(ies) got no answer in the capture: {names}',
      detail:
        'A query over UDP with no response of the same id between the same addresses before the capture ended.',
      fix: 'Check that the DNS server is reachable from the client (firewall on UDP 53, the server running: rndc status), and whether replies are lost on the link (interface errors: ip -s link).',
    },
    ja: {
      title: '{count} 件の DNS 問い合わせに応答がありません: {names}',
      detail:
        'UDP の問い合わせに対し、キャプチャの終わりまで同じ ID・同じアドレス間の応答がありませんでした。',
      fix: 'クライアントから DNS サーバーに届くか (UDP 53 のファイアウォール、サーバーの稼働: rndc status)、リンク上で応答が失われていないか (インターフェースのエラー: ip -s link) を確認してください。',
    },
  },
  'pcap.follow.gaps': {
    en: {
      title: 'Stream {stream} has {gaps} gap(s): bytes the capture never saw',
      detail:
        'The sequence numbers jump past data that was not captured (the capture started late, or dropped packets).',
      fix: 'Capture closer to the host, with a larger buffer (tcpdump -B 8192) and without a snap length (-s 0).',
    },
    ja: {
      title: 'ストリーム {stream} に {gaps} か所の欠落があります: キャプチャされなかったバイトです',
      detail:
        'シーケンス番号がキャプチャされていないデータを飛び越えています (キャプチャ開始が遅れたか、パケットの取りこぼし)。',
      fix: 'ホストの近くで、大きめのバッファ (tcpdump -B 8192) かつスナップ長の制限なし (-s 0) でキャプチャしてください。',
    },
  },
  'pcap.follow.truncated': {
    en: {
      title: 'Only the first {kept} bytes of {total} are shown',
      fix: 'Raise the limit with --max-bytes, or cut the conversation out with: netdoctor pcap write <file> --filter "…" -o part.pcap',
    },
    ja: {
      title: '{total} バイトのうち最初の {kept} バイトだけを表示しています',
      fix: '--max-bytes で上限を上げるか、次のように会話を切り出してください: netdoctor pcap write <ファイル> --filter "…" -o part.pcap',
    },
  },
});
