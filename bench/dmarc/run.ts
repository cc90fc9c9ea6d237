/**
 * DMARC benchmark: read and ingest 10,000 generated aggregate reports, side by side with Debian's
 * dmarc-cat on the same files (dmarc-cat reads one report per run, so it runs once per file, with
 * -N and inside `unshare -n`: no traffic can leave). Then peak memory while ingesting and reading
 * mboxes of 2,500, 10,000 and 40,000 report mails, to show memory does not grow with the mbox.
 *
 * Usage: npm run bench -- dmarc   (REPORTS=20000 to change the count)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mbox, reportMail, zip } from '../../test/dmarc/build.js';
import { generatedReport } from '../../test/dmarc/generate.js';

const N = Number(process.env.REPORTS ?? 10_000);
const CHILD = fileURLToPath(new URL('child.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-dmarc-'));

/**
 * CPU seconds (user + system) of the children this process has waited for, from /proc/self/stat
 * (cutime + cstime, in clock ticks of 1/100 s): unlike wall time, not inflated by other load.
 */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Run {
  seconds: number;
  cpu: number;
  maxRssMiB: number;
  heapMiB: number;
  status: number | null;
}

function netdoctor(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const c0 = childCpuSeconds();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const kib = Number(/MAXRSS_KIB (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  if (r.status !== 0 && r.status !== 1) console.error(r.stderr.slice(0, 2000));
  const heap = Number(/PEAK_LIVE_HEAP (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  return {
    seconds,
    cpu: childCpuSeconds() - c0,
    maxRssMiB: kib / 1024,
    heapMiB: heap / 1024 / 1024,
    status: r.status,
  };
}

function rate(n: number, s: number): string {
  return `${Math.round(n / s).toLocaleString('en-US')} reports/s`;
}

try {
  const reports = path.join(dir, 'reports');
  mkdirSync(reports);
  let records = 0;
  for (let i = 0; i < N; i++) {
    const r = generatedReport(i, 1 + (i % 5));
    records += 1 + (i % 5);
    writeFileSync(path.join(reports, r.name), r.xml);
  }
  console.log(
    `${N.toLocaleString('en-US')} generated aggregate reports (.xml, ${records.toLocaleString('en-US')} records) in ${reports}`,
  );

  const c0 = childCpuSeconds();
  const t0 = process.hrtime.bigint();
  const cat = spawnSync(
    'unshare',
    ['-n', 'find', reports, '-name', '*.xml', '-exec', 'dmarc-cat', '-N', '{}', ';'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  );
  const catSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const catCpu = childCpuSeconds() - c0;
  if (cat.status !== 0) throw new Error(`dmarc-cat failed: ${cat.stderr}`);

  const read = netdoctor(['dmarc', 'read', reports, '--no-resolve', '--csv']);
  const db = path.join(dir, 'bench.db');
  const ingest = netdoctor(['dmarc', 'ingest', reports, '--db', db]);

  const rows: [string, number, number][] = [
    ['dmarc-cat 0.15.0 -N (one run per file)', catSeconds, catCpu],
    ['netdoctor dmarc read --no-resolve --csv', read.seconds, read.cpu],
    ['netdoctor dmarc ingest (SQLite, new db)', ingest.seconds, ingest.cpu],
  ];
  console.log(
    `\n${''.padEnd(42)} ${'wall'.padStart(8)} ${'rate (wall)'.padStart(20)} ${'ratio'.padStart(7)}  ${'CPU'.padStart(8)} ${'ratio (CPU)'.padStart(11)}`,
  );
  for (const [name, s, cpu] of rows) {
    console.log(
      `${name.padEnd(42)} ${s.toFixed(2).padStart(7)}s ${rate(N, s).padStart(20)} ${`×${(catSeconds / s).toFixed(1)}`.padStart(7)}  ${cpu.toFixed(2).padStart(7)}s ${`×${(catCpu / cpu).toFixed(1)}`.padStart(11)}`,
    );
  }

  console.log(
    '\nPeak memory over mboxes of report mails (zip attachments): max RSS of the process, and peak live heap (after GC, sampled every 250 ms):',
  );
  for (const count of [2_500, 10_000, 40_000]) {
    const file = path.join(dir, `reports-${count}.mbox`);
    const mails: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const r = generatedReport(N + i, 3);
      mails.push(
        reportMail(zip({ [r.name]: Buffer.from(r.xml) }), {
          subject: `Report domain: example.test Report-ID: gen-${N + i}`,
        }),
      );
    }
    writeFileSync(file, mbox(mails));
    const mib = (statSync(file).size / 1024 / 1024).toFixed(1);
    const ing = netdoctor(['dmarc', 'ingest', file, '--db', path.join(dir, `mbox-${count}.db`)], {
      SAMPLE_HEAP: '1',
    });
    const rd = netdoctor(['dmarc', 'read', file, '--no-resolve', '--csv'], { SAMPLE_HEAP: '1' });
    console.log(
      `  ${count.toLocaleString('en-US').padStart(6)} mails, ${mib.padStart(5)} MiB mbox: ingest ${ing.maxRssMiB.toFixed(0)} MiB RSS / ${ing.heapMiB.toFixed(0)} MiB live heap, read ${rd.maxRssMiB.toFixed(0)} MiB RSS / ${rd.heapMiB.toFixed(0)} MiB live heap (read keeps every parsed report for its summary)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
