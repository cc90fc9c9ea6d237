/**
 * `pcap endpoints`: every IP address seen, with packets and bytes sent and received, how many
 * peers it talked to and on how many distinct server ports — the view that shows a P2P host.
 */
import type { Flow } from '../flows/view.js';
import type { RankBy } from './conversations.js';

export interface Endpoint {
  address: string;
  packets: number;
  bytes: number;
  packetsSent: number;
  bytesSent: number;
  packetsReceived: number;
  bytesReceived: number;
  /** Distinct addresses it exchanged packets with. */
  peers: number;
  flows: number;
  /** Flows in which it was the client. */
  flowsAsClient: number;
  /** Distinct (transport, port) it reached as a client. */
  remotePorts: number;
  applications: string[];
}

export function endpoints(flows: readonly Flow[], rankBy: RankBy = 'bytes'): Endpoint[] {
  const by = new Map<string, Endpoint & { peerSet: Set<string>; portSet: Set<number> }>();
  const get = (address: string) => {
    let e = by.get(address);
    if (!e) {
      e = {
        address,
        packets: 0,
        bytes: 0,
        packetsSent: 0,
        bytesSent: 0,
        packetsReceived: 0,
        bytesReceived: 0,
        peers: 0,
        flows: 0,
        flowsAsClient: 0,
        remotePorts: 0,
        applications: [],
        peerSet: new Set(),
        portSet: new Set(),
      };
      by.set(address, e);
    }
    return e;
  };
  for (const f of flows) {
    const c = get(f.client);
    const s = f.client === f.server ? c : get(f.server);
    c.packetsSent += f.packets[0];
    c.bytesSent += f.bytes[0];
    c.packetsReceived += f.packets[1];
    c.bytesReceived += f.bytes[1];
    // A host talking to itself (127.0.0.1 ↔ 127.0.0.1) sends and receives every frame, as
    // Wireshark counts it.
    s.packetsSent += f.packets[1];
    s.bytesSent += f.bytes[1];
    s.packetsReceived += f.packets[0];
    s.bytesReceived += f.bytes[0];
    c.flows++;
    c.flowsAsClient++;
    if (s !== c) s.flows++;
    c.peerSet.add(f.server);
    s.peerSet.add(f.client);
    if (f.protocol === 6 || f.protocol === 17) c.portSet.add(f.protocol * 65536 + f.serverPort);
    for (const e of [c, s]) if (!e.applications.includes(f.application)) e.applications.push(f.application);
  }
  const out: Endpoint[] = [];
  for (const e of by.values()) {
    const { peerSet, portSet, ...rest } = e;
    rest.packets = rest.packetsSent + rest.packetsReceived;
    rest.bytes = rest.bytesSent + rest.bytesReceived;
    peerSet.delete(e.address);
    rest.peers = peerSet.size;
    rest.remotePorts = portSet.size;
    out.push(rest);
  }
  return out.sort((x, y) =>
    rankBy === 'bytes'
      ? y.bytes - x.bytes || y.packets - x.packets
      : y.packets - x.packets || y.bytes - x.bytes,
  );
}
