/**
 * Peers and corpora cannot silently vanish: a tiny test file that needs a tool and a corpus is run
 * with them absent — with CI=true the run fails and names each; locally each test is skipped with
 * its reason; with everything present it passes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inCI } from './missing.js';

const FILE = fileURLToPath(new URL('../fixtures/harness/needs-peers.ts', import.meta.url));

function run(env: Record<string, string>) {
  // A fresh test run of its own: without NODE_TEST_CONTEXT the child does not report to this one.
  const { NODE_TEST_CONTEXT: _, ...parent } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', FILE], {
    encoding: 'utf8',
    env: { ...parent, CI: '', ...env },
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const ABSENT = {
  ND_TEST_TOOL: 'nd-no-such-peer-tool',
  NETDOCTOR_CORPUS: '/nonexistent/nd-corpus',
  ND_TEST_CORPUS: 'nd-missing-corpus',
  ND_TEST_CORPUS_FILE: 'wireshark/nd-missing.pcap',
};

test('with CI=true a missing peer tool and a missing corpus fail the run, each named', () => {
  const r = run({ ...ABSENT, CI: 'true' });
  assert.notEqual(r.status, 0, r.out);
  assert.match(r.out, /✖ required: peer tool nd-no-such-peer-tool is not installed \(Debian nd-test-package/);
  assert.match(r.out, /✖ required: corpus folder \/nonexistent\/nd-corpus\/nd-missing-corpus is absent/);
  assert.match(
    r.out,
    /✖ required: corpus file\(s\) \/nonexistent\/nd-corpus\/wireshark\/nd-missing\.pcap absent/,
  );
});

test('locally the same absences are skips that carry their reasons, and the run passes', () => {
  const r = run(ABSENT);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /needs a peer tool .*# peer tool nd-no-such-peer-tool is not installed/);
  assert.match(
    r.out,
    /needs a corpus folder .*# corpus folder \/nonexistent\/nd-corpus\/nd-missing-corpus is absent/,
  );
  assert.doesNotMatch(r.out, /required:/);
});

test('with everything present, CI=true passes with nothing skipped', () => {
  const r = run({ CI: 'true', NETDOCTOR_CORPUS: '/', ND_TEST_CORPUS: 'tmp', ND_TEST_CORPUS_FILE: 'tmp' });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /skipped 0/);
});

test('CI means CI=true (or any value but false/0)', () => {
  assert.equal(inCI({ CI: 'true' }), true);
  assert.equal(inCI({ CI: '1' }), true);
  assert.equal(inCI({ CI: 'false' }), false);
  assert.equal(inCI({ CI: '' }), false);
  assert.equal(inCI({}), false);
});
