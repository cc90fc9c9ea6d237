/**
 * SPF conformance: the RFC 7208 suite (pyspf's rfc7208-tests.yml, 203 cases; also mailauth's later
 * revision and the RFC 4408 suite) against
 * `evaluateSpf`, each scenario's DNS served over real DNS to netdoctor's Resolver. Prints
 * `N passed, M failed`; every failure must be listed in spf-known-failures.json with its reason,
 * and every listed case must still fail (a fixed case leaves the list).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { evaluateSpf } from '../../src/mail/auth/spf-evaluate.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { loadSuite, runSuite } from './spf-suite.js';

const CORPUS = 'spf-rfc7208-suite';
const dir = corpusDir(CORPUS);
const known: Record<string, Record<string, string>> = JSON.parse(
  readFileSync(new URL('./spf-known-failures.json', import.meta.url), 'utf8'),
);

/**
 * The acceptance suite (203 cases, at least 202 must pass), then two more revisions of it. With
 * mailauth 7's strict mode every case passes.
 */
const SUITES: { file: string; cases: number; atLeast: number }[] = [
  { file: 'pyspf/rfc7208-tests.yml', cases: 203, atLeast: 202 },
  { file: 'mailauth-variant/rfc7208-tests.yml', cases: 200, atLeast: 199 },
  { file: 'pyspf/rfc4408-tests.yml', cases: 191, atLeast: 190 },
];

for (const suite of SUITES) {
  test(`SPF suite ${suite.file}`, { skip: dir ? false : corpusSkipReason(CORPUS) }, async () => {
    const scenarios = await loadSuite(dir as string, suite.file);
    const outcomes = await runSuite(scenarios, async (c, resolver) => {
      const r = await evaluateSpf({
        ip: c.host,
        sender: c.mailfrom,
        helo: c.helo,
        resolver: resolver.nodeStyle(),
      });
      return r.result;
    });
    const failed = outcomes.filter((o) => !o.pass);
    console.log(`${suite.file}: ${outcomes.length - failed.length} passed, ${failed.length} failed`);
    for (const o of failed) {
      console.log(
        `  fail ${o.case.scenario}/${o.case.id}: expected ${o.case.expected.join('|')}, got ${o.got}`,
      );
    }
    assert.equal(outcomes.length, suite.cases, `the suite has ${suite.cases} cases`);
    assert.ok(outcomes.length - failed.length >= suite.atLeast, `at least ${suite.atLeast} pass`);
    assert.deepEqual(
      failed.map((o) => `${o.case.scenario}/${o.case.id}`).sort(),
      Object.keys(known[suite.file] ?? {}).sort(),
      'the failures are exactly the known failures (spf-known-failures.json)',
    );
  });
}
