/**
 * SPF conformance: the RFC 7208 suite (pyspf's rfc7208-tests.yml, 203 cases; also mailauth's later
 * revision and the RFC 4408 suite) against
 * `evaluateSpf`, each scenario's DNS served over real DNS to netdoctor's Resolver. Prints
 * `N passed, M failed`; every case must pass (there is no list of known failures).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateSpf } from '../../src/mail/auth/spf-evaluate.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { loadSuite, runSuite } from './spf-suite.js';

const CORPUS = 'spf-rfc7208-suite';
const dir = corpusDir(CORPUS);

/**
 * The acceptance suite (203 cases; the issue asked for at least 202), then two more revisions of
 * it. With mailauth 7's strict mode every case passes, and every case must.
 */
const SUITES: { file: string; cases: number }[] = [
  { file: 'pyspf/rfc7208-tests.yml', cases: 203 },
  { file: 'mailauth-variant/rfc7208-tests.yml', cases: 200 },
  { file: 'pyspf/rfc4408-tests.yml', cases: 191 },
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
    assert.deepEqual(
      failed.map((o) => `${o.case.scenario}/${o.case.id}`),
      [],
      'every case of the suite passes',
    );
  });
}
