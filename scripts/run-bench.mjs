#!/usr/bin/env node
// Runs the benchmarks: every bench/<capability>/run.ts, or only the capabilities named.
// Each runs netdoctor and the peer tool as whole processes through bench/harness.ts: the same
// answer on both sides first (else FAIL, no ratio), then the median and min–max ratio of ≥ 5
// alternating runs; a bench exits non-zero on a FAIL or a MISS, and so does this script.
// Runs on a supported Node.js line (the system's when it is one, else the registry's node@24 in
// .runtime/, as the launcher does), with that Node.js first on PATH for the processes benches start.
// Usage: npm run bench [-- capture scan …]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensure, PREFERRED_MAJOR, supported } from './runtime.mjs';

const node = supported(process.version) ? process.execPath : ensure(PREFERRED_MAJOR);
const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };

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
  const r = spawnSync(node, ['--import', 'tsx', file], { stdio: 'inherit', env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
