/**
 * The probes and `describe` read attacker-controlled bytes: every prefix of every crafted payload,
 * and a few thousand seeded random mutations of them, on each classifier's ports and on random
 * ones, must classify without throwing, and the engine must reach `done` within its depth.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLASSIFIERS, createFlowClassifier, type Transport } from '../../../src/capture/classifiers/index.js';
import { rng } from '../../harness/rng.js';
import {
  ikeNoProposalChosen,
  ikeSaInitRequest,
  ikev1MainModeRequest,
  ikev1NoProposalChosen,
} from '../ike-packets.js';
import * as P from './payloads.js';

const SEEDS: Uint8Array[] = [
  P.dnsQuery('www.example.org'),
  P.bytes([0xc3], P.be32(1), [8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0x44, 0xd0], P.zeros(1230)),
  P.dnsResponse('www.example.org'),
  P.clientHello('mail.example.jp'),
  P.serverHello(),
  P.dhcpDiscover(),
  P.ntpClient(),
  P.snmpGet(),
  P.rdpConnectionRequest(),
  P.smbNegotiate(),
  P.l2tpSccrq(),
  P.gnutellaUdpPing(),
  P.g2Datagram(),
  P.btHandshake(),
  P.utpPacket(4, 0x1234),
  P.openvpnReset(7, [1, 2, 3, 4, 5, 6, 7, 8]),
  ikeSaInitRequest(),
  ikeNoProposalChosen(),
  ikev1MainModeRequest(),
  ikev1NoProposalChosen(),
  P.ascii('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
  P.ascii('220 mx ESMTP\r\n'),
  P.ascii('* OK ready\r\n'),
  P.ascii('+OK ready\r\n'),
  P.ascii('SSH-2.0-x\r\n'),
  P.ascii('<34>Oct 11 22:14:15 host su: x'),
  P.ascii('d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe'),
];

const PORTS = [...new Set(CLASSIFIERS.flatMap((c) => c.ports)), 40000];

function classify(transport: Transport, port: number, packets: Uint8Array[]): void {
  const c = createFlowClassifier({ transport, clientPort: 50000, serverPort: port });
  let fed = 0;
  for (const p of packets) {
    c.feed(p, fed % 2 === 0);
    fed++;
  }
  const r = c.result();
  assert.equal(typeof r.protocol, 'string');
}

test('every prefix of every crafted payload, on every well-known port', () => {
  for (const seed of SEEDS)
    for (let n = 0; n <= seed.length; n++)
      for (const t of ['tcp', 'udp'] as const)
        for (const port of PORTS) classify(t, port, [seed.subarray(0, n), seed.subarray(0, n)]);
});

test('3,000 random mutations: no throw, and the engine stops within its depth', () => {
  const r = rng(7);
  const maxDepth = Math.max(...CLASSIFIERS.map((c) => Math.max(c.maxDepth, c.describeDepth ?? 1)));
  for (let i = 0; i < 3000; i++) {
    const seed = SEEDS[Math.floor(r() * SEEDS.length)]!;
    const packets: Uint8Array[] = [];
    for (let k = 0; k < 3; k++) {
      const p = Uint8Array.from(seed);
      const flips = 1 + Math.floor(r() * 8);
      for (let f = 0; f < flips; f++) p[Math.floor(r() * p.length)] = Math.floor(r() * 256);
      packets.push(r() < 0.3 ? p.subarray(0, Math.floor(r() * p.length)) : p);
    }
    const t: Transport = r() < 0.5 ? 'tcp' : 'udp';
    const port = PORTS[Math.floor(r() * PORTS.length)]!;
    classify(t, port, packets);
    const c = createFlowClassifier({ transport: t, clientPort: 50000, serverPort: port });
    const junk = new Uint8Array(64).map(() => Math.floor(r() * 256));
    for (let k = 0; k <= maxDepth && !c.done; k++) c.feed(junk, k % 2 === 0);
    assert.equal(c.done, true, `engine still probing after ${maxDepth + 1} packets`);
  }
});
