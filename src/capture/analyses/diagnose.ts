/**
 * `pcap diagnose`: what an admin looks for first in a capture, as findings — who uses the
 * bandwidth (top talkers and their share), hosts talking to many peers on non-well-known ports
 * (peer-to-peer file sharing, named when a classifier recognised it), one-way ESP and IKE without
 * a reply or with a notify error, DNS queries without answers, TCP retransmission rates per
 * conversation and RST storms.
 *
 * Built on the engine's single pass (`analyzeCapture`): the flow table with its classifications,
 * plus a per-packet DNS query/answer matcher hooked into the same pass.
 *
 * @example
 *   const report = await diagnoseCapture('office.pcapng');
 *   for (const f of report.findings) console.log(f.id, f.params);
 *
 *   // or, sharing one pass with other reports:
 *   const dns = new DnsAnswerTracker();
 *   const a = await analyzeCapture('office.pcapng', { classifier: createFlowClassifier, onPacket: dns.onPacket });
 *   const report = diagnose(a, { dns });
 */
import { type Finding, finding } from '../../core/findings.js';
import { createFlowClassifier, protocolName } from '../classifiers/index.js';
import { type AnalyzeOptions, analyzeCapture, type CaptureAnalysis } from '../engine.js';
import type { Flow } from '../flows/view.js';
import { captureFindings } from '../reports.js';
import { DnsAnswerTracker } from './diagnose-dns.js';
import { type IpsecFacts, ipsecFindings } from './diagnose-ipsec.js';

export { DnsAnswerTracker } from './diagnose-dns.js';

export interface DiagnoseOptions {
  /** How many top talkers to report (default 3). */
  topTalkers?: number;
  /** Peers on non-well-known ports that make an unrecognised host look like P2P (default 10). */
  minPeers?: number;
  /** The per-packet DNS matcher that ran during the pass (without it, DNS is judged per flow). */
  dns?: DnsAnswerTracker;
}

export interface Talker {
  host: string;
  bytes: number;
  packets: number;
  /** Share of all bytes in the capture, in percent. */
  share: number;
  peers: number;
  protocols: string[];
}

export interface P2pHost {
  host: string;
  protocols: string[];
  peers: string[];
  flows: number;
  bytes: number;
  /** True when a classifier recognised the protocol from payload; false: only the pattern. */
  recognised: boolean;
}

export interface DiagnoseReport {
  findings: Finding[];
  talkers: Talker[];
  p2p: P2pHost[];
  ipsec: IpsecFacts;
  dns: { server: string; queries: number; unanswered: number; failures: number; examples: string[] }[];
  retransmissions: {
    client: string;
    server: string;
    serverPort: number;
    protocol: string;
    retransmissions: number;
    packets: number;
    percent: number;
  }[];
  resets: { server: string; resetFlows: number; flows: number; clients: number }[];
}

const P2P = new Set(['gnutella', 'bittorrent', 'edonkey']);
/** Findings with a list of peers name at most this many (the evidence has them all). */
const LIST_MAX = 10;

const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0);

/** `1.5 MB`, `437 kB`: byte counts for people. */
export function humanBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

interface HostAcc {
  bytes: number;
  packets: number;
  peers: Set<string>;
  apps: Map<string, number>;
}

function talkers(flows: readonly Flow[], totalBytes: number, top: number): Talker[] {
  const hosts = new Map<string, HostAcc>();
  const add = (host: string, peer: string, f: Flow) => {
    let h = hosts.get(host);
    if (h === undefined) {
      h = { bytes: 0, packets: 0, peers: new Set(), apps: new Map() };
      hosts.set(host, h);
    }
    const b = f.bytes[0] + f.bytes[1];
    h.bytes += b;
    h.packets += f.packets[0] + f.packets[1];
    h.peers.add(peer);
    h.apps.set(f.application, (h.apps.get(f.application) ?? 0) + b);
  };
  for (const f of flows) {
    add(f.client, f.server, f);
    if (f.server !== f.client) add(f.server, f.client, f);
  }
  // A host whose only peers are talkers already listed adds nothing (the other end of a big
  // conversation): skip it, so the list names the busy hosts rather than both ends of one flow.
  const listed = new Set<string>();
  const chosen: [string, HostAcc][] = [];
  for (const entry of [...hosts].sort((a, b) => b[1].bytes - a[1].bytes)) {
    if (chosen.length >= top) break;
    if ([...entry[1].peers].every((p) => listed.has(p))) continue;
    listed.add(entry[0]);
    chosen.push(entry);
  }
  return chosen.map(([host, h]) => ({
    host,
    bytes: h.bytes,
    packets: h.packets,
    share: pct(h.bytes, totalBytes),
    peers: h.peers.size,
    protocols: [...h.apps]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([id]) => protocolName(id)),
  }));
}

/**
 * An address on the admin's side: RFC 1918, loopback, link-local, RFC 6598 shared space and IPv6
 * ULA/link-local. On a tie in peers, the local end of a P2P conversation is the host to name.
 */
