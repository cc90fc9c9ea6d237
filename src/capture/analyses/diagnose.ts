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
import {
  humanBytes,
  type P2pHost,
  p2pFindings,
  p2pHosts,
  pct,
  type Talker,
  talkers,
} from './diagnose-hosts.js';
import { type IpsecFacts, ipsecFindings } from './diagnose-ipsec.js';

export { DnsAnswerTracker } from './diagnose-dns.js';
export { humanBytes, isGroup, isLocal, type P2pHost, type Talker } from './diagnose-hosts.js';

export interface DiagnoseOptions {
  /** How many top talkers to report (default 3). */
  topTalkers?: number;
  /** Peers on non-well-known ports that make an unrecognised host look like P2P (default 10). */
  minPeers?: number;
  /** The per-packet DNS matcher that ran during the pass (without it, DNS is judged per flow). */
  dns?: DnsAnswerTracker;
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

/**
 * True when the capture holds one direction of the traffic only (a SPAN port mirroring egress, a
 * one-way tap, a filter on the source address): most TCP connections that are established — the
 * sender acknowledges, so answers did arrive at it — show no packet back. Then one-way ESP,
 * unanswered IKE and unanswered DNS prove nothing, and diagnose says so instead. (A SYN scan does
 * not look like this: its probes carry no ACK.)
 */
export function oneDirectionOnly(
  flows: readonly Flow[],
): { oneWay: number; established: number } | undefined {
  let established = 0;
  let oneWay = 0;
  for (const f of flows) {
    if (f.transport !== 'tcp') continue;
    for (const [d, other] of [
      [0, 1],
      [1, 0],
    ] as const) {
      if (f.packets[d] >= 2 && (f.tcpFlags[d] & 0x10) !== 0) {
        established++;
        if (f.packets[other] === 0) oneWay++;
        break;
      }
    }
  }
  return established >= 5 && oneWay * 5 >= established * 4 ? { oneWay, established } : undefined;
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
  const oneWay = oneDirectionOnly(flows);
  const ipsec = ipsecFindings(flows, a.counters.lastTime, oneWay !== undefined);
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
  if (oneWay) findings.push(finding('pcap.capture.one-direction', 'info', oneWay, oneWay));
  findings.push(...p2pFindings(p2p), ...ipsec.findings, ...(oneWay ? [] : dnsFindings(dns)));
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
