/**
 * Firewall log benchmark: a generated firewalld drop log (3,000,000 lines, about 770 MB;
 * `FWLOG_LINES` to change) — the top (source, port) counts, computed by the awk one-liner admins
 * use and by `netdoctor log firewall --json`, side by side: whole processes, the same top 10 (count,
 * source, port) required before a ratio is printed. Then peak memory at half and at full size, to
 * show it stays flat as the log grows.
 *
 * The awk one-liner takes the first SRC= and the first DPT= of each line, as an admin's would: on
 * an ICMP error that is the quoted packet's port (netdoctor counts it as ICMP). The generated log
 * keeps such lines rare, so the top 10 is the same on both sides.
 *
 * Usage: npm run bench -- logs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildNetdoctor, compareRuns, finish, netdoctorSide, ROOT, timed } from '../harness.js';
import { generate } from './generate.js';

const LINES = Number(process.env.FWLOG_LINES ?? 3_000_000);
const TOP = 10;
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-logs-'));

const AWK = `{s="";d="";for(i=1;i<=NF;i++){if($i~/^SRC=/){if(s=="")s=substr($i,5)}else if($i~/^DPT=/){d=substr($i,5);break}} if(s!=""&&d!="")c[s" "d]++} END{for(k in c)print c[k],k}`;

type Answer = string[];

function fromAwk(out: string): Answer {
  return out
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .sort((a, b) => Number(b[0]) - Number(a[0]) || (a[1] as string).localeCompare(b[1] as string))
    .slice(0, TOP)
    .map((x) => x.join(' '));
}

function fromOurs(out: string): Answer {
  const pairs = JSON.parse(out).summary.pairs as { source: string; port: string; packets: number }[];
  return pairs.slice(0, TOP).map((p) => `${p.packets} ${p.source} ${p.port.split('/')[0]}`);
}

async function main() {
  const bin = buildNetdoctor(path.join(ROOT, 'bench', '.out', 'logs', 'dist'));
  const log = path.join(dir, 'firewalld.log');
  const g = await generate(log, LINES);
  console.log(`generated ${log}: ${g.lines.toLocaleString('en-US')} lines, ${(g.bytes / 1e6).toFixed(0)} MB`);
  const ok = [0, 1]; // netdoctor exits 1: the log holds warn findings (hammering, volume)
  const r = compareRuns({
    title: `firewall log ${(g.bytes / 1e6).toFixed(0)} MB: top (source, port) vs awk`,
    peer: {
      name: 'awk (top source/port pairs) | sort',
      cmd: 'sh',
      args: ['-c', `awk '${AWK}' '${log}' | sort -rn | head -${TOP * 5}`],
      answer: fromAwk,
    },
    ours: netdoctorSide(
      bin,
      'netdoctor log firewall --json',
      ['log', 'firewall', log, '--json', '--top', String(TOP)],
      fromOurs,
      {
        okStatus: ok,
      },
    ),
    target: { minRatio: 10, maxRssMiB: 300 },
  });
  const half = path.join(dir, 'half.log');
  await generate(half, Math.floor(LINES / 2));
  const rssHalf = timed(process.execPath, [bin, 'log', 'firewall', half, '--json']).maxRssMiB;
  const rssFull = timed(process.execPath, [bin, 'log', 'firewall', log, '--json']).maxRssMiB;
  console.log(
    `peak memory: ${rssHalf.toFixed(0)} MiB at ${LINES / 2} lines, ${rssFull.toFixed(0)} MiB at ${LINES} lines`,
  );
  finish([r]);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = 1;
});
