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
import { corpusRoot } from '../harness/corpus.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nd-tools-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SEEDS = [
  fileURLToPath(new URL('../fixtures/vpn/esp-one-way.pcap', import.meta.url)),
  fileURLToPath(new URL('../fixtures/vpn/ikev2-no-proposal-chosen.pcap', import.meta.url)),
  path.join(corpusRoot(), 'ndpi/pcap/dns.pcap'),
  path.join(corpusRoot(), 'ndpi/pcap/smtp.pcap'),
  path.join(corpusRoot(), 'ndpi/pcap/6in4tunnel.pcap'),
  path.join(corpusRoot(), 'wireshark/dhcp.pcapng'),
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

async function survives(file: string, label: string): Promise<void> {
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
    } catch (e) {
      assert.ok(e instanceof NetdoctorError, `${label}: ${(e as Error).stack}`);
    }
  }
}

test('mutated captures: results or a NetdoctorError, never a crash', async () => {
  const seeds = SEEDS.filter((s) => {
    try {
      readFileSync(s);
      return true;
    } catch {
      return false;
    }
  });
  const random = rng(20261123);
  let runs = 0;
  for (let i = 0; i < 800; i++) {
    const seed = seeds[i % seeds.length] as string;
    const file = path.join(dir, 'fuzzed.pcap');
    writeFileSync(file, mutate(readFileSync(seed), random));
    await survives(file, `iteration ${i} of ${path.basename(seed)}`);
    runs++;
  }
  assert.equal(runs, 800);
});
