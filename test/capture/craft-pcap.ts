/**
 * A small classic-pcap writer for crafted captures (Ethernet, IPv4, UDP or raw IP protocols such
 * as ESP): enough to stage a story — an IKE exchange refused, ESP that never comes back, DNS
 * queries without answers — and feed it to the engine as a stream.
 */
import { Readable } from 'node:stream';

export interface CraftedPacket {
  /** Seconds since the epoch (fractions allowed). */
  time: number;
  src: string;
  dst: string;
  /** 17 UDP (default), 6 TCP, or another IP protocol number (50 ESP: the payload follows the IP header). */
  protocol?: number;
  /** TCP only: sequence number and flags (0x02 SYN, 0x10 ACK, 0x04 RST, 0x18 PSH+ACK). */
  seq?: number;
  flags?: number;
  sport?: number;
  dport?: number;
  payload: Uint8Array;
}

function ipv4(a: string): number[] {
  return a.split('.').map(Number);
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function tcpHeader(p: CraftedPacket): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(p.sport!, 0);
  h.writeUInt16BE(p.dport!, 2);
  h.writeUInt32BE((p.seq ?? 1000) >>> 0, 4);
  h.writeUInt32BE(1, 8);
  h[12] = 5 << 4;
  h[13] = p.flags ?? 0x18;
  h.writeUInt16BE(64240, 14);
  return h;
}

function frame(p: CraftedPacket): Buffer {
  const proto = p.protocol ?? 17;
  const l4 =
    proto === 6
      ? Buffer.concat([tcpHeader(p), Buffer.from(p.payload)])
      : proto === 17
        ? Buffer.concat([
            Buffer.from([p.sport! >> 8, p.sport! & 0xff, p.dport! >> 8, p.dport! & 0xff]),
            Buffer.from([(p.payload.length + 8) >> 8, (p.payload.length + 8) & 0xff, 0, 0]),
            Buffer.from(p.payload),
          ])
        : Buffer.from(p.payload);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + l4.length, 2);
  ip[8] = 64;
  ip[9] = proto;
  Buffer.from(ipv4(p.src)).copy(ip, 12);
  Buffer.from(ipv4(p.dst)).copy(ip, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  const eth = Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]);
  return Buffer.concat([eth, ip, l4]);
}

/** A little-endian microsecond pcap file header (version 2.4, LINKTYPE_ETHERNET). */
export function pcapHeader(snaplen = 262144): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(snaplen, 16);
  header.writeUInt32LE(1, 20);
  return header;
}

/** The bytes of a little-endian microsecond pcap file (LINKTYPE_ETHERNET) holding `packets`. */
export function pcapBytes(packets: readonly CraftedPacket[]): Buffer {
  const header = pcapHeader();
  const records = packets.map((p) => {
    const f = frame(p);
    const r = Buffer.alloc(16);
    r.writeUInt32LE(Math.floor(p.time), 0);
    r.writeUInt32LE(Math.round((p.time % 1) * 1e6), 4);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([header, ...records]);
}

export function pcapStream(packets: readonly CraftedPacket[]): Readable {
  return Readable.from([pcapBytes(packets)]);
}
