/**
 * The tunnels and link types cloud and data-centre captures carry (issue 12): Geneve, ERSPAN
 * I/II/III, GRE carrying Ethernet, MPLS label stacks (Ethernet 0x8847/0x8848, GRE, PPP, MPLS
 * in UDP), VXLAN-GPE with and without NSH, NFLOG (`tcpdump -i nflog`) and 802.11
 * with radiotap (Wi-Fi monitor mode). Each is crafted here, then read whole, in 1-byte and in
 * random chunks (the same analysis), and cross-checked with tshark: the same conversations and
 * endpoints, inner hosts included, and `find` selects the frames tshark selects for ip/tcp/udp.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { findPackets } from '../../src/capture/filter/find.js';
import { analyzeCapture } from '../../src/capture/index.js';
import { compareWithTshark } from './compare.js';
import { dnsQuery, ethernet, gre, hex, ipv4, mpls, pcapOf, tcp, udp } from './craft-frames.js';
import { digest, rng } from './digest.js';

const run = promisify(execFile);
const tshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'tshark is not installed (scripts/install-peers.sh)';
  }
})();
const dir = mkdtempSync(path.join(tmpdir(), 'nd-tunnels-'));

/** The customer's packets inside every tunnel: a DNS query and its TCP-carried cousin, both ways. */
const innerIp = [
  ipv4('10.1.0.5', '10.2.0.53', 17, udp(40001, 53, dnsQuery('inner.example'))),
  ipv4('10.2.0.53', '10.1.0.5', 17, udp(53, 40001, dnsQuery('inner.example'))),
  ipv4('10.1.0.5', '10.2.0.80', 6, tcp(40002, 80, 7, 0x02, Buffer.alloc(0))),
];
const innerEth = innerIp.map((p) => ethernet(0x0800, p, '02000000aa02', '02000000aa01'));

/** Outer IPv4/UDP from a hypervisor to another (source port hashed, as VTEPs do). */
const overUdp = (port: number, payload: Buffer) =>
  ethernet(0x0800, ipv4('192.0.2.1', '192.0.2.2', 17, udp(49152 + payload.length, port, payload)));
const overGre = (g: Buffer) => ethernet(0x0800, ipv4('192.0.2.1', '192.0.2.2', 47, g));

const geneveHeader = (type: number) =>
  hex(`02 00 ${type.toString(16).padStart(4, '0')} 00 0a 0b 00 0102 03 01 00000000`);
const erspan2 = hex('1 064 0 001 00000007'.replace(/ /g, '')); // version 1, VLAN 100, session 1, index 7
const erspan3 = hex('2 064 0 001 00000000 0000 0000'.replace(/ /g, '')); // version 2, no subheader
const seq = (n: number) => hex(n.toString(16).padStart(8, '0'));

const CASES: { name: string; linkType: number; frames: Buffer[] }[] = [
  {
    name: 'geneve-ethernet',
    linkType: 1,
    frames: innerEth.map((f) => overUdp(6081, Buffer.concat([geneveHeader(0x6558), f]))),
  },
  {
    name: 'geneve-ip',
    linkType: 1,
    frames: innerIp.map((p) => overUdp(6081, Buffer.concat([hex('00 00 0800 00 0a 0b 00'), p]))),
  },
  { name: 'erspan-1', linkType: 1, frames: innerEth.map((f) => overGre(gre(0x88be, f))) },
  {
    name: 'erspan-2',
    linkType: 1,
    frames: innerEth.map((f, i) => overGre(gre(0x88be, Buffer.concat([erspan2, f]), 0x1000, seq(i)))),
  },
  {
    name: 'erspan-3',
    linkType: 1,
    frames: innerEth.map((f, i) => overGre(gre(0x22eb, Buffer.concat([erspan3, f]), 0x1000, seq(i)))),
  },
  { name: 'gre-ethernet', linkType: 1, frames: innerEth.map((f) => overGre(gre(0x6558, f))) },
  { name: 'gre-mpls', linkType: 1, frames: innerIp.map((p) => overGre(gre(0x8847, mpls([17, 18], p)))) },
  {
    name: 'mpls-ethernet',
    linkType: 1,
    frames: innerIp.map((p) => ethernet(0x8847, mpls([1000, 2000, 3000], p))),
  },
  { name: 'mpls-multicast', linkType: 1, frames: innerIp.map((p) => ethernet(0x8848, mpls([5000], p))) },
  {
    name: 'mpls-ppp',
    linkType: 9,
    frames: innerIp.map((p) => Buffer.concat([hex('ff03 0281'), mpls([16], p)])),
  },
  { name: 'mpls-in-udp', linkType: 1, frames: innerIp.map((p) => overUdp(6635, mpls([300, 301], p))) },
  {
    name: 'vxlan-gpe-ip',
    linkType: 1,
    frames: innerIp.map((p) => overUdp(4790, Buffer.concat([hex('0c 0000 01 000064 00'), p]))),
  },
  {
    name: 'vxlan-gpe-nsh-ethernet',
    linkType: 1,
    // VXLAN-GPE next protocol 4 (NSH); NSH MD type 2 without metadata: length 2 words, next 3.
    frames: innerEth.map((f) =>
      overUdp(4790, Buffer.concat([hex('0c 0000 04 000064 00'), hex('0002 0203 000001ff'), f])),
    ),
  },
  {
    name: 'nflog',
    linkType: 239,
    // Family AF_INET, version 0, group 5; a prefix TLV (type 10) then the payload (type 9),
    // lengths and types in little-endian (an x86 host), each padded to 4 bytes.
    frames: innerIp.map((p) => {
      const prefix = Buffer.concat([hex('0b00 0a00'), Buffer.from('drop\0\0\0\0').subarray(0, 7), hex('00')]);
      const len = Buffer.alloc(4);
      len.writeUInt16LE(4 + p.length, 0);
      len.writeUInt16LE(9, 2);
      const pad = Buffer.alloc((4 - (p.length % 4)) % 4);
      return Buffer.concat([hex('02 00 0005'), prefix, len, p, pad]);
    }),
  },
  {
    name: 'radiotap-wifi',
    linkType: 127,
    frames: [
      // A beacon (management): link only.
      Buffer.concat([
        hex('00 00 0800 00000000'),
        hex('8000 0000 ffffffffffff 02000000bb01 02000000bb01 0000'),
        Buffer.alloc(12),
      ]),
      // QoS data to the AP (To DS), LLC/SNAP to IPv4, with TSFT and Flags (FCS at the end).
      ...innerIp.map((p) =>
        Buffer.concat([
          hex('00 00 1400 03000000 0000000000000000 10 000000'), // TSFT, Flags=FCS, padding
          hex('8801 3000 02000000bb01 02000000aa01 02000000aa02 1000 0000'),
          hex('aaaa03 000000 0800'),
          p,
          hex('deadbeef'),
        ]),
      ),
    ],
  },
];

