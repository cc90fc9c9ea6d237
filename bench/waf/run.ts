/**
 * WAF log benchmark: a generated ModSecurity serial audit log (default 200 MiB, ~31 000 entries
 * from the real mod_security2 + CRS entries in test/fixtures/waf; `WAF_MIB` to change), counted
 * by the pipeline admins type — `grep '^Message: ' | grep -o '[id "…"]' | sort | uniq -c` — and
 * by `netdoctor log waf --json`, whole processes, the same per-rule counts required before a
 * ratio is printed. netdoctor does more on the way (sources, paths, statuses, scores, clusters),
 * so the target is memory, not speed: peak RSS under 200 MiB, and flat from half to full size.
 *
 * Usage: npm run bench -- waf
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildNetdoctor, compareRuns, finish, netdoctorSide, ROOT, timed } from '../harness.js';
import { generate } from './generate.js';

const MIB = Number(process.env.WAF_MIB ?? 200);
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-waf-'));

type Answer = Record<string, number>;

function fromPipeline(out: string): Answer {
  const a: Answer = {};
  for (const m of out.matchAll(/^\s*(\d+) \[id "(\d+)"\]$/gm)) a[m[2] as string] = Number(m[1]);
  return a;
}

function fromOurs(out: string): Answer {
  const rules = JSON.parse(out).summary.rules as { id: string; hits: number }[];
  return Object.fromEntries(rules.map((r) => [r.id, r.hits]));
}

async function main() {
  const bin = buildNetdoctor(path.join(ROOT, 'bench', '.out', 'waf', 'dist'));
  const log = path.join(dir, 'modsec_audit.log');
  const g = await generate(log, MIB * 1024 * 1024);
  console.log(
    `generated ${log}: ${g.entries.toLocaleString('en-US')} entries, ${(g.bytes / 1024 / 1024).toFixed(0)} MiB`,
  );
  const ok = [0, 1]; // netdoctor exits 1 when a finding is warn (heavy sources)
  const r = compareRuns({
    title: `log waf ${MIB} MiB vs grep | sort | uniq -c`,
    peer: {
      name: 'grep | grep -o | sort | uniq -c',
      cmd: 'sh',
      args: ['-c', `grep '^Message: ' '${log}' | grep -o '\\[id "[0-9]*"\\]' | sort | uniq -c`],
      answer: fromPipeline,
    },
    ours: netdoctorSide(
      bin,
      'netdoctor log waf --json',
      ['log', 'waf', log, '--json', '--top', '1000'],
      fromOurs,
      {
        okStatus: ok,
      },
    ),
    target: { maxRssMiB: 200 },
  });
  const half = path.join(dir, 'half.log');
  await generate(half, (MIB * 1024 * 1024) / 2);
  const rssHalf = timed(process.execPath, [bin, 'log', 'waf', half, '--json']).maxRssMiB;
  const rssFull = timed(process.execPath, [bin, 'log', 'waf', log, '--json']).maxRssMiB;
  console.log(
    `peak memory: ${rssHalf.toFixed(0)} MiB at ${MIB / 2} MiB of log, ${rssFull.toFixed(0)} MiB at ${MIB} MiB`,
  );
  finish([r]);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = 1;
});
