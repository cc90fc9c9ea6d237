/**
 * `write` against tshark: a round trip without a filter gives a file tshark reads identically
 * (frames, timestamps, lengths, protocols and bytes), in pcap and pcapng; with a filter, the file
 * holds exactly the frames `tshark -Y` selects, with their timestamps and lengths.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PcapngWriter, writePackets } from '../../src/capture/write/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const run = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'nd-write-'));
after(() => rmSync(out, { recursive: true, force: true }));

const FIELDS = ['frame.time_epoch', 'frame.len', 'frame.cap_len', 'frame.protocols'];

async function tsharkView(file: string, filter?: string): Promise<string> {
  const args = ['-r', file, '-T', 'fields', ...FIELDS.flatMap((f) => ['-e', f])];
  if (filter) args.push('-Y', filter);
  const { stdout } = await run('tshark', args, { maxBuffer: 1 << 26 });
  return stdout;
}

/** Every frame's bytes, as tshark prints them (-x), without the per-file summary lines. */
async function tsharkBytes(file: string, filter?: string): Promise<string> {
  const args = ['-r', file, '-x'];
  if (filter) args.push('-Y', filter);
  const { stdout } = await run('tshark', args, { maxBuffer: 1 << 26 });
  return stdout
    .split('\n')
    .filter((l) => /^[0-9a-f]{4} {2}/.test(l))
    .join('\n');
}

const wireshark = corpusDir('wireshark');
const ROUND_TRIPS: [string, 'pcap' | 'pcapng'][] = [
  ['wireshark/dhcp.pcap', 'pcap'],
  ['wireshark/dhcp-nanosecond.pcap', 'pcap'],
  ['wireshark/dhcp-nanosecond.pcapng', 'pcapng'],
  ['wireshark/dns+icmp.pcapng.gz', 'pcap'],
  ['wireshark/many_interfaces.pcapng.1', 'pcapng'],
  ['ndpi/pcap/android.pcap', 'pcapng'],
  ['ndpi/pcap/smtp.pcap', 'pcap'],
];

test('write without a filter: tshark reads the copy identically', {
  skip: wireshark ? false : corpusSkipReason('wireshark'),
}, async () => {
  const root = path.dirname(wireshark as string);
  for (const [rel, format] of ROUND_TRIPS) {
    const input = path.join(root, rel);
    const output = path.join(out, `${path.basename(rel)}.${format}`);
    const r = await writePackets(input, { output, format });
    assert.equal(r.written, r.packets, rel);
    assert.equal(await tsharkView(output), await tsharkView(input), `${rel} → ${format}: frames differ`);
    assert.equal(await tsharkBytes(output), await tsharkBytes(input), `${rel} → ${format}: bytes differ`);
  }
});

test('write with a filter holds exactly the frames tshark -Y selects', async () => {
  const cases: [string, string][] = [
    [path.join(FIXTURES, 'vpn/esp-one-way.pcap'), 'esp'],
    [path.join(FIXTURES, 'vpn/ikev2-no-proposal-chosen.pcap'), 'ip.src == 10.99.0.2'],
  ];
  if (wireshark)
    cases.push([
      path.join(path.dirname(wireshark), 'ndpi/pcap/android.pcap'),
      'tcp.port == 443 and tcp.len > 0',
    ]);
  for (const [input, filter] of cases) {
    for (const ext of ['pcap', 'pcapng']) {
      const output = path.join(out, `filtered.${ext}`);
      const r = await writePackets(input, { output, filter });
      const want = await tsharkView(input, filter);
      assert.equal(r.written, want.split('\n').filter(Boolean).length, `${filter}: count`);
      assert.equal(await tsharkView(output), want, `${path.basename(input)} «${filter}» → ${ext}`);
      assert.equal(await tsharkBytes(output), await tsharkBytes(input, filter), `${filter}: bytes`);
    }
  }
});

test('a pcap holds one link type: mixing them is an error that says to write pcapng', async () => {
  // A pcapng with an Ethernet frame and a raw-IP frame, made with the pcapng writer.
  const mixed = path.join(out, 'mixed.pcapng');
  const w = new PcapngWriter(mixed);
  const frame = (linkType: number, interfaceId: number, data: Uint8Array) => ({
    tsSec: 1_700_000_000,
    tsNsec: 123_456_789,
    originalLength: data.length,
    capturedLength: data.length,
    linkType,
    interfaceId,
    data,
    offset: 0,
  });
  w.write(frame(1, 0, new Uint8Array(60)));
  w.write(
    frame(101, 1, Uint8Array.from([0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1])),
  );
  w.close();
  const { stdout } = await run('capinfos', ['-c', '-E', mixed]);
  assert.match(stdout, /Number of packets:\s+2/);
  assert.match(stdout, /Per packet/);
  await assert.rejects(writePackets(mixed, { output: path.join(out, 'mixed.pcap') }), /write \.pcapng/);
  const again = await writePackets(mixed, { output: path.join(out, 'mixed-copy.pcapng') });
  assert.equal(again.written, 2);
  assert.equal(await tsharkView(path.join(out, 'mixed-copy.pcapng')), await tsharkView(mixed));
});
