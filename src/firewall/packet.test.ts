/** The kernel LOG line by bytes, field by field, and the prefixes firewalld and ufw write. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { summarizeFirewallLog } from './index.js';
import { compressIpv6, emptyPacket, PROTO_ICMP, PROTO_TCP, PROTO_UDP, readPacket } from './packet.js';
import { prefixMeaning } from './prefix.js';

function read(text: string) {
  const b = Buffer.from(text);
  const p = emptyPacket();
  const r = readPacket(b, 0, b.length, p);
  return {
    r,
    prefix: b.toString('latin1', p.prefixStart, p.prefixEnd),
    src: b.toString('latin1', p.srcStart, p.srcEnd),
    dst: b.toString('latin1', p.dstStart, p.dstEnd),
    p,
  };
}

test('the prefix is what stands before IN=, with or without a separator', () => {
  assert.equal(
    read(
      'DROPIN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=TCP SPT=1 DPT=2 ',
    ).prefix,
    'DROP',
  );
  assert.equal(
    read('filter_IN_public_REJECT: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 PROTO=TCP SPT=1 DPT=2 ')
      .prefix,
    'filter_IN_public_REJECT: ',
  );
  // a prefix that itself contains IN=: the one followed by " OUT=" is the field
  const x = read('BIN=x IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 PROTO=UDP SPT=1 DPT=53 LEN=20 ');
  assert.equal(x.prefix, 'BIN=x ');
  assert.equal(x.p.dport, 53);
});

test('the last prefix looked for first: the same fields as a search from the start, in any order', () => {
  const rest = 'SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=TCP SPT=1 DPT=2 ';
  const lines = [
    `PFX IN=foo IN=eth0 OUT= ${rest}`, // the first IN= is the prefix's: its interface is not followed by OUT=
    `PFX IN=foo IN=eth1 OUT= ${rest}`,
    `PFX IN=foo OUT= ${rest}`, // now the first one is the field
    `PFX IN=foo IN=eth0 OUT= ${rest}`, // the cached "PFX " is followed by an IN= that is not the field
    `PFX IN=fooIN=eth0 OUT= ${rest}`,
    `PFX IN=foo IN=eth0 MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 ${rest}`,
    `PFX IN=foo OUTX IN=eth0 OUT= ${rest}`,
    `PFX IN=foo OUTX IN=`,
    `PFX IN=foo ${rest}`,
  ];
  const fields = (line: string) => {
    const r = read(line);
    return [r.r, r.prefix, r.src, r.p.inStart, r.p.inEnd, r.p.outStart, r.p.outEnd];
  };
  // Each line read right after an unrelated one (no prefix to reuse) is the reference.
  const fresh = lines.map((l) => {
    read(`OTHER IN=lo OUT= ${rest}`);
    return fields(l);
  });
  for (const order of [lines, [...lines].reverse(), [...lines, ...lines]])
    for (const l of order) assert.deepEqual(fields(l), fresh[lines.indexOf(l)], l);
  assert.deepEqual(
    fresh.slice(0, 3).map((f) => f[1]),
    ['PFX IN=foo ', 'PFX IN=foo ', 'PFX '],
  );
});

test('UDP: the packet length is the first LEN=, not the UDP one', () => {
  const x = read(
    'IN=eth0 OUT= MAC=ff:ff:ff:ff:ff:ff:00:1f:29:02:0d:5f:08:00 SRC=192.168.10.23 DST=192.168.10.255 LEN=78 TOS=0x00 PREC=0x00 TTL=64 ID=4242 PROTO=UDP SPT=137 DPT=137 LEN=58 ',
  );
  assert.deepEqual(
    [x.r, x.p.length, x.p.proto, x.p.sport, x.p.dport, x.p.nonUnicast],
    [1, 78, PROTO_UDP, 137, 137, true],
  );
});

test('ICMP errors: the bracketed inner packet is not the logged one', () => {
  const x = read(
    'IN= OUT=eth0 SRC=192.0.2.10 DST=198.51.100.7 LEN=92 TOS=0x00 PREC=0xC0 TTL=64 ID=9 PROTO=ICMP TYPE=3 CODE=3 [SRC=198.51.100.7 DST=192.0.2.10 LEN=64 TOS=0x00 PREC=0x00 TTL=50 ID=8 PROTO=UDP SPT=33000 DPT=33434 LEN=44 ] ',
  );
  assert.deepEqual(
    [x.src, x.dst, x.p.length, x.p.proto, x.p.icmpType, x.p.icmpCode, x.p.dport],
    ['192.0.2.10', '198.51.100.7', 92, PROTO_ICMP, 3, 3, -1],
  );
  // a fragment without PROTO= before its bracket: no ports from the inner packet either
  const f = read(
    'IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 FRAG:100 [SRC=9.9.9.9 DST=8.8.8.8 LEN=1 PROTO=TCP SPT=1 DPT=2 ] ',
  );
  assert.deepEqual([f.r, f.p.dport, f.p.proto], [1, -1, 0]);
});

test('IPv6 and bridges', () => {
  const x = read(
    'IN=br0 OUT=br0 PHYSIN=eth1 PHYSOUT=eth2 MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:86:dd SRC=fd77:0000:0000:0000:0000:0000:0000:0001 DST=fd77:0000:0000:0000:0000:0000:0000:0002 LEN=104 TC=0 HOPLIMIT=64 FLOWLBL=1 PROTO=TCP SPT=1 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0 ',
  );
  assert.deepEqual([x.r, x.p.src4, x.p.proto, x.p.dport], [1, -1, PROTO_TCP, 22]);
  assert.equal(compressIpv6(x.src), 'fd77::1');
  assert.equal(compressIpv6('2001:0db8:0000:0001:0000:0000:0000:0001'), '2001:db8:0:1::1');
  assert.equal(compressIpv6('0000:0000:0000:0000:0000:0000:0000:0000'), '::');
});

test('not a packet line (0) and a damaged one (-1)', () => {
  assert.equal(read('Started Session 4 of User admin.').r, 0);
  assert.equal(read('XX=enp1s0 OUT= MAC=00 SRC=1.2.3.4 DST=5.6.7.8 LEN=40').r, 0);
  assert.equal(read('IN=eth0 OUT= SRC=1.2.3.4 DST=5.6').r, -1);
  assert.equal(read('IN=eth0 OUT= SRC=1.2.3.999 DST=5.6.7.8 LEN=40 PROTO=TCP').r, -1);
  assert.equal(read('IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 PROTO=TCP SPT=1 DPT=99999 ').r, -1);
});

test("firewalld's and ufw's prefixes name the zone, policy, chain and action", () => {
  assert.deepEqual(prefixMeaning('filter_IN_public_REJECT: '), {
    source: 'firewalld',
    chain: 'INPUT',
    zone: 'public',
    action: 'REJECT',
  });
  assert.deepEqual(prefixMeaning('filter_FWD_internal_DROP: '), {
    source: 'firewalld',
    chain: 'FORWARD',
    zone: 'internal',
    action: 'DROP',
  });
  assert.deepEqual(prefixMeaning('filter_policy_lan-to-wan_REJECT: '), {
    source: 'firewalld',
    policy: 'lan-to-wan',
    action: 'REJECT',
  });
  assert.deepEqual(prefixMeaning('FINAL_REJECT: '), { source: 'firewalld', action: 'REJECT' });
  assert.deepEqual(prefixMeaning('STATE_INVALID_DROP: '), { source: 'firewalld', action: 'DROP' });
  assert.deepEqual(prefixMeaning('[UFW BLOCK] '), { source: 'ufw', action: 'BLOCK' });
  assert.deepEqual(prefixMeaning('[UFW LIMIT BLOCK] '), { source: 'ufw', action: 'LIMIT BLOCK' });
  assert.deepEqual(prefixMeaning('IPTABLES-DROP: '), { source: 'custom' });
  assert.deepEqual(prefixMeaning(''), { source: 'none' });
});

const LOG = [
  'Dec  6 09:00:01 fw1 kernel: filter_IN_public_REJECT: IN=eth0 OUT= MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:08:00 SRC=203.0.113.77 DST=192.0.2.10 LEN=52 TOS=0x00 PREC=0x00 TTL=117 ID=5151 DF PROTO=TCP SPT=50123 DPT=3389 WINDOW=64240 RES=0x00 SYN URGP=0 ',
  '2026-12-06T09:30:00.123+09:00 fw1 kernel: [12345.678901] FINAL_REJECT: IN=eth1 OUT= MAC=ff:ff:ff:ff:ff:ff:00:1f:29:02:0d:5f:08:00 SRC=192.168.10.23 DST=192.168.10.255 LEN=78 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=UDP SPT=137 DPT=137 LEN=58 ',
  JSON.stringify({
    __REALTIME_TIMESTAMP: String(Date.UTC(2026, 11, 6, 1) * 1000),
    SYSLOG_IDENTIFIER: 'kernel',
    MESSAGE:
      '[UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.200 DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=61000 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0 ',
    PRIORITY: '4',
  }),
  '<4>1 2026-12-06T11:00:00Z fw1 kernel - - - nft-in: IN=eth0 OUT= SRC=203.0.113.77 DST=192.0.2.10 LEN=52 TOS=0x00 PREC=0x00 TTL=117 ID=2 DF PROTO=TCP SPT=1 DPT=3389 WINDOW=1 RES=0x00 SYN URGP=0 ',
  '[Sun Dec  6 12:00:00 2026] ipt6 IN=eth0 OUT= SRC=2001:0db8:0000:0000:0000:0000:0000:0077 DST=2001:0db8:0000:0000:0000:0000:0000:0010 LEN=80 TC=0 HOPLIMIT=57 FLOWLBL=1 PROTO=TCP SPT=50000 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0 ',
  '6,1234,10884828064,-;kmsg: IN=eth0 OUT= SRC=203.0.113.78 DST=192.0.2.10 LEN=52 TOS=0x00 PREC=0x00 TTL=1 ID=2 PROTO=TCP SPT=1 DPT=80 WINDOW=1 RES=0x00 SYN URGP=0 ',
  'Dec  6 12:30:00 fw1 systemd[1]: Started Session 4 of User admin.',
].join('\n');

test('every line format, and the same counts whatever the chunk sizes', async () => {
  const whole = await summarizeFirewallLog(['-'], {
    stdin: Readable.from([Buffer.from(`${LOG}\n`)]),
    utcOffsetMinutes: 0,
    now: Date.UTC(2026, 11, 7),
  });
  const s = whole.summary;
  assert.deepEqual([s.packets, s.lines.other, s.lines.unparsed, s.untimed], [6, 1, 0, 1]);
  assert.deepEqual(s.prefixes.map((p) => [p.prefix, p.packets]).sort(), [
    ['FINAL_REJECT: ', 1],
    ['[UFW BLOCK] ', 1],
    ['filter_IN_public_REJECT: ', 1],
    ['ipt6 ', 1],
    ['kmsg: ', 1],
    ['nft-in: ', 1],
  ]);
  assert.equal(s.pairs.find((p) => p.source === '203.0.113.77')?.packets, 2);
  assert.equal(s.sources.find((p) => p.source === '2001:db8::77')?.packets, 1);
  const bytes = Buffer.from(`${LOG}\n`);
  for (const size of [1, 7, 64]) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    const r = await summarizeFirewallLog(['-'], {
      stdin: Readable.from(chunks),
      utcOffsetMinutes: 0,
      now: Date.UTC(2026, 11, 7),
    });
    assert.deepEqual(r.summary, s, `chunks of ${size} bytes`);
  }
});
