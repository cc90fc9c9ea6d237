/** `netdoctor pcap find|follow|write`: packet-level tools (display filters, TCP/UDP streams, cutting). */

import {
  type FindOptions,
  FOLLOW_DEFAULTS,
  type FollowChunk,
  findPackets,
  followStream,
  type PacketSummary,
  parseEndpoints,
  summarize,
  summaryLine,
  writePackets,
} from '../../capture/index.js';
import type { NetdoctorError } from '../../core/errors.js';
import { usageError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import type { Action, ActionContext, Capability, CommandResult, OptionSpec } from '../command.js';
import { CLI_ERRORS, choices, tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { numberOption } from './shared.js';

const SELECT_OPTIONS: Record<string, OptionSpec> = {
  filter: {
    type: 'string',
    short: 'f',
    valueName: 'EXPR',
    description: tx(
      'display filter, e.g. "tcp.flags.reset == 1 and ip.addr == 10.0.0.0/8" (see README)',
      '表示フィルター（例: "tcp.flags.reset == 1 and ip.addr == 10.0.0.0/8"。README を参照）',
    ),
  },
  rst: {
    type: 'boolean',
    description: tx('TCP resets only (tcp.flags.reset == 1)', 'TCP の RST だけ（tcp.flags.reset == 1）'),
  },
  retransmissions: {
    type: 'boolean',
    description: tx(
      'TCP segments that repeat data already sent',
      '送信済みのデータを再び送った TCP セグメント',
    ),
  },
  'dns-unanswered': {
    type: 'boolean',
    description: tx(
      'DNS queries over UDP that got no response (reads a file twice)',
      '応答のなかった UDP の DNS 問い合わせ（ファイルを 2 回読みます）',
    ),
  },
};

function selectOptions(ctx: ActionContext): FindOptions {
  const o = ctx.options;
  const filter = o.filter as string | undefined;
  return {
    ...(filter !== undefined ? { filter } : {}),
    rst: o.rst === true,
    retransmissions: o.retransmissions === true,
    dnsUnanswered: o['dns-unanswered'] === true,
    stdin: ctx.stdin,
    progress: ctx.progress,
  };
}

/** What was found before a capture's damage, then its error: main prints both and exits 2. */
function finishAfterDamage(
  _ctx: ActionContext,
  error: NetdoctorError | undefined,
  result: CommandResult,
): CommandResult {
  return error ? { ...result, error } : result;
}

const find: Action = {
  name: 'find',
  summary: tx(
    'List the packets a display filter selects (a subset of Wireshark’s language), like tshark -Y.',
    '表示フィルター（Wireshark の記法の一部）に合うパケットを一覧します（tshark -Y 相当）。',
  ),
  usage:
    'netdoctor pcap find <file|-> [--filter EXPR] [--rst] [--retransmissions] [--dns-unanswered] [--count]',
  description: tx(
    'Fields: frame.number frame.len frame.cap_len frame.time_relative eth.addr/src/dst ip.addr/src/dst ip.proto ip.ttl\n' +
      'ip.len ipv6.addr/src/dst tcp.port/srcport/dstport tcp.len tcp.flags.syn/ack/reset/fin/push/urg udp.port/srcport/\n' +
      'dstport udp.length dns.qry.name tls.handshake.extensions_server_name http.host, and protocol names (tcp, udp, dns,\n' +
      'tls, http, esp, isakmp, gnutella, …). Operators: == != < <= > >= contains in {…} and or not && || ! ( ).\n' +
      'Addresses take a network: ip.addr == 10.0.0.0/8. Anything else is an error naming the part and its column.',
    'フィールド: frame.number frame.len frame.cap_len frame.time_relative eth.addr/src/dst ip.addr/src/dst ip.proto ip.ttl\n' +
      'ip.len ipv6.addr/src/dst tcp.port/srcport/dstport tcp.len tcp.flags.syn/ack/reset/fin/push/urg udp.port/srcport/\n' +
      'dstport udp.length dns.qry.name tls.handshake.extensions_server_name http.host、およびプロトコル名（tcp、udp、dns、\n' +
      'tls、http、esp、isakmp、gnutella など）。演算子: `== != < <= > >= contains in {…} and or not && || ! ( )`\n' +
      'アドレスにはネットワークも書けます: ip.addr == 10.0.0.0/8。それ以外はエラーになり、該当箇所と何文字目かを示します。',
  ),
  examples: [
    'netdoctor pcap find office.pcap --filter "tcp.flags.reset == 1"',
    'netdoctor pcap find office.pcap --filter "ip.addr == 192.168.1.129 and not tcp.port in {80, 443}" --count',
    'netdoctor pcap find office.pcap --dns-unanswered --json',
    'netdoctor pcap find vpn.pcap --filter "esp or isakmp"',
  ],
  options: {
    ...SELECT_OPTIONS,
    count: {
      type: 'boolean',
      short: 'c',
      description: tx('print only the number of packets selected', '合ったパケットの数だけを表示する'),
    },
    limit: {
      type: 'string',
      valueName: 'N',
      description: tx(
        'list at most N packets (0: all); the count still covers every packet',
        '一覧するパケットの上限（0 ですべて）。件数はすべてのパケットについて数えます',
      ),
      defaultText: tx('0 (all) for text, 10000 for --json', 'テキストでは 0（すべて）、--json では 10000'),
    },
  },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const input = ctx.args[0] as string;
    const limit =
      numberOption(ctx.options, 'limit', { min: 0, max: 1e9, integer: true }) ?? (ctx.json ? 10000 : 0);
    const countOnly = ctx.options.count === true;
    const listed: PacketSummary[] = [];
    const streaming = !ctx.json && !countOnly;
    let shown = 0;
    let pending = '';
    const r = await findPackets(input, { ...selectOptions(ctx), labels: !countOnly }, (view) => {
      if (countOnly || (limit > 0 && shown >= limit)) return;
      shown++;
      const s = summarize(view);
      if (!streaming) {
        listed.push(s);
        return;
      }
      pending += `${terminalSafe(summaryLine(s))}\n`; // host names and SNI come from the capture
      if (pending.length > 65536) {
        ctx.stdout.write(pending);
        pending = '';
      }
    });
    if (pending) ctx.stdout.write(pending);
    const counts =
      ctx.lang === 'ja'
        ? `${r.packets} パケット中 ${r.matched} 個が一致${r.filter ? `（${r.filter}）` : ''}`
        : `${r.matched} of ${r.packets} packets match${r.filter ? ` ${r.filter}` : ''}`;
    const data = {
      file: input,
      filter: r.filter,
      packets: r.packets,
      matched: r.matched,
      ...(ctx.json && !countOnly ? { listed: listed.length, matches: listed } : {}),
    };
    return finishAfterDamage(ctx, r.error, {
      findings: r.findings,
      data,
      text: countOnly ? String(r.matched) : counts,
    });
  },
};

function printable(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes)
    s += b === 0x0a || b === 0x09 || (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : '.';
  return s;
}

function hexDump(bytes: Uint8Array, indent: string): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(
      `${indent}${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${printable(row).replace(/[\n\t]/g, '.')}`,
    );
  }
  return lines.join('\n');
}

