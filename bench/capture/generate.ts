/**
 * Writes a realistic synthetic capture for the benchmark: an office's traffic on Ethernet, IPv4
 * with some IPv6 — TCP sessions (handshake, request, bulk data both ways, FIN) to HTTPS, HTTP,
 * SSH, SMTP and a P2P host's many peers on high ports, DNS queries and answers, QUIC, NTP, ESP,
 * ICMP — with sizes from 60 to 1514 bytes. Deterministic (seeded). Addresses are private or
 * documentation ranges: this is data, nothing is sent anywhere.
 *
 * Usage: node --import tsx bench/capture/generate.ts <out.pcap> [bytes]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { rng } from '../../test/harness/rng.js';

const BUF = 8 * 1024 * 1024;

class PcapWriter {
  private buf = Buffer.alloc(BUF);
  private pos = 0;
  written = 0;
  packets = 0;
  constructor(private readonly fd: number) {
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(262144, 16);
    h.writeUInt32LE(1, 20);
    writeSync(fd, h);
    this.written = 24;
  }
  /** Reserves a record of `len` frame bytes at time t (µs); returns the frame's offset in buf. */
  record(tUs: number, len: number): number {
    if (this.pos + 16 + len > BUF) this.flush();
    const b = this.buf;
    b.writeUInt32LE(Math.floor(tUs / 1e6), this.pos);
    b.writeUInt32LE(tUs % 1e6, this.pos + 4);
    b.writeUInt32LE(len, this.pos + 8);
    b.writeUInt32LE(len, this.pos + 12);
    const at = this.pos + 16;
    this.pos += 16 + len;
    this.written += 16 + len;
    this.packets++;
    return at;
  }
  get bytes(): Buffer {
    return this.buf;
  }
  flush(): void {
    writeSync(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }
}

interface Flow {
  v6: boolean;
  proto: number;
  client: number[];
  server: number[];
  cport: number;
  sport: number;
  kind: 'https' | 'http' | 'ssh' | 'smtp' | 'p2p' | 'dns' | 'quic' | 'ntp' | 'esp' | 'icmp';
  seqC: number;
  seqS: number;
  step: number;
  /** Data packets left to send. */
  left: number;
}

const TLS_HELLO = Buffer.from(
  '16030100a5010000a10303' +
    '00'.repeat(32) +
    '000020c02bc02fc02cc030cca9cca8c013c014009c009d002f0035000a0100005800000015001300001077777732e6578616d706c652e636f6d000b000403000102000a000a0008001d001700180019',
  'hex',
);
const HTTP_GET = Buffer.from(
  'GET /index.html HTTP/1.1\r\nHost: intranet.example\r\nUser-Agent: bench\r\n\r\n',
);
const SSH = Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
const SMTP = Buffer.from('220 mail.example.org ESMTP Postfix\r\n');
const BT = Buffer.concat([Buffer.from([19]), Buffer.from('BitTorrent protocol'), Buffer.alloc(48, 7)]);

