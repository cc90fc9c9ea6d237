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
import { catalog } from '../../catalog.js';
import { usageError } from '../../core/errors.js';
import { sortBySeverity } from '../../core/findings.js';
import { localize } from '../../core/i18n.js';
import { refuseOutputOverInput, writeOutputFile } from '../../core/output.js';
import type { Action, ActionContext, Capability, CommandResult, OptionSpec } from '../command.js';
import { CLI_ERRORS, choices, tx } from '../l10n.js';
import { renderFindings } from '../render/findings.js';
import { table } from '../render/table.js';
import { numberOption } from './shared.js';

const ENGINE_OPTIONS: Record<string, OptionSpec> = {
  'max-flows': {
    type: 'string',
    valueName: 'N',
    description: 'track at most N flows (about 150 bytes each); later flows are counted but not tracked',
    defaultText: String(DEFAULT_MAX_FLOWS),
  },
};

const TOP_OPTIONS: Record<string, OptionSpec> = {
  top: { type: 'string', valueName: 'N', description: 'show the first N rows (0: all)', defaultText: '20' },
  rank: { type: 'string', valueName: 'bytes|packets', description: 'order rows by', defaultText: 'bytes' },
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
  summary: 'Packets, bytes, time span, rates, link types and interfaces of a capture (like capinfos).',
  usage: 'netdoctor pcap summary <file|-> [--max-flows N]',
  description: 'Reads pcap and pcapng (found by magic number), gzip-compressed or not; `-` reads stdin.',
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
    const rows = [
      [
        'format',
        `${s.format}${s.compressed ? ' (gzip)' : ''}, ${s.byteOrder}${s.resolution ? `, ${s.resolution}seconds` : ''}`,
      ],
      ['packets', int(s.packets)],
      ['bytes', `${int(s.bytes)}${s.capturedBytes !== s.bytes ? ` (${int(s.capturedBytes)} captured)` : ''}`],
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
  summary:
    'The protocol hierarchy with packet and byte shares; says which labels come from payloads and which only from a port.',
  usage: 'netdoctor pcap protocols <file|-> [--max-flows N]',
  examples: ['netdoctor pcap protocols office.pcapng', 'netdoctor pcap protocols office.pcapng --json'],
  options: { ...ENGINE_OPTIONS },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const a = await analyzeCapture(ctx.args[0]!, engineOptions(ctx));
    const r = protocolsReport(a);
    const text = table(hierarchyRows(r.protocols), {
      header: ['PROTOCOL', 'PACKETS', '%', 'BYTES', '%', 'LABEL FROM'],
      right: [1, 2, 3, 4],
    });
    return finish(ctx, a, { findings: r.findings, data: { protocols: r.protocols }, text }, 'pcap protocols');
  },
};

const conversationsAction: Action = {
  name: 'conversations',
  summary: 'Who talks to whom: by IP pair, or by TCP/UDP port pair, with bytes and packets each way.',
  usage: 'netdoctor pcap conversations <file|-> [--by ip|tcp|udp] [--top N] [--rank bytes|packets]',
  examples: [
    'netdoctor pcap conversations office.pcapng',
    'netdoctor pcap conversations office.pcapng --by tcp --top 10 --rank packets',
  ],
  options: {
    by: { type: 'string', valueName: 'ip|tcp|udp', description: 'what a conversation is', defaultText: 'ip' },
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
    const header = [
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
    if (by === 'tcp') header.push('RETRANS');
    const shown =
      r.conversations.length < r.total
        ? `\n(${r.conversations.length} of ${r.total} conversations; --top 0 shows all)`
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
  summary:
    'Every IP address with bytes and packets sent and received, its number of peers and of remote ports.',
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
    const shown =
      r.endpoints.length < r.total
        ? `\n(${r.endpoints.length} of ${r.total} endpoints; --top 0 shows all)`
        : '';
    const text = rows.length
      ? table(rows, {
          header: [
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
  summary: 'Packets and bytes per interval (an I/O graph), as a table and optionally as an SVG chart.',
  usage: 'netdoctor pcap io <file|-> [--interval 1s] [--chart out.svg]',
  examples: [
    'netdoctor pcap io office.pcapng --interval 1s',
    'netdoctor pcap io office.pcapng --interval 10s --chart traffic.svg',
  ],
  options: {
    interval: {
      type: 'string',
      valueName: 'DURATION',
      description: 'interval length: 100ms, 1s, 5m …',
      defaultText: '1s',
    },
    chart: { type: 'string', valueName: 'FILE.svg', description: 'also write the graph as an SVG image' },
    ...ENGINE_OPTIONS,
  },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const interval = parseInterval((ctx.options.interval as string | undefined) ?? '1s');
    const chart = ctx.options.chart as string | undefined;
    if (chart !== undefined && chart.trim() === '') throw usageError(CLI_ERRORS.needsFileName, '--chart');
    if (chart !== undefined) refuseOutputOverInput(chart, { inputs: [ctx.args[0]!], flag: '--chart' });
    const a = await analyzeCapture(ctx.args[0]!, { ...engineOptions(ctx), ioInterval: interval });
    const r = ioReport(a);
    if (chart !== undefined) {
      const title = `${a.info.input === '-' ? 'stdin' : a.info.input}: traffic`;
      writeOutputFile(chart, ioChartSvg(r.io, title), { inputs: [ctx.args[0]!], flag: '--chart' });
    }
    const rows = (ctx.json ? [] : r.io.intervals).map((i) => [
      i.offset.toFixed(3),
      time(i.start),
      int(i.packets),
      int(i.bytes),
      int((8 * i.bytes) / interval),
    ]);
    const text = rows.length
      ? table(rows, { header: ['OFFSET S', 'START', 'PACKETS', 'BYTES', 'BITS/S'], right: [0, 2, 3, 4] }) +
        (chart ? `\n\nchart written to ${chart}` : '')
      : '';
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
  summary:
    'Findings: top talkers, P2P hosts and their peers, one-way ESP/IKE and IKE errors, unanswered DNS, retransmissions, RST storms.',
  usage: 'netdoctor pcap diagnose <file|-> [--talkers N] [--min-peers N]',
  examples: ['netdoctor pcap diagnose office.pcapng', 'netdoctor pcap diagnose vpn.pcap --json'],
  options: {
    talkers: {
      type: 'string',
      valueName: 'N',
      description: 'how many top talkers to report',
      defaultText: '3',
    },
    'min-peers': {
      type: 'string',
      valueName: 'N',
      description: 'peers on non-well-known ports that make an unrecognised host look like P2P',
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
    const text = `${int(s.packets)} packets, ${int(s.bytes)} bytes, ${int(analysis.table.count)} flows`;
    return finish(ctx, analysis, { findings, data, text }, 'pcap diagnose');
  },
};

export const pcapCommand: Capability = {
  name: 'pcap',
  summary:
    'read captures (pcap, pcapng, gzip, stdin): summary, protocols, conversations, endpoints, I/O, diagnose',
  actions: [summary, protocols, conversationsAction, endpointsAction, io, diagnoseAction],
};
