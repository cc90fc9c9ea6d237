/**
 * What the macro benchmarks share: netdoctor built as users run it (compiled by tsc into a folder
 * of the bench's own), and a peer or netdoctor process timed under GNU time for wall time and
 * peak memory (max RSS).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface TimedRun {
  seconds: number;
  /** User + system CPU seconds (equals the wall time of single-threaded work on an idle machine). */
  cpuSeconds: number;
  maxRssMiB: number;
  status: number | null;
  stdout: string;
}

/** Runs a command under GNU time (Debian `time`, installed by scripts/install-peers.sh). */
export function timed(cmd: string, args: string[]): TimedRun {
  const r = spawnSync('/usr/bin/time', ['-f', 'ND_TIME %e %M %U %S', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    cwd: ROOT,
  });
  const m = /ND_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(`could not time ${cmd}: ${r.stderr.slice(0, 500)}`);
  if (r.status !== 0 && r.status !== 1) console.error(r.stderr.slice(0, 1000));
  return {
    seconds: Number(m[1]),
    cpuSeconds: Number(m[3]) + Number(m[4]),
    maxRssMiB: Number(m[2]) / 1024,
    status: r.status,
    stdout: r.stdout,
  };
}

/**
 * Compiles netdoctor into `dist` (as `npm run build` does) and returns the CLI's path. tsc still
 * emits when some module has a type error; only a missing CLI is fatal.
 */
export function buildNetdoctor(dist: string): string {
  const t = spawnSync(
    process.execPath,
    [
      `${ROOT}node_modules/typescript/bin/tsc`,
      '-p',
      `${ROOT}tsconfig.build.json`,
      '--outDir',
      dist,
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
    { encoding: 'utf8', cwd: ROOT },
  );
  const bin = path.join(dist, 'cli', 'bin.js');
  if (!existsSync(bin)) throw new Error(`build failed: ${t.stdout.slice(0, 2000)}`);
  // cli/version.js reads ../../package.json, as it does in an installed package.
  copyFileSync(`${ROOT}package.json`, path.join(dist, '..', 'package.json'));
  return bin;
}
