import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newRecord } from '../reader/record.js';
import { decodeFrame, decodeTunnel } from './index.js';
import { ipv6Text, NET_ARP, NET_IPV4, NET_IPV6, PacketLayers, TCP_SYN } from './layers.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function decode(linkType: number, frame: Buffer): PacketLayers {
  const rec = newRecord();
  rec.data = frame;
  rec.offset = 0;
  rec.capturedLength = frame.length;
  rec.linkType = linkType;
  const L = new PacketLayers();
  decodeFrame(rec, L);
  return L;
}

const IPV4_TCP_SYN =
  '4500003c00004000400600007f0000017f000001' + // 127.0.0.1 → 127.0.0.1, TCP
  'c35000501234567800000000a0020000000000000204ffd70402080a000000000000000001010101'; // 50000 → 80, SYN

test('Ethernet with QinQ tags: VLAN count, outer id, then IPv4/TCP', () => {
  const L = decode(1, hex(`020000000001 020000000002 88a8 0064 8100 00c8 0800 ${IPV4_TCP_SYN}`));
  assert.equal(L.vlanCount, 2);
  assert.equal(L.vlanId, 100);
  assert.equal(L.network, NET_IPV4);
  assert.equal(L.protocol, 6);
  assert.deepEqual([L.srcPort, L.dstPort], [50000, 80]);
  assert.equal(L.tcpFlags & TCP_SYN, TCP_SYN);
  assert.equal(L.tcpSeq, 0x12345678);
  assert.equal(L.payloadLength, 0);
  assert.equal(L.malformed, '');
});

test('Linux cooked SLL and SLL2, BSD null in either byte order, raw IP', () => {
  const sll = decode(113, hex(`0000 0304 0006 000000000000 0000 0800 ${IPV4_TCP_SYN}`));
  assert.equal(sll.network, NET_IPV4);
  const sll2 = decode(276, hex(`0800 0000 00000001 0304 00 06 0000000000000000 ${IPV4_TCP_SYN}`));
  assert.equal(sll2.dstPort, 80);
  assert.equal(decode(0, hex(`02000000 ${IPV4_TCP_SYN}`)).network, NET_IPV4);
  assert.equal(decode(0, hex(`00000002 ${IPV4_TCP_SYN}`)).network, NET_IPV4);
  assert.equal(decode(101, hex(IPV4_TCP_SYN)).srcPort, 50000);
});

test('IPv6 walks hop-by-hop and fragment headers to UDP; later fragments carry no ports', () => {
  const v6 =
    '6000000000200001' + // payload 32, next header 0 (hop-by-hop), hop limit 1
    '20010db8000000000000000000000001' +
    '20010db8000000000000000000000002' +
    '2c00000000000000' + // hop-by-hop: next = 44 (fragment), len 0
    '1100000100000001' + // fragment: next = 17, offset 0, M=1
    'd43100350010abcd' + // UDP 54321 → 53, length 16
    '0102030405060708';
  const L = decode(101, hex(v6));
  assert.equal(L.network, NET_IPV6);
  assert.equal(L.protocol, 17);
  assert.equal(L.ipv6ExtHeaders, 2);
  assert.ok(L.isFragment && L.moreFragments);
  assert.deepEqual([L.srcPort, L.dstPort, L.payloadLength], [54321, 53, 8]);
  assert.equal(ipv6Text(L.src6), '2001:db8::1');
  const later = decode(101, hex(v6.replace('1100000100000001', '1100001000000001')));
  assert.equal(later.fragmentOffset, 16);
  assert.equal(later.srcPort, -1);
});

