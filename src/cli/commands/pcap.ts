/** `netdoctor pcap summary|protocols|conversations|endpoints|io`: the capture engine on the command line. */
import {
  type AnalyzeOptions,
  analyzeCapture,
  type CaptureAnalysis,
  type ConversationKind,
  conversationsReport,
  DEFAULT_MAX_FLOWS,
  diagnoseCapture,
  endpointsReport,
  hierarchyRows,
  ioChartSvg,
  ioReport,
  parseInterval,
  protocolsReport,
  type RankBy,
  summaryReport,
} from '../../capture/index.js';
import { durationText } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import { refuseOutputOverInput, writeOutputFile } from '../../core/output.js';
import type { Action, ActionContext, Capability, CommandResult, OptionSpec } from '../command.js';
import { CLI_ERRORS, choices, tx } from '../l10n.js';
import { table } from '../render/table.js';
import { numberOption } from './shared.js';

const ENGINE_OPTIONS: Record<string, OptionSpec> = {
  'max-flows': {
    type: 'string',
    valueName: 'N',
    description: tx(
      'track at most N flows (about 150 bytes each); later flows are counted but not tracked',
      '追跡するフローの上限（1 フローあたり約 150 バイト）。超えた分は数えるだけで追跡しません',
    ),
    defaultText: String(DEFAULT_MAX_FLOWS),
  },
};

const TOP_OPTIONS: Record<string, OptionSpec> = {
  top: {
    type: 'string',
    valueName: 'N',
    description: tx('show the first N rows (0: all)', '上位 N 行を表示する（0 ですべて）'),
    defaultText: '20',
  },
  rank: {
    type: 'string',
    valueName: 'bytes|packets',
    description: tx('order rows by', '並べ替えの基準（バイト数かパケット数）'),
    defaultText: 'bytes',
  },
};

function engineOptions(ctx: ActionContext): AnalyzeOptions {
  const maxFlows = numberOption(ctx.options, 'max-flows', { min: 1, max: 50_000_000, integer: true });
  return {
    stdin: ctx.stdin,
    progress: ctx.progress,
    ...(maxFlows !== undefined ? { maxFlows } : {}),
  };
}

function rankOf(ctx: ActionContext): RankBy {
  const r = (ctx.options.rank as string | undefined) ?? 'bytes';
  if (r !== 'bytes' && r !== 'packets')
    throw usageError(CLI_ERRORS.oneOf, '--rank', { choices: choices(['bytes', 'packets']), value: r });
  return r;
}

function topOf(ctx: ActionContext): number {
  return numberOption(ctx.options, 'top', { min: 0, max: 1_000_000, integer: true }) ?? 20;
}

/**
 * Returns the result, with the capture's error when it was truncated or corrupt: main prints the
 * results up to that point, then the error (stderr names the offset; `--json` has an `error`
 * member), and exits 2.
 */
