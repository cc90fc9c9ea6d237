#!/usr/bin/env node
// Runs netdoctor's tests with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [folder-or-file …]   (default: src and test)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PREFERRED_MAJOR, runtimeBinary, supported } from './runtime.mjs';

// netdoctor runs on the maintained Node.js lines; under an older Node (the system's 20, say) the
// tests run on the Node.js that `npm install` fetched into .runtime/ (scripts/runtime.mjs).
if (!supported(process.version)) {
  const runtime = [PREFERRED_MAJOR, 22].map((m) => runtimeBinary(m)).find((f) => existsSync(f));
  if (!runtime) {
    console.error(
      `run-tests: Node.js ${process.version} is too old for netdoctor (needs 22.19+ or 24); run \`node scripts/runtime.mjs ensure 24\` first`,
    );
    process.exit(1);
  }
  console.error(
    `run-tests: Node.js ${process.version} is too old for netdoctor; running the tests on ${runtime}`,
  );
  const env = { ...process.env, PATH: `${path.dirname(runtime)}${path.delimiter}${process.env.PATH ?? ''}` };
  const r = spawnSync(runtime, process.argv.slice(1), { stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}

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
// so such a test fails at once with "connection refused" instead of sending DNS elsewhere: the
// CLI's default (NETDOCTOR_DNS_SERVER), and in each test process the system resolvers that library
// code given no server asks (test/harness/dns-guard.ts).
const env = { ...process.env, NETDOCTOR_DNS_SERVER: process.env.NETDOCTOR_DNS_SERVER || '127.0.0.1:1' };
// Node 22 announces node:sqlite (the store) as experimental in every process that loads it; the
// CLI silences that one line itself (src/cli/bin.ts), the test processes here.
const result = spawnSync(
  process.execPath,
  [
    '--disable-warning=ExperimentalWarning',
    '--import',
    'tsx',
    '--import',
    new URL('../test/harness/dns-guard.ts', import.meta.url).href,
    '--test',
    '--test-concurrency=4',
    '--test-reporter=spec',
    ...passThrough,
    ...files,
  ],
  { stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
