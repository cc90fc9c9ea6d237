/**
 * OpenVPN over UDP or TCP (a 2-byte length first on TCP). The handshake starts with a hard reset
 * (P_CONTROL_HARD_RESET_CLIENT opcode 1, 7 or 10; the server's opcode 2 or 8; key id 0) carrying
 * the sender's 8-byte session id. One reset alone is a few bits of evidence, so it counts only on
 * port 1194; otherwise a second packet must confirm it: the same sender repeating its session id
 * in a control or ACK packet (opcodes 3, 4, 5), or the server's reset echoing the client's id
 * (with or without a tls-auth HMAC in between, hence a search rather than a fixed offset, as nDPI
 * does). Captures that hold one direction only (a NAT leg) are recognised by the first rule.
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

const RESETS = new Set([1, 2, 7, 8, 10]);
const CONTROL = new Set([1, 2, 3, 4, 5, 7, 8, 10]);

function sameId(p: Uint8Array, o: number, id: Uint8Array): boolean {
  for (let k = 0; k < 8; k++) if (p[o + k] !== id[k]) return false;
  return true;
}

function probe(p: Uint8Array, dir: Direction, flow: ProbeFlow) {
  const o = start(p, flow);
  if (o < 0 || p.length < o + 14) return 'no' as const;
  const op = opcode(p, o);
  const id = flow.scratch?.openvpnSession as Uint8Array | undefined;
  if (id === undefined) {
    if (!RESETS.has(op) || (p[o]! & 7) !== 0) return 'no' as const;
    if (onPort(flow, 1194)) return 'match' as const;
    flow.scratch = { ...flow.scratch, openvpnSession: p.slice(o + 1, o + 9), openvpnDir: dir };
    return 'more' as const;
  }
  if (!CONTROL.has(op)) return 'no' as const;
  if (flow.scratch?.openvpnDir === dir) {
    // A second reset is a retransmission (or a look-alike datagram sent twice): wait. The
    // confirmation is a control, soft-reset or ACK packet carrying the same session id.
    if (RESETS.has(op)) return 'more' as const;
    return sameId(p, o + 1, id) ? ('match' as const) : ('no' as const);
  }
  // The answer: a server reset that echoes the client's id. With tls-crypt the echo is
  // encrypted, so a reset without it leaves the decision to the client's next packet.
  if ((op === 2 || op === 8) && hasSessionEcho(p, o + 9, id)) return 'match' as const;
  return 'more' as const;
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
