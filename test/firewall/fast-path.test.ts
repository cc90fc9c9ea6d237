/**
 * The firewall log's byte path held equal to a plain reading of the same lines:
 *
 *  - `readPacket` (src/firewall/packet.ts, tuned for speed) against the reader as it was before
 *    (test/harness/packet-reference.ts): every field, on varied and hostile kernel LOG texts —
 *    iptables/ip6tables, nftables, firewalld, ufw and Proxmox prefixes, UDP's second LEN=, ICMP
 *    errors with their bracketed inner packet, IPv6, bridges, fragments — each cut at every length,
 *    with bytes replaced, and megabyte lines;
 *  - the whole summary (`summarizeFirewallLog`, the tally's byte path: stamps cached per second,
 *    prefixes remembered between lines, numeric tables) against counts made here with Maps from
 *    the reference reader, on a log mixing those texts under several hosts, tags and prefixes in
 *    random order.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compressIpv6, summarizeFirewallLog } from '../../src/firewall/index.js';
import { emptyPacket, type PacketFields, readPacket } from '../../src/firewall/packet.js';
import { readPacketReference, emptyPacket as refEmpty } from '../harness/packet-reference.js';
import { rng } from '../harness/rng.js';

const MAC = 'MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:08:00';
const TEXTS = [
  `filter_IN_public_REJECT: IN=eth0 OUT= ${MAC} SRC=203.0.113.77 DST=192.0.2.10 LEN=52 TOS=0x00 PREC=0x00 TTL=117 ID=5151 DF PROTO=TCP SPT=50123 DPT=3389 WINDOW=64240 RES=0x00 SYN URGP=0 `,
  `FINAL_REJECT: IN=eth1 OUT= MAC=ff:ff:ff:ff:ff:ff:00:1f:29:02:0d:5f:08:00 SRC=192.168.10.23 DST=192.168.10.255 LEN=78 TOS=0x00 PREC=0x00 TTL=64 ID=4242 PROTO=UDP SPT=137 DPT=137 LEN=58 `,
  `STATE_INVALID_DROP: IN=eth0 OUT= ${MAC} SRC=198.18.4.5 DST=192.0.2.10 LEN=40 TOS=0x00 PREC=0x00 TTL=240 ID=7 PROTO=TCP SPT=443 DPT=443 WINDOW=0 RES=0x00 RST URGP=0 `,
  'filter_OUT_public_REJECT: IN= OUT=eth0 SRC=192.0.2.10 DST=198.51.100.7 LEN=92 TOS=0x00 PREC=0xC0 TTL=64 ID=9 PROTO=ICMP TYPE=3 CODE=3 [SRC=198.51.100.7 DST=192.0.2.10 LEN=64 TOS=0x00 PREC=0x00 TTL=50 ID=8 PROTO=UDP SPT=33000 DPT=33434 LEN=44 ] ',
  `filter_IN_public_REJECT: IN=eth0 OUT= MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:86:dd SRC=2001:0db8:0000:0000:0000:0000:0000:0077 DST=2001:0db8:0000:0000:0000:0000:0000:0010 LEN=80 TC=0 HOPLIMIT=57 FLOWLBL=1 PROTO=TCP SPT=50000 DPT=22 WINDOW=64800 RES=0x00 SYN URGP=0 `,
  'ip6-in IN=eth0 OUT= SRC=fe80:0000:0000:0000:0000:0000:0000:0001 DST=ff02:0000:0000:0000:0000:0000:0000:0001 LEN=72 TC=0 HOPLIMIT=255 FLOWLBL=0 PROTO=ICMPv6 TYPE=134 CODE=0 ',
  'nft-in: IN=eth0 OUT= SRC=203.0.113.78 DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=1 DF PROTO=TCP SPT=40000 DPT=25 WINDOW=1 RES=0x00 SYN URGP=0 ',
  '[UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.200 DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=61000 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0 ',
  '[UFW LIMIT BLOCK] IN=eth0 OUT= SRC=198.51.100.201 DST=192.0.2.10 LEN=60 TOS=0x10 PREC=0x00 TTL=50 ID=2 PROTO=UDP SPT=5353 DPT=5353 LEN=40 ',
  'IN=vmbr0 MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:08:00 SRC=10.0.0.5 DST=10.0.0.1 LEN=52 TOS=0x00 PREC=0x00 TTL=64 ID=3 PROTO=TCP SPT=1 DPT=8006 ',
  'fwbr IN=fwbr0 PHYSIN=veth100i0 SRC=10.0.0.6 DST=10.0.0.1 LEN=52 PROTO=UDP SPT=1 DPT=53 LEN=32 ',
  'br IN=br0 OUT=br0 PHYSIN=eth1 PHYSOUT=eth2 MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:08:00 SRC=10.1.1.1 DST=10.1.1.2 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=4 PROTO=SCTP SPT=1 DPT=2 ',
  'BIN=x IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=UDPLITE SPT=1 DPT=53 ',
  'frag IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 FRAG:100 [SRC=9.9.9.9 DST=8.8.8.8 LEN=1 PROTO=TCP SPT=1 DPT=2 ] ',
  'inc IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=TCP INCOMPLETE [65535 bytes] ',
  'gre IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=47 ',
  'IN=eth0 OUT=eth1 SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=TCP SPT=1 DPT=80 ',
  'Started Session 4 of User admin.',
];

/** A reader's fields as data (the reference has no `prefixSerial`). */
function fields(r: number, p: PacketFields): unknown[] {
  const { prefixSerial: _, ...rest } = p;
  return [r, rest];
}

