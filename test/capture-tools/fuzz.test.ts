/**
 * Mutated captures through the packet tools: every field of the filter subset, follow (TCP and
 * UDP) and write must end with results or a NetdoctorError — never another exception or a hang.
 * Seeded, so a failure names the iteration that reproduces it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIELDS, PROTOCOLS } from '../../src/capture/filter/fields.js';
import { findPackets } from '../../src/capture/filter/find.js';
import { summarize } from '../../src/capture/filter/packet-line.js';
import { followStream } from '../../src/capture/streams/follow.js';
import { writePackets } from '../../src/capture/write/index.js';
import { NetdoctorError } from '../../src/core/errors.js';
import { corpusFilesSkip, corpusRoot } from '../harness/corpus.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nd-tools-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CORPUS_SEEDS = [
  'ndpi/pcap/dns.pcap',
  'ndpi/pcap/smtp.pcap',
  'ndpi/pcap/6in4tunnel.pcap',
  'wireshark/dhcp.pcapng',
];
/** Every seed is required: a missing one skips the test naming it (a failure in CI), never shrinks the fuzz. */
const SEEDS = [
  fileURLToPath(new URL('../fixtures/vpn/esp-one-way.pcap', import.meta.url)),
  fileURLToPath(new URL('../fixtures/vpn/ikev2-no-proposal-chosen.pcap', import.meta.url)),
  ...CORPUS_SEEDS.map((f) => path.join(corpusRoot(), f)),
];

/** Every field and protocol at once: each packet is decoded as deeply as the subset goes. */
const EVERYTHING = [
  ...Object.keys(FIELDS).map((f) => f),
  ...Object.keys(PROTOCOLS),
  'frame contains "GET"',
  'tcp contains 16:03',
].join(' or ');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(bytes: Buffer, random: () => number): Buffer {
  const b = Buffer.from(bytes);
  const edits = 1 + Math.floor(random() * 16);
  for (let i = 0; i < edits; i++) {
    // Keep the file header mostly intact so that records are reached; mutate past it.
    const at = 24 + Math.floor(random() * Math.max(1, b.length - 24));
    b[at] = random() < 0.3 ? 0xff : Math.floor(random() * 256);
  }
  return random() < 0.2 ? b.subarray(0, Math.floor(random() * b.length)) : b;
}

/** How many steps ended with results and how many with a NetdoctorError. */
async function survives(file: string, label: string): Promise<{ results: number; errors: number }> {
  const outcome = { results: 0, errors: 0 };
  const steps: (() => Promise<unknown>)[] = [
    () => findPackets(file, { filter: EVERYTHING, retransmissions: true }, (v) => summarize(v)),
    () => findPackets(file, { dnsUnanswered: true }, () => {}),
    () => followStream(file, { protocol: 'tcp', stream: 0, maxBytes: 4096, maxPending: 1024 }),
    () => followStream(file, { protocol: 'udp', stream: 0 }),
    () => writePackets(file, { output: path.join(dir, 'out.pcapng'), filter: 'ip or ipv6' }),
  ];
  for (const step of steps) {
    try {
      await step();
      outcome.results++;
    } catch (e) {
      assert.ok(e instanceof NetdoctorError, `${label}: ${(e as Error).stack}`);
      outcome.errors++;
    }
  }
  return outcome;
}

test('mutated captures: results or a NetdoctorError, never a crash', {
  skip: corpusFilesSkip(CORPUS_SEEDS),
}, async () => {
  const random = rng(20261123);
  const total = { results: 0, errors: 0 };
  for (let i = 0; i < 800; i++) {
    const seed = SEEDS[i % SEEDS.length] as string;
    const file = path.join(dir, 'fuzzed.pcap');
    writeFileSync(file, mutate(readFileSync(seed), random));
    const o = await survives(file, `iteration ${i} of ${path.basename(seed)}`);
    total.results += o.results;
    total.errors += o.errors;
  }
  // A fuzz whose every input is refused at the header (or none ever is) exercises only one path:
  // both outcomes must be common, so that the mutations reach the decoders and the error paths.
  const steps = total.results + total.errors;
  assert.ok(total.results > steps / 10, `only ${total.results} of ${steps} steps gave results`);
  assert.ok(total.errors > steps / 100, `only ${total.errors} of ${steps} steps were refused`);
});
