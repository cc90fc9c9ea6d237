/**
 * ARP frames and classic pcap files built byte by byte, for tests and benches that need exact
 * captures (an Ethernet source that differs from the ARP sender, an all-zero MAC, a probe).
 *
 * @example
 *   writeFileSync(file, pcapOf([{ t: 1700000000, data: arpFrame(1, '00:16:3e:00:00:0b', '10.9.0.5', '10.9.0.1') }]));
 */

function mac(s: string): number[] {
  return s.split(':').map((x) => Number.parseInt(x, 16));
}

function ip(s: string): number[] {
  return s.split('.').map(Number);
}

/** An Ethernet broadcast frame carrying ARP `op` (1 request, 2 reply); `src` is the Ethernet source. */
export function arpFrame(op: number, sha: string, spa: string, tpa: string, src = sha): Buffer {
  return Buffer.from([
    ...mac('ff:ff:ff:ff:ff:ff'),
    ...mac(src),
    0x08,
    0x06,
    0,
    1,
    8,
    0,
    6,
    4,
    0,
    op,
    ...mac(sha),
    ...ip(spa),
    0,
    0,
    0,
    0,
    0,
    0,
    ...ip(tpa),
    ...new Array(18).fill(0),
  ]);
}

/** The pcap file header (microseconds, Ethernet). */
export function pcapHeader(): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(1, 20);
  return head;
}

/** One pcap record (header + frame) at second `t`, microsecond `us`. */
export function pcapRecord(data: Uint8Array, t: number, us = 0): Buffer {
  const h = Buffer.alloc(16 + data.length);
  h.writeUInt32LE(t, 0);
  h.writeUInt32LE(us, 4);
  h.writeUInt32LE(data.length, 8);
  h.writeUInt32LE(data.length, 12);
  h.set(data, 16);
  return h;
}

export function pcapOf(frames: readonly { t: number; data: Buffer }[]): Buffer {
  return Buffer.concat([pcapHeader(), ...frames.map((f) => pcapRecord(f.data, f.t))]);
}
