/**
 * Untrusted text is read in time linear in its length (STYLE habit 13): every reader of text in
 * test/harness/linear-readers.ts is fed 1 MB and 4 MB lines of each shape in
 * linear-readers.ts's SHAPES. The 4 MB line may take at most RATIO times what the 1 MB line took
 * (4 for linear time; quadratic time gives 16) once it takes over FLOOR_MS, and no call may take
 * more than CAP_MS: a reader
 * that is still busy then is stopped and the test fails, naming the reader, the shape and size.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { SHAPES, TEXT_READERS } from './harness/linear-readers.js';

const WORKER = new URL('./harness/linear-worker.ts', import.meta.url);
const MB = 1024 * 1024;
const SIZES = [1 * MB, 4 * MB];
/** Generous: a linear reader gives 4, plus garbage collection and a busy machine. */
const RATIO = 9;
/**
 * Below this the 4 MB call passes whatever the ratio: a garbage collection alone turns 4 ms into
 * 200 ms, and a reader that needs 1 s for 4 MB does no harm even if it were superlinear.
 */
const FLOOR_MS = 1000;
/** No call on one line may take longer (a quadratic reader takes minutes to hours on 1 MB). */
const CAP_MS = 30_000;

interface Timing {
  shape: string;
  bytes: number;
  ms: number;
}

function timeReader(reader: string): Promise<Timing[]> {
  return new Promise((resolve, reject) => {
    // The worker loads the TypeScript sources through tsx, as the test runner does.
    const url = JSON.stringify(WORKER.href);
    const worker = new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${url}, ${url}))`, {
      eval: true,
      workerData: { reader, sizes: SIZES, ratio: RATIO, floorMs: FLOOR_MS },
    });
    const timings: Timing[] = [];
    let running = 'the warm-up';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`${reader}: still busy after ${CAP_MS / 1000} s on ${running}`));
      }, CAP_MS);
    };
    arm();
    worker.on('message', (m: Timing & { start?: boolean }) => {
      if (m.start) {
        running = `a ${m.bytes / MB} MB line of ${m.shape}`;
        arm();
      } else timings.push(m);
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      resolve(timings);
    });
  });
}

for (const reader of Object.keys(TEXT_READERS)) {
  test(`linear time: ${reader}`, { timeout: 10 * 60_000 }, async () => {
    const timings = await timeReader(reader);
    assert.equal(timings.length, Object.keys(SHAPES).length * SIZES.length, `${reader}: runs missing`);
    const slow: string[] = [];
    const seen: string[] = [];
    for (const shape of Object.keys(SHAPES)) {
      const [small, big] = SIZES.map(
        (b) => timings.find((t) => t.shape === shape && t.bytes === b)?.ms ?? 0,
      ) as [number, number];
      const ratio = big / Math.max(small, 1);
      const said = `${shape}: ${small.toFixed(0)} ms → ${big.toFixed(0)} ms (×${ratio.toFixed(1)})`;
      seen.push(said);
      if (big > FLOOR_MS && ratio > RATIO) slow.push(said);
    }
    console.log(`${reader}: ${seen.join('; ')}`);
    assert.deepEqual(slow, [], `${reader}: time grows faster than the line's length`);
  });
}
