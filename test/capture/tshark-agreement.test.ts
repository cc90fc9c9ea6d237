/**
 * netdoctor's counts agree with tshark 4.0 (the peer) on the shared corpora: packet and byte
 * totals, per endpoint, per IP pair, per TCP and UDP conversation. Known differences, each with
 * its reason, are in tshark-known-misses.txt.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusSkip } from '../harness/corpus.js';
import { toolSkip } from '../harness/peers.js';
import { compareWithTshark } from './compare.js';
import { captureFiles, corpusName } from './corpus-files.js';

const KNOWN = new Map(
  readFileSync(new URL('./tshark-known-misses.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [name, ...reason] = l.trim().split(/\s+/);
      return [name!, reason.join(' ')] as const;
    }),
);

async function pool<T>(items: T[], width: number, work: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

for (const [corpus, sub] of [
  ['wireshark', ''],
  ['ndpi', 'pcap'],
  // Little-endian only here: both byte orders are checked against the test descriptions in
  // pcapng-structure.test.ts, and tshark's numbers are the same for both.
  ['pcapng-test-generator', 'output_le'],
] as const) {
  const skip = toolSkip('tshark') || corpusSkip(corpus);
  test(`counts agree with tshark on corpus ${corpus}`, { skip, timeout: 900_000 }, async () => {
    const files = captureFiles(corpus, sub);
    assert.ok(files.length > 0, `no captures found in ${corpus}`);
    let passed = 0;
    let known = 0;
    const unexpected: string[] = [];
    await pool(files, 3, async (file) => {
      const name = corpusName(file);
      const diffs = await compareWithTshark(file);
      if (KNOWN.has(name)) {
        if (diffs.length === 0) unexpected.push(`${name}: listed as a known miss but now agrees; remove it`);
        else known++;
      } else if (diffs.length === 0) passed++;
      else unexpected.push(`${name}: ${diffs.slice(0, 5).join('; ')}`);
    });
    console.log(`${corpus}: ${passed} passed, ${known + unexpected.length} failed (${known} known misses)`);
    assert.deepEqual(unexpected, []);
  });
}