export function generate(path: string, targetBytes: number, seed = 42): { packets: number; bytes: number } {
  const r = rng(seed);
  const fd = openSync(path, 'w');
  const w = new PcapWriter(fd);
  const lanHosts = 200;
  const active: Flow[] = [];
  let t = 1_700_000_000 * 1e6;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const newFlow = (): Flow => {
    const x = r();
    const kind: Flow['kind'] =
      x < 0.35
        ? 'https'
        : x < 0.45
          ? 'http'
          : x < 0.5
            ? 'ssh'
            : x < 0.53
              ? 'smtp'
              : x < 0.63
                ? 'p2p'
                : x < 0.8
                  ? 'dns'
                  : x < 0.9
                    ? 'quic'
                    : x < 0.93
                      ? 'ntp'
                      : x < 0.97
                        ? 'esp'
                        : 'icmp';
    const v6 = r() < 0.1;
    const host = kind === 'p2p' ? 129 : 2 + Math.floor(r() * lanHosts);
    const client = v6 ? [0xfd00, 0, 0, 1, 0, 0, 0, host] : [192, 168, 1, host];
    const remote = Math.floor(r() * 50000);
    const server = v6
      ? [0x2001, 0xdb8, 0, 0, 0, 0, remote >> 8, remote & 255]
      : kind === 'dns'
        ? [192, 168, 1, 1]
        : [198, 51 + (remote & 1), (remote >> 8) & 255, remote & 255];
    const sport = {
      https: 443,
      http: 80,
      ssh: 22,
      smtp: 25,
      p2p: 6881 + Math.floor(r() * 20000),
      dns: 53,
      quic: 443,
      ntp: 123,
      esp: 0,
      icmp: 0,
    }[kind];
    const proto =
      kind === 'dns' || kind === 'quic' || kind === 'ntp'
        ? 17
        : kind === 'esp'
          ? 50
          : kind === 'icmp'
            ? v6
              ? 58
              : 1
            : 6;
    const big = kind === 'https' || kind === 'p2p' || kind === 'quic' || kind === 'http';
    return {
      v6,
      proto,
      client,
      server,
      cport: 1024 + Math.floor(r() * 60000),
      sport,
      kind,
      seqC: Math.floor(r() * 2 ** 32),
      seqS: Math.floor(r() * 2 ** 32),
      step: 0,
      // Most connections are short; a few carry bulk data (heavy tail).
      left: big ? 2 + Math.floor(r() ** 8 * 1500) : 2 + Math.floor(r() * 6),
    };
  };
  for (let i = 0; i < 2000; i++) active.push(newFlow());
  while (w.written < targetBytes) {
    const i = Math.floor(r() * active.length);
    const f = active[i]!;
    t += Math.floor(r() * 40);
    const done = emit(w, f, t, r, pick);
    if (done) active[i] = newFlow();
  }
  w.flush();
  closeSync(fd);
  return { packets: w.packets, bytes: w.written };
}

const MACS = [Buffer.from('020000000001', 'hex'), Buffer.from('020000000002', 'hex')];

