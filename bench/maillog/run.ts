/**
 * Mail log benchmark: a generated Postfix log (default 300 MiB, ~2.8 million lines; `MAILLOG_MIB`
 * to change) read by Debian's pflogsumm and by `netdoctor mail log --json`, side by side — whole
 * processes, the same answer required (grand totals, per-day rows, per-domain delivery rows)
 * before a ratio is printed. Then the same log gzipped: `zcat | pflogsumm` against netdoctor
 * reading the .gz itself. Then peak memory at half and full size, to show it stays flat.
 *
 * Usage: npm run bench -- maillog
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePflogsumm } from '../../test/maillog/pflogsumm.js';
import {
  buildNetdoctor,
  compareRuns,
  finish,
  netdoctorSide,
  ROOT,
  type TimedRun,
  timed,
} from '../harness.js';
import { generate } from './generate.js';

const MIB = Number(process.env.MAILLOG_MIB ?? 300);
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-maillog-'));

interface Answer {
  totals: Record<string, number>;
  perDay: unknown[];
  domains: unknown[];
}

function fromPflogsumm(out: string): Answer {
  const r = parsePflogsumm(out);
  // pflogsumm prints 1000 and more in units (`1234k`): compare at its precision.
  return { totals: r.totals, perDay: r.perDay, domains: r.domains.slice(0, 10) };
}

/** Our numbers, rounded as pflogsumm prints them (values ≥ 1,000,000 in k units). */
function units(n: number): number {
  return n >= 1_000_000 ? Math.floor(n / 1024) * 1024 : n;
}

function fromOurs(out: string): Answer {
  const d = JSON.parse(out).summary;
  const t = d.totals;
  return {
    totals: {
      received: units(t.received),
      delivered: units(t.delivered),
      forwarded: units(t.forwarded),
      deferred: units(t.deferred),
      deferrals: units(t.deferrals),
      bounced: units(t.bounced),
      rejected: units(t.rejected),
    },
    perDay: d.perDay.map((x: Record<string, number>) => ({
      day: x.day,
      received: units(x.received as number),
      delivered: units(x.delivered as number),
      deferred: units(x.deferred as number),
      bounced: units(x.bounced as number),
      rejected: units(x.rejected as number),
    })),
    domains: d.domains
      .filter((x: { delivered: number; deferrals: number }) => x.delivered > 0 || x.deferrals > 0)
      .slice(0, 10)
      .map((x: { domain: string; delivered: number; deferrals: number }) => ({
        domain: x.domain,
        delivered: units(x.delivered),
        deferrals: units(x.deferrals),
      })),
  };
}

/** CPU seconds (user + system) of each run, by side: wall time flatters a side that uses two cores. */
const cpu: Record<string, number[]> = {};

/** `answer` that also notes the run's CPU seconds under `key`. */
function noting(key: string, answer: (out: string) => Answer): (out: string, r: TimedRun) => Answer {
  return (out, r) => {
    (cpu[key] ??= []).push(r.cpuSeconds);
    return answer(out);
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main() {
  // Built inside the repository (bench/.out, ignored), where its node_modules resolve.
  const bin = buildNetdoctor(path.join(ROOT, 'bench', '.out', 'maillog', 'dist'));
  const log = path.join(dir, 'maillog');
  const g = await generate(log, MIB * 1024 * 1024);
  execFileSync('sh', ['-c', `gzip -1 -c '${log}' > '${log}.gz'`]);
  console.log(
    `generated ${log}: ${g.lines.toLocaleString('en-US')} lines, ${(g.bytes / 1024 / 1024).toFixed(0)} MiB (gz ${(statSync(`${log}.gz`).size / 1024 / 1024).toFixed(0)} MiB)`,
  );
  const ok = [0, 1]; // netdoctor exits 1 when a finding is warn or fail (deferrals, bounces)
  const plain = compareRuns({
    title: `mail log ${MIB} MiB vs pflogsumm`,
    peer: { name: 'pflogsumm', cmd: 'pflogsumm', args: [log], answer: noting('pflogsumm', fromPflogsumm) },
    ours: netdoctorSide(
      bin,
      'netdoctor mail log --json',
      ['mail', 'log', log, '--json'],
      noting('ours', fromOurs),
      {
        okStatus: ok,
      },
    ),
    target: { minRatio: 10, maxRssMiB: 200 },
  });
  const gz = compareRuns({
    title: `mail log ${MIB} MiB .gz vs zcat | pflogsumm`,
    peer: {
      name: 'zcat | pflogsumm',
      cmd: 'sh',
      args: ['-c', `zcat '${log}.gz' | pflogsumm`],
      answer: noting('zcat | pflogsumm', fromPflogsumm),
    },
    ours: netdoctorSide(
      bin,
      'netdoctor mail log --json (.gz)',
      ['mail', 'log', `${log}.gz`, '--json'],
      noting('ours .gz', fromOurs),
      {
        okStatus: ok,
      },
    ),
    target: { minRatio: 5, maxRssMiB: 200 },
  });
  console.log(
    `CPU seconds (user + system, medians): ${Object.entries(cpu)
      .map(([k, v]) => `${k} ${median(v).toFixed(2)}`)
      .join(', ')}`,
  );
  // Flat memory: peak RSS at half the size against the full size.
  const half = path.join(dir, 'half.log');
  await generate(half, (MIB * 1024 * 1024) / 2);
  const rssHalf = timed(process.execPath, [bin, 'mail', 'log', half, '--json']).maxRssMiB;
  const rssFull = timed(process.execPath, [bin, 'mail', 'log', log, '--json']).maxRssMiB;
  console.log(
    `peak memory: ${rssHalf.toFixed(0)} MiB at ${MIB / 2} MiB of log, ${rssFull.toFixed(0)} MiB at ${MIB} MiB`,
  );
  finish([plain, gz]);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = 1;
});
