/**
 * Runs one text reader of linear-readers.ts over each line shape at each size, in a worker
 * thread so that the test can stop a reader that never returns. Posts `{ start, shape, bytes }`
 * before each call and `{ shape, bytes, ms }` after each shape. A shape whose largest line looks
 * superlinear (over `floorMs` and `ratio` times the smallest) is timed once more and the faster
 * time of each size kept: one garbage collection or a busy neighbour on the machine is not a
 * quadratic pattern.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { line, SHAPES, TEXT_READERS } from './linear-readers.js';

const { reader, sizes, ratio, floorMs } = workerData as {
  reader: string;
  sizes: number[];
  ratio: number;
  floorMs: number;
};
const run = TEXT_READERS[reader];
if (!run) throw new Error(`no reader ${reader}`);

async function time(shape: string, unit: string, bytes: number): Promise<number> {
  const text = line(unit, bytes);
  parentPort?.postMessage({ start: true, shape, bytes });
  const t = performance.now();
  await run?.(text);
  return performance.now() - t;
}

// Warm-up: lazy imports (the mail parser) and the JIT, so that the first timed call is not slower.
for (const shape of Object.values(SHAPES)) await run(line(shape, 4096));
for (const [shape, unit] of Object.entries(SHAPES)) {
  const ms: number[] = [];
  for (const bytes of sizes) ms.push(await time(shape, unit, bytes));
  const small = ms[0] as number;
  const big = ms[ms.length - 1] as number;
  if (big > floorMs && big / Math.max(small, 1) > ratio) {
    for (const [i, bytes] of sizes.entries())
      ms[i] = Math.min(ms[i] as number, await time(shape, unit, bytes));
  }
  for (const [i, bytes] of sizes.entries()) parentPort?.postMessage({ shape, bytes, ms: ms[i] });
}
