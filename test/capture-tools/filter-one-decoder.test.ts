/**
 * Regressions of issue 12, "one packet decoder, one protocol naming": the display filter used to
 * walk the bytes with a link-layer switch and port tables of its own. Now it reads the engine's
 * decoded layers and the classifiers' labels, so
 * - on link types only the engine decoded (Cisco HDLC, PPI) `find` selects what tshark selects;
 * - DNS, HTTP and TLS on unusual ports are found by `dns`, `http.host` and the SNI field, as
 *   `pcap protocols` labels them;
 * - IKE is `isakmp` everywhere (tshark's name), with `ike` accepted in filters.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { analyzeCapture } from '../../src/capture/engine.js';
import { findPackets } from '../../src/capture/filter/find.js';
import { writePackets } from '../../src/capture/write/index.js';
import { dnsQuery, ethernet, ipv4, pcapOf, tcp, udp } from '../capture/craft-frames.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const run = promisify(execFile);
const tshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'tshark is not installed (scripts/install-peers.sh)';
  }
})();

async function frames(file: string, filter: string): Promise<string> {
  const out: number[] = [];
  await findPackets(file, { filter }, (_v, rec) => out.push(rec.frame));
  return out.join(',');
}

async function tsharkFrames(file: string, filter: string): Promise<string> {
  const { stdout } = await run('tshark', ['-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number']);
  return stdout.split('\n').filter(Boolean).join(',');
}

const ndpi = corpusDir('ndpi');
const LINK_CAPTURES = [
  ['Cisco HDLC', 'BGP_redist.pcap'],
  ['PPP carrying Cisco HDLC', 'BGP_Cisco_hdlc_slarp.pcap'],
  ['PPI', 'someip_sd_sample.pcap'],
] as const;

for (const [what, name] of LINK_CAPTURES) {
  test(`${what} (${name}): ip, tcp and udp select what tshark selects`, {
    skip: !ndpi ? corpusSkipReason('ndpi') : tshark,
  }, async () => {
    const file = path.join(ndpi!, 'pcap', name);
    for (const filter of ['ip', 'tcp', 'udp', 'ip.src == 0.0.0.0/0 and not icmp']) {
      const want = await tsharkFrames(file, filter);
      assert.equal(await frames(file, filter), want, `${name} «${filter}»`);
    }
    assert.notEqual(await frames(file, 'ip'), '', 'the capture holds IPv4');
  });
}

/** A ClientHello for `host` (RFC 8446 §4.1.2 layout, one cipher suite). */
function clientHello(host: string): Buffer {
  const name = Buffer.from(host);
  const sni = Buffer.concat([
    Buffer.from([0, 0, 0, name.length + 5, 0, name.length + 3, 0, 0, name.length]),
    name,
  ]);
  const body = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32, 7),
    Buffer.from([0, 0, 2, 0x13, 0x01, 1, 0, 0, sni.length]),
    sni,
  ]);
  const hello = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 255]), body]);
  return Buffer.concat([Buffer.from([22, 3, 1, hello.length >> 8, hello.length & 255]), hello]);
}

/** A TCP connection: handshake, one request from the client, one answer, from `sport` to `dport`. */
function connection(sport: number, dport: number, request: Buffer, answer: Buffer): Buffer[] {
  const c = (p: Buffer) => ethernet(0x0800, ipv4('192.0.2.10', '198.51.100.7', 6, p));
  const s = (p: Buffer) =>
    ethernet(0x0800, ipv4('198.51.100.7', '192.0.2.10', 6, p), '020000000001', '020000000002');
  return [
    c(tcp(sport, dport, 1000, 0x02, Buffer.alloc(0))),
    s(tcp(dport, sport, 5000, 0x12, Buffer.alloc(0))),
    c(tcp(sport, dport, 1001, 0x10, Buffer.alloc(0))),
    c(tcp(sport, dport, 1001, 0x18, request)),
    s(tcp(dport, sport, 5001, 0x18, answer)),
  ];
}

function unusualPorts(): Buffer {
  const dns = [
    ethernet(
      0x0800,
      ipv4('192.0.2.10', '198.51.100.53', 17, udp(50000, 40077, dnsQuery('odd-port.example'))),
    ),
  ];
  const http = connection(
    50001,
    18080,
    Buffer.from('GET / HTTP/1.1\r\nHost: intranet.example\r\nUser-Agent: test\r\n\r\n'),
    Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'),
  );
  const tls = connection(50002, 18443, clientHello('vpn.example'), Buffer.from([21, 3, 3, 0, 2, 2, 40]));
  return pcapOf(1, [...dns, ...http, ...tls]);
}

const dir = mkdtempSync(path.join(tmpdir(), 'nd-one-decoder-'));

test('DNS on 40077, HTTP on 18080, TLS on 18443: protocols labels them and find selects them', async () => {
  const file = path.join(dir, 'unusual-ports.pcap');
  writeFileSync(file, unusualPorts());
  const labels = (await analyzeCapture(file))
    .flows()
    .map((f) => `${f.serverPort} ${f.application}`)
    .sort();
  assert.deepEqual(labels, ['18080 http', '18443 tls', '40077 dns']);
  assert.equal(await frames(file, 'dns'), '1');
  assert.equal(await frames(file, 'dns.qry.name == "odd-port.example"'), '1');
  assert.equal(await frames(file, 'http'), '5,6');
  assert.equal(await frames(file, 'http.host == "intranet.example"'), '5');
  assert.equal(await frames(file, 'tls'), '10,11');
  assert.equal(await frames(file, 'tls.handshake.extensions_server_name == "vpn.example"'), '10');
  // What protocols labels, `write` keeps.
  const out = path.join(dir, 'tls-only.pcap');
  const w = await writePackets(file, { filter: 'tls or http or dns', output: out });
  assert.equal(w.written, 5);
});

test('IKE is isakmp in the labels and the filter; ike is an alias', {
  skip: corpusDir('ndpi') ? false : corpusSkipReason('ndpi'),
}, async () => {
  const file = path.join(corpusDir('ndpi')!, 'pcap', 'ipsec_isakmp_esp.pcap');
  const apps = new Set((await analyzeCapture(file)).flows().map((f) => f.application));
  assert.ok(apps.has('isakmp'), [...apps].join(' '));
  assert.ok(!apps.has('ike'));
  const isakmp = await frames(file, 'isakmp');
  assert.notEqual(isakmp, '');
  assert.equal(await frames(file, 'ike'), isakmp);
});
