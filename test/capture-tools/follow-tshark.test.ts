/**
 * `follow` against `tshark -q -z follow,tcp,raw,N`: for every TCP stream of the captures below, the
 * bytes each node sent must be equal, byte for byte, and so must the places and sizes of the gaps
 * (bytes missing from the capture, which tshark writes as a notice line; see tshark-follow.ts).
 * Prints `N passed, M failed`; every stream must agree, there is no list of misses.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { followStream } from '../../src/capture/streams/follow.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { followHex, tsharkFollow, tsharkStreams } from './tshark-follow.js';

const CAPTURES = [
  'wireshark/http-ooo.pcap',
  'wireshark/http-ooo2.pcap',
  'wireshark/retrans-tls.pcap',
  'wireshark/tcp-badsegments.pcap',
  'wireshark/challenge01_ooo_stream.pcapng.gz',
  'ndpi/pcap/smtp.pcap',
  'ndpi/pcap/imap.pcap',
  'ndpi/pcap/http_ipv6.pcap',
  'ndpi/pcap/ssh.pcap',
  'ndpi/pcap/ftp.pcap',
];

const root =
  corpusDir('ndpi') && corpusDir('wireshark') ? path.dirname(corpusDir('ndpi') as string) : undefined;

const UDP_CAPTURES = [
  'wireshark/dns+icmp.pcapng.gz',
  'ndpi/pcap/ipsec_isakmp_esp.pcap',
  'ndpi/pcap/dns.pcap',
];

test('follow --udp equals tshark follow,udp,raw for every UDP conversation', {
  skip: root ? false : corpusSkipReason('ndpi'),
}, async () => {
  let passed = 0;
  const failures: string[] = [];
  for (const rel of UDP_CAPTURES) {
    const file = path.join(root as string, rel);
    const expected = await tsharkFollow(file, 'udp', await tsharkStreams(file, 'udp'));
    for (const want of expected) {
      const got = await followStream(file, { protocol: 'udp', stream: want.index });
      const hex = [0, 1].map((d) => followHex(got.chunks, d));
      if (got.nodes[0] === want.nodes[0] && hex[0] === want.hex[0] && hex[1] === want.hex[1]) passed++;
      else
        failures.push(
          `${rel} udp stream ${want.index}: nodes ${got.nodes.join(' ')} vs ${want.nodes.join(' ')}`,
        );
    }
  }
  console.log(`follow --udp vs tshark: ${passed} passed, ${failures.length} failed`);
  for (const f of failures) console.log(`  ${f}`);
  assert.ok(passed >= 5, `expected at least 5 UDP conversations compared, got ${passed}`);
  assert.deepEqual(failures, []);
});

test('follow equals tshark follow,tcp,raw for every TCP stream', {
  skip: root ? false : corpusSkipReason('ndpi'),
}, async () => {
  let passed = 0;
  const failures: string[] = [];
  for (const rel of CAPTURES) {
    const file = path.join(root as string, rel);
    const indexes = await tsharkStreams(file, 'tcp');
    const expected = await tsharkFollow(file, 'tcp', indexes);
    for (const want of expected) {
      const got = await followStream(file, { protocol: 'tcp', stream: want.index });
      const hex = [0, 1].map((d) => followHex(got.chunks, d));
      // tshark names node 0 the side of the stream's first packet, as follow does.
      const same = got.nodes[0] === want.nodes[0] && got.nodes[1] === want.nodes[1];
      const mine = same ? hex : [hex[1], hex[0]];
      if (mine[0] === want.hex[0] && mine[1] === want.hex[1]) passed++;
      else {
        failures.push(
          `${rel} stream ${want.index}: node 0 ${(mine[0] ?? '').length / 2}/${want.hex[0].length / 2} bytes, node 1 ${(mine[1] ?? '').length / 2}/${want.hex[1].length / 2}`,
        );
      }
    }
  }
  console.log(`follow vs tshark: ${passed} passed, ${failures.length} failed`);
  for (const f of failures) console.log(`  ${f}`);
  assert.ok(passed >= 20, `expected at least 20 streams compared, got ${passed}`);
  assert.deepEqual(failures, []);
});
