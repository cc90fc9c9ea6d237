/**
 * Application-protocol classification of flows: the registry of classifiers and the per-flow
 * engine the flow table calls.
 *
 * Adding a protocol touches one file, `classifiers/<proto>.ts`, plus one line in `CLASSIFIERS`
 * below (kept sorted; `registry.test.ts` compares it with the folder).
 *
 * The engine follows nDPI's and Suricata's shape: each flow asks the classifiers for its
 * transport, those whose well-known port the flow uses first, strong signatures before weak
 * heuristics; a classifier that answers `no` or passes its `maxDepth` is not asked again, and the
 * flow stops being probed once one matches (then only the matching classifier's `describe` runs,
 * for a few packets) or every probe has given up. A flow no probe recognised by payload is
 * labelled by its port if that port is well known, and says so (evidence `port`).
 *
 * @example
 *   const c = createFlowClassifier({ transport: 'tcp', clientPort: 50312, serverPort: 443 });
 *   c.feed(clientHelloBytes, true);
 *   c.result(); // { protocol: 'tls', evidence: 'payload', details: { sni: 'example.org', … } }
 */
import { bittorrent } from './bittorrent.js';
import type { Classifier, Details, Direction, ProbeFlow, Transport } from './classifier.js';
import { dhcp } from './dhcp.js';
import { dns } from './dns.js';
import { edonkey } from './edonkey.js';
import { ftp } from './ftp.js';
import { gnutella } from './gnutella.js';
import { http } from './http.js';
import { imap } from './imap.js';
import { isakmp } from './isakmp.js';
import { l2tp } from './l2tp.js';
import { llmnr } from './llmnr.js';
import { mdns } from './mdns.js';
import { ntp } from './ntp.js';
import { openvpn } from './openvpn.js';
import { pop } from './pop.js';
import { quic } from './quic.js';
import { rdp } from './rdp.js';
import { smb } from './smb.js';
import { smtp } from './smtp.js';
import { snmp } from './snmp.js';
import { ssdp } from './ssdp.js';
import { ssh } from './ssh.js';
import { syslog } from './syslog.js';
import { tls } from './tls.js';

export type { Classifier, Details, Direction, ProbeAnswer, ProbeFlow, Transport } from './classifier.js';

/** Every classifier, sorted by id. */
export const CLASSIFIERS: readonly Classifier[] = [
  bittorrent,
  dhcp,
  dns,
  edonkey,
  ftp,
  gnutella,
  http,
  imap,
  isakmp,
  l2tp,
  llmnr,
  mdns,
  ntp,
  openvpn,
  pop,
  quic,
  rdp,
  smb,
  smtp,
  snmp,
  ssdp,
  ssh,
  syslog,
  tls,
];

/** The label of a flow nothing recognised. */
export const UNKNOWN = 'unknown';

export type Evidence = 'payload' | 'port' | 'none';

export interface Classification {
  /** A classifier id (`tls`, `gnutella`) or `unknown`. */
  protocol: string;
  /** `payload`: a probe recognised the bytes; `port`: only the well-known port says so. */
  evidence: Evidence;
  details?: Details;
}

export interface FlowClassifier {
  /** Hands one payload-carrying packet of the flow to the probes (empty payloads are ignored). */
  feed(payload: Uint8Array, fromClient: boolean): void;
  /** True once nothing more will be learned: stop feeding. */
  readonly done: boolean;
  result(): Classification;
}

export interface FlowEndpoints {
  transport: Transport;
  clientPort: number;
  serverPort: number;
}

/** Labels the flow table gives flows that are not TCP or UDP (by IP protocol). */
const IP_PROTOCOL_NAMES: Record<string, string> = {
  unknown: 'Unknown',
  icmp: 'ICMP',
  icmpv6: 'ICMPv6',
  esp: 'ESP',
  ah: 'AH',
  gre: 'GRE',
  igmp: 'IGMP',
  ipip: 'IP-in-IP',
  ipv6: 'IPv6-in-IPv4',
  sctp: 'SCTP',
  ospf: 'OSPF',
  vrrp: 'VRRP',
};

/** The people-facing name of a flow label (`tls` → `TLS`, `esp` → `ESP`); the label itself otherwise. */
export function protocolName(id: string): string {
  return BY_ID.get(id)?.name ?? IP_PROTOCOL_NAMES[id] ?? id;
}

const BY_ID = new Map(CLASSIFIERS.map((c) => [c.id, c]));

interface TransportTable {
  /** Every classifier of the transport in probing order: strong before weak, refinements first. */
  all: Classifier[];
  byPort: Map<number, Classifier[]>;
  /** Probing orders already built, keyed by the well-known ports a flow uses (bounded by them). */
  orders: Map<number, Classifier[]>;
}

