/**
 * Byte builders for crafted frames of any link type and encapsulation (tunnels, MPLS, 802.11,
 * NFLOG …), and a pcap writer taking the frames as they are. craft-pcap.ts stages stories on
 * Ethernet/IPv4; this file builds the layers one by one so a test can stack them as a capture
 * from a data centre would. Checksums are computed where tshark checks them (IPv4 header).
 */

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function addr4(a: string): Buffer {
  return Buffer.from(a.split('.').map(Number));
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function ipv4(src: string, dst: string, protocol: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h[8] = 64;
  h[9] = protocol;
  addr4(src).copy(h, 12);
  addr4(dst).copy(h, 16);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, payload]);
}

export function ipv6(src: string, dst: string, next: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length, 4);
  h[6] = next;
  h[7] = 64;
  const words = (a: string) => {
    const [head = '', tail = ''] = a.split('::');
    const hs = head ? head.split(':') : [];
    const ts = tail ? tail.split(':') : [];
    const all = [...hs, ...Array<string>(8 - hs.length - ts.length).fill('0'), ...ts];
    const b = Buffer.alloc(16);
    for (const [i, g] of all.entries()) b.writeUInt16BE(Number.parseInt(g, 16), i * 2);
    return b;
  };
  words(src).copy(h, 8);
  words(dst).copy(h, 24);
  return Buffer.concat([h, payload]);
}

/** UDP with checksum 0 (none, which RFC 768 allows over IPv4). */
export function udp(sport: number, dport: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

export function tcp(sport: number, dport: number, seq: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h.writeUInt32BE(flags & 0x10 ? 1 : 0, 8);
  h[12] = 5 << 4;
  h[13] = flags;
  h.writeUInt16BE(64240, 14);
  return Buffer.concat([h, payload]);
}

export function ethernet(type: number, payload: Buffer, dst = '020000000002', src = '020000000001'): Buffer {
  const t = Buffer.alloc(2);
  t.writeUInt16BE(type, 0);
  return Buffer.concat([hex(dst), hex(src), t, payload]);
}

/** An MPLS label stack entry (RFC 3032): label, TC 0, S on the last, TTL 64. */
export function mpls(labels: number[], payload: Buffer): Buffer {
  const b = Buffer.alloc(labels.length * 4);
  for (const [i, l] of labels.entries()) {
    b.writeUInt32BE(((l << 12) | (i === labels.length - 1 ? 0x100 : 0) | 64) >>> 0, i * 4);
  }
  return Buffer.concat([b, payload]);
}

/** A GRE header (RFC 2784) with the given flags word and protocol type, then `payload`. */
export function gre(protocol: number, payload: Buffer, flags = 0, extra: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(flags, 0);
  h.writeUInt16BE(protocol, 2);
  return Buffer.concat([h, extra, payload]);
}

/** A DNS query for `name` (type A), id 0x1234. */
export function dnsQuery(name: string): Buffer {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  return Buffer.concat([hex('1234 0100 0001 0000 0000 0000'), ...labels, hex('00 0001 0001')]);
}

/** The bytes of a little-endian microsecond pcap file of `linkType` holding `frames`, 1 s apart. */
export function pcapOf(linkType: number, frames: readonly Buffer[], start = 1_700_000_000): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(linkType >>> 0, 20);
  const records = frames.map((f, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(start + i, 0);
    r.writeUInt32LE(1000 * i, 4);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([header, ...records]);
}
