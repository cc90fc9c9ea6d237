#!/usr/bin/env node
// Runs netdoctor's tests with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [folder-or-file …]   (default: src and test)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function collect(p, out) {
  const st = statSync(p);
  if (st.isFile()) {
    if (p.endsWith('.test.ts')) out.push(p);
    return out;
  }
  for (const name of readdirSync(p).sort()) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    collect(path.join(p, name), out);
  }
  return out;
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const files = (roots.length ? roots : ['src', 'test']).flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('run-tests: no *.test.ts files found');
  process.exit(1);
}
// Network rule: tests talk only to loopback. A test that forgets --server must not fall back to the
// machine's resolver (off this host): point the default at a loopback port where nothing listens,
// so such a test fails at once with "connection refused" instead of sending DNS elsewhere.
const env = { ...process.env, NETDOCTOR_DNS_SERVER: process.env.NETDOCTOR_DNS_SERVER || '127.0.0.1:1' };
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=4', '--test-reporter=spec', ...passThrough, ...files],
  { stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
