/**
 * DMARC benchmark: read N generated aggregate reports (REPORTS, default 1,000) side by side with
 * Debian's dmarc-cat — the same job on both sides: every report's records printed. dmarc-cat reads
 * one report per run, so its side is one `find -exec dmarc-cat -N -j 1` process over the folder (inside
 * `unshare -n`: no traffic can leave); netdoctor's is one `dmarc read --no-resolve --csv`. Both
 * must list the same records (domain, source, count) before a ratio is printed (bench/harness.ts).
 *
 * With MBOX=1, also the peak memory while ingesting and reading mboxes of 2,500, 10,000 and 40,000
 * report mails, to show memory does not grow with the mbox (no peer, no ratio).
 *
 * Usage: npm run bench -- dmarc   (REPORTS=10000 to change the count)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mbox, reportMail, zip } from '../../test/dmarc/build.js';
import { generatedReport } from '../../test/dmarc/generate.js';
import { buildNetdoctor, compareRuns, finish, machineLine, netdoctorSide, ROOT } from '../harness.js';

const N = Number(process.env.REPORTS ?? 1_000);
const CHILD = fileURLToPath(new URL('child.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-dmarc-'));

/**
 * The answer both sides must give: every record as `domain source count`, sorted. dmarc-cat runs
 * with `-j 1`: its default two parallel jobs now and then print a report's counts against the
 * wrong sources of the same report under load (seen: 198.51.100.18 with the 32 of .32).
 */
function records(rows: [string, string, string][]): string[] {
  return rows.map(([d, ip, n]) => `${d} ${ip} ${n}`).sort();
}

/** dmarc-cat's text, report after report: `Domain: d` then the rows under the `IP …` header. */
export function catRecords(stdout: string): string[] {
  const out: [string, string, string][] = [];
  let domain = '';
  let inRows = false;
  for (const line of stdout.split('\n')) {
    const d = /^Domain: (\S+)/.exec(line);
    if (d) {
      domain = (d[1] as string).toLowerCase();
      inRows = false;
    } else if (line.startsWith('IP ')) inRows = true;
    else if (inRows && line.trim() === '') inRows = false;
    else if (inRows) {
      const [ip, count] = line.trim().split(/\s+/);
      out.push([domain, ip ?? '', count ?? '']);
    }
  }
  if (out.length === 0) throw new Error('no record rows');
  return records(out);
}

/** netdoctor's CSV: one row per record (generated reports hold no quoted fields). */
export function csvRecords(stdout: string): string[] {
  const [header, ...rows] = stdout.trim().split('\n');
  const cols = (header ?? '').split(',');
  const [d, ip, n] = ['domain', 'source_ip', 'count'].map((c) => cols.indexOf(c)) as [number, number, number];
  return records(
    rows
      .map((r) => r.split(','))
      .map((f) => [f[d] ?? '', f[ip] ?? '', f[n] ?? ''] as [string, string, string]),
  );
}

interface MemoryRun {
  maxRssMiB: number;
  heapMiB: number;
}

/** One command in-process under child.ts, for its peak RSS and peak live heap. */
function memory(args: string[]): MemoryRun {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, ...args], {
    env: { ...process.env, SAMPLE_HEAP: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`netdoctor ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const kib = Number(/MAXRSS_KIB (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const heap = Number(/PEAK_LIVE_HEAP (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  return { maxRssMiB: kib / 1024, heapMiB: heap / 1024 / 1024 };
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
  const BIN = buildNetdoctor(`${ROOT}bench/.out/dmarc/dist`);
  console.log(
    `${N.toLocaleString('en-US')} generated aggregate reports (.xml, ${records.toLocaleString('en-US')} records); ${machineLine()}`,
  );
  const result = compareRuns({
    title: `dmarc read of ${N} reports vs dmarc-cat`,
    peer: {
      name: 'dmarc-cat -N -j 1 (one run per file)',
      cmd: 'unshare',
      args: ['-n', 'find', reports, '-name', '*.xml', '-exec', 'dmarc-cat', '-N', '-j', '1', '{}', ';'],
      env: { ...process.env, TZ: 'UTC' },
      answer: catRecords,
    },
    ours: netdoctorSide(
      BIN,
      'netdoctor dmarc read --csv',
      ['dmarc', 'read', reports, '--no-resolve', '--csv'],
      csvRecords,
      // 1: the reports hold failing sources (a `fail` finding) — the job is done; 2 is an error.
      { okStatus: [0, 1] },
    ),
    target: { minRatio: 5 },
  });

  if (process.env.MBOX === '1') {
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
      const ing = memory(['dmarc', 'ingest', file, '--db', path.join(dir, `mbox-${count}.db`)]);
      const rd = memory(['dmarc', 'read', file, '--no-resolve', '--csv']);
      console.log(
        `  ${count.toLocaleString('en-US').padStart(6)} mails, ${mib.padStart(5)} MiB mbox: ingest ${ing.maxRssMiB.toFixed(0)} MiB RSS / ${ing.heapMiB.toFixed(0)} MiB live heap, read ${rd.maxRssMiB.toFixed(0)} MiB RSS / ${rd.heapMiB.toFixed(0)} MiB live heap (read keeps every parsed report for its summary)`,
      );
    }
  }
  finish([result]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
