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
import { type FormatState, fileRanges, freshState, readRange } from '../logs/index.js';
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
  /** The counts, from a worker; none for the range counted on this thread (they are in the tally). */
  snapshot?: TallySnapshot;
  /** Packets of pairs past the cap in this range: the merge is used only when there are none. */
  overflow: number;
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

/** Counts one range into `tally` (on whichever thread calls it), with its own year inference. */
export async function countRange(
  tally: FirewallTally,
  job: RangeJob,
): Promise<{ counts: { lines: number; cut: number }; state: FormatState }> {
  const state = freshState(job.reference, job.utcOffsetMinutes);
  const counts = await readRange(
    job.file,
    job.start,
    job.end,
    job.tally.maxLineBytes,
    (buf, s, e) => tally.lines_(buf, s, e, state),
    (head) => tally.cut(head),
  );
  return { counts, state };
}

/** The first range counted into `tally` on this thread; its result as a worker's (its counts are in `tally`). */
async function countHere(tally: FirewallTally, job: RangeJob): Promise<RangeResult> {
  const { counts, state } = await countRange(tally, job);
  return rangeResult(undefined, tally.overflow, counts, state);
}

/** What a range's count returns: the tally's snapshot, its line counts and its year inference. */
export function rangeResult(
  snapshot: TallySnapshot | undefined,
  overflow: number,
  counts: { lines: number; cut: number },
  st: FormatState,
): RangeResult {
  return {
    ...(snapshot ? { snapshot } : {}),
    overflow,
    lines: counts.lines,
    cut: counts.cut,
    ...(st.firstMonth !== undefined ? { firstMonth: st.firstMonth, firstYear: st.firstYear } : {}),
    year: st.year,
    lastMonth: st.lastMonth,
  };
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
  // A tally with nothing in it yet (the first input) counts the first range itself, on this
  // thread, while the workers count the others: one thread and one merge fewer. It starts at
  // once, the workers only once started (50-100 ms, some 16-32 MB of counting): so its range is
  // that much longer, and the threads end together.
  const here = tally.lines === 0 && tally.prefixes.size === 0;
  const headStart = here ? Math.min(16 * 1024 * 1024, Math.floor(size / 32)) : 0;
  const ranges = await fileRanges(file, size, threads, headStart);
  if (ranges.length < 2) return undefined;
  const jobs = ranges.map(([start, end]) => ({
    ...job,
    file,
    start,
    end,
    reference: state.reference,
    utcOffsetMinutes: state.utcOffsetMinutes,
  }));
  const results = await Promise.all([
    here ? countHere(tally, jobs[0] as RangeJob) : runRange(jobs[0] as RangeJob),
    ...jobs.slice(1).map(runRange),
  ]);
  if (!sameYears(results) || results.some((r) => r.overflow > 0)) {
    if (here) tally.clear();
    return undefined;
  }
  let lines = 0;
  let cut = 0;
  for (const [i, r] of results.entries()) {
    if (r.snapshot) tally.merge(r.snapshot);
    else if (!(here && i === 0)) return undefined; // a worker always sends its counts
    lines += r.lines;
    cut += r.cut;
  }
  return { lines, cut };
}