function finish(
  _ctx: ActionContext,
  a: CaptureAnalysis,
  result: CommandResult,
  _command: string,
): CommandResult {
  return a.error ? { ...result, error: a.error } : result;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const time = (t: number) => (Number.isFinite(t) ? new Date(Math.floor(t * 1000)).toISOString() : '-');

const summary: Action = {
  name: 'summary',
  summary: tx(
    'Packets, bytes, time span, rates, link types and interfaces of a capture (like capinfos).',
    'キャプチャのパケット数、バイト数、期間、レート、リンク種別、インターフェースを表示します（capinfos 相当）。',
  ),
  usage: 'netdoctor pcap summary <file|-> [--max-flows N]',
  description: tx(
    'Reads pcap and pcapng (found by magic number), gzip-compressed or not; `-` reads stdin.',
    'pcap と pcapng を（マジックナンバーで判別して）読みます。gzip 圧縮でもかまいません。`-` で標準入力から読みます。',
  ),
  examples: [
    'netdoctor pcap summary office.pcapng',
    'tcpdump -i eth0 -c 1000 -w - | netdoctor pcap summary -',
  ],
  options: { ...ENGINE_OPTIONS },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const a = await analyzeCapture(ctx.args[0]!, engineOptions(ctx));
    const r = summaryReport(a);
    const s = r.summary;
    const ja = ctx.lang === 'ja';
    const order = s.byteOrder === 'little-endian' ? 'リトルエンディアン' : 'ビッグエンディアン';
    const resolution =
      s.resolution === 'micro' ? 'マイクロ秒' : s.resolution === 'nano' ? 'ナノ秒' : s.resolution;
    const rows = ja
      ? [
          [
            '形式',
            `${s.format}${s.compressed ? '（gzip）' : ''}、${order}${s.resolution ? `、${resolution}` : ''}`,
          ],
          ['パケット数', int(s.packets)],
          [
            'バイト数',
            `${int(s.bytes)}${s.capturedBytes !== s.bytes ? `（キャプチャ済み ${int(s.capturedBytes)}）` : ''}`,
          ],
          ['最初のパケット', s.firstTime ?? '-'],
          ['最後のパケット', s.lastTime ?? '-'],
          ['期間', durationText(s.durationSeconds, 'ja')],
          ['データレート', `${int(s.bytesPerSecond)} バイト/秒、${int(s.bitsPerSecond)} ビット/秒`],
          ['パケットレート', `${s.packetsPerSecond.toFixed(1)} パケット/秒`],
          ['平均パケットサイズ', `${s.averagePacketSize.toFixed(1)} バイト`],
          ['フロー数', int(s.flows)],
          ['リンク種別', s.linkTypes.map((l) => `${l.title}（${int(l.packets)}）`).join('、') || '-'],
          [
            'インターフェース',
            s.interfaces
              .map((i) => `#${i.id}${i.name ? ` ${i.name}` : ''}（${int(i.packets)} パケット）`)
              .join('、') || '-',
          ],
        ]
      : [
          [
            'format',
            `${s.format}${s.compressed ? ' (gzip)' : ''}, ${s.byteOrder}${s.resolution ? `, ${s.resolution}seconds` : ''}`,
          ],
          ['packets', int(s.packets)],
          [
            'bytes',
            `${int(s.bytes)}${s.capturedBytes !== s.bytes ? ` (${int(s.capturedBytes)} captured)` : ''}`,
          ],
          ['first packet', s.firstTime ?? '-'],
          ['last packet', s.lastTime ?? '-'],
          ['duration', `${s.durationSeconds.toFixed(3)} s`],
          ['data rate', `${int(s.bytesPerSecond)} bytes/s, ${int(s.bitsPerSecond)} bits/s`],
          ['packet rate', `${s.packetsPerSecond.toFixed(1)} packets/s`],
          ['average packet size', `${s.averagePacketSize.toFixed(1)} bytes`],
          ['flows', int(s.flows)],
          ['link types', s.linkTypes.map((l) => `${l.title} (${int(l.packets)})`).join(', ') || '-'],
          [
            'interfaces',
            s.interfaces
              .map((i) => `#${i.id}${i.name ? ` ${i.name}` : ''} (${int(i.packets)} packets)`)
              .join(', ') || '-',
          ],
        ];
    return finish(ctx, a, { findings: r.findings, data: { summary: s }, text: table(rows) }, 'pcap summary');
  },
};

