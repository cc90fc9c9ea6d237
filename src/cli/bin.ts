#!/usr/bin/env node
/**
 * The `netdoctor` executable: runs the CLI on process.argv and exits with its status.
 *
 * netdoctor runs on the maintained Node.js lines (22.19+ and 24; `engines` in package.json). Run
 * by an older Node (20 reached its end of life in April 2026), it starts itself again on the
 * Node.js that `npm install` fetched from the npm registry into `.runtime/` for that case
 * (`scripts/runtime.mjs postinstall`), passing arguments, standard streams, signals and the exit
 * status through; without one it says so in one line and exits 2. So this file imports nothing of
 * the CLI statically: its modules need the newer Node (e.g. `node:sqlite`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

/** The runtimes `scripts/runtime.mjs` installs, newest first. */
const RUNTIME_MAJORS = [24, 22];

function supported(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major >= 24 || (major === 22 && minor >= 19);
}

async function runHere(): Promise<void> {
  // Node 22 announces node:sqlite as experimental when the store is first opened; the part
  // netdoctor uses (prepared statements, transactions, WAL) is stable, and a person running
  // `dmarc ingest` should not read that line. Every other warning is printed as Node would.
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name === 'ExperimentalWarning' && /SQLite/i.test(w.message)) return;
    process.stderr.write(`(node:${process.pid}) ${w.name}: ${w.message}\n`);
  });
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0); // `netdoctor … | head` is fine
    throw e;
  });
  // Node's on-disk cache of compiled code (Node 22.1+; NODE_COMPILE_CACHE or the system's temp
  // directory, checked against the sources): a start-up compiles netdoctor's modules once, not at
  // every run — a third of the CPU of a short command, and of a daemon's start.
  module.enableCompileCache?.();
  const { runCli } = await import('./main.js');
  const status = await runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
  process.stdout.write('', () => process.exit(status));
}

function relaunch(): void {
  const root = new URL('../../', import.meta.url);
  const runtime = RUNTIME_MAJORS.map((major) =>
    fileURLToPath(new URL(`.runtime/node${major}/node_modules/node/bin/node`, root)),
  ).find((file) => existsSync(file));
  if (!runtime) {
    const ja = /^ja/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');
    const dir = fileURLToPath(root);
    process.stderr.write(
      ja
        ? `netdoctor: Node.js ${process.version} はサポート終了済みです。netdoctor は Node.js 22.19 以降か 24 で動きます。保守中の Node.js を入れるか、${dir} で "node scripts/runtime.mjs ensure 24" を実行してください (npm レジストリから Node.js 24 を取得します)\n`
        : `netdoctor: Node.js ${process.version} is past its end of life; netdoctor runs on Node.js 22.19+ or 24. Install a maintained Node.js, or run "node scripts/runtime.mjs ensure 24" in ${dir} (fetches Node.js 24 from the npm registry)\n`,
    );
    process.exit(2);
  }
  const child = spawn(
    runtime,
    [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const s of signals) process.on(s, forward);
  child.on('error', (e) => {
    process.stderr.write(`netdoctor: ${runtime}: ${e.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 2);
  });
}

if (supported(process.versions.node)) await runHere();
else relaunch();
