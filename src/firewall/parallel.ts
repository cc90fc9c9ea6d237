/**
 * One big firewall log read on several threads: the file is split into byte ranges at line starts
 * (`fileRanges`), each counted by a worker thread (worker.ts) with its own tally, and the counts
 * merged in range order (`FirewallTally.merge`), so the summary is the one a single read in order
 * gives — the same tables, ties in the same order, the same sample and examples.
 *
 * The one thing a range cannot know is the year of a traditional stamp (`Dec  6 …`): it is inferred
 * from the first stamp and moves on when the months go backwards (December → January). Each range
 * infers its own; the merge is used only when every range's first year is the whole input's, no
 * range saw the year move, and no month goes backwards across a range boundary — otherwise (a log
 * across New Year, or a range past the pair table's cap) it returns undefined and the input is
 * read in one piece, in order.
 */
import { Worker } from 'node:worker_threads';
import { type FormatState, fileRanges } from '../logs/index.js';
import type { FirewallTally, TallySnapshot } from './tally.js';

export interface RangeJob {
  file: string;
  start: number;
  end: number;
  reference: number;
  utcOffsetMinutes: number;
  format?: string;
  tally: {
    maxLineBytes: number;
    since?: number;
    until?: number;
    maxPairs?: number;
    keepUnparsed?: number;
  };
}

export interface RangeResult {
  snapshot: TallySnapshot;
  lines: number;
  cut: number;
  firstMonth?: number;
  firstYear?: number;
  year: number;
  lastMonth: number;
}

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

function runRange(job: RangeJob): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { workerData: job });
    let done = false;
    w.once('message', (r: RangeResult) => {
      done = true;
      resolve(r);
    });
    w.once('error', (e) => {
      done = true;
      reject(e);
    });
    w.once('exit', (code) => {
      if (!done) reject(new Error(`firewall log worker exited with status ${code}`));
    });
  });
}

/** Whether the ranges' year inference is the whole input's (see the module comment). */
export function sameYears(results: readonly RangeResult[]): boolean {
  let year: number | undefined;
  let lastMonth = -1;
  for (const r of results) {
    if (r.firstMonth === undefined) continue;
    if (r.year !== r.firstYear) return false; // the year moved inside the range
    if (year === undefined) year = r.firstYear;
    else if (r.firstYear !== year) return false;
    if (lastMonth >= 0 && r.firstMonth < lastMonth && lastMonth - r.firstMonth >= 6) return false;
    lastMonth = r.lastMonth;
  }
  return true;
}

/**
 * Counts `file` (a plain file of `size` bytes) into `tally` on `threads` worker threads; returns
 * its line and cut counts, or undefined when it must be read in one piece (see the module comment).
 */
export async function tallyInParallel(
  tally: FirewallTally,
  file: string,
  size: number,
  state: FormatState,
  threads: number,
  job: Pick<RangeJob, 'format' | 'tally'>,
): Promise<{ lines: number; cut: number } | undefined> {
  const ranges = await fileRanges(file, size, threads);
  if (ranges.length < 2) return undefined;
  const results = await Promise.all(
    ranges.map(([start, end]) =>
      runRange({
        ...job,
        file,
        start,
        end,
        reference: state.reference,
        utcOffsetMinutes: state.utcOffsetMinutes,
      }),
    ),
  );
  if (!sameYears(results) || results.some((r) => r.snapshot.overflow > 0)) return undefined;
  let lines = 0;
  let cut = 0;
  for (const r of results) {
    tally.merge(r.snapshot);
    lines += r.lines;
    cut += r.cut;
  }
  return { lines, cut };
}