/** Each text cut at every length, with one byte replaced at every position, and megabyte ones. */
function hostile(r: () => number): string[] {
  const out: string[] = [];
  const swaps = [' ', '=', '[', ']', '0', '9', 'a', 'F', ':', '.', 'P', 'é', '\t', 'IN=', ' OUT='];
  for (const t of TEXTS) {
    out.push(t);
    for (let n = 0; n < t.length; n++) out.push(t.slice(0, n));
    for (let i = 0; i < t.length; i++)
      out.push(t.slice(0, i) + (swaps[Math.floor(r() * swaps.length)] as string) + t.slice(i + 1));
  }
  const big = 'x'.repeat(1 << 20);
  out.push(`${big}IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 PROTO=TCP SPT=1 DPT=2 `);
  out.push(
    `p IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 ${big} PROTO=TCP SPT=1 DPT=2 `,
  );
  out.push(`p IN=eth0 OUT= SRC=${'1'.repeat(1 << 20)} DST=5.6.7.8 LEN=40 PROTO=TCP SPT=1 DPT=2 `);
  out.push(`IN=${'e'.repeat(1 << 20)} OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 PROTO=TCP SPT=1 DPT=2 `);
  return out;
}

describe('the firewall byte path equals the plain reading', () => {
  it('readPacket: every field as the reference reads it, on hostile texts in any order', () => {
    const r = rng(18);
    const texts = hostile(r);
    const serials = new Map<number, string>();
    let read = 0;
    for (const order of [texts, [...texts].sort(() => r() - 0.5)])
      for (const text of order) {
        // the text alone, and inside a buffer with bytes around it (the reader must stay in range)
        for (const [pre, post] of [
          ['', ''],
          ['Dec  6 09:00:01 fw1 kernel: ', '\nIN=eth0 OUT= SRC=9.9.9.9'],
        ] as const) {
          const b = Buffer.from(pre + text + post);
          const start = Buffer.byteLength(pre);
          const end = start + Buffer.byteLength(text);
          const p = emptyPacket();
          const q = refEmpty();
          const got = readPacket(b, start, end, p);
          const want = readPacketReference(b, start, end, q);
          assert.deepEqual(fields(got, p), fields(want, q), JSON.stringify(text.slice(0, 300)));
          if (got === 1 && p.prefixSerial >= 0) {
            const prefix = b.toString('latin1', p.prefixStart, p.prefixEnd);
            const seen = serials.get(p.prefixSerial);
            if (seen !== undefined) assert.equal(prefix, seen, 'one serial, one prefix');
            serials.set(p.prefixSerial, prefix);
            read++;
          }
        }
      }
    assert.ok(read > 1000, `${read} packet lines read`);
  });

  describe('the summary: the counts made here from the reference reader', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'nd-fwlog-fast-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('on a log of hostile lines under several hosts, tags and uptimes', async () => {
      const r = rng(1218);
      const texts = hostile(r).filter((t) => t.length < 4096);
      const heads = [
        'fw1 kernel: ',
        'fw2 kernel: [12345.678901] ',
        'router-a kern: ',
        'fw1 kernel: [    3.1] ',
      ];
      const lines: string[] = [];
      type Row = { packets: number; bytes: number };
      const add = (m: Map<string, Row>, k: string, bytes: number) => {
        const row = m.get(k) ?? { packets: 0, bytes: 0 };
        row.packets++;
        row.bytes += bytes;
        m.set(k, row);
      };
      const prefixes = new Map<string, Row>();
      const pairs = new Map<string, Row>();
      const hours = new Map<string, Row>();
      let packets = 0;
      let unparsed = 0;
      let other = 0;
      const names = ['other', 'tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'udplite'];
      for (let i = 0; i < 40_000; i++) {
        const text = texts[Math.floor(r() * r() * texts.length)] as string;
        const head = heads[Math.floor(r() * heads.length)] as string;
        const sec = Math.floor(i / 7);
        const h = Math.floor(sec / 3600) % 24;
        const stamp = `Dec  6 ${String(h).padStart(2, '0')}:${String(Math.floor(sec / 60) % 60).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}`;
        const line = `${stamp} ${head}${text}`;
        lines.push(line);
        const size = Buffer.byteLength(line) + 1;
        const b = Buffer.from(text);
        const p = refEmpty();
        const got = readPacketReference(b, 0, b.length, p);
        if (got === 0) other++;
        else if (got < 0) unparsed++;
        else {
          packets++;
          add(prefixes, b.toString('utf8', p.prefixStart, p.prefixEnd), size);
          const src =
            p.src4 >= 0
              ? [p.src4 >>> 24, (p.src4 >>> 16) & 255, (p.src4 >>> 8) & 255, p.src4 & 255].join('.')
              : compressIpv6(b.toString('latin1', p.srcStart, p.srcEnd));
          const icmp = p.proto === 3 || p.proto === 4;
          const port = p.dport >= 0 ? p.dport : Math.max(p.icmpType, 0);
          const portText = icmp
            ? `${names[p.proto]} ${port}`
            : p.proto === 0
              ? 'other'
              : `${port}/${names[p.proto]}`;
          add(pairs, `${src} ${portText}`, size);
          add(hours, `2026-12-06T${String(h).padStart(2, '0')}`, size);
        }
      }
      const file = path.join(dir, 'hostile.log');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const mtime = new Date(Date.UTC(2026, 11, 7)); // the year of the stamps: 2026
      utimesSync(file, mtime, mtime);
      const res = await summarizeFirewallLog([file], {
        threads: 1,
        top: 1_000_000,
        now: Date.UTC(2026, 11, 7),
      });
      const s = res.summary;
      assert.deepEqual(
        [s.lines.total, s.packets, s.lines.unparsed, s.lines.other],
        [lines.length, packets, unparsed, other],
      );
      const byKey = (rows: [string, number, number][]) => rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      assert.deepEqual(
        byKey(s.prefixes.map((x) => [x.prefix, x.packets, x.logBytes])),
        byKey([...prefixes].map(([k, v]) => [k, v.packets, v.bytes])),
      );
      assert.deepEqual(
        byKey(s.pairs.map((x) => [`${x.source} ${x.port}`, x.packets, x.logBytes])),
        byKey([...pairs].map(([k, v]) => [k, v.packets, v.bytes])),
      );
      assert.deepEqual(
        byKey(s.perHour.map((x) => [x.hour, x.packets, x.logBytes])),
        byKey([...hours].map(([k, v]) => [k, v.packets, v.bytes])),
      );
      assert.ok(packets > 10_000 && unparsed > 1000 && other > 1000, `${packets} ${unparsed} ${other}`);
    });
  });
});
