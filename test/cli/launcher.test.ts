/**
 * The `netdoctor` launcher (src/cli/bin.ts) started by an end-of-life Node.js (the system's 20):
 * without a maintained Node.js in `.runtime/` it says so in one line and exits 2; with one, the CLI
 * runs there with the arguments, stdin, stdout, exit status and signals passed through. Run on a
 * copy of src/ so that `.runtime/` is the test's own.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NO_OLD_NODE, oldNode } from '../harness/old-node.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OLD_NODE = oldNode();
if (!OLD_NODE && process.env.CI === 'true') {
  test('an end-of-life Node.js to start the launcher with', () => assert.fail(`CI: ${NO_OLD_NODE}`));
}
const skip = OLD_NODE ? false : NO_OLD_NODE;

let pkg: string;
before(() => {
  if (!OLD_NODE) return;
  pkg = mkdtempSync(path.join(tmpdir(), 'netdoctor-launcher-'));
  cpSync(path.join(ROOT, 'src'), path.join(pkg, 'src'), { recursive: true });
  cpSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
});
after(() => {
  if (pkg) rmSync(pkg, { recursive: true, force: true });
});

const BIN = () => path.join(pkg, 'src', 'cli', 'bin.ts');
const run = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(OLD_NODE as string, ['--import', 'tsx', BIN(), ...args], {
    cwd: pkg,
    encoding: 'utf8',
    input: options.input ?? '',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', ...options.env },
    timeout: 60_000,
  });

test('without a maintained Node.js: one line naming the version and the way out, exit 2', { skip }, () => {
  const r = run(['--version']);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    /^netdoctor: Node\.js v\d+\.\d+\.\d+ is past its end of life; .*scripts\/runtime\.mjs ensure 24/,
  );
  assert.equal(r.stderr.trim().split('\n').length, 1);
  const ja = run(['--version'], { env: { LANG: 'ja_JP.UTF-8' } });
  assert.match(ja.stderr, /サポート終了/);
});

test('with .runtime/: the CLI runs there — arguments, stdin, stdout, exit status, signals', {
  skip,
}, async () => {
  // The Node.js running this test is a maintained one: it stands in for the fetched runtime.
  const dir = path.join(pkg, '.runtime', 'node24', 'node_modules', 'node', 'bin');
  mkdirSync(dir, { recursive: true });
  symlinkSync(process.execPath, path.join(dir, 'node'));

  const version = run(['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);

  const bounce = run(['mail', 'explain', '-', '--json'], {
    input: '550 5.1.1 <taro@example.jp>: User unknown\n',
  });
  assert.equal(bounce.status, 1, bounce.stderr);
  const doc = JSON.parse(bounce.stdout);
  assert.equal(doc.command, 'mail explain');
  assert.ok(doc.findings.length > 0);

  const usage = run(['dns', 'lookup']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^netdoctor: /);

  // SIGTERM to the launcher reaches the CLI, and the launcher ends as the CLI did.
  const child = spawn(OLD_NODE as string, ['--import', 'tsx', BIN(), 'mail', 'explain', '-'], {
    cwd: pkg,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  await new Promise((r) => setTimeout(r, 3000)); // both processes up, the CLI waiting on stdin
  child.kill('SIGTERM');
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
    child.on('exit', (c, s) => r([c, s])),
  );
  assert.deepEqual([code, signal], [null, 'SIGTERM']);
  const left = spawnSync('pgrep', ['-f', BIN()], { encoding: 'utf8' });
  assert.equal(left.stdout.trim(), '', 'no netdoctor process left');
});
