/**
 * Fuzzing every reader and decoder: random mutations of corpus captures (pcap, pcapng of both
 * byte orders, several link types) through the whole engine, and random frames through every link
 * decoder. No crash (only NetdoctorErrors), no hang (each input is bounded in time), no unbounded
 * memory (lengths are capped before anything is allocated). Seeded: a failure names its seed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { analyzeCapture, decodeFrame, FlowTable, LINK_TYPES, PacketLayers } from '../../src/capture/index.js';
import { newRecord } from '../../src/capture/reader/record.js';
import { NetdoctorError } from '../../src/core/errors.js';
import { corpusFilesSkip, corpusRoot } from '../harness/corpus.js';
import { rng } from './digest.js';

const SEEDS = [
  'wireshark/dhcp.pcap',
  'wireshark/dhcp-nanosecond.pcapng',
  'wireshark/many_interfaces.pcapng.1',
  'wireshark/dmgr.pcapng',
  'wireshark/communityid.pcap.gz',
  'wireshark/ipv6.pcap',
  'wireshark/http-ooo.pcap',
  'pcapng-test-generator/output_be/difficult/test202.pcapng',
  'pcapng-test-generator/output_le/advanced/test102.pcapng',
  'ndpi/pcap/ah.pcapng',
  'ndpi/pcap/gre.pcapng',
  'ndpi/pcap/6in4tunnel.pcap',
];

const ITERATIONS = Number(process.env.ND_FUZZ_ITERATIONS ?? 3000);
const root = `${corpusRoot()}/`;
/** Every seed is required: a missing one skips naming it (a failure in CI), never shrinks the fuzz. */
const skip = corpusFilesSkip(SEEDS);

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const b = Uint8Array.from(src);
  const kind = Math.floor(r() * 5);
  const at = () => Math.floor(r() * b.length);
  if (kind === 0) for (let i = 0, n = 1 + Math.floor(r() * 16); i < n; i++) b[at()] = Math.floor(r() * 256);
  else if (kind === 1) {
    // A length-like field set to an extreme value.
    const o = at() & ~3;
    const v = [0, 1, 0xffffffff, 0x7fffffff, 0x00ffffff, 12, 0xfffffff0][Math.floor(r() * 7)]!;
    new DataView(b.buffer).setUint32(Math.min(o, b.length - 4), v, r() < 0.5);
  } else if (kind === 2) return b.subarray(0, at());
  else if (kind === 3) {
    const from = at();
    const len = Math.floor(r() * 64);
    b.copyWithin(at(), from, from + len);
  } else
    for (let i = 0; i < 8; i++) {
      const x = at();
      b[x] = b[x]! ^ (1 << Math.floor(r() * 8));
    }
  return b;
}

test(`fuzz: ${ITERATIONS} mutated captures through reader, decoders and flow table`, {
  skip,
  timeout: 120_000,
}, async () => {
  const seeds = SEEDS.map((n) => {
    const raw = readFileSync(`${root}${n}`);
    return n.endsWith('.gz') ? gunzipSync(raw) : raw;
  });
  const r = rng(0x5eed);
  let errors = 0;
  let slowest = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const seed = seeds[i % seeds.length]!;
    const input = mutate(seed, r);
    const started = performance.now();
    try {
      const a = await analyzeCapture('-', { stdin: Readable.from([Buffer.from(input)]), ioInterval: 1 });
      a.flows();
      if (a.error) errors++;
    } catch (e) {
      if (!(e instanceof NetdoctorError)) {
        assert.fail(`iteration ${i} (${SEEDS[i % seeds.length]}): ${(e as Error).stack}`);
      }
      errors++;
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  console.log(
    `fuzz: ${ITERATIONS} inputs, ${errors} ended with a capture error, slowest ${slowest.toFixed(0)} ms`,
  );
  // A hang shows as one input taking far longer than reading a whole seed does.
  assert.ok(slowest < 5000, `an input took ${slowest} ms`);
});

test('fuzz: random frames through every link decoder and the transport decoders', () => {
  const r = rng(0xdec0de);
  const L = new PacketLayers();
  const table = new FlowTable({ maxFlows: 1000 });
  const rec = newRecord();
  const buf = new Uint8Array(256);
  for (const linkType of LINK_TYPES.keys()) {
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(r() * buf.length);
      for (let j = 0; j < len; j++) buf[j] = Math.floor(r() * 256);
      // Make valid-looking headers common so that deeper layers are reached.
      if (r() < 0.5 && len > 20) {
        const ip =
          linkType === 1 ? 14 : linkType === 113 ? 16 : linkType === 276 ? 20 : linkType === 0 ? 4 : 0;
        if (linkType === 1) buf[12] = 0x08;
        if (linkType === 1) buf[13] = 0x00;
        if (ip < len) buf[ip] = r() < 0.5 ? 0x45 : 0x60;
      }
      rec.data = buf;
      rec.offset = 0;
      rec.capturedLength = len;
      rec.originalLength = len;
      rec.linkType = linkType;
      rec.frame = i + 1;
      decodeFrame(rec, L);
      assert.ok(
        L.payloadLength >= 0 && (L.payloadOffset < 0 || L.payloadOffset + L.payloadLength <= len),
        `link ${linkType} frame ${i}`,
      );
      table.add(L, buf, len, i, i + 1);
    }
  }
});

const GZIP_SEEDS = ['wireshark/communityid.pcap.gz', 'wireshark/dhe1.pcapng.gz'];

test('fuzz: mutated gzip-compressed captures end cleanly (gzip errors become capture errors)', {
  skip: corpusFilesSkip(GZIP_SEEDS),
  timeout: 60_000,
}, async () => {
  const seeds = GZIP_SEEDS.map((n) => readFileSync(`${root}${n}`));
  const r = rng(0x9219);
  for (let i = 0; i < Math.ceil(ITERATIONS / 6); i++) {
    const input = mutate(seeds[i % seeds.length]!, r);
    try {
      await analyzeCapture('-', { stdin: Readable.from([Buffer.from(input)]) });
    } catch (e) {
      if (!(e instanceof NetdoctorError)) assert.fail(`gzip iteration ${i}: ${(e as Error).stack}`);
    }
  }
});
