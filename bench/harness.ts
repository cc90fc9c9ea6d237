/**
 * What every macro benchmark shares — and the rules a bench lives by ("a bench measures, a test
 * judges" only once both sides did the same job right):
 *
 *  - Whole processes on both sides: the peer and netdoctor each run as a command under GNU time
 *    (wall time and peak RSS), Node's start-up included, as the peer's start-up is.
 *  - The same job on both sides, and the same answer: each side's output is reduced to its answer
 *    (conversations, open ports, records …) and the two must be equal. A side that exits with a
 *    status it should not, or an answer that differs, makes the comparison FAIL — no ratio is
 *    printed for it, ever.
 *  - At least 5 runs of each side, alternating (peer, netdoctor, netdoctor, peer, …) so that a
 *    burst of other load hits both; the ratio of each pair is reported as median and min–max.
 *  - A comparison whose median misses its target is a MISS; a bench with any FAIL or MISS exits
 *    non-zero (`finish`).
 *
 * @example
 *   const r = compareRuns({
 *     title: 'conversations',
 *     peer: { name: 'tshark -z conv,ip', cmd: 'tshark', args: [...], answer: tsharkConvs },
 *     ours: { name: 'netdoctor pcap conversations', cmd: process.execPath, args: [bin, ...], answer: ourConvs },
 *     target: { minRatio: 20 },
 *   });
 *   finish([r]);
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The fewest runs of each side a comparison makes; `BENCH_RUNS` may raise it, never lower it. */
export const MIN_RUNS = 5;

export interface TimedRun {
  seconds: number;
  /** User + system CPU seconds (equals the wall time of single-threaded work on an idle machine). */
  cpuSeconds: number;
  maxRssMiB: number;
  status: number | null;
  stdout: string;
  /** stderr without GNU time's line. */
  stderr: string;
}

/** Runs a command under GNU time (Debian `time`, installed by scripts/install-peers.sh). */
export function timed(
  cmd: string,
  args: string[],
  o: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): TimedRun {
  const r = spawnSync('/usr/bin/time', ['-f', 'ND_TIME %e %M %U %S', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    cwd: o.cwd ?? ROOT,
    ...(o.env ? { env: o.env } : {}),
    ...(o.input !== undefined ? { input: o.input } : {}),
  });
  const m = /ND_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  if (!m) throw new Error(`could not time ${cmd}: ${(r.stderr ?? String(r.error)).slice(0, 500)}`);
  // GNU time reports a command that exited non-zero as "Command exited with non-zero status N".
  const stderr = r.stderr
    .slice(0, m.index)
    .replace(/Command exited with non-zero status \d+\n?$/, '')
    .replace(/Command terminated by signal \d+\n?$/, '');
  return {
    seconds: Number(m[1]),
    cpuSeconds: Number(m[3]) + Number(m[4]),
    maxRssMiB: Number(m[2]) / 1024,
    status: r.status,
    stdout: r.stdout,
    stderr,
  };
}

/** One side of a comparison: a whole process and how to read its answer from its stdout. */
export interface Side {
  /** As printed, e.g. `tshark -q -z conv,ip`. */
  name: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Exit statuses that mean "done its job" (default: 0 only). */
  okStatus?: readonly number[];
  /** The answer the two sides must agree on (JSON-comparable), read from stdout (or the run's stderr). */
  answer(stdout: string, run: TimedRun): unknown;
}

export interface Comparison {
  title: string;
  peer: Side;
  ours: Side;
  /** Runs of each side (default and minimum MIN_RUNS, or BENCH_RUNS when larger). */
  runs?: number;
  /** A MISS below this median ratio (peer seconds / netdoctor seconds), or above this peak memory. */
  target?: { minRatio?: number; maxRssMiB?: number };
  /** Prints each run as it ends (default true). */
  verbose?: boolean;
  /** What is compared, when not wall seconds: e.g. CPU ms per check, read from each run. */
  cost?: { unit: string; of(which: 'peer' | 'ours', r: TimedRun): number };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface ComparisonResult {
  title: string;
  /** `pass`: same answer, target met; `miss`: same answer, target missed; `fail`: no ratio. */
  outcome: 'pass' | 'miss' | 'fail';
  /** Why it failed or missed, in one line. */
  reason?: string;
  runs: number;
  peerSeconds: number[];
  oursSeconds: number[];
  /** Present only when both sides did the job and agreed. */
  ratio?: Spread;
  peerRssMiB?: number;
  oursRssMiB?: number;
  /** The unit of peerSeconds/oursSeconds when a `cost` replaced the wall time. */
  unit?: string;
}

export function spread(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median, min: s[0] as number, max: s[s.length - 1] as number };
}