const protocols: Action = {
  name: 'protocols',
  summary: tx(
    'The protocol hierarchy with packet and byte shares; says which labels come from payloads and which only from a port.',
    'プロトコル階層をパケット数・バイト数の割合付きで表示し、判定がペイロードによるものかポート番号だけによるものかを示します。',
  ),
  usage: 'netdoctor pcap protocols <file|-> [--max-flows N]',
  examples: ['netdoctor pcap protocols office.pcapng', 'netdoctor pcap protocols office.pcapng --json'],
  options: { ...ENGINE_OPTIONS },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const a = await analyzeCapture(ctx.args[0]!, engineOptions(ctx));
    const r = protocolsReport(a);
    const text = table(hierarchyRows(r.protocols, ctx.lang), {
      header:
        ctx.lang === 'ja'
          ? ['プロトコル', 'パケット数', '%', 'バイト数', '%', '判定の根拠']
          : ['PROTOCOL', 'PACKETS', '%', 'BYTES', '%', 'LABEL FROM'],
      right: [1, 2, 3, 4],
    });
    return finish(ctx, a, { findings: r.findings, data: { protocols: r.protocols }, text }, 'pcap protocols');
  },
};

const conversationsAction: Action = {
  name: 'conversations',
  summary: tx(
    'Who talks to whom: by IP pair, or by TCP/UDP port pair, with bytes and packets each way.',
    '誰が誰と通信しているかを、IP の組または TCP/UDP ポートの組ごとに、方向別のバイト数・パケット数付きで表示します。',
  ),
  usage: 'netdoctor pcap conversations <file|-> [--by ip|tcp|udp] [--top N] [--rank bytes|packets]',
  examples: [
    'netdoctor pcap conversations office.pcapng',
    'netdoctor pcap conversations office.pcapng --by tcp --top 10 --rank packets',
  ],
  options: {
    by: {
      type: 'string',
      valueName: 'ip|tcp|udp',
      description: tx(
        'what a conversation is',
        '何を 1 つの会話とみなすか（IP の組か、TCP・UDP のポートの組か）',
      ),
      defaultText: 'ip',
    },
    ...TOP_OPTIONS,
    ...ENGINE_OPTIONS,
  },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const by = (ctx.options.by as string | undefined) ?? 'ip';
    if (by !== 'ip' && by !== 'tcp' && by !== 'udp')
      throw usageError(CLI_ERRORS.oneOf, '--by', { choices: choices(['ip', 'tcp', 'udp']), value: by });
    const rankBy = rankOf(ctx);
    const top = topOf(ctx);
    const a = await analyzeCapture(ctx.args[0]!, engineOptions(ctx));
    const r = conversationsReport(a, { by: by as ConversationKind, top, rankBy });
    const rows = (ctx.json ? [] : r.conversations).map((c) => [
      c.aPort === undefined ? c.a : `${c.a}:${c.aPort}`,
      c.bPort === undefined ? c.b : `${c.b}:${c.bPort}`,
      by === 'ip' ? c.transport : c.applications.join(','),
      int(c.packetsAtoB),
      int(c.bytesAtoB),
      int(c.packetsBtoA),
      int(c.bytesBtoA),
      int(c.bytes),
      c.durationSeconds.toFixed(3),
      ...(by === 'tcp' ? [int(c.retransmissions)] : []),
    ]);
    const ja = ctx.lang === 'ja';
    const header = ja
      ? [
          'A',
          'B',
          by === 'ip' ? 'プロトコル' : 'アプリケーション',
          'パケット A→B',
          'バイト A→B',
          'パケット B→A',
          'バイト B→A',
          'バイト計',
          '秒',
        ]
      : [
          'A',
          'B',
          by === 'ip' ? 'PROTOCOLS' : 'APPLICATION',
          'PKTS A→B',
          'BYTES A→B',
          'PKTS B→A',
          'BYTES B→A',
          'BYTES',
          'SECONDS',
        ];
    if (by === 'tcp') header.push(ja ? '再送' : 'RETRANS');
    const shown =
      r.conversations.length < r.total
        ? ja
          ? `\n（${r.total} 件中 ${r.conversations.length} 件を表示。--top 0 ですべて表示します）`
          : `\n(${r.conversations.length} of ${r.total} conversations; --top 0 shows all)`
        : '';
    const text = rows.length ? table(rows, { header, right: [3, 4, 5, 6, 7, 8, 9] }) + shown : '';
    return finish(
      ctx,
      a,
      {
        findings: r.findings,
        data: { by, total: r.total, conversations: r.conversations },
        text,
      },
      'pcap conversations',
    );
  },
};

