/**
 * `follow`: the bytes of one TCP connection (in order, retransmissions and overlaps dropped, gaps
 * shown) or one UDP conversation, picked by tshark's stream index (`tcp.stream` / `udp.stream`,
 * what `pcap conversations` lists) or by its endpoints `a:p-b:q`.
 *
 * Stream indexes follow tshark 4.0: a conversation is numbered when its first packet is seen; for
 * TCP a SYN whose sequence number differs from the one that opened the conversation in the same
 * direction (a new connection reusing the ports) starts the next index.
 *
 * @example
 *   const r = await followStream('mail.pcap', { protocol: 'tcp', stream: 0 });
 *   for (const c of r.chunks) if (c.data) process.stdout.write(c.data);
 */
import { NetdoctorError } from '../../core/errors.js';
import type { Finding } from '../../core/findings.js';
import { finding } from '../../core/findings.js';
import type { Progress } from '../../core/progress.js';
import { CAPTURE_ERRORS } from '../error-messages.js';
import { addressText } from '../filter/packet-line.js';
import { PacketView } from '../filter/packet-view.js';
import { readCapture } from '../reader/open.js';
import { type StreamSink, TcpDirection } from './tcp-reassembly.js';

export interface FlowEndpoints {
  a: string;
  aPort: number;
  b: string;
  bPort: number;
}

export interface FollowOptions {
  protocol: 'tcp' | 'udp';
  /** tshark's stream index; or `endpoints`. */
  stream?: number;
  endpoints?: FlowEndpoints;
  /** Most payload bytes kept (both directions); the rest is counted, not kept. */
  maxBytes?: number;
  /** Most out-of-order bytes held per direction before a gap is given up on. */
  maxPending?: number;
  stdin?: NodeJS.ReadableStream;
  progress?: Progress;
}

export interface FollowChunk {
  /** 0: from node 0 (who sent the conversation's first packet), 1: from node 1. */
  direction: 0 | 1;
  frame: number;
  data?: Uint8Array;
  /** Bytes missing from the capture before the next chunk of this direction. */
  missing?: number;
}

export interface FollowResult {
  findings: Finding[];
  protocol: 'tcp' | 'udp';
  stream: number;
  /** `address:port` of node 0 and node 1 (IPv6 in brackets). */
  nodes: [string, string];
  chunks: FollowChunk[];
  /** Payload bytes per direction (all of them, also past the cap). */
  bytes: [number, number];
  packets: number;
  gaps: number;
  /** True when `maxBytes` was reached: `chunks` holds the first bytes only. */
  truncated: boolean;
  /** Set when the capture is truncated or corrupt: the stream up to `error.offset` is shown. */
  error?: NetdoctorError;
}

export const FOLLOW_DEFAULTS = { maxBytes: 64 * 1024 * 1024, maxPending: 8 * 1024 * 1024 };
/** Conversations tracked while looking for the one asked for (each costs ~200 bytes). */
const MAX_TRACKED = 2_000_000;

export function endpointText(addr: string, port: number): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/**
 * Parses `a:p-b:q` as `pcap conversations` prints the endpoints: IPv4, IPv6 in brackets
 * (`[2001:db8::1]:443-[2001:db8::2]:51000`) or bare (`2001:db8::1:443-2001:db8::2:51000`, the port
 * after the last colon).
 */
export function parseEndpoints(text: string): FlowEndpoints | undefined {
  const sides = text.trim().split('-');
  if (sides.length !== 2) return undefined;
  const parsed = sides.map((side) => {
    const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(side) ?? /^([0-9a-fA-F:.]+):(\d{1,5})$/.exec(side);
    if (!m) return undefined;
    const addr = (m[1] as string).toLowerCase();
    const port = Number(m[2]);
    const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(addr);
    if (port > 65535 || (!v4 && !addr.includes(':'))) return undefined;
    if (v4) return { addr, port };
    try {
      // The WHATWG URL parser writes IPv6 in RFC 5952 form, as the capture's addresses are shown.
      return { addr: new URL(`http://[${addr}]/`).hostname.slice(1, -1), port };
    } catch {
      return undefined;
    }
  });
  const [x, y] = parsed;
  if (!x || !y) return undefined;
  return { a: x.addr, aPort: x.port, b: y.addr, bPort: y.port };
}

interface Conversation {
  index: number;
  /** Endpoint text of node 0 (the first packet's source). */
  node0: string;
  node1: string;
  /** First sequence number seen per direction (tshark's base_seq), for port-reuse detection. */
  base: [number | undefined, number | undefined];
}

