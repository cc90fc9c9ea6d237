/** Crafted payloads for the classifier tables: each builds the bytes a real peer would send. */

export const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
export const bytes = (...parts: (number[] | Uint8Array | string)[]): Uint8Array =>
  new Uint8Array(
    Buffer.concat(
      parts.map((p) =>
        typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p as Uint8Array | number[]),
      ),
    ),
  );
export const be16 = (n: number): number[] => [n >> 8, n & 0xff];
export const be32 = (n: number): number[] => [
  (n >>> 24) & 0xff,
  (n >>> 16) & 0xff,
  (n >>> 8) & 0xff,
  n & 0xff,
];
export const le32 = (n: number): number[] => be32(n).reverse();
export const zeros = (n: number): number[] => new Array(n).fill(0);

function dnsName(name: string): number[] {
  return [...name.split('.').flatMap((l) => [l.length, ...Buffer.from(l)]), 0];
}

export function dnsQuery(name: string, id = 0x1234): Uint8Array {
  return bytes(be16(id), [0x01, 0x00], be16(1), be16(0), be16(0), be16(0), dnsName(name), be16(1), be16(1));
}

export function dnsResponse(name: string, id = 0x1234): Uint8Array {
  return bytes(
    be16(id),
    [0x81, 0x80],
    be16(1),
    be16(1),
    be16(0),
    be16(0),
    dnsName(name),
    be16(1),
    be16(1),
    [0xc0, 0x0c],
    be16(1),
    be16(1),
    be32(300),
    be16(4),
    [192, 0, 2, 1],
  );
}

function ext(type: number, body: number[]): number[] {
  return [...be16(type), ...be16(body.length), ...body];
}

export function clientHello(sni: string, versions: number[] = [0x0304, 0x0303]): Uint8Array {
  const name = [...Buffer.from(sni)];
  const sniExt = ext(0, [...be16(name.length + 3), 0, ...be16(name.length), ...name]);
  const sv = ext(43, [versions.length * 2, ...versions.flatMap(be16)]);
  const exts = [...sniExt, ...sv];
  const body = [
    ...be16(0x0303),
    ...zeros(32),
    0,
    ...be16(2),
    0x13,
    0x01,
    1,
    0,
    ...be16(exts.length),
    ...exts,
  ];
  const hs = [1, 0, ...be16(body.length), ...body];
  return bytes([0x16, 0x03, 0x01], be16(hs.length), hs);
}

export function serverHello(version = 0x0304): Uint8Array {
  const exts = ext(43, be16(version));
  const body = [...be16(0x0303), ...zeros(32), 0, 0x13, 0x01, 0, ...be16(exts.length), ...exts];
  const hs = [2, 0, ...be16(body.length), ...body];
  return bytes([0x16, 0x03, 0x03], be16(hs.length), hs);
}

export function dhcpDiscover(): Uint8Array {
  const b = new Uint8Array(244);
  b.set([1, 1, 6, 0], 0);
  b.set([0x63, 0x82, 0x53, 0x63], 236);
  b.set([53, 1, 1, 255], 240);
  return b;
}

export function ntpClient(): Uint8Array {
  const b = new Uint8Array(48);
  b[0] = (4 << 3) | 3;
  return b;
}

export function snmpGet(community = 'public'): Uint8Array {
  const oid = [0x30, 0x0c, 0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 1, 0, 0x05, 0x00];
  const varbinds = [0x30, oid.length, ...oid];
  const pduBody = [0x02, 1, 1, 0x02, 1, 0, 0x02, 1, 0, ...varbinds];
  const pdu = [0xa0, pduBody.length, ...pduBody];
  const c = [...Buffer.from(community)];
  const body = [0x02, 1, 1, 0x04, c.length, ...c, ...pdu];
  return bytes([0x30, body.length], body);
}

export function rdpConnectionRequest(user = 'admin'): Uint8Array {
  const cookie = [...Buffer.from(`Cookie: mstshash=${user}\r\n`)];
  const neg = [1, 0, 8, 0, 3, 0, 0, 0];
  const x224 = [6 + cookie.length + neg.length, 0xe0, 0, 0, 0, 0, 0, ...cookie, ...neg];
  return bytes([3, 0], be16(4 + x224.length), x224);
}

export function smbNegotiate(v2 = true): Uint8Array {
  const smb = [v2 ? 0xfe : 0xff, 0x53, 0x4d, 0x42, ...zeros(60)];
  return bytes([0, 0], be16(smb.length), smb);
}

export function l2tpSccrq(): Uint8Array {
  const body = [...zeros(4), ...zeros(4), ...[0x80, 8, 0, 0, 0, 0, 0, 1]];
  return bytes([0xc8, 0x02], be16(12 + body.length), be16(0), be16(0), be16(0), be16(0), body);
}

export function gnutellaUdpPing(): Uint8Array {
  const guid = [0x24, 0xd5, 0x31, 2, 0x68, 0xfc, 0x19, 0x81, 0xff, 0xbc, 0xc6, 0xe0, 0x1f, 0xdb, 0xbe, 0x03];
  const payload = zeros(24);
  return bytes(guid, [0x00, 1, 0], le32(payload.length), payload);
}

export function g2Datagram(): Uint8Array {
  return bytes('GND', [0x10, 0x3e, 0x8f, 1, 1], [0x54, 0x0b, 0x51, 0x4b, 0x52, 0x50, 6, 0x52, 0x4e, 0x41]);
}

export function btHandshake(): Uint8Array {
  return bytes(
    [19],
    'BitTorrent protocol',
    zeros(8),
    Array.from({ length: 20 }, (_, i) => i + 1),
    ascii('-qB4250-abcdefghijkl'),
  );
}

export function utpPacket(type: number, conn: number, data = 0): Uint8Array {
  return bytes(
    [(type << 4) | 1, 0],
    be16(conn),
    be32(0x12345678),
    be32(type === 4 ? 0 : 1000),
    be32(0x100000),
    be16(1),
    be16(0),
    zeros(data),
  );
}

export function openvpnReset(opcode: number, session: number[], ackOf?: number[]): Uint8Array {
  const ack = ackOf ? [1, ...be32(0), ...ackOf] : [0];
  return bytes([opcode << 3], session, ack, be32(0));
}
