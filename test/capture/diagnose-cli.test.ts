/**
 * `netdoctor pcap diagnose` end to end: the crafted IKE refusal from stdin with --json and exit
 * status 1, the same in Japanese, a quiet capture with exit 0, and garbage answered in one line
 * with exit 2.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';
import { dnsQuery, dnsResponse } from './classifiers/payloads.js';
import { pcapBytes } from './craft-pcap.js';
import { ikeNoProposalChosen, ikeSaInitRequest } from './ike-packets.js';

const cli = (args: string[], stdinBytes: Buffer) => runCliCaptured(args, { stdin: stdinBytes });

const T0 = 1_700_000_000;
const refused = pcapBytes([
  { time: T0, src: '192.168.1.10', dst: '203.0.113.5', sport: 500, dport: 500, payload: ikeSaInitRequest() },
  {
    time: T0 + 0.05,
    src: '203.0.113.5',
    dst: '192.168.1.10',
    sport: 500,
    dport: 500,
    payload: ikeNoProposalChosen(),
  },
]);

test('diagnose from stdin: --json names the refused proposal, exit 1', async () => {
  const r = await cli(['pcap', 'diagnose', '-', '--json'], refused);
  assert.equal(r.err, '');
  assert.equal(r.status, 1);
  const doc = JSON.parse(r.out);
  const f = doc.findings.find((x: { id: string }) => x.id === 'pcap.ike.no-proposal-chosen');
  assert.equal(f.severity, 'fail');
  assert.match(f.detail, /offered these algorithm sets .*: aes128-sha1-prfsha1-modp1024/);
  assert.equal(doc.ipsec.ikeErrors[0].notify, 'NO_PROPOSAL_CHOSEN');
});

test('diagnose in Japanese', async () => {
  const r = await cli(['pcap', 'diagnose', '-', '--lang', 'ja'], refused);
  assert.equal(r.status, 1);
  assert.match(
    r.out,
    /VPN の確立に失敗: 203\.0\.113\.5 は 192\.168\.1\.10 の提案をどれも受け入れませんでした/,
  );
});

test('a quiet capture exits 0', async () => {
  const quiet = pcapBytes([
    {
      time: T0,
      src: '192.168.1.10',
      dst: '192.168.1.1',
      sport: 40000,
      dport: 53,
      payload: dnsQuery('www.example.jp'),
    },
    {
      time: T0 + 0.01,
      src: '192.168.1.1',
      dst: '192.168.1.10',
      sport: 53,
      dport: 40000,
      payload: dnsResponse('www.example.jp'),
    },
  ]);
  const r = await cli(['pcap', 'diagnose', '-'], quiet);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /pcap\.diagnose\.clean/);
});

test('not a capture: one line on stderr, exit 2', async () => {
  const r = await cli(['pcap', 'diagnose', '-'], Buffer.from('hello, this is not a capture file at all\n'));
  assert.equal(r.status, 2);
  assert.equal(r.err.trim().split('\n').length, 1, r.err);
  assert.match(r.err, /^netdoctor: /);
});
