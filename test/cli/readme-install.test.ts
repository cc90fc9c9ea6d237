/**
 * The README's first command on a machine whose system Node.js is past its end of life (20):
 * `npm install && npm install -g . && netdoctor mail audit <domain>`, run as written in a copy of
 * this checkout, with the old `node` and its `npm` first on the PATH and the global prefix in a
 * temporary folder. `npm install`'s postinstall fetches Node.js 24 from the npm registry's `node`
 * package (scripts/runtime.mjs) and the `netdoctor` launcher runs the CLI on it.
 *
 * Network rule: npm runs with `--offline` (every package comes from the local npm cache, which
 * the CI's own `npm install` and `scripts/runtime.mjs ensure 24` filled), and the audit asks the
 * test BIND on 127.0.0.1 (NETDOCTOR_DNS_SERVER); its MX hosts are loopback addresses.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BindServer, startBind } from '../harness/bind.js';
import { NO_OLD_NODE, oldNode } from '../harness/old-node.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const OLD_NODE = oldNode();
/** It tests the old system Node, not the one running the tests: once per CI run is enough. */
const ON_TEST_NODE_24 = process.versions.node.startsWith('24.');
const SKIP = !ON_TEST_NODE_24
  ? 'runs once per CI run, in the pass on Node.js 24 (it installs with the system Node, whatever runs the tests)'
  : OLD_NODE
    ? false
    : NO_OLD_NODE;
if (ON_TEST_NODE_24 && !OLD_NODE && process.env.CI === 'true') {
  test('an end-of-life Node.js to install with', () => assert.fail(`CI: ${SKIP}`));
}

let bind: BindServer;
let dir: string;
before(async () => {
  if (SKIP) return;
  bind = await startBind();
  dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-readme-'));
});
after(async () => {
  await bind?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The checkout's files as a fresh clone has them (tracked and new, without build output). */
function copyCheckout(to: string): void {
  const ls = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(ls.status, 0, ls.stderr);
  for (const file of ls.stdout.split('\0')) {
    if (!file || !existsSync(path.join(ROOT, file))) continue;
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(to, file));
  }
}

test("README: `npm install && npm install -g . && netdoctor mail audit …` with the system's Node.js 20", {
  skip: SKIP,
  timeout: 600_000,
}, () => {
  const clone = path.join(dir, 'netdoctor');
  const prefix = path.join(dir, 'prefix');
  copyCheckout(clone);
  const env: NodeJS.ProcessEnv = {
    HOME: process.env.HOME,
    LANG: 'C',
    PATH: [path.dirname(OLD_NODE as string), '/usr/bin', '/bin'].join(path.delimiter),
    npm_config_offline: 'true',
    npm_config_prefix: prefix,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    NETDOCTOR_DNS_SERVER: bind.address,
  };
  const sh = (command: string) =>
    spawnSync('/bin/sh', ['-c', command], { cwd: clone, env, encoding: 'utf8', timeout: 500_000 });

  const install = sh('node --version && npm install && npm install -g .');
  assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`);
  assert.match(install.stdout, /^v(1\d|20|21|22\.(\d|1[0-8])\.)/, 'installed with the old Node.js');
  assert.ok(existsSync(path.join(prefix, 'bin', 'netdoctor')), 'netdoctor is on the PATH of the prefix');

  env.PATH = [path.join(prefix, 'bin'), env.PATH].join(path.delimiter);
  const audit = sh('netdoctor mail audit audit-good.test');
  assert.ok(audit.status === 0 || audit.status === 1, `exit ${audit.status}: ${audit.stderr}`);
  assert.match(audit.stdout, /mail\.mx\./, audit.stdout);
  assert.doesNotMatch(audit.stderr, /end of life|ExperimentalWarning/, audit.stderr);

  // The store needs node:sqlite, which Node 20 lacks: it works only on the fetched runtime.
  const summary = sh(`netdoctor dmarc summary --db ${path.join(dir, 'n.db')} --json`);
  assert.equal(summary.status, 0, summary.stderr);
  assert.equal(JSON.parse(summary.stdout).command, 'dmarc summary');
});