function runsOf(c: Comparison): number {
  const env = Number(process.env.BENCH_RUNS);
  return Math.max(MIN_RUNS, c.runs ?? 0, Number.isFinite(env) ? env : 0);
}

function firstLine(s: string): string {
  return (
    s
      .trim()
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.slice(0, 300) ?? ''
  );
}

function check(side: Side, r: TimedRun): string | undefined {
  const ok = side.okStatus ?? [0];
  if (r.status === null || !ok.includes(r.status)) {
    const why = firstLine(r.stderr);
    return `${side.name} exited ${r.status ?? 'by a signal'}${why ? `: ${why}` : ''}`;
  }
  return undefined;
}

function answerOf(side: Side, r: TimedRun): { value?: unknown; error?: string } {
  try {
    return { value: side.answer(r.stdout, r) };
  } catch (e) {
    return { error: `${side.name}: its output could not be read (${(e as Error).message})` };
  }
}

function describe(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** Where two answers part: for lists, the sizes and the first entry that differs; else both whole. */
function difference(c: Comparison, peer: unknown, ours: unknown): string {
  if (Array.isArray(peer) && Array.isArray(ours)) {
    const at = peer.findIndex((x, i) => JSON.stringify(x) !== JSON.stringify(ours[i]));
    const i = at === -1 ? peer.length : at;
    return (
      `${c.peer.name} ${peer.length} entries, ${c.ours.name} ${ours.length}; first difference at ${i + 1}: ` +
      `${describe(peer[i] ?? null)} vs ${describe(ours[i] ?? null)}`
    );
  }
  return `${c.peer.name} ${describe(peer)}, ${c.ours.name} ${describe(ours)}`;
}

/**
 * Runs both sides `runs` times, alternating, and judges: any bad exit status or differing answer
 * fails the comparison at once (no ratio); otherwise the ratio's median is held to the target.
 */
export function compareRuns(c: Comparison): ComparisonResult {
  const runs = runsOf(c);
  const verbose = c.verbose ?? true;
  const peerSeconds: number[] = [];
  const oursSeconds: number[] = [];
  let peerRss = 0;
  let oursRss = 0;
  const result = (outcome: ComparisonResult['outcome'], reason?: string): ComparisonResult => ({
    title: c.title,
    outcome,
    ...(reason ? { reason } : {}),
    runs,
    peerSeconds,
    oursSeconds,
    ...(c.cost ? { unit: c.cost.unit } : {}),
  });
  for (let i = 0; i < runs; i++) {
    const order: ['peer' | 'ours', Side][] = [
      ['peer', c.peer],
      ['ours', c.ours],
    ];
    if (i % 2 === 1) order.reverse();
    const got: Partial<Record<'peer' | 'ours', unknown>> = {};
    for (const [which, side] of order) {
      const r = timed(side.cmd, side.args, side.env ? { env: side.env } : {});
      const bad = check(side, r);
      if (bad) return report(result('fail', bad));
      const a = answerOf(side, r);
      if (a.error) return report(result('fail', a.error));
      got[which] = a.value;
      if (which === 'peer') {
        peerSeconds.push(c.cost ? c.cost.of('peer', r) : r.seconds);
        peerRss = Math.max(peerRss, r.maxRssMiB);
      } else {
        oursSeconds.push(c.cost ? c.cost.of('ours', r) : r.seconds);
        oursRss = Math.max(oursRss, r.maxRssMiB);
      }
    }
    const [p, o] = [JSON.stringify(got.peer), JSON.stringify(got.ours)];
    if (p !== o) {
      return report(result('fail', `answers differ in run ${i + 1}: ${difference(c, got.peer, got.ours)}`));
    }
    if (verbose) {
      const unit = c.cost?.unit ?? 's';
      console.log(
        `  run ${i + 1}/${runs}: ${c.peer.name} ${(peerSeconds[i] as number).toFixed(3)} ${unit}, netdoctor ${(oursSeconds[i] as number).toFixed(3)} ${unit}`,
      );
    }
  }
  // A 0.00 s wall time (GNU time's resolution is 10 ms) counts as 10 ms.
  const ratios = peerSeconds.map((p, i) =>
    c.cost ? p / (oursSeconds[i] as number) : Math.max(p, 0.01) / Math.max(oursSeconds[i] as number, 0.01),
  );
  const ratio = spread(ratios);
  const misses: string[] = [];
  if (c.target?.minRatio !== undefined && ratio.median < c.target.minRatio)
    misses.push(
      `median ratio ${ratio.median.toFixed(2)}× below the target ${Number(c.target.minRatio.toFixed(2))}×`,
    );
  if (c.target?.maxRssMiB !== undefined && oursRss > c.target.maxRssMiB)
    misses.push(`peak memory ${oursRss.toFixed(0)} MiB above the target ${c.target.maxRssMiB} MiB`);
  return report({
    ...result(misses.length ? 'miss' : 'pass', misses.join('; ') || undefined),
    ratio,
    peerRssMiB: peerRss,
    oursRssMiB: oursRss,
  });
}

/** The one line a comparison ends with. */
export function summaryLine(r: ComparisonResult): string {
  if (r.outcome === 'fail' || !r.ratio) return `${r.title}: FAIL — ${r.reason ?? 'no result'} (no ratio)`;
  const p = spread(r.peerSeconds);
  const o = spread(r.oursSeconds);
  const target = r.outcome === 'miss' ? `MISS — ${r.reason}` : 'PASS';
  const unit = r.unit ?? 's';
  // A cost in seconds (a time measured otherwise than the whole process) still reads as speed.
  const time = unit === 's';
  return (
    `${r.title}: ${r.ratio.median.toFixed(2)}× ${time ? 'faster' : `less ${unit}`} (median of ${r.runs} alternating runs; ` +
    `min–max ${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)}×); peer ${p.median.toFixed(time ? 2 : 3)} ${unit}, ` +
    `netdoctor ${o.median.toFixed(time ? 2 : 3)} ${unit}, peak ${(r.oursRssMiB ?? 0).toFixed(0)} MiB (peer ${(r.peerRssMiB ?? 0).toFixed(0)} MiB) — ${target}`
  );
}

function report(r: ComparisonResult): ComparisonResult {
  console.log(summaryLine(r));
  return r;
}

/** The machine, as the README quotes it next to the figures: cores and load. */
export function machineLine(): string {
  return `${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/** Ends a bench: exit status 1 when any comparison failed or missed. */
export function finish(results: readonly (ComparisonResult | undefined)[]): void {
  const done = results.filter((r): r is ComparisonResult => r !== undefined);
  const bad = done.filter((r) => r.outcome !== 'pass');
  console.log(
    `\n${done.length - bad.length} of ${done.length} comparison(s) passed${bad.length ? `; ${bad.map((r) => `${r.title} ${r.outcome.toUpperCase()}`).join(', ')}` : ''} (${machineLine()})`,
  );
  process.exitCode = bad.length ? 1 : 0;
}

/**
 * Compiles netdoctor into `dist` (as `npm run build` does) and returns the CLI's path. tsc still
 * emits when some module has a type error; only a missing CLI is fatal.
 */
export function buildNetdoctor(dist: string): string {
  const t = spawnSync(
    process.execPath,
    [
      `${ROOT}node_modules/typescript/bin/tsc`,
      '-p',
      `${ROOT}tsconfig.build.json`,
      '--outDir',
      dist,
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
    { encoding: 'utf8', cwd: ROOT },
  );
  const bin = path.join(dist, 'cli', 'bin.js');
  if (!existsSync(bin)) throw new Error(`build failed: ${t.stdout.slice(0, 2000)}`);
  // cli/version.js reads ../../package.json, as it does in an installed package.
  copyFileSync(`${ROOT}package.json`, path.join(dist, '..', 'package.json'));
  return bin;
}

/** `netdoctor …` as a whole process of the built CLI (Node start-up included). */
export function netdoctorSide(
  bin: string,
  name: string,
  args: string[],
  answer: Side['answer'],
  extra: Partial<Side> = {},
): Side {
  return { name, cmd: process.execPath, args: [bin, ...args], answer, ...extra };
}