function chunkText(c: FollowChunk, nodes: [string, string], hex: boolean, lang: Lang): string {
  const ja = lang === 'ja';
  const from = nodes[c.direction];
  const to = nodes[c.direction === 0 ? 1 : 0];
  if (c.missing !== undefined)
    return ja
      ? `[キャプチャから ${c.missing} バイト欠落: ${from} → ${to}]`
      : `[${c.missing} bytes missing from the capture: ${from} → ${to}]`;
  const data = c.data as Uint8Array;
  const where = ja
    ? `（フレーム ${c.frame}、${data.length} バイト）`
    : ` (frame ${c.frame}, ${data.length} bytes)`;
  const head = `${c.direction === 0 ? '>>>' : '<<<'} ${from} → ${to}${where}`;
  return `${head}\n${hex ? hexDump(data, c.direction === 0 ? '' : '    ') : printable(data).replace(/\n$/, '')}`;
}

const follow: Action = {
  name: 'follow',
  summary: tx(
    'Show one TCP stream reassembled in order (or a UDP conversation), like Wireshark’s Follow Stream.',
    'TCP ストリーム（または UDP の通信）1 本を順序どおりに組み立てて表示します（Wireshark の「ストリームを追跡」相当）。',
  ),
  usage: 'netdoctor pcap follow <file|-> <stream-index | a:port-b:port> [--udp] [--hex] [--max-bytes N]',
  description: tx(
    'The stream index is tshark’s tcp.stream / udp.stream (0 = the first conversation in the capture). Retransmitted\n' +
      'and overlapping data is shown once; bytes the capture missed are shown as a gap. ">>>" marks data from the side\n' +
      'that sent the first packet, "<<<" the answers.',
    'ストリーム番号は tshark の tcp.stream / udp.stream と同じです（0 がキャプチャ内で最初の通信）。再送や重なった\n' +
      'データは 1 回だけ表示し、キャプチャが取りこぼしたバイトは欠落として示します。">>>" は最初のパケットを送った側\n' +
      'からのデータ、"<<<" はその応答です。',
  ),
  examples: [
    'netdoctor pcap follow mail.pcap 0',
    'netdoctor pcap follow mail.pcap 192.0.2.25:25-198.51.100.7:51234 --hex',
    'netdoctor pcap follow dns.pcap 3 --udp --json',
  ],
  options: {
    udp: {
      type: 'boolean',
      description: tx(
        'follow a UDP conversation instead of a TCP stream',
        'TCP ストリームではなく UDP の通信を追跡する',
      ),
    },
    hex: {
      type: 'boolean',
      description: tx('hex dump instead of text', 'テキストではなく 16 進ダンプで表示する'),
    },
    'max-bytes': {
      type: 'string',
      valueName: 'N',
      description: tx(
        'keep at most N payload bytes (both directions); the rest is counted',
        '保持するペイロードの上限バイト数（両方向の合計）。超えた分は数えるだけです',
      ),
      defaultText: String(FOLLOW_DEFAULTS.maxBytes),
    },
    'max-pending': {
      type: 'string',
      valueName: 'N',
      description: tx(
        'hold at most N out-of-order bytes per direction before declaring a gap',
        '欠落とみなす前に、方向ごとに保持する順序の乱れたバイト数の上限',
      ),
      defaultText: String(FOLLOW_DEFAULTS.maxPending),
    },
  },
  readsInput: true,
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    const [input, flow] = ctx.args as [string, string];
    const maxBytes = numberOption(ctx.options, 'max-bytes', { min: 0, max: 2 ** 32, integer: true });
    const maxPending = numberOption(ctx.options, 'max-pending', { min: 0, max: 2 ** 32, integer: true });
    const endpoints = parseEndpoints(flow);
    const stream = /^\d+$/.test(flow) ? Number(flow) : undefined;
    if (!endpoints && stream === undefined) {
      throw usageError(CLI_ERRORS.notFlow, flow, { flow });
    }
    const r = await followStream(input, {
      protocol: ctx.options.udp === true ? 'udp' : 'tcp',
      ...(stream !== undefined ? { stream } : {}),
      ...(endpoints ? { endpoints } : {}),
      ...(maxBytes !== undefined ? { maxBytes } : {}),
      ...(maxPending !== undefined ? { maxPending } : {}),
      stdin: ctx.stdin,
      progress: ctx.progress,
    });
    const hex = ctx.options.hex === true;
    const text = [
      ctx.lang === 'ja'
        ? `${r.protocol.toUpperCase()} ストリーム ${r.stream}: ${r.nodes[0]} ⇄ ${r.nodes[1]}、${r.packets} パケット、>>> ${r.bytes[0]} バイト、<<< ${r.bytes[1]} バイト`
        : `${r.protocol.toUpperCase()} stream ${r.stream}: ${r.nodes[0]} ⇄ ${r.nodes[1]}, ${r.packets} packets, ${r.bytes[0]} bytes >>>, ${r.bytes[1]} bytes <<<`,
      ...r.chunks.map((c) => chunkText(c, r.nodes, hex, ctx.lang)),
    ].join('\n');
    const data = {
      file: input,
      protocol: r.protocol,
      stream: r.stream,
      nodes: r.nodes,
      packets: r.packets,
      bytes: r.bytes,
      gaps: r.gaps,
      truncated: r.truncated,
      chunks: r.chunks.map((c) =>
        c.data ? { direction: c.direction, frame: c.frame, hex: Buffer.from(c.data).toString('hex') } : c,
      ),
    };
    return finishAfterDamage(ctx, r.error, { findings: r.findings, data, text });
  },
};

