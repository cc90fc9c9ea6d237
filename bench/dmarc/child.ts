/**
 * Runs one netdoctor command line (as bin.ts does) and reports its own memory on stderr: the
 * peak RSS, and — with SAMPLE_HEAP=1 and --expose-gc — the peak live heap, sampled after a full
 * GC every 250 ms (what the command really holds, without garbage V8 has not collected yet).
 */
import { createWriteStream } from 'node:fs';
import { runCli } from '../../src/cli/main.js';

const gc = (globalThis as { gc?: () => void }).gc;
let peakLive = 0;
const sampler =
  process.env.SAMPLE_HEAP && gc
    ? setInterval(() => {
        gc();
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      }, 250)
    : undefined;
sampler?.unref();
const out = createWriteStream('/dev/null');
const status = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: out,
  stderr: process.stderr,
  env: process.env,
});
if (sampler) clearInterval(sampler);
process.stderr.write(`\nMAXRSS_KIB ${process.resourceUsage().maxRSS}\nPEAK_LIVE_HEAP ${peakLive}\n`);
out.end(() => process.exit(status > 1 ? status : 0));
