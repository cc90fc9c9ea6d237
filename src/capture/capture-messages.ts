/** The capture engine's message catalog (pcap summary/protocols/conversations/endpoints/io). */
import { defineMessages } from '../core/i18n.js';

export const captureMessages = defineMessages({
  'pcap.capture.truncated': {
    en: {
      title: 'The capture stops being readable at byte {offset}: {problem}',
      detail:
        'Everything shown covers the {packets} frame(s) before that point. A capture ends early when the capturing program was killed or the disk filled; corruption comes from a damaged copy.',
      fix: 'Take the capture again and stop it cleanly (Ctrl+C in tcpdump, "Stop" in Wireshark). To keep the readable part: editcap {input} repaired.pcapng',
    },
    ja: {
      title: 'キャプチャは {offset} バイト目から読めません: {problem}',
      detail:
        '表示している結果は、その手前までの {packets} フレーム分です。キャプチャ途中でプログラムが強制終了したり、ディスクが一杯になると末尾が欠けます。壊れたコピーでも起こります。',
      fix: 'キャプチャを取り直し、正しく停止してください (tcpdump なら Ctrl+C、Wireshark なら「停止」)。読める部分だけを残すには: editcap {input} repaired.pcapng',
    },
  },
  'pcap.capture.empty': {
    en: {
      title: 'The capture holds no packets',
      fix: 'Check the interface and the capture filter: tcpdump -D lists interfaces; capture with tcpdump -i <interface> -w file.pcap',
    },
    ja: {
      title: 'キャプチャにパケットが 1 つもありません',
      fix: 'インターフェースとキャプチャフィルタを確認してください: tcpdump -D で一覧を表示し、tcpdump -i <インターフェース> -w file.pcap で取り直します。',
    },
  },
  'pcap.capture.dropped': {
    en: {
      title: 'The capture tool itself dropped {dropped} packet(s) (it saved {packets})',
      detail:
        'The interface statistics in the file say packets were lost inside the capturing machine, not on the network: gaps in this capture (missing answers, retransmissions) may be the capture’s, not the network’s.',
      fix: 'Capture again with a bigger buffer and a capture filter: tcpdump -B 32768 -i <interface> -w file.pcapng "host <ip>", or write to a faster disk.',
    },
    ja: {
      title: 'キャプチャ側で {dropped} パケットが取りこぼされています (保存されたのは {packets} パケット)',
      detail:
        'ファイル内のインターフェース統計によると、パケットはネットワーク上ではなくキャプチャしたマシンの中で失われています。応答の欠落や再送に見えるものは、ネットワークではなくキャプチャの欠けかもしれません。',
      fix: 'バッファを大きくし、キャプチャフィルタを付けて取り直してください: tcpdump -B 32768 -i <インターフェース> -w file.pcapng "host <IP>"。または速いディスクに書き込んでください。',
    },
  },
  'pcap.frames.cut-short': {
    en: {
      title: '{count} of {packets} frame(s) were cut short by the snapshot length',
      detail: 'Only the first bytes of these frames were saved: payload classification sees less of them.',
      fix: 'Capture whole frames: tcpdump -s 0 (the default in tcpdump 4.0 and later) or Wireshark’s default snapshot length.',
    },
    ja: {
      title: '{packets} フレーム中 {count} フレームがスナップ長で切り詰められています',
      detail:
        'これらのフレームは先頭部分しか保存されていないため、ペイロードによる判定に使える情報が減ります。',
      fix: 'フレーム全体を保存してください: tcpdump -s 0 (tcpdump 4.0 以降は既定) または Wireshark の既定のスナップ長。',
    },
  },
  'pcap.link.undecoded': {
    en: {
      title: '{packets} frame(s) use link type(s) netdoctor does not decode: {linkTypes}',
      detail:
        'They are counted in the totals but not in conversations, endpoints or protocols below the link layer.',
      fix: 'Capture on an Ethernet or "any" interface (tcpdump -i any gives Linux cooked frames, which netdoctor reads).',
    },
    ja: {
      title: '{packets} フレームが netdoctor の解読しないリンク種別です: {linkTypes}',
      detail: '合計には数えますが、会話・エンドポイント・リンク層より上のプロトコル集計には含まれません。',
      fix: 'Ethernet か "any" インターフェースでキャプチャしてください (tcpdump -i any は netdoctor が読める Linux cooked 形式になります)。',
    },
  },
  'pcap.flows.table-full': {
    en: {
      title: 'More than {maxFlows} flows: {packets} packet(s) of later flows were not tracked',
      detail:
        'Totals and the I/O graph count every frame; conversations, endpoints and protocols miss those packets.',
      fix: 'Raise the bound with --max-flows (about 150 bytes of memory per flow), or cut the capture first: editcap -A/-B to pick a time range.',
    },
    ja: {
      title: 'フローが {maxFlows} を超えました: 以降の新しいフローの {packets} パケットは追跡していません',
      detail:
        '合計と I/O グラフはすべてのフレームを数えますが、会話・エンドポイント・プロトコル集計にはそれらのパケットが含まれません。',
      fix: '--max-flows で上限を上げるか (1 フローあたり約 150 バイトのメモリ)、editcap -A/-B で時間範囲を切り出してから解析してください。',
    },
  },
});
