/**
 * The pcapng structural tests of pcapng-test-generator, both byte orders: each file's description
 * (testNNN.txt) names its blocks; netdoctor must yield one frame per packet block (EPB, SPB), one
 * interface per IDB and one section per SHB — and the packet counts in SOURCE.md (capinfos).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readCapture } from '../../src/capture/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { captureFiles, corpusName } from './corpus-files.js';

const CORPUS = 'pcapng-test-generator';

/** Block counts from a test description: `\tEPB: 4` lines under "Block counts:". */
function blockCounts(txt: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of txt.matchAll(/^\s+([A-Z]+): (\d+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

test('pcapng-test-generator: every file reads as its description says, both byte orders', {
  skip: corpusDir(CORPUS) ? false : corpusSkipReason(CORPUS),
}, async () => {
  const root = corpusDir(CORPUS)!;
  const source = readFileSync(`${root}/SOURCE.md`, 'utf8');
  const expectedPackets = new Map<string, number>();
  for (const m of source.matchAll(/^\| \w+\/(test\d+) \|[^|]*\| (\d+) \|$/gm))
    expectedPackets.set(m[1]!, Number(m[2]));
  assert.equal(expectedPackets.size, 24, 'SOURCE.md lists 24 tests');
  const files = captureFiles(CORPUS);
  assert.equal(files.length, 48);
  let passed = 0;
  const failed: string[] = [];
  for (const file of files) {
    const counts = blockCounts(readFileSync(file.replace(/\.pcapng$/, '.txt'), 'utf8'));
    const name = file.match(/(test\d+)\.pcapng$/)![1]!;
    let frames = 0;
    const info = await readCapture(file, () => {
      frames++;
    });
    const want = {
      frames: (counts.EPB ?? 0) + (counts.SPB ?? 0) + (counts.PB ?? 0),
      interfaces: counts.IDB ?? 0,
      sections: counts.SHB ?? 0,
    };
    const got = { frames, interfaces: info.interfaces.length, sections: info.sections };
    const ok =
      JSON.stringify(got) === JSON.stringify(want) &&
      frames === expectedPackets.get(name) &&
      info.error === undefined;
    if (ok) passed++;
    else
      failed.push(
        `${corpusName(file)}: ${JSON.stringify(got)} vs ${JSON.stringify(want)} ${info.error?.oneLine() ?? ''}`,
      );
  }
  console.log(`${CORPUS} structure: ${passed} passed, ${failed.length} failed`);
  assert.deepEqual(failed, []);
});

test('pcapng-test-generator test202: three sections of different byte order, interfaces numbered on', {
  skip: corpusDir(CORPUS) ? false : corpusSkipReason(CORPUS),
}, async () => {
  for (const order of ['le', 'be']) {
    const ids: number[] = [];
    const info = await readCapture(`${corpusDir(CORPUS)}/output_${order}/difficult/test202.pcapng`, (r) => {
      ids.push(r.interfaceId);
    });
    assert.equal(info.sections, 3);
    assert.equal(info.interfaces.length, 5);
    assert.deepEqual(
      info.interfaces.map((i) => i.section),
      [0, 0, 1, 2, 2],
    );
    assert.ok(ids.every((id) => id >= 0 && id < 5));
  }
});
