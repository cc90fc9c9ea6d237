/**
 * Captures the tests record themselves: tcpdump on the loopback interface (Ethernet link type,
 * µs and ns timestamps) and on `any` (Linux cooked SLL2), with a capture filter on a port of our
 * own; TCP and UDP traffic over 127.0.0.1 and ::1. netdoctor's counts must agree with tshark's,
 * and with what the test itself sent. Traffic stays on loopback.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeCapture, conversations } from '../../src/capture/index.js';
import { toolSkip } from '../harness/peers.js';
import { freePort } from '../harness/ports.js';
import { compareWithTshark } from './compare.js';

const skip = process.getuid?.() !== 0 ? 'capturing on loopback needs root' : toolSkip('tcpdump', 'tshark');

const dir = mkdtempSync(path.join(tmpdir(), 'nd-loopback-'));

/**
 * --immediate-mode: without it, libpcap's ring hands packets over in blocks and a quick test loses
 * them; -B 32 MiB: on `any` the 64 KiB loopback segments overflow the default buffer.
 */
async function startTcpdump(args: string[]): Promise<ChildProcess> {
  const p = spawn('tcpdump', ['-U', '--immediate-mode', '-B', '32768', '-s', '0', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    p.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) resolve();
    });
    p.on('exit', (code) => reject(new Error(`tcpdump exited ${code}: ${err}`)));
  });
  return p;
}

async function stopTcpdump(p: ChildProcess): Promise<void> {
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGINT');
  await exited;
}

/** UDP datagrams to the marker port that the capture file holds so far (it is being written). */
async function markersSeen(file: string, marker: number): Promise<number> {
  const a = await analyzeCapture(file, { classify: false }).catch(() => undefined);
  if (!a) return 0;
  return a.flows().reduce((n, f) => n + (f.protocol === 17 && f.serverPort === marker ? f.packets[0] : 0), 0);
}

/**
 * Sends datagrams to the marker port until the capture shows one more than `before`: then
 * everything sent earlier on loopback is in the file too. Timing-free on a busy machine.
 */
async function mark(file: string, marker: number, before: number): Promise<number> {
  const tx = dgram.createSocket('udp4');
  try {
    for (let i = 0; i < 200; i++) {
      await new Promise<void>((r) => tx.send(Buffer.from('mark'), marker, '127.0.0.1', () => r()));
      await new Promise((r) => setTimeout(r, 50));
      const seen = await markersSeen(file, marker);
      if (seen > before) return seen;
    }
    throw new Error('tcpdump did not record the marker datagrams within 10 s');
  } finally {
    tx.close();
  }
}

/** A TCP exchange (request, a larger answer, close) and `datagrams` UDP datagrams, on `port`. */
async function traffic(host: string, port: number, datagrams: number): Promise<void> {
  const server = net.createServer((s) => {
    s.once('data', () => s.end(Buffer.alloc(50_000, 0x61)));
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  await new Promise<void>((resolve, reject) => {
    const c = net.connect(port, host, () => c.write('GET / HTTP/1.0\r\n\r\n'));
    c.on('data', () => {});
    c.on('end', () => {
      c.end();
      resolve();
    });
    c.on('error', reject);
  });
  await new Promise<void>((r) => server.close(() => r()));
  const family = host.includes(':') ? 'udp6' : 'udp4';
  const rx = dgram.createSocket(family);
  await new Promise<void>((r) => rx.bind(port, host, r));
  const tx = dgram.createSocket(family);
  for (let i = 0; i < datagrams; i++) {
    await new Promise<void>((r, j) => tx.send(Buffer.alloc(100 + i), port, host, (e) => (e ? j(e) : r())));
  }
  tx.close();
  rx.close();
}

for (const variant of [
  { name: 'lo, microseconds (Ethernet)', args: ['-i', 'lo'], linkType: 1 },
  { name: 'lo, nanoseconds (Ethernet)', args: ['-i', 'lo', '--time-stamp-precision', 'nano'], linkType: 1 },
  { name: 'any (Linux cooked SLL2)', args: ['-i', 'any'], linkType: 276 },
]) {
  test(`loopback capture on ${variant.name} agrees with tshark`, { skip, timeout: 60_000 }, async () => {
    const port = await freePort();
    const marker = await freePort();
    const file = path.join(dir, `${variant.linkType}-${port}.pcap`);
    const tcpdump = await startTcpdump([...variant.args, '-w', file, `port ${port} or port ${marker}`]);
    try {
      const before = await mark(file, marker, 0);
      await traffic('127.0.0.1', port, 7);
      await traffic('::1', port, 3).catch(() => {}); // no IPv6 on lo: the IPv4 part still counts
      await mark(file, marker, before);
    } finally {
      await stopTcpdump(tcpdump);
    }
    const a = await analyzeCapture(file);
    assert.equal(a.error, undefined);
    assert.deepEqual([...a.counters.perLinkType.keys()], [variant.linkType]);
    const udp = conversations(a.flows(), 'udp').filter((c) => c.a === '127.0.0.1' && c.bPort === port);
    assert.equal(udp.length, 1, 'one UDP conversation to our port');
    assert.equal(udp[0]!.packets, 7, 'the 7 datagrams sent');
    const tcp = conversations(a.flows(), 'tcp').filter((c) => c.b === '127.0.0.1' && c.bPort === port);
    assert.equal(tcp.length, 1);
    assert.ok(tcp[0]!.bytesBtoA > 50_000, 'the 50,000-byte answer flows from the server');
    assert.ok(tcp[0]!.packetsAtoB >= 3, 'SYN, request, ACKs from the client');
    assert.deepEqual(await compareWithTshark(file), []);
  });
}
