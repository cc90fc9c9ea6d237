#!/usr/bin/env node
// Runs the benchmarks: every bench/<capability>/run.ts, or only the capabilities named.
// Each runs netdoctor and the peer tool as whole processes through bench/harness.ts: the same
// answer on both sides first (else FAIL, no ratio), then the median and min–max ratio of ≥ 5
// alternating runs; a bench exits non-zero on a FAIL or a MISS, and so does this script.
// Usage: npm run bench [-- capture scan …]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const want = process.argv.slice(2);
const dirs = readdirSync('bench', { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
  .map((d) => d.name)
  .filter((d) => want.length === 0 || want.includes(d))
  .sort();
let failed = 0;
for (const d of dirs) {
  const file = path.join('bench', d, 'run.ts');
  if (!existsSync(file)) continue;
  console.log(`\n## bench/${d}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