/** Follows one stream through the capture at `input` (a path, or `-` for stdin). */
export async function followStream(input: string, options: FollowOptions): Promise<FollowResult> {
  const maxBytes = options.maxBytes ?? FOLLOW_DEFAULTS.maxBytes;
  const maxPending = options.maxPending ?? FOLLOW_DEFAULTS.maxPending;
  const tcp = options.protocol === 'tcp';
  const wanted = options.endpoints
    ? canonical(
        endpointText(options.endpoints.a, options.endpoints.aPort),
        endpointText(options.endpoints.b, options.endpoints.bPort),
      )
    : undefined;
  const view = new PacketView({ flows: false });
  let conversations: Map<string, Conversation> | undefined = new Map();
  let next = 0;
  let chosen: Conversation | undefined;
  let chosenKey = '';
  const result: FollowResult = {
    findings: [],
    protocol: options.protocol,
    stream: -1,
    nodes: ['', ''],
    chunks: [],
    bytes: [0, 0],
    packets: 0,
    gaps: 0,
    truncated: false,
  };
  let kept = 0;
  const sink: StreamSink = {
    data(direction, bytes, frame) {
      result.bytes[direction] += bytes.length;
      if (kept >= maxBytes) {
        result.truncated = true;
        return;
      }
      const take = bytes.subarray(0, maxBytes - kept);
      if (take.length < bytes.length) result.truncated = true;
      kept += take.length;
      result.chunks.push({ direction, frame, data: take.slice() });
    },
    gap(direction, missing, frame) {
      result.gaps++;
      result.chunks.push({ direction, frame, missing });
    },
  };
  const dirs = [new TcpDirection(0, sink, maxPending), new TcpDirection(1, sink, maxPending)] as const;
  let closed = false;

  const info = await readCapture(
    input,
    (rec) => {
      if (closed) return;
      view.reset(rec);
      const layers = tcp ? view.tcpOff : view.udpOff;
      if (layers.length === 0 || (tcp && view.tcpHdr[0] === 0)) return;
      const l4 = layers[0] as number;
      const ip = (tcp ? view.tcpIp[0] : view.udpIp[0]) as number;
      if (ip < 0) return;
      const d = view.data;
      const v6 = d[ip]! >> 4 === 6;
      const src = endpointText(addressText(d, ip + (v6 ? 8 : 12), v6), view.u16(l4));
      const dst = endpointText(addressText(d, ip + (v6 ? 24 : 16), v6), view.u16(l4 + 2));
      const key = canonical(src, dst);
      const flags = tcp ? d[l4 + 13]! : 0;
      const seq = tcp ? view.u32(l4 + 4) : 0;
      const synOnly = (flags & 0x12) === 0x02;

      if (chosen) {
        if (key !== chosenKey) return;
        const side: 0 | 1 = src === chosen.node0 ? 0 : 1;
        if (tcp && synOnly && chosen.base[side] !== undefined && chosen.base[side] !== seq) {
          closed = true; // the ports were reused by a new connection: a later stream index
          return;
        }
        take(chosen, side, flags, seq, l4, rec.frame);
        return;
      }
      const convs = conversations as Map<string, Conversation>;
      let conv = convs.get(key);
      if (conv && tcp && synOnly) {
        const side = src === conv.node0 ? 0 : 1;
        if (conv.base[side] !== undefined && conv.base[side] !== seq) conv = undefined;
      }
      if (!conv) {
        if (convs.size >= MAX_TRACKED) convs.clear(); // older conversations can no longer be asked for by index
        conv = { index: next++, node0: src, node1: dst, base: [undefined, undefined] };
        convs.set(key, conv);
      }
      const side: 0 | 1 = src === conv.node0 ? 0 : 1;
      if (conv.base[side] === undefined) conv.base[side] = seq;
      if (
        (wanted !== undefined && key === wanted) ||
        (wanted === undefined && conv.index === options.stream)
      ) {
        chosen = conv;
        chosenKey = key;
        conversations = undefined; // only this conversation matters from here on
        result.stream = conv.index;
        result.nodes = [conv.node0, conv.node1];
        take(conv, side, flags, seq, l4, rec.frame);
      }
    },
    {
      ...(options.stdin ? { stdin: options.stdin } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
    },
  );

  function take(
    conv: Conversation,
    side: 0 | 1,
    flags: number,
    seq: number,
    l4: number,
    frame: number,
  ): void {
    if (conv.base[side] === undefined) conv.base[side] = seq;
    result.packets++;
    const d = view.data;
    if (tcp) {
      const hdr = view.tcpHdr[0] as number;
      const len = Math.max(0, Math.min(view.tcpLen[0] as number, view.end - l4 - hdr));
      dirs[side].segment((flags & 0x02) !== 0, seq, d.subarray(l4 + hdr, l4 + hdr + len), frame);
    } else {
      const len = Math.max(0, Math.min(view.udpLen[0] as number, view.end - l4 - 8));
      sink.data(side, d.subarray(l4 + 8, l4 + 8 + len), frame);
    }
  }

  if (!chosen) {
    const protocol = options.protocol.toUpperCase();
    const [a = '', b = ''] = (wanted ?? '').split('|');
    throw options.endpoints
      ? new NetdoctorError('ND_USAGE', CAPTURE_ERRORS.noConversation, { input, params: { protocol, a, b } })
      : new NetdoctorError('ND_USAGE', CAPTURE_ERRORS.noStream, {
          input,
          params: { protocol, stream: options.stream ?? '', count: next },
        });
  }
  dirs[0].finish();
  dirs[1].finish();
  if (info.error) result.error = info.error;
  if (result.gaps > 0) {
    result.findings.push(finding('pcap.follow.gaps', 'info', { gaps: result.gaps, stream: result.stream }));
  }
  if (result.truncated) {
    result.findings.push(
      finding('pcap.follow.truncated', 'info', { kept: maxBytes, total: result.bytes[0] + result.bytes[1] }),
    );
  }
  return result;
}

function canonical(x: string, y: string): string {
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}
