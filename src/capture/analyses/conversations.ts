/**
 * `pcap conversations`: who talks to whom — by IP address pair (all protocols), or by TCP / UDP
 * 5-tuple — with packets and bytes each way, duration, and for TCP the retransmissions.
 */
import type { Flow } from '../flows/view.js';

export type ConversationKind = 'ip' | 'tcp' | 'udp';
export type RankBy = 'bytes' | 'packets';

export interface Conversation {
  /** Endpoint A: the client of the first flow (for `ip`: the first sender). */
  a: string;
  aPort?: number;
  b: string;
  bPort?: number;
  /** Transport (`ip` conversations: the transports seen, e.g. `tcp,udp`). */
  transport: string;
  packetsAtoB: number;
  packetsBtoA: number;
  bytesAtoB: number;
  bytesBtoA: number;
  packets: number;
  bytes: number;
  firstTime: number;
  lastTime: number;
  durationSeconds: number;
  /** Flows in the conversation (ip) and the application labels seen. */
  flows: number;
  applications: string[];
  retransmissions: number;
}

/** Aggregates flows into conversations of the kind asked, ranked by bytes or packets. */
export function conversations(
  flows: readonly Flow[],
  kind: ConversationKind,
  rankBy: RankBy = 'bytes',
): Conversation[] {
  const byKey = new Map<string, Conversation>();
  for (const f of flows) {
    if (kind === 'tcp' && f.protocol !== 6) continue;
    if (kind === 'udp' && f.protocol !== 17) continue;
    // Later fragments carry no ports: they belong to the IP pair only.
    if (kind !== 'ip' && f.clientPort === 0 && f.serverPort === 0) continue;
    let key: string;
    let forward = true;
    if (kind === 'ip') {
      forward = f.client <= f.server;
      key = forward ? `${f.client} ${f.server}` : `${f.server} ${f.client}`;
    } else key = `${f.client} ${f.clientPort} ${f.server} ${f.serverPort}`;
    let c = byKey.get(key);
    if (!c) {
      c = {
        a: forward ? f.client : f.server,
        b: forward ? f.server : f.client,
        transport: kind === 'ip' ? '' : kind,
        packetsAtoB: 0,
        packetsBtoA: 0,
        bytesAtoB: 0,
        bytesBtoA: 0,
        packets: 0,
        bytes: 0,
        firstTime: f.firstTime,
        lastTime: f.lastTime,
        durationSeconds: 0,
        flows: 0,
        applications: [],
        retransmissions: 0,
      };
      if (kind !== 'ip') {
        c.aPort = f.clientPort;
        c.bPort = f.serverPort;
      }
      byKey.set(key, c);
    }
    const [ab, ba] = forward ? [0, 1] : [1, 0];
    c.packetsAtoB += f.packets[ab]!;
    c.packetsBtoA += f.packets[ba]!;
    c.bytesAtoB += f.bytes[ab]!;
    c.bytesBtoA += f.bytes[ba]!;
    c.firstTime = Math.min(c.firstTime, f.firstTime);
    c.lastTime = Math.max(c.lastTime, f.lastTime);
    c.flows++;
    c.retransmissions += f.retransmissions[0] + f.retransmissions[1];
    if (!c.applications.includes(f.application)) c.applications.push(f.application);
    if (kind === 'ip' && !c.transport.split(',').includes(f.transport)) {
      c.transport = c.transport ? `${c.transport},${f.transport}` : f.transport;
    }
  }
  const out = [...byKey.values()];
  for (const c of out) {
    c.packets = c.packetsAtoB + c.packetsBtoA;
    c.bytes = c.bytesAtoB + c.bytesBtoA;
    c.durationSeconds = c.lastTime - c.firstTime;
  }
  return out.sort((x, y) =>
    rankBy === 'bytes'
      ? y.bytes - x.bytes || y.packets - x.packets
      : y.packets - x.packets || y.bytes - x.bytes,
  );
}
