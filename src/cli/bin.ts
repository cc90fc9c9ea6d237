#!/usr/bin/env node
/** The `netdoctor` executable: runs the CLI on process.argv and exits with its status. */
import { runCli } from './main.js';

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0); // `netdoctor … | head` is fine
  throw e;
});

const status = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
process.stdout.write('', () => process.exit(status));
