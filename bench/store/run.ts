/**
 * Store benchmark: the DMARC history on SQLite and on PostgreSQL side by side — ingest rate
 * (rows through `save`, 200 reports a transaction as `dmarc ingest` batches them) and summary
 * latency (the DMARC summary of 200 domains over a year, and of one domain), on the same
 * generated records. The two stores must give the same summary (else FAIL); a summary slower
 * than 200 ms (median) on either store is a MISS. Both exit the bench non-zero.
 *
 * PostgreSQL is Debian's, started by test/harness/postgres.ts with fsync on (a fair match for
 * SQLite's WAL), on 127.0.0.1 in a temporary directory, removed after.
 *
 * Then the many-writers scenario of bench/store/writers.ts (8 processes, 50,000 reports,
 * PostgreSQL restarted mid-way; WRITER_REPORTS=0 skips it).
 *
 * Usage: npm run bench -- store   (RECORDS=1000000 is the default; RECORDS=200000 for a quick run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DmarcHistory, DmarcRecordRow, DmarcReportRow } from '../../src/store/index.js';
import { openDmarcHistory } from '../../src/store/index.js';
import { startPostgres } from '../../test/harness/postgres.js';
import { machineLine, spread } from '../harness.js';

const RECORDS = Number(process.env.RECORDS ?? 1_000_000);
const DOMAINS = 200;
const DAYS = 365;
const RECORDS_PER_REPORT = 5;
const REPORTERS = ['google.com', 'yahoo.com', 'outlook.com', 'mail.ru', 'comcast.net', 'web.de'];
const BATCH = 200;
const SUMMARY_RUNS = 9;
const TARGET_MS = 200;
const DAY = 86400;
const END = Math.floor(Date.UTC(2026, 0, 1) / 1000);
const START = END - DAYS * DAY;

/** Report `i`: domain, day and reporter spread evenly; sources from a pool of 40 per domain. */
function report(i: number): DmarcReportRow {
  const domain = `d${i % DOMAINS}.example`;
  const day = Math.floor(i / DOMAINS) % DAYS;
  const reporter = REPORTERS[Math.floor(i / (DOMAINS * DAYS)) % REPORTERS.length] as string;
  const records: DmarcRecordRow[] = [];
  for (let k = 0; k < RECORDS_PER_REPORT; k++) {
    const n = (i * 7 + k * 13) % 40;
    const verdict = (i + k) % 4 === 0 ? 'fail' : 'pass';
    records.push({
      sourceIp: `198.51.${i % DOMAINS}.${n + 1}`,
      count: 1 + ((i + k) % 50),
      headerFrom: domain,
      envelopeFrom: domain,
      disposition: 'none',
      dkim: verdict,
      spf: (i + k) % 3 === 0 ? 'fail' : 'pass',
      authDkimJson: `[{"domain":"${domain}","selector":"s1","result":"${verdict}"}]`,
      authSpfJson: `[{"domain":"${domain}","result":"pass"}]`,
    });
  }
  const begin = START + day * DAY;
  return {
    reporter,
    reportId: `bench-${i}`,
    reporterEmail: `noreply-dmarc@${reporter}`,
    domain,
    begin,
    end: begin + DAY - 1,
    policyP: 'none',
    policyJson: '{"p":"none"}',
    source: `bench/${i}.xml`,
    records,
  };
}

interface Figures {
  store: string;
  ingestSeconds: number;
  summaryMs: number[];
  domainMs: number[];
  answer: unknown;
}

async function measure(store: string, history: DmarcHistory): Promise<Figures> {
  const reports = Math.ceil(RECORDS / RECORDS_PER_REPORT);
  const t0 = performance.now();
  for (let i = 0; i < reports; i += BATCH) {
    const batch: DmarcReportRow[] = [];
    for (let j = i; j < Math.min(reports, i + BATCH); j++) batch.push(report(j));
    await history.save(batch);
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  const check = await history.check();
  if (check.records !== reports * RECORDS_PER_REPORT)
    throw new Error(`${store}: ${check.records} records stored`);
  const summaryMs: number[] = [];
  const domainMs: number[] = [];
  let answer: unknown;
  for (let r = 0; r < SUMMARY_RUNS; r++) {
    let t = performance.now();
    answer = await history.summary({ since: START });
    summaryMs.push(performance.now() - t);
    t = performance.now();
    await history.summary({ since: START, domain: 'd7.example' });
    domainMs.push(performance.now() - t);
  }
  const s = answer as { domains: unknown[] };
  if (s.domains.length !== DOMAINS) throw new Error(`${store}: ${s.domains.length} domains in the summary`);
  return { store, ingestSeconds, summaryMs, domainMs, answer };
}

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-store-'));
const server = await startPostgres({ fast: false });
const results: Figures[] = [];
let failed = false;
try {
  for (const [name, db] of [
    ['SQLite', path.join(dir, 'bench.db')],
    ['PostgreSQL', await server.createDatabase('bench')],
  ] as const) {
    const h = await openDmarcHistory(db);
    try {
      results.push(await measure(name, h));
    } finally {
      await h.close();
    }
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

const records = Math.ceil(RECORDS / RECORDS_PER_REPORT) * RECORDS_PER_REPORT;
console.log(
  `${records.toLocaleString('en-US')} DMARC records (${(records / RECORDS_PER_REPORT).toLocaleString('en-US')} reports), ${DOMAINS} domains over ${DAYS} days; summary median of ${SUMMARY_RUNS}`,
);
console.log('store        ingest records/s  ingest s  summary 200 domains/year ms (min–max)  one domain ms');
for (const r of results) {
  const s = spread(r.summaryMs);
  const d = spread(r.domainMs);
  const verdict = s.median < TARGET_MS ? 'PASS' : `MISS (target < ${TARGET_MS} ms)`;
  if (s.median >= TARGET_MS) failed = true;
  console.log(
    `${r.store.padEnd(12)} ${Math.round(records / r.ingestSeconds)
      .toLocaleString('en-US')
      .padStart(
        16,
      )}  ${r.ingestSeconds.toFixed(1).padStart(8)}  ${`${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`.padStart(38)}  ${d.median.toFixed(1).padStart(13)}  ${verdict}`,
  );
}
const [a, b] = results;
if (JSON.stringify(a?.answer) !== JSON.stringify(b?.answer)) {
  failed = true;
  console.log('FAIL: SQLite and PostgreSQL give different summaries');
} else console.log('same summary from both stores');
if (process.env.WRITER_REPORTS !== '0') {
  // The concurrency scenario at the issue's scale (bench/store/writers.ts).
  const { writersBench } = await import('./writers.js');
  if (!(await writersBench())) failed = true;
}
console.log(`(${machineLine()})`);
process.exitCode = failed ? 1 : 0;
