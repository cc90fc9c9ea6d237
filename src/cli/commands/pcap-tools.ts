/** `netdoctor pcap find|follow|write`: packet-level tools (display filters, TCP/UDP streams, cutting). */

import { type FindOptions, findPackets } from '../../capture/filter/find.js';
import { type PacketSummary, summarize, summaryLine } from '../../capture/filter/packet-line.js';
import {
  FOLLOW_DEFAULTS,
  type FollowChunk,
  followStream,
  parseEndpoints,
} from '../../capture/streams/follow.js';
import { writePackets } from '../../capture/write/index.js';
import { catalog } from '../../catalog.js';
import type { NetdoctorError } from '../../core/errors.js';
import { usageError } from '../../core/errors.js';
import { sortBySeverity } from '../../core/findings.js';
import { localize } from '../../core/i18n.js';
import type { Action, ActionContext, Capability, CommandResult, OptionSpec } from '../command.js';
import { renderFindings } from '../render/findings.js';
import { numberOption } from './shared.js';

const SELECT_OPTIONS: Record<string, OptionSpec> = {
  filter: {
    type: 'string',
    short: 'f',
    valueName: 'EXPR',
    description: 'display filter, e.g. "tcp.flags.reset == 1 and ip.addr == 10.0.0.0/8" (see README)',
  },
  rst: { type: 'boolean', description: 'TCP resets only (tcp.flags.reset == 1)' },
  retransmissions: { type: 'boolean', description: 'TCP segments that repeat data already sent' },
  'dns-unanswered': {
    type: 'boolean',
    description: 'DNS queries over UDP that got no response (reads a file twice)',
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

/** Prints what was found before a capture's damage, then throws the error (exit 2, offset named). */
function finishAfterDamage(
  ctx: ActionContext,
  error: NetdoctorError | undefined,
  result: CommandResult,
): CommandResult {
  if (!error) return result;
  const localized = sortBySeverity(result.findings).map((f) => localize(f, catalog, ctx.lang));
  if (ctx.json) {
    const e = { code: error.code, message: error.message, offset: error.offset };
    ctx.stdout.write(
      `${JSON.stringify({ ...(result.data ?? {}), error: e, findings: localized }, null, 2)}\n`,
    );
  } else {
    const parts = [result.text, renderFindings(localized, ctx.style, ctx.lang)].filter((p) => p);
    if (parts.length) ctx.stdout.write(`${parts.join('\n\n')}\n`);
  }
  throw error;
}

const find: Action = {
  name: 'find',
  summary: 'List the packets a display filter selects (a subset of Wireshark’s language), like tshark -Y.',
  usage:
    'netdoctor pcap find <file|-> [--filter EXPR] [--rst] [--retransmissions] [--dns-unanswered] [--count]',
  description:
    'Fields: frame.number frame.len frame.cap_len frame.time_relative eth.addr/src/dst ip.addr/src/dst ip.proto ip.ttl\n' +
    'ip.len ipv6.addr/src/dst tcp.port/srcport/dstport tcp.len tcp.flags.syn/ack/reset/fin/push/urg udp.port/srcport/\n' +
    'dstport udp.length dns.qry.name tls.handshake.extensions_server_name http.host, and protocol names (tcp, udp, dns,\n' +
    'tls, http, esp, isakmp, gnutella, …). Operators: == != < <= > >= contains in {…} and or not && || ! ( ).\n' +
    'Addresses take a network: ip.addr == 10.0.0.0/8. Anything else is an error naming the part and its column.',
  examples: [
    'netdoctor pcap find office.pcap --filter "tcp.flags.reset == 1"',
    'netdoctor pcap find office.pcap --filter "ip.addr == 192.168.1.129 and not tcp.port in {80, 443}" --count',
    'netdoctor pcap find office.pcap --dns-unanswered --json',
    'netdoctor pcap find vpn.pcap --filter "esp or isakmp"',
  ],
  options: {
    ...SELECT_OPTIONS,
    count: { type: 'boolean', short: 'c', description: 'print only the number of packets selected' },
    limit: {
      type: 'string',
      valueName: 'N',
      description: 'list at most N packets (0: all); the count still covers every packet',
      defaultText: '0 (all) for text, 10000 for --json',
    },
  },
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
      pending += `${summaryLine(s)}\n`;
      if (pending.length > 65536) {
        ctx.stdout.write(pending);
        pending = '';
      }
    });
    if (pending) ctx.stdout.write(pending);
    const counts = `${r.matched} of ${r.packets} packets match${r.filter ? ` ${r.filter}` : ''}`;
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

function chunkText(c: FollowChunk, nodes: [string, string], hex: boolean): string {
  const from = nodes[c.direction];
  const to = nodes[c.direction === 0 ? 1 : 0];
  if (c.missing !== undefined) return `[${c.missing} bytes missing from the capture: ${from} → ${to}]`;
  const data = c.data as Uint8Array;
  const head = `${c.direction === 0 ? '>>>' : '<<<'} ${from} → ${to} (frame ${c.frame}, ${data.length} bytes)`;
  return `${head}\n${hex ? hexDump(data, c.direction === 0 ? '' : '    ') : printable(data).replace(/\n$/, '')}`;
}

const follow: Action = {
  name: 'follow',
  summary:
    'Show one TCP stream reassembled in order (or a UDP conversation), like Wireshark’s Follow Stream.',
  usage: 'netdoctor pcap follow <file|-> <stream-index | a:port-b:port> [--udp] [--hex] [--max-bytes N]',
  description:
    'The stream index is tshark’s tcp.stream / udp.stream (0 = the first conversation in the capture). Retransmitted\n' +
    'and overlapping data is shown once; bytes the capture missed are shown as a gap. ">>>" marks data from the side\n' +
    'that sent the first packet, "<<<" the answers.',
  examples: [
    'netdoctor pcap follow mail.pcap 0',
    'netdoctor pcap follow mail.pcap 192.0.2.25:25-198.51.100.7:51234 --hex',
    'netdoctor pcap follow dns.pcap 3 --udp --json',
  ],
  options: {
    udp: { type: 'boolean', description: 'follow a UDP conversation instead of a TCP stream' },
    hex: { type: 'boolean', description: 'hex dump instead of text' },
    'max-bytes': {
      type: 'string',
      valueName: 'N',
      description: 'keep at most N payload bytes (both directions); the rest is counted',
      defaultText: String(FOLLOW_DEFAULTS.maxBytes),
    },
    'max-pending': {
      type: 'string',
      valueName: 'N',
      description: 'hold at most N out-of-order bytes per direction before declaring a gap',
      defaultText: String(FOLLOW_DEFAULTS.maxPending),
    },
  },
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    const [input, flow] = ctx.args as [string, string];
    const maxBytes = numberOption(ctx.options, 'max-bytes', { min: 0, max: 2 ** 32, integer: true });
    const maxPending = numberOption(ctx.options, 'max-pending', { min: 0, max: 2 ** 32, integer: true });
    const endpoints = parseEndpoints(flow);
    const stream = /^\d+$/.test(flow) ? Number(flow) : undefined;
    if (!endpoints && stream === undefined) {
      throw usageError(
        `"${flow}" is neither a stream index (0, 1, …) nor endpoints like 192.0.2.1:25-192.0.2.2:51000`,
        flow,
      );
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
      `${r.protocol.toUpperCase()} stream ${r.stream}: ${r.nodes[0]} ⇄ ${r.nodes[1]}, ${r.packets} packets, ${r.bytes[0]} bytes >>>, ${r.bytes[1]} bytes <<<`,
      ...r.chunks.map((c) => chunkText(c, r.nodes, hex)),
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
  summary: 'Write the packets a filter selects to a new pcap or pcapng file (timestamps and lengths kept).',
  usage: 'netdoctor pcap write <file|-> -o <out.pcap|out.pcapng> [--filter EXPR] [--rst] [--retransmissions]',
  description:
    'Without a filter every packet is copied (e.g. to turn a pcapng into a pcap). A .pcapng name (or --format pcapng)\n' +
    'writes pcapng with nanosecond timestamps; a pcap holds one link type and keeps the input’s resolution.',
  examples: [
    'netdoctor pcap write office.pcap --filter "ip.addr == 192.168.1.129" -o pc129.pcap',
    'netdoctor pcap write vpn.pcapng --filter "esp or isakmp" -o ipsec-only.pcapng',
  ],
  options: {
    ...SELECT_OPTIONS,
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'the file to write (required)' },
    format: {
      type: 'string',
      valueName: 'pcap|pcapng',
      description: 'output format',
      defaultText: 'pcapng for .pcapng names, else pcap',
    },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const input = ctx.args[0] as string;
    const output = ctx.options.output as string | undefined;
    if (!output) throw usageError('the output file is required, e.g. -o selected.pcap', '--output');
    const format = ctx.options.format as string | undefined;
    if (format !== undefined && format !== 'pcap' && format !== 'pcapng') {
      throw usageError(`must be pcap or pcapng (got "${format}")`, '--format');
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
    const text = `${r.written} of ${r.packets} packets written to ${r.output} (${r.format}${r.format === 'pcap' ? `, ${r.resolution}second timestamps` : ''})`;
    return finishAfterDamage(ctx, r.error, { findings: r.findings, data, text });
  },
};

export const pcapToolsCommand: Capability = {
  name: 'pcap',
  summary: 'read captures: summary, protocols, conversations, endpoints, I/O, find, follow, write',
  actions: [find, follow, write],
};