export function isLocal(a: string): boolean {
  if (a.includes(':')) return /^(fe[89ab]|f[cd]|::1$)/i.test(a);
  const [x, y] = a.split('.').map(Number) as [number, number];
  return (
    x === 10 ||
    x === 127 ||
    (x === 172 && y >= 16 && y <= 31) ||
    (x === 192 && y === 168) ||
    (x === 169 && y === 254) ||
    (x === 100 && y >= 64 && y <= 127)
  );
}

/** Multicast and broadcast destinations: many "peers" send to them, none is a P2P host. */
export function isGroup(a: string): boolean {
  if (a.includes(':')) return /^ff/i.test(a);
  const x = Number(a.split('.')[0]);
  return (x >= 224 && x <= 239) || a === '255.255.255.255';
}

/** Both ports above the well-known range: how P2P peers (and little else) talk. */
function onHighPorts(f: Flow): boolean {
  return (f.transport === 'tcp' || f.transport === 'udp') && f.clientPort >= 1024 && f.serverPort >= 1024;
}

function p2pHosts(flows: readonly Flow[], minPeers: number): P2pHost[] {
  interface Acc {
    protocols: Set<string>;
    peers: Map<string, number>;
    flows: number;
    bytes: number;
  }
  const labelled = new Map<string, Acc>();
  const unlabelled = new Map<string, Acc>();
  const add = (map: Map<string, Acc>, host: string, peer: string, f: Flow) => {
    let a = map.get(host);
    if (a === undefined) {
      a = { protocols: new Set(), peers: new Map(), flows: 0, bytes: 0 };
      map.set(host, a);
    }
    if (P2P.has(f.application)) a.protocols.add(protocolName(f.application));
    const b = f.bytes[0] + f.bytes[1];
    a.peers.set(peer, (a.peers.get(peer) ?? 0) + b);
    a.flows++;
    a.bytes += b;
  };
  for (const f of flows) {
    const map =
      P2P.has(f.application) && f.evidence === 'payload'
        ? labelled
        : f.application === 'unknown' && onHighPorts(f)
          ? unlabelled
          : undefined;
    if (map === undefined) continue;
    add(map, f.client, f.server, f);
    add(map, f.server, f.client, f);
  }
  // The host at the centre is the one with the most peers; its peers are not reported again.
  const out: P2pHost[] = [];
  const covered = new Set<string>();
  const pick = (map: Map<string, Acc>, recognised: boolean, min: number) => {
    const order = [...map].sort(
      (x, y) =>
        y[1].peers.size - x[1].peers.size ||
        Number(isLocal(y[0])) - Number(isLocal(x[0])) ||
        y[1].bytes - x[1].bytes,
    );
    for (const [host, a] of order) {
      if (covered.has(host) || a.peers.size < min || isGroup(host)) continue;
      covered.add(host);
      for (const p of a.peers.keys()) covered.add(p);
      out.push({
        host,
        protocols: [...a.protocols],
        peers: [...a.peers].sort((x, y) => y[1] - x[1]).map(([p]) => p),
        flows: a.flows,
        bytes: a.bytes,
        recognised,
      });
    }
  };
  pick(labelled, true, 1);
  pick(unlabelled, false, minPeers);
  return out;
}

function p2pFindings(hosts: readonly P2pHost[]): Finding[] {
  return hosts.map((h) => {
    const params = {
      host: h.host,
      peers: h.peers.length,
      flows: h.flows,
      bytes: humanBytes(h.bytes),
      peerList: h.peers.slice(0, LIST_MAX),
    };
    const evidence = { host: h.host, peers: h.peers, flows: h.flows, bytes: h.bytes };
    return h.recognised
      ? finding(
          'pcap.p2p.suspected',
          'warn',
          { ...params, protocols: h.protocols },
          { ...evidence, protocols: h.protocols },
        )
      : finding('pcap.p2p.many-peers', 'warn', params, evidence);
  });
}

function dnsFindings(report: DiagnoseReport['dns']): Finding[] {
  const out: Finding[] = [];
  for (const s of report) {
    if (s.unanswered === 0) continue;
    const percent = pct(s.unanswered, s.queries);
    // A lost answer now and then is normal on UDP; a fifth lost is a broken path or server.
    const severity = percent >= 20 || s.unanswered >= 20 ? 'warn' : 'info';
    out.push(
      finding(
        'pcap.dns.unanswered',
        severity,
        {
          server: s.server,
          unanswered: s.unanswered,
          queries: s.queries,
          percent,
          examples: s.examples.length ? s.examples : ['-'],
        },
        s,
      ),
    );
  }
  return out;
}

/** Per-flow DNS judgement when no per-packet matcher ran: queries minus answers. */
function dnsFromFlows(flows: readonly Flow[]): DiagnoseReport['dns'] {
  const by = new Map<string, DiagnoseReport['dns'][number]>();
  for (const f of flows) {
    if (f.application !== 'dns' || f.transport !== 'udp' || f.serverPort !== 53) continue;
    const s = by.get(f.server) ?? { server: f.server, queries: 0, unanswered: 0, failures: 0, examples: [] };
    s.queries += f.packets[0];
    s.unanswered += Math.max(0, f.packets[0] - f.packets[1]);
    by.set(f.server, s);
  }
  return [...by.values()];
}