test('ARP, ESP, GRE, ICMP, and AH in front of TCP', () => {
  const arp = decode(
    1,
    hex('ffffffffffff 020000000001 0806 0001 0800 06 04 0001 020000000001 c0a80101 000000000000 c0a80102'),
  );
  assert.equal(arp.network, NET_ARP);
  assert.equal(arp.arpOp, 1);
  assert.equal(arp.arpTargetIp, 0xc0a80102);
  const esp = decode(101, hex('4500002000000000403200000a0000010a000002 00001234 00000007 00000000'));
  assert.deepEqual([esp.protocol, esp.spi, esp.espSeq], [50, 0x1234, 7]);
  const gre = decode(101, hex('4500001800000000402f00000a0000010a000002 0000 0800'));
  assert.equal(gre.greProtocol, 0x0800);
  const icmp = decode(101, hex('4500001c00000000400100000a0000010a000002 0800 0000 0001 0001'));
  assert.deepEqual([icmp.icmpType, icmp.icmpCode], [8, 0]);
  const ah = decode(
    101,
    hex(
      `4500005400000000403300000a0000010a000002 06 04 0000 0000abcd 00000001 000000000000000000000000 ${IPV4_TCP_SYN.slice(40)}`,
    ),
  );
  assert.ok(ah.ah);
  assert.equal(ah.spi, 0xabcd);
  assert.equal(ah.protocol, 6);
  assert.equal(ah.dstPort, 80);
});

test('short and lying headers stop decoding with `malformed` named, never an exception', () => {
  assert.equal(decode(1, hex('0200000000010200')).malformed, 'eth');
  assert.equal(decode(101, hex('4f00003c00004000')).malformed, 'ipv4');
  assert.equal(decode(101, hex('45000028000040004006000001020304050607080001')).malformed, 'tcp');
});

test('ipv6Text follows RFC 5952', () => {
  assert.equal(ipv6Text([0, 0, 0, 1]), '::1');
  assert.equal(ipv6Text([0x20010db8, 0, 1, 0]), '2001:db8::1:0:0');
  assert.equal(ipv6Text([0x20010db8, 0x10000, 0, 1]), '2001:db8:1::1');
});

test('tunnels: IP in IP is found and decoded into a second layers object', () => {
  const inner = IPV4_TCP_SYN.replace('7f0000017f000001', '0a0000010a000002');
  const outer = decode(101, hex(`4500005000000000400400000a0a0a0a0b0b0b0b ${inner}`));
  assert.equal(outer.protocol, 4);
  assert.ok(outer.tunnelOffset > 0);
  const L = new PacketLayers();
  assert.ok(decodeTunnel(hex(`4500005000000000400400000a0a0a0a0b0b0b0b ${inner}`), outer, L));
  assert.deepEqual([L.src4, L.dst4, L.dstPort], [0x0a000001, 0x0a000002, 80]);
  assert.equal(decodeTunnel(Buffer.alloc(0), L, new PacketLayers()), false);
});

test('random bytes through every link type and tunnel decoder: no exception, bounded nesting', () => {
  let seed = 12;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const prefixes = [
    // Ethernet/IPv4/UDP to each tunnel port, and Ethernet/IPv4/GRE with each payload type.
    ...[2152, 4789, 4790, 6081, 6635].map((port) =>
      hex(
        `020000000001 020000000002 0800 4500 0400 00000000 4011 0000 0a000001 0a000002 c000 ${port.toString(16).padStart(4, '0')} 03f0 0000`,
      ),
    ),
    ...['0800', '6558', '880b', '8847', '88be', '22eb'].map((type) =>
      hex(
        `020000000001 020000000002 0800 4500 0400 00000000 402f 0000 0a000001 0a000002 1000 ${type} 00000001`,
      ),
    ),
    hex('020000000001 020000000002 8847'),
    hex('020000000001 020000000002 894f'),
  ];
  const layers = Array.from({ length: 6 }, () => new PacketLayers());
  for (let i = 0; i < 3000; i++) {
    const tail = Buffer.from(
      Array.from({ length: Math.floor(random() * 120) }, () => Math.floor(random() * 256)),
    );
    const kind = i % (prefixes.length + 3);
    const linkType = kind < prefixes.length ? 1 : [105, 127, 239][kind - prefixes.length]!;
    const frame = kind < prefixes.length ? Buffer.concat([prefixes[kind]!, tail]) : tail;
    const L = decode(linkType, frame);
    let depth = 0;
    while (depth < 5 && decodeTunnel(frame, depth === 0 ? L : layers[depth - 1]!, layers[depth]!)) depth++;
    assert.ok(depth <= 5);
  }
});
