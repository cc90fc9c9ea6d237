/**
 * The bench harness judges before it measures: a netdoctor run that exits 2, or whose answer
 * differs from the peer's, fails the comparison (no ratio) and the bench exits non-zero; only two
 * runs that agree give a ratio, as the median and min–max of ≥ 5 alternating runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareRuns, MIN_RUNS, type Side, spread } from '../../bench/harness.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nd-bench-harness-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A whole process printing `out` and exiting with `status`; counts its runs in a file. */
function side(name: string, out: string, status = 0): Side {
  const log = path.join(dir, `${name}.runs`);
  writeFileSync(log, '');
  return {
    name,
    cmd: process.execPath,
    args: [
      '-e',
      `require('fs').appendFileSync(${JSON.stringify(log)}, 'x'); process.stdout.write(${JSON.stringify(out)}); if (${status}) { process.stderr.write('netdoctor: x.pcap: not a capture\\n'); process.exit(${status}); }`,
    ],
    answer: (stdout) => stdout.trim().split(',').sort(),
  };
}

test('a netdoctor run that exits 2 fails the comparison: no ratio, the reason names the exit', () => {
  const r = compareRuns({
    title: 'exit 2',
    peer: side('peer', 'a,b'),
    ours: side('netdoctor', 'a,b', 2),
    target: { minRatio: 0 },
    verbose: false,
  });
  assert.equal(r.outcome, 'fail');
  assert.equal(r.ratio, undefined);
  assert.match(r.reason ?? '', /netdoctor exited 2: netdoctor: x\.pcap: not a capture/);
});

test('an answer that differs from the peer fails the comparison, naming both answers', () => {
  const r = compareRuns({
    title: 'differs',
    peer: side('peer', 'a,b,c'),
    ours: side('netdoctor', 'b,a'),
    target: { minRatio: 0 },
    verbose: false,
  });
  assert.equal(r.outcome, 'fail');
  assert.equal(r.ratio, undefined);
  assert.match(
    r.reason ?? '',
    /answers differ in run 1: peer 3 entries, netdoctor 2; first difference at 3: "c" vs null/,
  );
});

test('agreeing sides: ≥ 5 runs each, a median and a spread; a missed target is a MISS', () => {
  const peer = side('peer', 'b,a');
  const ours = side('netdoctor', 'a,b');
  const ok = compareRuns({ title: 'agree', peer, ours, target: { minRatio: 0 }, verbose: false });
  assert.equal(ok.outcome, 'pass');
  assert.equal(ok.peerSeconds.length, MIN_RUNS);
  assert.equal(ok.oursSeconds.length, MIN_RUNS);
  assert.ok(ok.ratio && ok.ratio.min <= ok.ratio.median && ok.ratio.median <= ok.ratio.max);
  const miss = compareRuns({ title: 'slow', peer, ours, target: { minRatio: 1000 }, verbose: false });
  assert.equal(miss.outcome, 'miss');
  assert.match(miss.reason ?? '', /below the target 1000×/);
  assert.deepEqual(spread([3, 1, 2, 10]), { median: 2.5, min: 1, max: 10 });
});

test('a bench script with a failing comparison exits non-zero', () => {
  const script = path.join(dir, 'bench.ts');
  const harness = fileURLToPath(new URL('../../bench/harness.ts', import.meta.url));
  writeFileSync(
    script,
    `import { compareRuns, finish } from ${JSON.stringify(harness)};
const s = (out: string, status: number) => ({ name: 'x', cmd: process.execPath, args: ['-e', \`process.stdout.write('\${out}'); process.exit(\${status})\`], answer: (o: string) => o });
finish([compareRuns({ title: 'one', peer: s('a', 0), ours: s('a', 2), verbose: false })]);
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /one: FAIL — x exited 2 \(no ratio\)/);
  assert.match(r.stdout, /0 of 1 comparison\(s\) passed; one FAIL/);
});
