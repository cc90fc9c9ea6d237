/**
 * OpenVPN over UDP or TCP (a 2-byte length first on TCP). The handshake starts with a
 * P_CONTROL_HARD_RESET_CLIENT (opcode 1, 7 or 10, key id 0) carrying the client's 8-byte session
 * id; the server's P_CONTROL_HARD_RESET_SERVER (opcode 2 or 8) acknowledges it by repeating that
 * id. One reset alone is a few bits of evidence, so it counts only on port 1194; otherwise the
 * server's echo of the session id is required — with or without a tls-auth HMAC in between,
 * hence the search for the id rather than a fixed offset (as nDPI does).
 */
import { type Classifier, type Details, type Direction, onPort, type ProbeFlow, u16 } from './classifier.js';

function start(p: Uint8Array, flow: ProbeFlow): number {
  if (flow.transport === 'udp') return 0;
  return p.length >= 3 && u16(p, 0) === p.length - 2 ? 2 : -1;
}

function opcode(p: Uint8Array, o: number): number {
  return p[o]! >> 3;
}

function hasSessionEcho(p: Uint8Array, from: number, id: Uint8Array): boolean {
  const end = Math.min(p.length, from + 120) - 8;
  for (let i = from; i <= end; i++) {
    let k = 0;
    while (k < 8 && p[i + k] === id[k]) k++;
    if (k === 8) return true;
  }
  return false;
}

function probe(p: Uint8Array, dir: Direction, flow: ProbeFlow) {
  const o = start(p, flow);
  if (o < 0 || p.length < o + 14) return 'no' as const;
  const op = opcode(p, o);
  if (dir === 'toServer') {
    if (flow.scratch?.openvpnSession !== undefined) return 'more' as const; // retransmitted reset
    if ((op !== 1 && op !== 7 && op !== 10) || (p[o]! & 7) !== 0) return 'no' as const;
    if (onPort(flow, 1194)) return 'match' as const;
    flow.scratch = { ...flow.scratch, openvpnSession: p.slice(o + 1, o + 9) };
    return 'more' as const;
  }
  const id = flow.scratch?.openvpnSession as Uint8Array | undefined;
  if (id === undefined || (op !== 2 && op !== 8)) return 'no' as const;
  return hasSessionEcho(p, o + 9, id) ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, _dir: Direction, flow: ProbeFlow, details: Details) {
  const o = start(p, flow);
  if (o >= 0 && p.length > o) details.opcode = opcode(p, o);
  return 'done' as const;
}

export const openvpn: Classifier = {
  id: 'openvpn',
  name: 'OpenVPN',
  transports: ['udp', 'tcp'],
  ports: [1194],
  maxDepth: 4,
  weak: true,
  probe,
  describe,
  describeDepth: 1,
};
