/** Runs one netdoctor command line (as bin.ts does) and reports its own peak memory on stderr. */
import { createWriteStream } from 'node:fs';
import { runCli } from '../../src/cli/main.js';

const out = createWriteStream('/dev/null');
const status = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: out,
  stderr: process.stderr,
  env: process.env,
});
process.stderr.write(`\nMAXRSS_KIB ${process.resourceUsage().maxRSS}\n`);
out.end(() => process.exit(status > 1 ? status : 0));
