/**
 * `pcap diagnose`: the stories of issue 7 on crafted captures (an IKE proposal refused, IKE with
 * no reply, ESP one way, DNS answers lost, a quiet capture) and on the nDPI corpus (the Gnutella
 * and BitTorrent hosts named with their peers; unanswered DNS counted as tshark counts them).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { diagnoseCapture } from '../../src/capture/analyses/diagnose.js';
import { catalog } from '../../src/catalog.js';
import type { Finding } from '../../src/core/findings.js';
import { localize } from '../../src/core/i18n.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { ascii, bytes, dnsQuery, dnsResponse } from './classifiers/payloads.js';
import { type CraftedPacket, pcapStream } from './craft-pcap.js';
import { ikeNoProposalChosen, ikeSaInitRequest } from './ike-packets.js';

const T0 = 1_700_000_000;
const CLIENT = '192.168.1.10';
const VPN = '203.0.113.5';

async function diagnoseCrafted(packets: CraftedPacket[]) {
  return diagnoseCapture('crafted.pcap', { stream: pcapStream(packets) });
}

function only(findings: Finding[], id: string): Finding {
  const hits = findings.filter((f) => f.id === id);
  assert.equal(hits.length, 1, `${id} once in ${findings.map((f) => f.id).join(', ')}`);
  return hits[0]!;
}

test('an IKE proposal the responder refuses is explained in plain words (NO_PROPOSAL_CHOSEN)', async () => {
  const r = await diagnoseCrafted([
    { time: T0, src: CLIENT, dst: VPN, sport: 500, dport: 500, payload: ikeSaInitRequest() },
    { time: T0 + 0.05, src: VPN, dst: CLIENT, sport: 500, dport: 500, payload: ikeNoProposalChosen() },
  ]);
  const f = only(r.findings, 'pcap.ike.no-proposal-chosen');
  assert.equal(f.severity, 'fail');
  assert.deepEqual(f.params, {
    initiator: CLIENT,
    responder: VPN,
    version: 'IKEv2',
    proposed: 'aes128-sha1-prfsha1-modp1024',
  });
  const en = localize(f, catalog, 'en');
  assert.match(
    en.title,
    /203\.0\.113\.5 accepted none of the proposals of 192\.168\.1\.10 \(NO_PROPOSAL_CHOSEN\)/,
  );
  assert.match(en.detail!, /offered .*aes128-sha1-prfsha1-modp1024/);
  assert.match(en.fix!, /proposals = aes128-sha1-prfsha1-modp1024/);
  const ja = localize(f, catalog, 'ja');
  assert.match(ja.title, /提案をどれも受け入れませんでした/);
  assert.deepEqual(r.ipsec.ikeErrors[0]?.from, VPN);
});

test('IKE that gets no reply names both ends and the port', async () => {
  const tries = [0, 1, 3, 7].map((s) => ({
    time: T0 + s,
    src: CLIENT,
    dst: VPN,
    sport: 500,
    dport: 500,
    payload: ikeSaInitRequest(),
  }));
  const r = await diagnoseCrafted(tries);
  const f = only(r.findings, 'pcap.ike.no-reply');
  assert.deepEqual(f.params, { initiator: CLIENT, responder: VPN, port: 500, packets: 4 });
  assert.equal(
    r.findings.some((x) => x.id === 'pcap.ike.no-proposal-chosen'),
    false,
  );
});

test('one IKE request in the last seconds of the capture may still be answered: not reported', async () => {
  const r = await diagnoseCrafted([
    {
      time: T0,
      src: CLIENT,
      dst: '192.168.1.1',
      sport: 40000,
      dport: 53,
      payload: dnsQuery('vpn.example.jp'),
    },
    {
      time: T0 + 0.01,
      src: '192.168.1.1',
      dst: CLIENT,
      sport: 53,
      dport: 40000,
      payload: dnsResponse('vpn.example.jp'),
    },
    { time: T0 + 10, src: CLIENT, dst: VPN, sport: 500, dport: 500, payload: ikeSaInitRequest() },
  ]);
  assert.equal(
    r.findings.some((x) => x.id === 'pcap.ike.no-reply'),
    false,
  );
});

test('NAT keepalives alone on UDP 4500 are not an unanswered IKE', async () => {
  const keepalives = [0, 20, 40, 60].map((s) => ({
    time: T0 + s,
    src: CLIENT,
    dst: VPN,
    sport: 4500,
    dport: 4500,
    payload: new Uint8Array([0xff]),
  }));
  const r = await diagnoseCrafted(keepalives);
  assert.equal(
    r.findings.some((x) => x.id.startsWith('pcap.ike.') || x.id.startsWith('pcap.esp.')),
    false,
  );
});

test('ESP that leaves one side and never comes back is one-way', async () => {
  const esp = (i: number) => bytes([0xc0, 0xff, 0xee, 0x01], [0, 0, 0, i], new Array(60).fill(0xab));
  const packets: CraftedPacket[] = [];
  for (let i = 1; i <= 10; i++)
    packets.push({ time: T0 + i, src: CLIENT, dst: VPN, protocol: 50, payload: esp(i) });
  const r = await diagnoseCrafted(packets);
  const f = only(r.findings, 'pcap.esp.one-way');
  assert.deepEqual(f.params, { sender: CLIENT, receiver: VPN, packets: 10 });
  assert.match(localize(f, catalog, 'en').fix!, /IP protocol 50/);
});

test('ESP both ways is not reported', async () => {
  const esp = bytes([0xc0, 0xff, 0xee, 0x01], [0, 0, 0, 1], new Array(60).fill(0xab));
  const packets: CraftedPacket[] = [];
  for (let i = 1; i <= 10; i++) {
    packets.push({ time: T0 + i, src: CLIENT, dst: VPN, protocol: 50, payload: esp });
    packets.push({ time: T0 + i + 0.01, src: VPN, dst: CLIENT, protocol: 50, payload: esp });
  }
  const r = await diagnoseCrafted(packets);
  assert.equal(
    r.findings.some((x) => x.id === 'pcap.esp.one-way'),
    false,
  );
});

test('DNS queries without answers are counted per server, with example names', async () => {
  const packets: CraftedPacket[] = [];
  for (let i = 0; i < 10; i++) {
    const name = `host${i}.example.jp`;
    packets.push({
      time: T0 + i,
      src: CLIENT,
      dst: '192.168.1.1',
      sport: 40000 + i,
      dport: 53,
      payload: dnsQuery(name, 100 + i),
    });
    // The same query again (a client retry) counts once.
    if (i === 1)
      packets.push({
        time: T0 + i + 0.5,
        src: CLIENT,
        dst: '192.168.1.1',
        sport: 40000 + i,
        dport: 53,
        payload: dnsQuery(name, 100 + i),
      });
    if (i % 2 === 0)
      packets.push({
        time: T0 + i + 0.01,
        src: '192.168.1.1',
        dst: CLIENT,
        sport: 53,
        dport: 40000 + i,
        payload: dnsResponse(name, 100 + i),
      });
  }
  // A query in the capture's last second may have been answered after it stopped: not counted.
  packets.push({
    time: T0 + 20,
    src: CLIENT,
    dst: '192.168.1.1',
    sport: 41000,
    dport: 53,
    payload: dnsQuery('late.example.jp', 7),
  });
  const r = await diagnoseCrafted(packets);
  const f = only(r.findings, 'pcap.dns.unanswered');
  assert.equal(f.severity, 'warn');
  assert.deepEqual(f.params, {
    server: '192.168.1.1',
    unanswered: 5,
    queries: 10,
    percent: 50,
    examples: ['host1.example.jp', 'host3.example.jp', 'host5.example.jp'],
  });
});

test('a server refusing connection after connection is an RST storm', async () => {
  const packets: CraftedPacket[] = [];
  for (let i = 0; i < 12; i++) {
    const client = `192.168.1.${20 + (i % 4)}`;
    const sport = 50000 + i;
    packets.push({
      time: T0 + i,
      src: client,
      dst: '192.168.1.5',
      protocol: 6,
      sport,
      dport: 8080,
      flags: 0x02,
      payload: new Uint8Array(0),
    });
    packets.push({
      time: T0 + i + 0.001,
      src: '192.168.1.5',
      dst: client,
      protocol: 6,
      sport: 8080,
      dport: sport,
      flags: 0x14,
      payload: new Uint8Array(0),
    });
  }
  const r = await diagnoseCrafted(packets);
  const f = only(r.findings, 'pcap.tcp.rst-storm');
  assert.deepEqual(f.params, { server: '192.168.1.5', resetFlows: 12, flows: 12, clients: 4 });
});

test('a conversation that sends its data twice has a retransmission rate', async () => {
  const packets: CraftedPacket[] = [];
  const data = new Uint8Array(100).fill(0x61);
  let t = T0;
  for (let i = 0; i < 30; i++) {
    const seq = 1000 + i * 100;
    packets.push({
      time: (t += 0.01),
      src: CLIENT,
      dst: '192.168.1.5',
      protocol: 6,
      sport: 50000,
      dport: 445,
      seq,
      payload: data,
    });
    if (i % 5 === 4)
      packets.push({
        time: (t += 0.2),
        src: CLIENT,
        dst: '192.168.1.5',
        protocol: 6,
        sport: 50000,
        dport: 445,
        seq,
        payload: data,
      });
    packets.push({
      time: (t += 0.001),
      src: '192.168.1.5',
      dst: CLIENT,
      protocol: 6,
      sport: 445,
      dport: 50000,
      seq: 5000,
      flags: 0x10,
      payload: new Uint8Array(0),
    });
  }
  const r = await diagnoseCrafted(packets);
  const f = only(r.findings, 'pcap.tcp.retransmissions');
  assert.equal(f.params?.client, CLIENT);
  assert.equal(f.params?.server, '192.168.1.5');
  assert.equal(f.params?.serverPort, 445);
  assert.equal(f.params?.retransmissions, 6);
  assert.equal(f.params?.packets, 66);
  assert.equal(f.params?.percent, 9.1);
});

test('the office story: 192.168.1.129 talking Gnutella to twenty peers is named, with its peers', async () => {
  const PC = '192.168.1.129';
  const packets: CraftedPacket[] = [];
  let t = T0;
  for (let i = 0; i < 20; i++) {
    const peer = `198.51.100.${10 + i}`;
    const port = 20000 + i * 731; // servents listen on random high ports
    const sport = 50000 + i;
    packets.push({
      time: (t += 0.1),
      src: PC,
      dst: peer,
      protocol: 6,
      sport,
      dport: port,
      seq: 1,
      payload: ascii('GNUTELLA CONNECT/0.6\r\nUser-Agent: LimeWire/5.5\r\n\r\n'),
    });
    packets.push({
      time: (t += 0.05),
      src: peer,
      dst: PC,
      protocol: 6,
      sport: port,
      dport: sport,
      seq: 1,
      payload: ascii('GNUTELLA/0.6 200 OK\r\n\r\n'),
    });
    for (let k = 0; k < 5; k++) {
      packets.push({
        time: (t += 0.01),
        src: peer,
        dst: PC,
        protocol: 6,
        sport: port,
        dport: sport,
        seq: 100 + k * 1000,
        payload: new Uint8Array(1000),
      });
    }
  }
  // The rest of the office: a little web and DNS.
  packets.push({
    time: (t += 0.1),
    src: '192.168.1.20',
    dst: '192.168.1.1',
    sport: 40000,
    dport: 53,
    payload: dnsQuery('www.example.jp'),
  });
  packets.push({
    time: (t += 0.01),
    src: '192.168.1.1',
    dst: '192.168.1.20',
    sport: 53,
    dport: 40000,
    payload: dnsResponse('www.example.jp'),
  });
  const r = await diagnoseCrafted(packets);
  const f = only(r.findings, 'pcap.p2p.suspected');
  assert.equal(f.params?.host, PC);
  assert.deepEqual(f.params?.protocols, ['Gnutella']);
  assert.equal(f.params?.peers, 20);
  assert.equal(f.params?.answered, 20);
  assert.equal((f.params?.peerList as string[] | undefined)?.length, 10);
  const top = r.findings.find((x) => x.id === 'pcap.top-talker');
  assert.equal(top?.params?.host, PC);
  assert.match(
    localize(f, catalog, 'ja').title,
    /^192\.168\.1\.129 がピアツーピアのファイル共有 \(Gnutella\) を 20 台の相手と行っています$/,
  );
});

test('many peers between high ports that nothing recognises still stand out', async () => {
  const packets: CraftedPacket[] = [];
  for (let i = 0; i < 12; i++) {
    const peer = `203.0.113.${20 + i}`;
    packets.push({
      time: T0 + i,
      src: '192.168.1.77',
      dst: peer,
      sport: 41000,
      dport: 30000 + i,
      payload: new Uint8Array(40).fill(i + 1),
    });
    packets.push({
      time: T0 + i + 0.05,
      src: peer,
      dst: '192.168.1.77',
      sport: 30000 + i,
      dport: 41000,
      payload: new Uint8Array(60).fill(i + 7),
    });
  }
  const r = await diagnoseCrafted(packets);
  const f = only(r.findings, 'pcap.p2p.many-peers');
  assert.equal(f.params?.host, '192.168.1.77');
  assert.equal(f.params?.peers, 12);
  assert.equal(
    r.findings.some((x) => x.id === 'pcap.p2p.suspected'),
    false,
  );
});

test('a capture of one direction only says so, and judges nothing one-way or unanswered', async () => {
  const packets: CraftedPacket[] = [];
  for (let i = 0; i < 6; i++) {
    for (let k = 0; k < 4; k++) {
      packets.push({
        time: T0 + i + k * 0.01,
        src: CLIENT,
        dst: `198.51.100.${i + 1}`,
        protocol: 6,
        sport: 50000 + i,
        dport: 443,
        seq: 1 + k * 100,
        flags: 0x18,
        payload: new Uint8Array(100),
      });
    }
    packets.push({
      time: T0 + i + 0.5,
      src: CLIENT,
      dst: '192.168.1.1',
      sport: 40000 + i,
      dport: 53,
      payload: dnsQuery(`h${i}.example.jp`, i),
    });
  }
  for (let i = 0; i < 5; i++)
    packets.push({
      time: T0 + 10 + i,
      src: CLIENT,
      dst: VPN,
      protocol: 50,
      payload: bytes([0xc0, 0xff, 0xee, 1], [0, 0, 0, i + 1], new Array(40).fill(0)),
    });
  const r = await diagnoseCrafted(packets);
  const f = only(r.findings, 'pcap.capture.one-direction');
  assert.deepEqual(f.params, { oneWay: 6, established: 6 });
  for (const id of ['pcap.dns.unanswered', 'pcap.esp.one-way', 'pcap.ike.no-reply'])
    assert.equal(
      r.findings.some((x) => x.id === id),
      false,
      id,
    );
});

test('a quiet capture says so', async () => {
  const r = await diagnoseCrafted([
    {
      time: T0,
      src: CLIENT,
      dst: '192.168.1.1',
      sport: 40000,
      dport: 53,
      payload: dnsQuery('www.example.jp'),
    },
    {
      time: T0 + 0.01,
      src: '192.168.1.1',
      dst: CLIENT,
      sport: 53,
      dport: 40000,
      payload: dnsResponse('www.example.jp'),
    },
  ]);
  assert.deepEqual(
    r.findings.map((f) => [f.id, f.severity]),
    [
      ['pcap.top-talker', 'info'],
      ['pcap.diagnose.clean', 'ok'],
    ],
  );
});

// Recorded by scripts/record-vpn-failures.sh: two strongSwan charons in network namespaces.
const VPN_FIXTURES = fileURLToPath(new URL('../fixtures/vpn/', import.meta.url));

test('a real strongSwan refusal (recorded): NO_PROPOSAL_CHOSEN with the proposal offered', async () => {
  const r = await diagnoseCapture(path.join(VPN_FIXTURES, 'ikev2-no-proposal-chosen.pcap'));
  const f = only(r.findings, 'pcap.ike.no-proposal-chosen');
  assert.deepEqual(f.params, {
    initiator: '10.99.0.1',
    responder: '10.99.0.2',
    version: 'IKEv2',
    proposed: 'aes128-sha256-prfsha256-modp2048',
  });
});

test('a real tunnel whose ESP-in-UDP is dropped one way (recorded): one-way on UDP 4500', async () => {
  const r = await diagnoseCapture(path.join(VPN_FIXTURES, 'esp-one-way.pcap'));
  const f = only(r.findings, 'pcap.esp.one-way-udp');
  assert.deepEqual(f.params, { sender: '10.99.0.1', receiver: '10.99.0.2', packets: 5 });
  assert.equal(
    r.findings.some((x) => x.id === 'pcap.ike.no-reply'),
    false,
  );
});

const ndpi = corpusDir('ndpi');
const skip = ndpi ? false : corpusSkipReason('ndpi');

test('gnutella.pcap: names the Gnutella host and its peers', { skip }, async () => {
  const r = await diagnoseCapture(path.join(ndpi!, 'pcap', 'gnutella.pcap'));
  const f = only(r.findings, 'pcap.p2p.suspected');
  assert.equal(f.severity, 'warn');
  assert.equal(f.params?.host, '10.0.2.15');
  assert.deepEqual(f.params?.protocols, ['Gnutella']);
  // nDPI counts 300 distinct Gnutella peers; netdoctor also counts the peers that never answered.
  assert.ok((f.params?.peers as number) >= 300, String(f.params?.peers));
  const peers = (f.evidence as { peers: string[] }).peers;
  for (const p of ['104.156.226.72', '75.133.101.93', '109.214.154.216']) assert.ok(peers.includes(p), p);
  assert.equal((f.params!.peerList as string[])[0], '104.156.226.72');
  assert.match(localize(f, catalog, 'en').title, /^10\.0\.2\.15 runs peer-to-peer file sharing \(Gnutella\)/);
});

test('bittorrent.pcap: names the BitTorrent host and its 15 peers', { skip }, async () => {
  const r = await diagnoseCapture(path.join(ndpi!, 'pcap', 'bittorrent.pcap'));
  const f = only(r.findings, 'pcap.p2p.suspected');
  assert.equal(f.params?.host, '192.168.1.3');
  assert.deepEqual(f.params?.protocols, ['BitTorrent']);
  assert.equal(f.params?.peers, 15);
  assert.ok((f.evidence as { peers: string[] }).peers.includes('198.100.146.9'));
});

test('bad-dns-traffic.pcap: 58 of 220 queries unanswered, as tshark counts them', { skip }, async () => {
  const r = await diagnoseCapture(path.join(ndpi!, 'pcap', 'bad-dns-traffic.pcap'));
  const f = only(r.findings, 'pcap.dns.unanswered');
  assert.equal(f.params?.server, '4.2.2.4');
  assert.equal(f.params?.queries, 220);
  assert.equal(f.params?.unanswered, 58);
});

test('ipsec_isakmp_esp.pcap: INVALID_KE_PAYLOAD followed by a retry is only information', {
  skip,
}, async () => {
  const r = await diagnoseCapture(path.join(ndpi!, 'pcap', 'ipsec_isakmp_esp.pcap'));
  const ke = r.findings.filter((f) => f.id === 'pcap.ike.invalid-ke-payload');
  assert.ok(ke.length >= 1);
  for (const f of ke) assert.equal(f.severity, 'info');
  assert.equal(
    r.findings.some((f) => f.severity === 'fail'),
    false,
  );
});
