import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFilter } from './compile.js';
import { FilterError } from './lexer.js';
import { type FilterPacket, PacketView } from './packet-view.js';
import { DnsAnswerTracker, RetransmissionTracker } from './shorthands.js';

/** An Ethernet/IPv4 frame carrying `l4` (protocol `proto`), as a filter packet. */
function ipv4Frame(
  src: string,
  dst: string,
  proto: number,
  l4: number[],
  frame = 1,
  tsSec = 100,
): FilterPacket {
  const ip = [
    0x45,
    0,
    0,
    20 + l4.length,
    0,
    0,
    0,
    0,
    64,
    proto,
    0,
    0,
    ...src.split('.').map(Number),
    ...dst.split('.').map(Number),
  ];
  ip[2] = (20 + l4.length) >> 8;
  ip[3] = (20 + l4.length) & 0xff;
  const eth = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
  const data = Uint8Array.from([...eth, ...ip, ...l4]);
  return {
    frame,
    linkType: 1,
    data,
    offset: 0,
    capturedLength: data.length,
    originalLength: data.length,
    tsSec,
    tsNsec: 0,
  };
}

function tcp(sport: number, dport: number, flags: number, seq: number, payload: number[] = []): number[] {
  return [
    sport >> 8,
    sport & 255,
    dport >> 8,
    dport & 255,
    seq >>> 24,
    (seq >> 16) & 255,
    (seq >> 8) & 255,
    seq & 255,
    0,
    0,
    0,
    0,
    0x50,
    flags,
    0xff,
    0xff,
    0,
    0,
    0,
    0,
    ...payload,
  ];
}

function udp(sport: number, dport: number, payload: number[]): number[] {
  const len = 8 + payload.length;
  return [sport >> 8, sport & 255, dport >> 8, dport & 255, len >> 8, len & 255, 0, 0, ...payload];
}

/** A DNS query (or response) for a.example with `id`. */
function dns(id: number, response: boolean): number[] {
  const name = [1, 97, 7, ...Buffer.from('example'), 0];
  return [id >> 8, id & 255, response ? 0x81 : 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...name, 0, 1, 0, 1];
}

function matches(expr: string, p: FilterPacket): boolean {
  const v = new PacketView();
  v.reset(p);
  return compileFilter(expr)(v);
}

const SYN = ipv4Frame('10.1.2.3', '192.0.2.7', 6, tcp(51234, 443, 0x02, 1000));
const RST = ipv4Frame('192.0.2.7', '10.1.2.3', 6, tcp(443, 51234, 0x14, 0));
const DNS_Q = ipv4Frame('192.168.1.10', '192.168.1.1', 17, udp(40000, 53, dns(7, false)));

test('fields, operators, networks and sets', () => {
  assert.ok(matches('tcp.flags.syn == 1 and tcp.flags.ack == 0', SYN));
  assert.ok(!matches('tcp.flags.syn == 1 and tcp.flags.ack == 0', RST));
  assert.ok(matches('tcp.flags.reset == 1', RST));
  assert.ok(matches('ip.addr == 10.0.0.0/8', SYN));
  assert.ok(matches('ip.src == 10.1.2.3 && tcp.dstport == 443', SYN));
  assert.ok(matches('tcp.port in {80, 443}', SYN));
  assert.ok(matches('tcp.port in {50000..52000}', SYN));
  assert.ok(!matches('tcp.port in {80, 8080}', SYN));
  assert.ok(matches('eth.addr == ff:ff:ff:ff:ff:ff', SYN));
  assert.ok(matches('frame.len > 50 and frame.len <= 54', SYN));
  assert.ok(matches('dns.qry.name == "a.example"', DNS_Q));
  assert.ok(matches('dns.qry.name contains "exam"', DNS_Q));
  assert.ok(matches('dns and udp.port == 53', DNS_Q));
  assert.ok(matches('!(tcp) || not udp', DNS_Q));
  assert.ok(matches('frame contains "example"', DNS_Q));
  assert.ok(matches('udp contains 07:65:78', DNS_Q));
});

test('!= is "present and no occurrence equals", as in tshark 4.0', () => {
  assert.ok(!matches('ip.addr != 10.1.2.3', SYN), 'one of the two addresses equals');
  assert.ok(matches('ip.addr != 10.9.9.9', SYN));
  assert.ok(!matches('tcp.port != 80', DNS_Q), 'no TCP layer: false, not true');
  assert.ok(matches('tcp.flags.syn', RST), 'a bare field tests presence, not the bit');
});

