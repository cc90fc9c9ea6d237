/** UDP (RFC 768): ports and payload (bounded by the UDP length when it is sane), and the tunnels
 * registered on UDP ports — the one place a UDP-carried tunnel decoder is registered. */
import { decodeGeneve } from './geneve.js';
import { decodeGtpu } from './gtpu.js';
import { type PacketLayers, u16 } from './layers.js';
import { decodeMplsInUdp } from './mpls-udp.js';
import { decodeVxlan } from './vxlan.js';
import { decodeVxlanGpe } from './vxlan-gpe.js';

type UdpTunnel = (b: Uint8Array, payload: number, end: number, L: PacketLayers) => void;

/**
 * UDP port → tunnel decoder (IANA's ports), looked up by index: no hashing per packet. Filled to
 * 65536 entries so that every lookup stays in bounds (V8 reads holes and out-of-bounds slowly).
 */
const UDP_TUNNELS: (UdpTunnel | undefined)[] = new Array<UdpTunnel | undefined>(65536).fill(undefined);
UDP_TUNNELS[2152] = decodeGtpu;
UDP_TUNNELS[4789] = decodeVxlan;
UDP_TUNNELS[4790] = decodeVxlanGpe;
UDP_TUNNELS[6081] = decodeGeneve;
UDP_TUNNELS[6635] = decodeMplsInUdp;

export function decodeUdp(b: Uint8Array, off: number, end: number, L: PacketLayers): void {
  if (end - off < 8) {
    L.malformed = 'udp';
    return;
  }
  L.srcPort = u16(b, off);
  L.dstPort = u16(b, off + 2);
  const len = u16(b, off + 4);
  if (len >= 8 && off + len < end) end = off + len;
  L.payloadOffset = off + 8;
  L.payloadLength = end - off - 8;
  // The destination port first: tunnel endpoints send from a hashed source port.
  const tunnel = UDP_TUNNELS[L.dstPort] ?? UDP_TUNNELS[L.srcPort];
  if (tunnel !== undefined && !L.quoted) tunnel(b, off + 8, end, L);
}
