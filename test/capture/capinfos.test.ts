/**
 * `pcap summary` agrees with capinfos (Wireshark's): packet count, data size (bytes on the wire),
 * first and last packet time, on every capture of the Wireshark corpus and a sample of nDPI's.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { analyzeCapture, summaryReport } from '../../src/capture/index.js';
import { corpusSkip } from '../harness/corpus.js';
import { toolSkip } from '../harness/peers.js';
import { captureFiles, corpusName } from './corpus-files.js';

const run = promisify(execFile);

/** Seconds.fraction text of a summary time, to compare with capinfos -S. */
function epoch(iso: number): string {
  return iso.toFixed(6);
}

const skip = toolSkip(['capinfos', 'wireshark-common']) || corpusSkip('wireshark');

test('pcap summary agrees with capinfos', { skip, timeout: 120_000 }, async () => {
  const files = [...captureFiles('wireshark'), ...captureFiles('ndpi', 'pcap').filter((_, i) => i % 4 === 0)];
  let passed = 0;
  const failed: string[] = [];
  for (const file of files) {
    const { stdout } = await run('capinfos', ['-M', '-T', '-r', '-c', '-d', '-a', '-e', '-S', file]).catch(
      (e: { stdout: string }) => ({ stdout: e.stdout }),
    );
    const [, packets, bytes, first, last] = stdout.trim().split('\t');
    const a = await analyzeCapture(file, { classify: false });
    const s = summaryReport(a).summary;
    const c = a.counters;
    const mine = [
      String(s.packets),
      String(s.bytes),
      s.packets ? epoch(c.firstTime) : 'n/a',
      s.packets ? epoch(c.lastTime) : 'n/a',
    ];
    const theirs = [
      packets,
      bytes,
      first === 'n/a' ? 'n/a' : Number(first).toFixed(6),
      last === 'n/a' ? 'n/a' : Number(last).toFixed(6),
    ];
    if (mine.join() === theirs.join() && !a.error) passed++;
    else
      failed.push(
        `${corpusName(file)}: ${mine.join(' ')} vs capinfos ${theirs.join(' ')} ${a.error?.oneLine() ?? ''}`,
      );
  }
  console.log(`capinfos: ${passed} passed, ${failed.length} failed`);
  assert.deepEqual(failed, []);
});