const endpointsAction: Action = {
  name: 'endpoints',
  summary: tx(
    'Every IP address with bytes and packets sent and received, its number of peers and of remote ports.',
    'IP アドレスごとに、送受信のバイト数・パケット数、通信相手の数、相手側ポートの数を表示します。',
  ),
  usage: 'netdoctor pcap endpoints <file|-> [--top N] [--rank bytes|packets]',
  examples: [
    'netdoctor pcap endpoints office.pcapng',
    'netdoctor pcap endpoints office.pcapng --top 0 --json',
  ],
  options: { ...TOP_OPTIONS, ...ENGINE_OPTIONS },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const rankBy = rankOf(ctx);
    const top = topOf(ctx);
    const a = await analyzeCapture(ctx.args[0]!, engineOptions(ctx));
    const r = endpointsReport(a, { top, rankBy });
    const rows = (ctx.json ? [] : r.endpoints).map((e) => [
      e.address,
      int(e.packets),
      int(e.bytes),
      int(e.packetsSent),
      int(e.bytesSent),
      int(e.packetsReceived),
      int(e.bytesReceived),
      int(e.peers),
      int(e.remotePorts),
      e.applications.slice(0, 4).join(','),
    ]);
    const ja = ctx.lang === 'ja';
    const shown =
      r.endpoints.length < r.total
        ? ja
          ? `\n（${r.total} 件中 ${r.endpoints.length} 件を表示。--top 0 ですべて表示します）`
          : `\n(${r.endpoints.length} of ${r.total} endpoints; --top 0 shows all)`
        : '';
    const jaHeader = [
      'アドレス',
      'パケット数',
      'バイト数',
      '送信パケット',
      '送信バイト',
      '受信パケット',
      '受信バイト',
      '相手数',
      'ポート数',
      'アプリケーション',
    ];
    const text = rows.length
      ? table(rows, {
          header: ja
            ? jaHeader
            : [
                'ADDRESS',
                'PACKETS',
                'BYTES',
                'PKTS SENT',
                'BYTES SENT',
                'PKTS RCVD',
                'BYTES RCVD',
                'PEERS',
                'PORTS',
                'APPLICATIONS',
              ],
          right: [1, 2, 3, 4, 5, 6, 7, 8],
        }) + shown
      : '';
    return finish(
      ctx,
      a,
      { findings: r.findings, data: { total: r.total, endpoints: r.endpoints }, text },
      'pcap endpoints',
    );
  },
};

const io: Action = {
  name: 'io',
  summary: tx(
    'Packets and bytes per interval (an I/O graph), as a table and optionally as an SVG chart.',
    '一定間隔ごとのパケット数とバイト数（I/O グラフ）を表で表示し、SVG のグラフも書き出せます。',
  ),
  usage: 'netdoctor pcap io <file|-> [--interval 1s] [--chart out.svg]',
  examples: [
    'netdoctor pcap io office.pcapng --interval 1s',
    'netdoctor pcap io office.pcapng --interval 10s --chart traffic.svg',
  ],
  options: {
    interval: {
      type: 'string',
      valueName: 'DURATION',
      description: tx('interval length: 100ms, 1s, 5m …', '区間の長さ: 100ms、1s、5m など'),
      defaultText: '1s',
    },
    chart: {
      type: 'string',
      valueName: 'FILE.svg',
      description: tx('also write the graph as an SVG image', 'グラフを SVG 画像にも書き出す'),
    },
    ...ENGINE_OPTIONS,
  },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const interval = parseInterval((ctx.options.interval as string | undefined) ?? '1s');
    const chart = ctx.options.chart as string | undefined;
    if (chart !== undefined && chart.trim() === '') throw usageError(CLI_ERRORS.needsFileName, '--chart');
    if (chart !== undefined) refuseOutputOverInput(chart, { inputs: [ctx.args[0]!], option: 'chart' });
    const a = await analyzeCapture(ctx.args[0]!, { ...engineOptions(ctx), ioInterval: interval });
    const r = ioReport(a);
    if (chart !== undefined) {
      const title = `${a.info.input === '-' ? 'stdin' : a.info.input}: traffic`;
      writeOutputFile(chart, ioChartSvg(r.io, title), { inputs: [ctx.args[0]!], option: 'chart' });
    }
    const rows = (ctx.json ? [] : r.io.intervals).map((i) => [
      i.offset.toFixed(3),
      time(i.start),
      int(i.packets),
      int(i.bytes),
      int((8 * i.bytes) / interval),
    ]);
    const ja = ctx.lang === 'ja';
    const header = ja
      ? ['経過秒', '開始', 'パケット数', 'バイト数', 'ビット/秒']
      : ['OFFSET S', 'START', 'PACKETS', 'BYTES', 'BITS/S'];
    const written = ja ? `\n\nグラフを ${chart} に書き出しました` : `\n\nchart written to ${chart}`;
    const text = rows.length ? table(rows, { header, right: [0, 2, 3, 4] }) + (chart ? written : '') : '';
    return finish(
      ctx,
      a,
      { findings: r.findings, data: { io: r.io, ...(chart ? { chart } : {}) }, text },
      'pcap io',
    );
  },
};

