/**
 * A worker thread of `tallyInParallel` (parallel.ts): counts one byte range of a firewall log
 * with its own tally and sends the counts back (`FirewallTally.snapshot`), with what its year
 * inference saw, for the parent to check and merge in range order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lineFormat } from '../logs/index.js';
import { countRange, type RangeJob, rangeResult } from './parallel.js';
import { FirewallTally } from './tally.js';

const job = workerData as RangeJob;
const format = job.format === undefined ? undefined : lineFormat(job.format);
const tally = new FirewallTally({ ...job.tally, ...(format ? { format } : {}) });
const { counts, state } = await countRange(tally, job);
const snapshot = tally.snapshot();
const result = rangeResult(snapshot, snapshot.overflow, counts, state);
// The pair columns (views of the tally's, which is done): moved, not copied.
const moved = [snapshot.pairSrc, snapshot.pairPp, snapshot.pairCount, snapshot.pairBytes].map(
  (a) => a.buffer as ArrayBuffer,
);
parentPort?.postMessage(result, moved);