/** Moves each classifier with `before` ahead of the first of the classifiers it refines. */
function honourBefore(list: Classifier[]): Classifier[] {
  for (const c of [...list]) {
    if (c.before === undefined) continue;
    const at = list.indexOf(c);
    const first = Math.min(...c.before.map((id) => list.findIndex((x) => x.id === id)).filter((i) => i >= 0));
    if (first < at) {
      list.splice(at, 1);
      list.splice(first, 0, c);
    }
  }
  return list;
}

function tableFor(t: Transport): TransportTable {
  const all = CLASSIFIERS.filter((c) => c.transports.includes(t));
  const ordered = honourBefore([...all.filter((c) => !c.weak), ...all.filter((c) => c.weak)]);
  const byPort = new Map<number, Classifier[]>();
  for (const c of ordered)
    for (const p of c.ports) {
      const list = byPort.get(p) ?? [];
      list.push(c);
      byPort.set(p, list);
    }
  return { all: ordered, byPort, orders: new Map() };
}

const TABLES: Record<Transport, TransportTable> = { tcp: tableFor('tcp'), udp: tableFor('udp') };

/** The probing order for one flow: classifiers of its ports first, then the rest. */
function candidatesFor(flow: FlowEndpoints): Classifier[] {
  const table = TABLES[flow.transport];
  const atServer = table.byPort.get(flow.serverPort);
  const atClient = flow.clientPort === flow.serverPort ? undefined : table.byPort.get(flow.clientPort);
  if (atServer === undefined && atClient === undefined) return table.all;
  const key = (atServer ? flow.serverPort : 0) * 65536 + (atClient ? flow.clientPort : 0);
  let order = table.orders.get(key);
  if (order === undefined) {
    order = [...(atServer ?? [])];
    for (const c of atClient ?? []) if (!order.includes(c)) order.push(c);
    for (const c of table.all) if (!order.includes(c)) order.push(c);
    table.orders.set(key, honourBefore(order));
  }
  return order;
}

/** The label a flow gets from its ports alone (the server's port first). */
function labelByPort(flow: FlowEndpoints): string | undefined {
  const table = TABLES[flow.transport];
  return (table.byPort.get(flow.serverPort)?.[0] ?? table.byPort.get(flow.clientPort)?.[0])?.id;
}

class Engine implements FlowClassifier, ProbeFlow {
  readonly transport: Transport;
  readonly clientPort: number;
  readonly serverPort: number;
  payloadPackets = 0;
  scratch: Record<string, unknown> | undefined = undefined;
  done = false;
  private readonly candidates: Classifier[];
  /** Bit i set while candidates[i] is still being asked (≤ 32 classifiers per transport). */
  private alive: number;
  private matched: Classifier | undefined;
  private details: Details | undefined;

  constructor(flow: FlowEndpoints) {
    this.transport = flow.transport;
    this.clientPort = flow.clientPort;
    this.serverPort = flow.serverPort;
    this.candidates = candidatesFor(flow);
    this.alive = this.candidates.length >= 32 ? -1 : (1 << this.candidates.length) - 1;
    if (this.candidates.length === 0) this.done = true;
  }

  feed(payload: Uint8Array, fromClient: boolean): void {
    if (this.done || payload.length === 0) return;
    this.payloadPackets++;
    const dir: Direction = fromClient ? 'toServer' : 'toClient';
    if (this.matched !== undefined) {
      this.describe(payload, dir);
      return;
    }
    const cands = this.candidates;
    for (let i = 0; i < cands.length; i++) {
      if ((this.alive & (1 << i)) === 0) continue;
      const c = cands[i]!;
      const answer = c.probe(payload, dir, this);
      if (answer === 'match') {
        this.matched = c;
        this.scratch = undefined;
        if (c.describe === undefined) this.finish();
        else {
          this.details = {};
          this.describe(payload, dir);
        }
        return;
      }
      if (answer === 'no' || this.payloadPackets >= c.maxDepth) this.alive &= ~(1 << i);
    }
    if (this.alive === 0) this.finish();
  }

  /** Nothing more to learn: drop the probes' memory (the flow table keeps this object). */
  private finish(): void {
    this.done = true;
    this.scratch = undefined;
  }

  private describe(payload: Uint8Array, dir: Direction): void {
    const c = this.matched!;
    const more = c.describe!(payload, dir, this, this.details!);
    if (more === 'done' || this.payloadPackets >= (c.describeDepth ?? 1)) this.finish();
  }

  result(): Classification {
    if (this.matched !== undefined) {
      const r: Classification = { protocol: this.matched.id, evidence: 'payload' };
      if (this.details !== undefined && Object.keys(this.details).length > 0) r.details = this.details;
      return r;
    }
    const byPort = labelByPort(this);
    return byPort === undefined
      ? { protocol: UNKNOWN, evidence: 'none' }
      : { protocol: byPort, evidence: 'port' };
  }
}

/**
 * A classifier for one flow. Feed it each payload packet (in capture order, with its direction)
 * until `done`; `result()` may be read at any time.
 */
export function createFlowClassifier(flow: FlowEndpoints): FlowClassifier {
  return new Engine(flow);
}
