/**
 * netdoctor's counts agree with tshark 4.0 (the peer) on the shared corpora: packet and byte
 * totals, per endpoint, per IP pair, per TCP and UDP conversation, for every capture. There is no
 * per-file list of misses: where the two count differently by design, a rule that holds for any
 * capture says how they are compared (tshark.ts: no IP reassembly, pcapng custom blocks apart,
 * a pair listed twice summed; compare.ts: a file cut short in the middle of a packet), and the
 * summary line says how many files and frames each rule touched.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusSkip } from '../harness/corpus.js';
import { toolSkip } from '../harness/peers.js';
import { type CompareNotes, compareWithTshark } from './compare.js';
import { captureFiles, corpusName } from './corpus-files.js';

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
    const failed: string[] = [];
    const notes: CompareNotes = { customBlocks: 0, partialFrames: 0, laterFragments: 0, summedRows: 0 };
    const touched = { customBlocks: 0, laterFragments: 0, summedRows: 0 };
    await pool(files, 3, async (file) => {
      const name = corpusName(file);
      const mine: CompareNotes = { customBlocks: 0, partialFrames: 0, laterFragments: 0, summedRows: 0 };
      const diffs = await compareWithTshark(file, mine);
      for (const k of Object.keys(notes) as (keyof CompareNotes)[]) notes[k] += mine[k];
      for (const k of Object.keys(touched) as (keyof typeof touched)[]) if (mine[k] > 0) touched[k]++;
      if (diffs.length === 0) passed++;
      else failed.push(`${name}: ${diffs.slice(0, 5).join('; ')}`);
    });
    console.log(
      `${corpus}: ${passed} passed, ${failed.length} failed (rules: ${notes.customBlocks} pcapng custom block(s) ` +
        `in ${touched.customBlocks} file(s) not counted as packets; ${notes.laterFragments} IPv6 later fragment(s) ` +
        `in ${touched.laterFragments} file(s) added to tshark's IPv6 tables; ${notes.summedRows} tshark conversation ` +
        `row(s) in ${touched.summedRows} file(s) summed with their pair; ${notes.partialFrames} file(s) cut short ` +
        `in a packet, compared without tshark's partial last frame)`,
    );
    for (const f of failed) console.log(`  FAILED: ${f}`);
    assert.deepEqual(failed, []);
  });
}
