/**
 * Runs one text reader of linear-readers.ts over each line shape at each size, in a worker
 * thread so that the test can stop a reader that never returns. Posts
 * `{ shape, bytes, ms }` after each call.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { line, SHAPES, TEXT_READERS } from './linear-readers.js';

const { reader, sizes } = workerData as { reader: string; sizes: number[] };
const run = TEXT_READERS[reader];
if (!run) throw new Error(`no reader ${reader}`);
// Warm-up: lazy imports (the mail parser) and the JIT, so that the first timed call is not slower.
for (const shape of Object.values(SHAPES)) await run(line(shape, 4096));
for (const [shape, unit] of Object.entries(SHAPES)) {
  for (const bytes of sizes) {
    const text = line(unit, bytes);
    parentPort?.postMessage({ start: true, shape, bytes });
    const t = performance.now();
    await run(text);
    parentPort?.postMessage({ shape, bytes, ms: performance.now() - t });
  }
}