/** Retransmissions at or above both bounds make a finding (3% of a conversation's packets, and 5). */
const RETX_MIN = 5;
const RETX_RATE = 0.03;
/** Conversations shorter than this are not judged (a handful of packets gives no rate). */
const RETX_MIN_PACKETS = 20;
const RETX_TOP = 5;

function retransmissions(flows: readonly Flow[]): DiagnoseReport['retransmissions'] {
  const rows: DiagnoseReport['retransmissions'] = [];
  for (const f of flows) {
    // Unanswered connection attempts retransmit their SYN: that is no loss of data, and the
    // one-way flows of a scan or a dead peer say nothing about the line.
    if (f.transport !== 'tcp' || f.packets[1] === 0 || f.packets[0] === 0) continue;
    const r = f.retransmissions[0] + f.retransmissions[1];
    const n = f.packets[0] + f.packets[1];
    if (n < RETX_MIN_PACKETS || r < RETX_MIN || r / n < RETX_RATE) continue;
    rows.push({
      client: f.client,
      server: f.server,
      serverPort: f.serverPort,
      protocol: protocolName(f.application),
      retransmissions: r,
      packets: n,
      percent: pct(r, n),
    });
  }
  return rows.sort((a, b) => b.retransmissions - a.retransmissions);
}

/** A server resetting at least this many connections, and half of those it had, is a storm. */
const RST_MIN_FLOWS = 10;

function resets(flows: readonly Flow[]): DiagnoseReport['resets'] {
  const by = new Map<string, { reset: number; flows: number; clients: Set<string> }>();
  for (const f of flows) {
    if (f.transport !== 'tcp') continue;
    const s = by.get(f.server) ?? { reset: 0, flows: 0, clients: new Set<string>() };
    s.flows++;
    if (f.rsts > 0) {
      s.reset++;
      s.clients.add(f.client);
    }
    by.set(f.server, s);
  }
  return [...by]
    .filter(([, s]) => s.reset >= RST_MIN_FLOWS && s.reset * 2 >= s.flows)
    .map(([server, s]) => ({ server, resetFlows: s.reset, flows: s.flows, clients: s.clients.size }))
    .sort((a, b) => b.resetFlows - a.resetFlows);
}

/** The diagnosis of one analysed capture (see the module header). */
export function diagnose(a: CaptureAnalysis, options: DiagnoseOptions = {}): DiagnoseReport {
  const flows = a.flows();
  const total = a.counters.bytes;
  const top = talkers(flows, total, options.topTalkers ?? 3);
  const p2p = p2pHosts(flows, options.minPeers ?? 10);
  const ipsec = ipsecFindings(flows);
  const dns = options.dns
    ? [...options.dns.byServer((f) => flows[f]!.server, a.counters.lastTime)].map(([server, s]) => ({
        server,
        queries: s.queries,
        unanswered: s.unanswered,
        failures: s.failures,
        examples: s.examples,
      }))
    : dnsFromFlows(flows);
  const retx = retransmissions(flows);
  const rst = resets(flows);

  const findings: Finding[] = [...captureFindings(a)];
  for (const t of top) {
    findings.push(
      finding(
        'pcap.top-talker',
        'info',
        { host: t.host, share: t.share, bytes: humanBytes(t.bytes), peers: t.peers, protocols: t.protocols },
        t,
      ),
    );
  }
  findings.push(...p2pFindings(p2p), ...ipsec.findings, ...dnsFindings(dns));
  for (const r of retx.slice(0, RETX_TOP)) {
    findings.push(finding('pcap.tcp.retransmissions', 'warn', { ...r }, r));
  }
  for (const r of rst) findings.push(finding('pcap.tcp.rst-storm', 'warn', { ...r }, r));
  if (!findings.some((f) => f.severity === 'warn' || f.severity === 'fail') && flows.length > 0) {
    findings.push(finding('pcap.diagnose.clean', 'ok', { flows: flows.length }));
  }
  return { findings, talkers: top, p2p, ipsec: ipsec.ipsec, dns, retransmissions: retx, resets: rst };
}

/**
 * Reads a capture (a path, or `-` with `options.stdin`) in one pass and diagnoses it.
 * Truncated or corrupt captures are diagnosed up to the damage; `pcap.capture.truncated` says where.
 */
export async function diagnoseCapture(
  path: string,
  options: AnalyzeOptions & DiagnoseOptions = {},
): Promise<DiagnoseReport & { analysis: CaptureAnalysis }> {
  const dns = new DnsAnswerTracker();
  const onPacket = options.onPacket;
  const a = await analyzeCapture(path, {
    ...options,
    classifier: options.classifier ?? createFlowClassifier,
    onPacket: onPacket
      ? (rec, L, f) => {
          dns.onPacket(rec, L, f);
          onPacket(rec, L, f);
        }
      : dns.onPacket,
  });
  return { ...diagnose(a, { ...options, dns }), analysis: a };
}
