/**
 * Runs netdoctor's CLI in-process with captured stdout and stderr, as the CLI tests need it.
 *
 * @example
 *   const r = await runCliCaptured(['dns', 'lookup', 'example.test', '--json']);
 *   assert.equal(r.status, 0, r.err);
 */
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  status: number;
  out: string;
  err: string;
}

export async function runCliCaptured(
  args: string[],
  options: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  // The run-tests guard (NETDOCTOR_DNS_SERVER=127.0.0.1:1) reaches the CLI as a user's would.
  const guard = process.env.NETDOCTOR_DNS_SERVER
    ? { NETDOCTOR_DNS_SERVER: process.env.NETDOCTOR_DNS_SERVER }
    : {};
  const status = await runCli(args, { stdin, stdout, stderr, env: { LANG: 'C', ...guard, ...options.env } });
  return { status, out, err };
}
