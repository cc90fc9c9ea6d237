/**
 * Chunk boundaries must not change results (STYLE habit 10): each capture read whole from its
 * file, and from stdin in 1-byte chunks and in random chunks, gives the identical analysis —
 * gzip, pcap, pcapng, both byte orders, several sections.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { analyzeCapture } from '../../src/capture/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { digest, rng } from './digest.js';

function chunked(buf: Buffer, sizes: () => number): Readable {
  const parts: Buffer[] = [];
  for (let o = 0; o < buf.length; ) {
    const n = Math.max(1, sizes());
    parts.push(buf.subarray(o, o + n));
    o += n;
  }
  return Readable.from(parts, { objectMode: true });
}

const FILES = [
  'wireshark/dhe1.pcapng.gz',
  'wireshark/communityid.pcap.gz',
  'wireshark/dhcp-nanosecond.pcap',
  'wireshark/many_interfaces.pcapng.1',
  'wireshark/dmgr.pcapng',
  'wireshark/http-ooo.pcap',
  'pcapng-test-generator/output_be/difficult/test202.pcapng',
  'pcapng-test-generator/output_le/advanced/test102.pcapng',
  'ndpi/pcap/bittorrent.pcap',
];

const root = corpusDir('wireshark') ? corpusDir('wireshark')!.replace(/wireshark$/, '') : undefined;

test('whole, 1-byte and random chunks (stdin) give identical results', {
  skip: root ? false : corpusSkipReason('wireshark'),
}, async () => {
  for (const name of FILES) {
    const file = `${root}${name}`;
    const whole = digest(await analyzeCapture(file));
    const buf = readFileSync(file);
    const random = rng(buf.length);
    const oneByte = digest(await analyzeCapture('-', { stdin: chunked(buf, () => 1) }));
    assert.equal(oneByte, whole, `${name}: 1-byte chunks differ`);
    for (let round = 0; round < 3; round++) {
      const rnd = digest(
        await analyzeCapture('-', { stdin: chunked(buf, () => Math.floor(random() * 3000)) }),
      );
      assert.equal(rnd, whole, `${name}: random chunks (round ${round}) differ`);
    }
  }
});

test('a file larger than the reader’s reused buffers reads the same as from stdin in random chunks', async () => {
  // Regression: the pooled file reader must not reuse a buffer the parser still holds (a record
  // that spans two 4 MiB reads).
  const { generate } = await import('../../bench/capture/generate.js');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const file = `${mkdtempSync(`${tmpdir()}/nd-chunks-`)}/office.pcap`;
  generate(file, 14 * 1024 * 1024, 7);
  const whole = await analyzeCapture(file);
  assert.ok(whole.counters.packets > 10_000);
  assert.equal(whole.error, undefined);
  const buf = readFileSync(file);
  const random = rng(99);
  const rnd = await analyzeCapture('-', { stdin: chunked(buf, () => Math.floor(random() * 200_000)) });
  assert.equal(digest(rnd), digest(whole));
});
