import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IPPROTO_TCP, NET_IPV4, PacketLayers, TCP_ACK, TCP_SYN } from '../decoders/layers.js';
import { FlowTable } from './table.js';
import { allFlows, flowAt } from './view.js';

function tcp(
  src: number,
  sp: number,
  dst: number,
  dp: number,
  flags: number,
  seq: number,
  len: number,
): PacketLayers {
  const L = new PacketLayers();
  L.network = NET_IPV4;
  L.protocol = IPPROTO_TCP;
  L.src4 = src;
  L.dst4 = dst;
  L.srcPort = sp;
  L.dstPort = dp;
  L.tcpFlags = flags;
  L.tcpSeq = seq;
  L.tcpHeaderLength = 20;
  L.payloadLength = len;
  return L;
}

const C = 0xc0a8010a; // 192.168.1.10
const S = 0x0a000001; // 10.0.0.1
const none = new Uint8Array(0);

test('both directions share one flow; the SYN sender is the client; retransmissions counted', () => {
  const t = new FlowTable();
  t.add(tcp(C, 40000, S, 443, TCP_SYN, 100, 0), none, 60, 1, 1);
  t.add(tcp(S, 443, C, 40000, TCP_SYN | TCP_ACK, 900, 0), none, 60, 1.1, 2);
  t.add(tcp(C, 40000, S, 443, TCP_ACK, 101, 100), none, 160, 1.2, 3);
  t.add(tcp(C, 40000, S, 443, TCP_ACK, 101, 100), none, 160, 1.3, 4); // the same segment again
  t.add(tcp(S, 443, C, 40000, TCP_ACK, 901, 0), none, 60, 1.4, 5);
  assert.equal(t.count, 1);
  const f = flowAt(t, 0);
  assert.deepEqual(
    [f.client, f.clientPort, f.server, f.serverPort],
    ['192.168.1.10', 40000, '10.0.0.1', 443],
  );
  assert.deepEqual(f.packets, [3, 2]);
  assert.deepEqual(f.bytes, [380, 120]);
  assert.deepEqual(f.retransmissions, [1, 0]);
  assert.equal(f.firstTime, 1);
  assert.equal(f.lastTime, 1.4);
});

test('a capture that starts with the SYN+ACK still names the client right', () => {
  const t = new FlowTable();
  t.add(tcp(S, 443, C, 40000, TCP_SYN | TCP_ACK, 900, 0), none, 60, 1, 1);
  const f = flowAt(t, 0);
  assert.equal(f.client, '192.168.1.10');
  assert.deepEqual(f.packets, [0, 1]);
});

test('beyond maxFlows new flows are counted as untracked and the table says it is full', () => {
  const t = new FlowTable({ maxFlows: 100 });
  for (let i = 0; i < 5000; i++) t.add(tcp(C, 1024 + i, S, 80, TCP_SYN, i, 0), none, 60, i, i + 1);
  assert.equal(t.count, 100);
  assert.ok(t.full);
  assert.equal(t.untrackedPackets, 4900);
  // Existing flows still count after the table filled up.
  assert.equal(t.add(tcp(S, 80, C, 1024, TCP_ACK, 0, 0), none, 60, 1, 1), 0);
});

test('thousands of flows survive growth and rehashing with their counters', () => {
  const t = new FlowTable();
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 20_000; i++)
      t.add(tcp(C + (i % 7), 1024 + i, S, 80, TCP_ACK, i, 10), none, 100, i, i + 1);
  }
  assert.equal(t.count, 20_000);
  for (const f of [0, 9_999, 19_999]) assert.deepEqual(flowAt(t, f).packets, [2, 0]);
});

test('allFlows shares one text per address and reads every flow as flowAt does', () => {
  const t = new FlowTable();
  for (let i = 0; i < 300; i++) {
    t.add(tcp(C + (i % 3), 1024 + i, S + (i % 5), 443, TCP_SYN, i, 0), none, 60, i, i + 1);
    t.add(tcp(S + (i % 5), 443, C + (i % 3), 1024 + i, TCP_SYN | TCP_ACK, i, 0), none, 60, i, i + 2);
  }
  const flows = allFlows(t);
  assert.equal(flows.length, 300);
  for (const [i, f] of flows.entries()) assert.deepEqual(f, flowAt(t, i));
  // The same address's text is one string, whichever flow and side it comes from.
  assert.equal(flows[0]!.client, '192.168.1.10');
  assert.equal(flows[3]!.client, flows[0]!.client);
  assert.equal(new Set(flows.map((f) => f.server)).size, 5);
});
