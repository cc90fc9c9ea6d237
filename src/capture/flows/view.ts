/** Reading flows out of the table as plain objects (for analyses, JSON and the CLI; allocates). */
import { ipv4Text, ipv6Text, NET_IPV4 } from '../decoders/layers.js';
import type { FlowTable } from './table.js';

export interface Flow {
  /** Index in the table (stable for the run). */
  index: number;
  family: 4 | 6;
  /** IP protocol number (6 TCP, 17 UDP, 50 ESP …). */
  protocol: number;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `esp`, `ah`, `gre`, `ipip`, `ipv6` or `ip-N`. */
  transport: string;
  client: string;
  clientPort: number;
  server: string;
  serverPort: number;
  /** [client → server, server → client] */
  packets: [number, number];
  bytes: [number, number];
  payloadBytes: [number, number];
  /** TCP flags seen per direction (bit values as in the header). */
  tcpFlags: [number, number];
  retransmissions: [number, number];
  rsts: number;
  firstTime: number;
  lastTime: number;
  firstFrame: number;
  /** Application label: a classifier id (`tls`, `gnutella`), the transport for non-TCP/UDP flows, or `unknown`. */
  application: string;
  evidence: 'payload' | 'port' | 'none';
  details?: Record<string, string | number>;
}

const TRANSPORTS: Record<number, string> = {
  1: 'icmp',
  4: 'ipip',
  6: 'tcp',
  17: 'udp',
  41: 'ipv6',
  47: 'gre',
  50: 'esp',
  51: 'ah',
  58: 'icmpv6',
  112: 'vrrp',
  132: 'sctp',
  2: 'igmp',
  89: 'ospf',
};

export function transportName(protocol: number): string {
  return TRANSPORTS[protocol] ?? `ip-${protocol}`;
}

/**
 * The text of endpoint A (`which` 0) or B (1) of a flow's key. With `texts`, an IPv4 address's text
 * is made once and shared by every flow of that address (a scan's million flows have a handful of
 * addresses: one string each instead of two per flow).
 */
export function keyAddress(t: FlowTable, f: number, which: 0 | 1, texts?: Map<number, string>): string {
  const base = f * 10 + 2 + which * 4;
  if (t.keys[f * 10]! >> 8 === NET_IPV4) {
    const n = t.keys[base]!;
    if (texts === undefined) return ipv4Text(n);
    let text = texts.get(n);
    if (text === undefined) {
      text = ipv4Text(n);
      texts.set(n, text);
    }
    return text;
  }
  return ipv6Text(t.keys.subarray(base, base + 4));
}

export function flowAt(t: FlowTable, f: number, texts?: Map<number, string>): Flow {
  const k0 = t.keys[f * 10]!;
  const ports = t.keys[f * 10 + 1]!;
  const protocol = k0 & 255;
  const aClient = t.aIsClient[f] === 1;
  const a = keyAddress(t, f, 0, texts);
  const b = keyAddress(t, f, 1, texts);
  const pa = ports >>> 16;
  const pb = ports & 0xffff;
  const two = (arr: ArrayLike<number>): [number, number] => [arr[f * 2]!, arr[f * 2 + 1]!];
  const flow: Flow = {
    index: f,
    family: k0 >> 8 === NET_IPV4 ? 4 : 6,
    protocol,
    transport: transportName(protocol),
    client: aClient ? a : b,
    clientPort: aClient ? pa : pb,
    server: aClient ? b : a,
    serverPort: aClient ? pb : pa,
    packets: two(t.packets),
    bytes: two(t.bytes),
    payloadBytes: two(t.payloadBytes),
    tcpFlags: two(t.tcpFlags),
    retransmissions: two(t.retransmissions),
    rsts: t.rsts[f]!,
    firstTime: t.firstTime[f]!,
    lastTime: t.lastTime[f]!,
    firstFrame: t.firstFrame[f]!,
    application: protocol === 6 || protocol === 17 ? 'unknown' : transportName(protocol),
    evidence: 'none',
  };
  // A flow that never carried payload has no classifier yet: ask a fresh one (its port label).
  const c =
    t.classifiers[f] ??
    (t.factory && (protocol === 6 || protocol === 17) && (pa !== 0 || pb !== 0)
      ? t.factory({
          transport: protocol === 6 ? 'tcp' : 'udp',
          clientPort: flow.clientPort,
          serverPort: flow.serverPort,
        })
      : undefined);
  if (c) {
    const r = c.result();
    flow.application = r.protocol;
    flow.evidence = r.evidence;
    if (r.details && Object.keys(r.details).length) flow.details = r.details;
  }
  return flow;
}

/** Every flow of the table, in order of first appearance. */
export function allFlows(t: FlowTable): Flow[] {
  const out: Flow[] = new Array(t.count);
  const texts = new Map<number, string>();
  for (let f = 0; f < t.count; f++) out[f] = flowAt(t, f, texts);
  return out;
}