const write: Action = {
  name: 'write',
  summary: tx(
    'Write the packets a filter selects to a new pcap or pcapng file (timestamps and lengths kept).',
    'フィルターに合うパケットを新しい pcap / pcapng ファイルに書き出します（タイムスタンプと長さはそのまま）。',
  ),
  usage: 'netdoctor pcap write <file|-> -o <out.pcap|out.pcapng> [--filter EXPR] [--rst] [--retransmissions]',
  description: tx(
    'Without a filter every packet is copied (e.g. to turn a pcapng into a pcap). A .pcapng name (or --format pcapng)\n' +
      'writes pcapng with nanosecond timestamps; a pcap holds one link type and keeps the input’s resolution.',
    'フィルターがなければ全パケットをコピーします（pcapng を pcap に変換するときなど）。.pcapng という名前\n' +
      '（または --format pcapng）ならナノ秒のタイムスタンプで pcapng を書きます。pcap に入るリンク種別は 1 つだけで、\n' +
      'タイムスタンプの精度は入力と同じです。',
  ),
  examples: [
    'netdoctor pcap write office.pcap --filter "ip.addr == 192.168.1.129" -o pc129.pcap',
    'netdoctor pcap write vpn.pcapng --filter "esp or isakmp" -o ipsec-only.pcapng',
  ],
  options: {
    ...SELECT_OPTIONS,
    output: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: tx('the file to write (required)', '書き出すファイル（必須）'),
    },
    format: {
      type: 'string',
      valueName: 'pcap|pcapng',
      description: tx('output format', '出力形式'),
      defaultText: tx('pcapng for .pcapng names, else pcap', '名前が .pcapng なら pcapng、それ以外は pcap'),
    },
  },
  readsInput: true,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const input = ctx.args[0] as string;
    const output = ctx.options.output as string | undefined;
    if (!output) throw usageError(CLI_ERRORS.outputRequired, '--output');
    const format = ctx.options.format as string | undefined;
    if (format !== undefined && format !== 'pcap' && format !== 'pcapng') {
      throw usageError(CLI_ERRORS.oneOf, '--format', { choices: choices(['pcap', 'pcapng']), value: format });
    }
    const r = await writePackets(input, { ...selectOptions(ctx), output, ...(format ? { format } : {}) });
    const data = {
      file: input,
      output: r.output,
      format: r.format,
      resolution: r.resolution,
      packets: r.packets,
      written: r.written,
      filter: r.filter,
    };
    const precision = r.resolution === 'nano' ? 'ナノ秒' : 'マイクロ秒';
    const text =
      ctx.lang === 'ja'
        ? `${r.packets} パケット中 ${r.written} 個を ${r.output} に書き出しました（${r.format}${r.format === 'pcap' ? `、タイムスタンプは${precision}` : ''}）`
        : `${r.written} of ${r.packets} packets written to ${r.output} (${r.format}${r.format === 'pcap' ? `, ${r.resolution}second timestamps` : ''})`;
    return finishAfterDamage(ctx, r.error, { findings: r.findings, data, text });
  },
};

export const pcapToolsCommand: Capability = {
  name: 'pcap',
  summary: tx(
    'read captures: summary, protocols, conversations, endpoints, I/O, find, follow, write',
    'キャプチャを読む: 概要、プロトコル、会話、エンドポイント、I/O、検索、追跡、書き出し',
  ),
  actions: [find, follow, write],
};
