/**
 * `netdoctor pcap summary|protocols|conversations|endpoints|io` end to end through the CLI:
 * --json documents, text tables, stdin (gzip), the SVG chart, flag validation naming the flag,
 * exit statuses (0, 1 for a full flow table, 2 for unreadable input), and --help for each action.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const dir = corpusDir('wireshark');
const skip = dir ? false : corpusSkipReason('wireshark');
const tmp = mkdtempSync(path.join(tmpdir(), 'nd-pcap-cli-'));

const cli = (args: string[], stdinData?: Buffer) => runCliCaptured(args, { stdin: stdinData });

test('pcap summary --json: the capture, its interfaces and link types', { skip }, async () => {
  const r = await cli(['pcap', 'summary', `${dir}/many_interfaces.pcapng.1`, '--json']);
  assert.equal(r.status, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.equal(doc.command, 'pcap summary');
  assert.equal(doc.summary.format, 'pcapng');
  assert.equal(doc.summary.packets, 64);
  assert.equal(doc.summary.bytes, 15954);
  assert.equal(doc.summary.interfaces.length, 11);
  assert.deepEqual(
    doc.summary.linkTypes.map((l: { linkType: number; packets: number }) => [l.linkType, l.packets]),
    [
      [1, 62],
      [0, 2],
    ],
  );
  assert.deepEqual(doc.findings, []);
});

test('pcap summary reads a gzip capture from stdin, in Japanese too', { skip }, async () => {
  const r = await cli(['pcap', 'summary', '-', '--lang', 'ja'], readFileSync(`${dir}/communityid.pcap.gz`));
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /pcap（gzip）/);
  assert.match(r.out, /パケット数\s+105/);
  assert.match(r.out, /スナップ長で切り詰められています/);
});

test('pcap conversations --by tcp and --by ip, endpoints --top, protocols', { skip }, async () => {
  const tcp = JSON.parse(
    (await cli(['pcap', 'conversations', `${dir}/communityid.pcap.gz`, '--by', 'tcp', '--json'])).out,
  );
  assert.equal(tcp.by, 'tcp');
  const web = tcp.conversations.find((c: { bPort: number }) => c.bPort === 80);
  assert.deepEqual([web.a, web.b, web.packets, web.bytes], ['128.232.110.120', '66.35.250.204', 12, 3035]);
  const ip = await cli(['pcap', 'conversations', `${dir}/communityid.pcap.gz`, '--top', '2']);
  assert.equal(ip.status, 0);
  assert.match(ip.out, /^A\s+B\s+PROTOCOLS/m);
  assert.match(ip.out, /\(2 of \d+ conversations; --top 0 shows all\)/);
  const ep = JSON.parse(
    (
      await cli([
        'pcap',
        'endpoints',
        `${dir}/communityid.pcap.gz`,
        '--top',
        '1',
        '--rank',
        'packets',
        '--json',
      ])
    ).out,
  );
  assert.equal(ep.endpoints.length, 1);
  assert.equal(ep.endpoints[0].address, '3ffe:507:0:1:200:86ff:fe05:80da');
  const proto = JSON.parse((await cli(['pcap', 'protocols', `${dir}/communityid.pcap.gz`, '--json'])).out);
  assert.equal(proto.protocols.name, 'frame');
  assert.equal(proto.protocols.packets, 105);
  const eth = proto.protocols.children[0];
  assert.equal(eth.name, 'eth');
  assert.ok(eth.children.some((c: { name: string }) => c.name === 'ipv6'));
});

test('pcap io writes a table and an SVG chart', { skip }, async () => {
  const chart = path.join(tmp, 'traffic.svg');
  const r = await cli(['pcap', 'io', `${dir}/dhcp.pcap`, '--interval', '10ms', '--chart', chart]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /OFFSET S\s+START\s+PACKETS/);
  assert.match(r.out, /chart written to/);
  assert.match(readFileSync(chart, 'utf8'), /^<svg /);
  const doc = JSON.parse((await cli(['pcap', 'io', `${dir}/dhcp.pcap`, '--interval', '10ms', '--json'])).out);
  assert.equal(doc.io.interval, 0.01);
  assert.equal(
    doc.io.intervals.reduce((n: number, i: { packets: number }) => n + i.packets, 0),
    4,
  );
});

test('a full flow table is a warning (exit 1); bad flags and inputs are one line, exit 2', {
  skip,
}, async () => {
  const full = await cli(['pcap', 'conversations', `${dir}/communityid.pcap.gz`, '--max-flows', '2']);
  assert.equal(full.status, 1);
  assert.match(full.out, /pcap\.flows\.table-full/);
  for (const [args, message] of [
    [['pcap', 'conversations', `${dir}/dhcp.pcap`, '--by', 'mac'], /--by: must be ip, tcp or udp/],
    [['pcap', 'endpoints', `${dir}/dhcp.pcap`, '--top', 'many'], /--top: must be a whole number/],
    [['pcap', 'io', `${dir}/dhcp.pcap`, '--interval', 'often'], /--interval: not a duration/],
    [['pcap', 'summary', path.join(tmp, 'missing.pcap')], /missing\.pcap: cannot read: no such file/],
    [
      ['pcap', 'summary', `${dir}/SOURCE.md`],
      /SOURCE\.md: not a pcap or pcapng capture \(it starts with 23 20/,
    ],
  ] as const) {
    const r = await cli([...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.err, message);
    assert.equal(r.err.split('\n').length, 2, 'one line');
  }
});

test('every pcap action has --help with usage and examples', async () => {
  for (const action of ['summary', 'protocols', 'conversations', 'endpoints', 'io', 'diagnose']) {
    const r = await cli(['pcap', action, '--help']);
    assert.equal(r.status, 0);
    assert.match(r.out, new RegExp(`Usage: netdoctor pcap ${action} `));
    assert.match(r.out, /Examples:\n {2}netdoctor pcap|Examples:\n {2}tcpdump/);
  }
});

test('a truncated capture with --json: the document with `error` and the results so far, exit 2', {
  skip,
}, async () => {
  const buf = readFileSync(`${dir}/dhcp.pcap`);
  const r = await cli(['pcap', 'conversations', '-', '--json'], buf.subarray(0, buf.length - 100));
  assert.equal(r.status, 2);
  const doc = JSON.parse(r.out);
  assert.equal(doc.command, 'pcap conversations');
  assert.deepEqual([doc.error.code, doc.error.offset], ['ND_CAPTURE_TRUNCATED', 1042]);
  assert.equal(
    doc.conversations.reduce((n: number, c: { packets: number }) => n + c.packets, 0),
    3,
  );
  assert.ok(doc.findings.some((f: { id: string }) => f.id === 'pcap.capture.truncated'));
  assert.match(r.err, /^netdoctor: stdin: capture ends in the middle of a packet record \(at byte 1042\)\n$/);
});
