/**
 * Parser conformance against BIND: every zone file of BIND's own system tests (the bind-zones
 * corpus) is loaded by `named-compilezone -D` (BIND 9.18) and by netdoctor. A zone BIND accepts
 * must give the same canonical records (compared as sets of lines, TTLs included); a zone BIND
 * refuses must be refused (a fatal error, or lint's `loads: false`). Prints `N passed, M failed`.
 * There is no list of known misses: every zone must agree.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { canonicalLines, parseZoneFile } from '../../src/dns/zone/index.js';
import { lintZones } from '../../src/dns/zone/lint/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const ROOT = corpusDir('bind-zones');
const COMPILE = ['/usr/bin/named-compilezone', '/usr/sbin/named-compilezone'].find((p) => existsSync(p));
const skip = process.env.CI
  ? false
  : !ROOT
    ? corpusSkipReason('bind-zones')
    : !COMPILE
      ? 'named-compilezone (Debian bind9-utils) is not installed'
      : false;

function walk(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = path.join(d, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const norm = (l: string) => l.trim().replace(/\s+/g, ' ');

test('BIND system-test zones: same verdict and same canonical records as named-compilezone -D', {
  skip,
  timeout: 900_000,
}, () => {
  assert.ok(ROOT, 'the bind-zones corpus folder is absent (set NETDOCTOR_CORPUS to the shared corpus)');
  assert.ok(COMPILE, 'named-compilezone is not installed: run bash scripts/install-peers.sh');
  // The origin and working folder of each zone: from the checks BIND's tests run, else the file name.
  const where = new Map<string, { cwd: string; origin: string }>();
  for (const row of readFileSync(path.join(ROOT, 'EXPECTED-checks.tsv'), 'utf8').split('\n').slice(1)) {
    const c = row.split('\t');
    const m = /named-(?:checkzone|compilezone).* (\S+) (\S+)$/.exec(c[3] ?? '');
    if (m && c[0] && !where.has(c[0])) where.set(c[0], { cwd: c[2] as string, origin: m[1] as string });
  }
  const files = walk(ROOT)
    .filter((f) => /\.db(\.in)?$/.test(f))
    .map((f) => path.relative(ROOT, f))
    .sort();
  let passed = 0;
  const failed: string[] = [];
  for (const f of files) {
    const base = path.basename(f).replace(/\.db(\.in)?$/, '');
    const origin = where.get(f)?.origin ?? (base === 'root' ? '.' : base);
    const cwd = path.join(ROOT, where.get(f)?.cwd ?? path.dirname(f));
    const b = spawnSync(COMPILE, ['-D', '-o', '-', origin, path.relative(cwd, path.join(ROOT, f))], {
      cwd,
      encoding: 'latin1',
      maxBuffer: 1 << 30,
    });
    const bindOk = b.status === 0;
    let ours: string[] = [];
    let refused = '';
    try {
      const z = parseZoneFile(path.join(ROOT, f), {
        origin,
        directory: cwd,
        includeRoot: ROOT,
        onError: 'collect',
      });
      ours = canonicalLines(z).map(norm).sort();
      if (!lintZones([z]).zones[0]?.loads) refused = 'lint: would not load';
    } catch (e) {
      refused = (e as Error).message;
    }
    let problem = '';
    if (!bindOk && !refused)
      problem = `BIND refuses (${b.stderr.split('\n').filter(Boolean).at(-2) ?? ''}), netdoctor loads it`;
    else if (bindOk && refused) problem = `BIND loads it, netdoctor refuses: ${refused}`;
    else if (bindOk) {
      const theirs = b.stdout
        .split('\n')
        .filter((l) => l && !l.startsWith(';'))
        .map(norm)
        .sort();
      const a = new Set(theirs);
      const o = new Set(ours);
      const missing = theirs.filter((l) => !o.has(l));
      const extra = ours.filter((l) => !a.has(l));
      if (missing.length || extra.length)
        problem = `records differ: -${missing[0] ?? ''} +${extra[0] ?? ''}`.slice(0, 300);
    }
    if (!problem) passed++;
    else failed.push(`${f}: ${problem}`);
  }
  console.log(`${passed} passed, ${failed.length} failed of ${files.length} zones`);
  for (const m of failed) console.log(`  FAILED ${m}`);
  assert.deepEqual(failed, []);
  assert.ok(files.length >= 319, `only ${files.length} zones found in the corpus`);
});
