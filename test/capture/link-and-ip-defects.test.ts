/**
 * Regressions of issue 12: a pcap link-type field with the FCS-length bits set (libpcap masks
 * them with LT_LINKTYPE) is still Ethernet; an IPv4 header of another version or with IHL < 5 is
 * malformed and never becomes a `0.0.0.0 ↔ 0.0.0.0` conversation. Cross-checked with tshark.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../../src/capture/index.js';
import { compareWithTshark } from './compare.js';
import { dnsQuery, ethernet, hex, ipv4, pcapOf, udp } from './craft-frames.js';

const tshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'tshark is not installed (scripts/install-peers.sh)';
  }
})();
const dir = mkdtempSync(path.join(tmpdir(), 'nd-defects-'));

function save(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const dnsFrame = (fcs: boolean) =>
  ethernet(
    0x0800,
    Buffer.concat([
      ipv4('192.0.2.1', '192.0.2.53', 17, udp(40000, 53, dnsQuery('example.org'))),
      ...(fcs ? [hex('deadbeef')] : []),
    ]),
  );

for (const linkType of [0x04000001, 0x24000001]) {
  test(`link type 0x${linkType.toString(16)} (Ethernet with FCS-length bits) is decoded as Ethernet`, async () => {
    const file = save(
      `fcs-${linkType}.pcap`,
      pcapOf(linkType, [dnsFrame(linkType > 0x04000001), dnsFrame(false)]),
    );
    const a = await analyzeCapture(file);
    const flows = a.flows();
    assert.equal(flows.length, 1);
    assert.equal(flows[0]!.application, 'dns');
    assert.equal(flows[0]!.packets[0], 2);
    assert.equal(a.counters.malformed, 0);
  });
}

test('link type with FCS bits: the same conversations as tshark', { skip: tshark }, async () => {
  const file = save('fcs-tshark.pcap', pcapOf(0x04000001, [dnsFrame(false), dnsFrame(false)]));
  assert.deepEqual(await compareWithTshark(file), []);
});

const badIpv4 = [
  ['IHL 4', '44'],
  ['IHL 0', '40'],
  ['version 5', '55'],
] as const;

for (const [what, first] of badIpv4) {
  test(`IPv4 with ${what} is malformed and no conversation`, async () => {
    const good = ipv4('192.0.2.1', '192.0.2.2', 17, udp(40000, 2000, Buffer.from('hello')));
    const bad = Buffer.from(good);
    bad[0] = Number.parseInt(first, 16);
    const file = save(`bad-${first}.pcap`, pcapOf(1, [ethernet(0x0800, bad), ethernet(0x0800, good)]));
    const a = await analyzeCapture(file);
    const flows = a.flows();
    assert.deepEqual(
      flows.map((f) => `${f.client} ${f.server}`),
      ['192.0.2.1 192.0.2.2'],
    );
    assert.equal(a.counters.malformed, 1);
  });
}

test('bad IPv4 headers: the same conversations as tshark', { skip: tshark }, async () => {
  const good = ipv4('192.0.2.1', '192.0.2.2', 17, udp(40000, 2000, Buffer.from('hello')));
  const frames = badIpv4.map(([, first]) => {
    const bad = Buffer.from(good);
    bad[0] = Number.parseInt(first, 16);
    return ethernet(0x0800, bad);
  });
  const file = save('bad-tshark.pcap', pcapOf(1, [...frames, ethernet(0x0800, good)]));
  assert.deepEqual(await compareWithTshark(file), []);
});
