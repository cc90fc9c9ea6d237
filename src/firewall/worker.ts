/**
 * A worker thread of `tallyInParallel` (parallel.ts): counts one byte range of a firewall log
 * with its own tally and sends the counts back (`FirewallTally.snapshot`), with what its year
 * inference saw, for the parent to check and merge in range order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { freshState, lineFormat, readRange } from '../logs/index.js';
import { type RangeJob, rangeResult } from './parallel.js';
import { FirewallTally } from './tally.js';

const job = workerData as RangeJob;
const format = job.format === undefined ? undefined : lineFormat(job.format);
const tally = new FirewallTally({ ...job.tally, ...(format ? { format } : {}) });
const state = freshState(job.reference, job.utcOffsetMinutes);
const counts = await readRange(
  job.file,
  job.start,
  job.end,
  job.tally.maxLineBytes,
  (buf, s, e) => tally.lines_(buf, s, e, state),
  (head) => tally.cut(head),
);
const snapshot = tally.snapshot();
const result = rangeResult(snapshot, snapshot.overflow, counts, state);
// The pair columns are fresh copies (`slice`): moved, not copied again.
const moved = [snapshot.pairSrc, snapshot.pairPp, snapshot.pairCount, snapshot.pairBytes].map(
  (a) => a.buffer as ArrayBuffer,
);
parentPort?.postMessage(result, moved);