function chunked(buf: Buffer, sizes: () => number): Readable {
  const parts: Buffer[] = [];
  for (let o = 0; o < buf.length; ) {
    const n = Math.max(1, sizes());
    parts.push(buf.subarray(o, o + n));
    o += n;
  }
  return Readable.from(parts, { objectMode: true });
}

async function frames(file: string, filter: string): Promise<string> {
  const out: number[] = [];
  await findPackets(file, { filter }, (_v, rec) => out.push(rec.frame));
  return out.join(',');
}

for (const c of CASES) {
  const bytes = pcapOf(c.linkType, c.frames);
  const file = path.join(dir, `${c.name}.pcap`);
  writeFileSync(file, bytes);

  test(`${c.name}: the inner hosts are conversations; whole = 1-byte = random chunks`, async () => {
    const a = await analyzeCapture(file);
    const pairs = new Set(a.flows().map((f) => `${f.client}>${f.server}:${f.serverPort}`));
    assert.ok(pairs.has('10.1.0.5>10.2.0.53:53'), `${c.name}: ${[...pairs].join(' ')}`);
    assert.ok(pairs.has('10.1.0.5>10.2.0.80:80'), `${c.name}: ${[...pairs].join(' ')}`);
    const dnsFlow = a.flows().find((f) => f.serverPort === 53)!;
    assert.equal(dnsFlow.application, 'dns');
    assert.equal(a.counters.malformed, 0, 'nothing malformed');
    const whole = digest(a);
    assert.equal(digest(await analyzeCapture('-', { stdin: chunked(bytes, () => 1) })), whole);
    const random = rng(bytes.length);
    const sizes = () => Math.floor(random() * 200);
    assert.equal(digest(await analyzeCapture('-', { stdin: chunked(bytes, sizes) })), whole);
    assert.equal(await frames(file, 'dns.qry.name == "inner.example"'), c.linkType === 127 ? '2,3' : '1,2');
  });

  test(`${c.name}: the same conversations, endpoints and ip/tcp/udp frames as tshark`, {
    skip: tshark,
  }, async () => {
    assert.deepEqual(await compareWithTshark(file), []);
    // One tshark run: each frame's protocol stack and every IPv4 address in it.
    const { stdout } = await run('tshark', [
      '-r',
      file,
      '-T',
      'fields',
      '-E',
      'occurrence=a',
      '-E',
      'aggregator=,',
      '-e',
      'frame.protocols',
      '-e',
      'ip.addr',
    ]);
    const rows = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    const want = (test: (protocols: string[], addrs: string[]) => boolean) =>
      rows
        .map((r, i) => (test((r[0] ?? '').split(':'), (r[1] ?? '').split(',')) ? i + 1 : 0))
        .filter(Boolean)
        .join(',');
    for (const proto of ['ip', 'tcp', 'udp']) {
      assert.equal(
        await frames(file, proto),
        want((p) => p.includes(proto)),
        `«${proto}»`,
      );
    }
    assert.equal(
      await frames(file, 'ip.addr == 10.2.0.53'),
      want((_p, a) => a.includes('10.2.0.53')),
    );
  });
}