/** Writes the flow's next packet; true when the flow is over. */
function emit(w: PcapWriter, f: Flow, t: number, r: () => number, pick: <T>(xs: readonly T[]) => T): boolean {
  let fromClient = true;
  let flags = 0x18;
  let payload: Buffer | number = 0;
  let over = false;
  if (f.proto === 6) {
    if (f.step === 0) flags = 0x02;
    else if (f.step === 1) {
      flags = 0x12;
      fromClient = false;
    } else if (f.step === 2) flags = 0x10;
    else if (f.step === 3) {
      payload =
        f.kind === 'https'
          ? TLS_HELLO
          : f.kind === 'http'
            ? HTTP_GET
            : f.kind === 'p2p'
              ? BT
              : f.kind === 'ssh'
                ? SSH
                : SMTP;
      fromClient = f.kind !== 'smtp';
    } else if (f.left > 0) {
      // Bulk data from the server, acknowledged by the client (pure ACKs or small requests).
      fromClient = r() < 0.45;
      payload = fromClient
        ? r() < 0.7
          ? 0
          : 40 + Math.floor(r() * 200)
        : r() < 0.7
          ? 1448
          : Math.floor(r() * 1448);
      if (!fromClient && r() < 0.01) payload = -1; // a retransmission
      f.left--;
    } else if (f.step < 1e9) {
      flags = 0x11;
      f.step = 1e9;
    } else {
      flags = 0x11;
      fromClient = false;
      over = true;
    }
    f.step++;
  } else {
    fromClient = f.step % 2 === 0;
    f.step++;
    payload =
      f.kind === 'dns'
        ? 40 + Math.floor(r() * 60)
        : f.kind === 'ntp'
          ? 48
          : f.kind === 'icmp'
            ? 56
            : 100 + Math.floor(r() * 1300);
    if (f.kind === 'dns' || f.kind === 'ntp' || f.kind === 'icmp') over = f.step >= 2;
    else over = --f.left <= 0;
    if (f.kind === 'esp') fromClient = true; // one-way ESP, as behind a firewall dropping replies
  }
  const retrans = payload === -1;
  const plen = typeof payload === 'number' ? Math.max(0, retrans ? 1448 : payload) : payload.length;
  const l4 = f.proto === 6 ? 20 : f.proto === 17 || f.proto === 50 ? 8 : 8;
  const ipLen = (f.v6 ? 40 : 20) + l4 + plen;
  const len = Math.max(60, 14 + ipLen);
  const b = w.bytes;
  const o = w.record(t, len);
  b.fill(0, o, o + len);
  MACS[fromClient ? 1 : 0]!.copy(b, o);
  MACS[fromClient ? 0 : 1]!.copy(b, o + 6);
  b.writeUInt16BE(f.v6 ? 0x86dd : 0x0800, o + 12);
  const src = fromClient ? f.client : f.server;
  const dst = fromClient ? f.server : f.client;
  let p = o + 14;
  if (f.v6) {
    b[p] = 0x60;
    b.writeUInt16BE(l4 + plen, p + 4);
    b[p + 6] = f.proto;
    b[p + 7] = 64;
    for (let i = 0; i < 8; i++) {
      b.writeUInt16BE(src[i]!, p + 8 + 2 * i);
      b.writeUInt16BE(dst[i]!, p + 24 + 2 * i);
    }
    p += 40;
  } else {
    b[p] = 0x45;
    b.writeUInt16BE(ipLen, p + 2);
    b[p + 8] = 64;
    b[p + 9] = f.proto;
    for (let i = 0; i < 4; i++) {
      b[p + 12 + i] = src[i]!;
      b[p + 16 + i] = dst[i]!;
    }
    p += 20;
  }
  if (f.proto === 6 || f.proto === 17) {
    b.writeUInt16BE(fromClient ? f.cport : f.sport, p);
    b.writeUInt16BE(fromClient ? f.sport : f.cport, p + 2);
  }
  if (f.proto === 6) {
    const seq = fromClient ? f.seqC : f.seqS;
    b.writeUInt32BE(retrans ? (seq - 1448) >>> 0 : seq, p + 4);
    b.writeUInt32BE(fromClient ? f.seqS : f.seqC, p + 8);
    b[p + 12] = 0x50;
    b[p + 13] = flags;
    b.writeUInt16BE(64240, p + 14);
    const adv = (retrans ? 0 : plen) + (flags & 0x03 ? 1 : 0);
    if (fromClient) f.seqC = (f.seqC + adv) >>> 0;
    else f.seqS = (f.seqS + adv) >>> 0;
  } else if (f.proto === 17) {
    b.writeUInt16BE(8 + plen, p + 4);
  } else if (f.proto === 50) {
    b.writeUInt32BE(0x1000 + (f.cport & 0xff), p);
    b.writeUInt32BE(f.step, p + 4);
  } else {
    b[p] = fromClient ? 8 : 0;
  }
  p += l4;
  if (Buffer.isBuffer(payload)) payload.copy(b, p);
  else if (f.kind === 'dns' && plen >= 12) {
    // A DNS header: id, flags (query / response), one question.
    b.writeUInt16BE(f.cport, p);
    b.writeUInt16BE(fromClient ? 0x0100 : 0x8180, p + 2);
    b.writeUInt16BE(1, p + 4);
    b.writeUInt16BE(fromClient ? 0 : 1, p + 6);
  } else if (f.kind === 'ntp' && plen >= 48) b[p] = fromClient ? 0x23 : 0x24;
  void pick;
  return over;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'bench/.out/office.pcap';
  const bytes = Number(process.argv[3] ?? 1.1e9);
  const t0 = Date.now();
  const g = generate(out, bytes);
  console.log(`${out}: ${g.packets} packets, ${g.bytes} bytes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