const diagnoseAction: Action = {
  name: 'diagnose',
  summary: tx(
    'Findings: top talkers, P2P hosts and their peers, one-way ESP/IKE and IKE errors, unanswered DNS, retransmissions, RST storms.',
    '指摘: 通信量の多いホスト、P2P ホストとその相手、片方向だけの ESP/IKE と IKE のエラー、応答のない DNS、再送、RST の多発。',
  ),
  usage: 'netdoctor pcap diagnose <file|-> [--talkers N] [--min-peers N]',
  examples: ['netdoctor pcap diagnose office.pcapng', 'netdoctor pcap diagnose vpn.pcap --json'],
  options: {
    talkers: {
      type: 'string',
      valueName: 'N',
      description: tx('how many top talkers to report', '通信量の多いホストを何台まで報告するか'),
      defaultText: '3',
    },
    'min-peers': {
      type: 'string',
      valueName: 'N',
      description: tx(
        'peers on non-well-known ports that make an unrecognised host look like P2P',
        '未判別のホストを P2P とみなす、ウェルノウンでないポートの通信相手の数',
      ),
      defaultText: '10',
    },
    ...ENGINE_OPTIONS,
  },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const topTalkers = numberOption(ctx.options, 'talkers', { min: 0, max: 1000, integer: true });
    const minPeers = numberOption(ctx.options, 'min-peers', { min: 1, max: 100_000, integer: true });
    const r = await diagnoseCapture(ctx.args[0]!, {
      ...engineOptions(ctx),
      ...(topTalkers !== undefined ? { topTalkers } : {}),
      ...(minPeers !== undefined ? { minPeers } : {}),
    });
    const { analysis, findings, ...data } = r;
    const s = analysis.counters;
    const text =
      ctx.lang === 'ja'
        ? `パケット ${int(s.packets)} 個、${int(s.bytes)} バイト、フロー ${int(analysis.table.count)} 本`
        : `${int(s.packets)} packets, ${int(s.bytes)} bytes, ${int(analysis.table.count)} flows`;
    return finish(ctx, analysis, { findings, data, text }, 'pcap diagnose');
  },
};

export const pcapCommand: Capability = {
  name: 'pcap',
  summary: tx(
    'read captures (pcap, pcapng, gzip, stdin): summary, protocols, conversations, endpoints, I/O, diagnose',
    'キャプチャ（pcap、pcapng、gzip、標準入力）を読む: 概要、プロトコル、会話、エンドポイント、I/O、診断',
  ),
  actions: [summary, protocols, conversationsAction, endpointsAction, io, diagnoseAction],
};