test('errors name the part and the column', () => {
  const cases: [string, RegExp][] = [
    ['tcp.window_size == 5', /unknown field "tcp.window_size" at column 1/],
    ['tcp.port == 80 and tcp.window_size == 5', /unknown field "tcp.window_size" at column 20/],
    ['ip.addr == 10.0.0.300', /"10.0.0.300" is not an IPv4 address or network at column 12/],
    ['tcp.port == http', /"http" is not a whole number .* at column 13/],
    ['tcp.port ==', /expected a value but found the end of the filter at column 12/],
    ['(tcp', /expected "\)" but found the end of the filter at column 5/],
    ['tcp.port matches "x"', /"matches" is not supported .* at column 10/],
    ['eth.addr[0:3] == 01:02:03', /field slices .* at column 9/],
    ['tcp == 1', /tcp is a protocol/],
    ['ip.addr > 10.0.0.0/8', /can only be compared with == or !=/],
    ['dns.qry.name == "unterminated', /unterminated string/],
    ['', /the filter is empty/],
    [
      'tcp.analysis.retransmission',
      /unknown field "tcp.analysis.retransmission" \(retransmissions are selected with the retransmissions option\)/,
    ],
    [`${'('.repeat(2000)}tcp${')'.repeat(2000)}`, /nested more than 100 levels deep at column 101/],
    [`${'!'.repeat(200)}tcp`, /nested more than 100 levels deep/],
    [`tcp or ${'udp or '.repeat(3000)}ip`, /longer than 10000 characters/],
  ];
  for (const [expr, message] of cases) {
    assert.throws(
      () => compileFilter(expr),
      (e: unknown) => e instanceof FilterError && message.test(e.message),
      expr,
    );
  }
});

test('tunnels and ICMP errors: every IP layer counts for ip.addr', () => {
  const inner = [0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 172, 16, 0, 1, 172, 16, 0, 2, ...udp(1, 2, [])];
  const ipip = ipv4Frame('203.0.113.1', '203.0.113.2', 4, inner);
  assert.ok(matches('ip.addr == 172.16.0.2 and udp', ipip));
  const icmpError = ipv4Frame('198.51.100.1', '10.1.2.3', 1, [3, 3, 0, 0, 0, 0, 0, 0, ...inner]);
  assert.ok(matches('icmp and ip.dst == 172.16.0.2 and udp.port == 2', icmpError));
});

test('retransmissions: data sent again, not keep-alives', () => {
  const t = new RetransmissionTracker();
  const v = new PacketView();
  const seen = (p: FilterPacket) => {
    v.reset(p);
    return t.isRetransmission(v);
  };
  const data = (seq: number, len: number) =>
    ipv4Frame('10.0.0.1', '10.0.0.2', 6, tcp(1000, 25, 0x18, seq, new Array(len).fill(65)));
  assert.equal(seen(data(1, 100)), false);
  assert.equal(seen(data(101, 100)), false);
  assert.equal(seen(data(1, 100)), true);
  assert.equal(seen(data(200, 1)), false, 'one byte just below the next sequence number is a keep-alive');
  assert.equal(seen(data(201, 50)), false);
});

test('unanswered DNS queries are matched by id and addresses', () => {
  const t = new DnsAnswerTracker();
  const v = new PacketView();
  const see = (p: FilterPacket) => {
    v.reset(p);
    t.see(v);
  };
  see(ipv4Frame('192.168.1.10', '192.168.1.1', 17, udp(40000, 53, dns(7, false)), 1));
  see(ipv4Frame('192.168.1.10', '192.168.1.1', 17, udp(40001, 53, dns(8, false)), 2));
  see(ipv4Frame('192.168.1.1', '192.168.1.10', 17, udp(53, 40000, dns(7, true)), 3));
  see(ipv4Frame('192.168.1.1', '192.168.1.10', 17, udp(53, 40001, dns(9, true)), 4)); // another id
  assert.deepEqual(t.unanswered(), [{ frame: 2, name: 'a.example' }]);
});

test('TLS across segments: the record shows where it ends, retransmissions are not dissected again', () => {
  // A ClientHello for "mail.example" (RFC 8446 §4.1.2 layout, no cipher suites beyond one).
  const host = [...Buffer.from('mail.example')];
  const sni = [0, 0, 0, host.length + 5, 0, host.length + 3, 0, 0, host.length, ...host];
  const body = [3, 3, ...new Array(32).fill(7), 0, 0, 2, 0x13, 0x01, 1, 0, 0, sni.length, ...sni];
  const hello = [1, 0, body.length >> 8, body.length & 255, ...body];
  const record = [22, 3, 1, hello.length >> 8, hello.length & 255, ...hello];
  const first = record.slice(0, 30);
  const second = record.slice(30);
  const packets = [
    ipv4Frame('10.0.0.1', '192.0.2.7', 6, tcp(50000, 443, 0x02, 999), 1),
    ipv4Frame('10.0.0.1', '192.0.2.7', 6, tcp(50000, 443, 0x18, 1000, first), 2),
    ipv4Frame('10.0.0.1', '192.0.2.7', 6, tcp(50000, 443, 0x18, 1000 + first.length, second), 3),
    ipv4Frame('10.0.0.1', '192.0.2.7', 6, tcp(50000, 443, 0x18, 1000 + first.length, second), 4),
  ];
  const select = (expr: string) => {
    const match = compileFilter(expr);
    const v = new PacketView();
    return packets
      .filter((p) => {
        v.reset(p);
        return match(v);
      })
      .map((p) => p.frame);
  };
  assert.deepEqual(select('tls'), [3]);
  assert.deepEqual(select('tls.handshake.extensions_server_name == "mail.example"'), [3]);
  assert.deepEqual(select('tcp.len > 0 and tls'), [3], 'the tracker sees every packet, whatever comes first');
});
