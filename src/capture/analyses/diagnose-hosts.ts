/**
 * Hosts in a capture, for `pcap diagnose`: the top talkers with their share of the bytes, and
 * peer-to-peer hosts — the end of many P2P flows, named with its peers, busiest first.
 */
import { type Finding, finding } from '../../core/findings.js';
import { protocolName } from '../classifiers/index.js';
import type { Flow } from '../flows/view.js';

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
  /** Peers that sent something back (the rest were only contacted). */
  answered: number;
  flows: number;
  bytes: number;
  /** True when a classifier recognised the protocol from payload; false: only the pattern. */
  recognised: boolean;
}

const P2P = new Set(['gnutella', 'bittorrent', 'edonkey']);
/** Findings with a list of peers name at most this many (the evidence has them all). */
const LIST_MAX = 10;

export const pct = (part: number, whole: number): number =>
  whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0;

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

export function talkers(flows: readonly Flow[], totalBytes: number, top: number): Talker[] {
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
    // Multicast, broadcast and the unspecified address are destinations, not hosts to talk to.
    if (isGroup(entry[0]) || entry[0] === '0.0.0.0' || entry[0] === '::') continue;
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

export function p2pHosts(flows: readonly Flow[], minPeers: number): P2pHost[] {
  interface Acc {
    protocols: Set<string>;
    peers: Map<string, number>;
    answered: Set<string>;
    flows: number;
    bytes: number;
  }
  const labelled = new Map<string, Acc>();
  const unlabelled = new Map<string, Acc>();
  const add = (map: Map<string, Acc>, host: string, peer: string, f: Flow, peerSent: boolean) => {
    let a = map.get(host);
    if (a === undefined) {
      a = { protocols: new Set(), peers: new Map(), answered: new Set(), flows: 0, bytes: 0 };
      map.set(host, a);
    }
    if (P2P.has(f.application)) a.protocols.add(protocolName(f.application));
    const b = f.bytes[0] + f.bytes[1];
    a.peers.set(peer, (a.peers.get(peer) ?? 0) + b);
    if (peerSent) a.answered.add(peer);
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
    if (map === undefined || f.client === f.server) continue; // a host talking to itself has no peer
    add(map, f.client, f.server, f, f.packets[1] > 0);
    add(map, f.server, f.client, f, f.packets[0] > 0);
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
      // Without a label, P2P shows in peers that answer; discovery broadcasts and scans get none.
      if (!recognised && a.answered.size * 2 < min) continue;
      covered.add(host);
      for (const p of a.peers.keys()) covered.add(p);
      out.push({
        host,
        protocols: [...a.protocols],
        peers: [...a.peers].sort((x, y) => y[1] - x[1]).map(([p]) => p),
        answered: a.answered.size,
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

export function p2pFindings(hosts: readonly P2pHost[]): Finding[] {
  return hosts.map((h) => {
    const params = {
      host: h.host,
      peers: h.peers.length,
      answered: h.answered,
      flows: h.flows,
      bytes: humanBytes(h.bytes),
      peerList: h.peers.slice(0, LIST_MAX),
    };
    const evidence = { host: h.host, peers: h.peers, answered: h.answered, flows: h.flows, bytes: h.bytes };
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
