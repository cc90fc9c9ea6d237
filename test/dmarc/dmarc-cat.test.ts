/**
 * Side by side with Debian's dmarc-cat on the same files: the same reporter, period, domain,
 * policy, and per-source counts and results. dmarc-cat runs with -N (no IP resolution) inside a
 * fresh network namespace (`unshare -n`: only a down loopback), so it cannot send any traffic.
 * dmarc-cat reads files named like RFC 7489's `receiver!domain!begin!end.ext` or `.zip`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readReports } from '../../src/dmarc/read.js';
import type { AggregateReport } from '../../src/dmarc/types.js';
import { corpusDir, corpusSkip } from '../harness/corpus.js';
import { toolSkip } from '../harness/peers.js';
import { SAMPLE, SAMPLE_NS } from './build.js';

const FIX = fileURLToPath(new URL('../fixtures/dmarc/', import.meta.url));
const corpus = corpusDir('parsedmarc-samples');
const files = [
  path.join(FIX, SAMPLE),
  path.join(FIX, SAMPLE_NS),
  ...(corpus
    ? [
        'aggregate/addisonfoods.com!example.com!1536105600!1536191999.xml',
        'aggregate/example.net!example.com!1529366400!1529452799.xml',
        'aggregate/protection.outlook.com!example.com!1711756800!1711843200.xml',
        'aggregate/rfc9990-example.net!example.com!1700000000!1700086399.xml',
        'aggregate/usssa.com!example.com!1538784000!1538870399.xml',
        'aggregate/veeam.com!example.com!1530133200!1530219600.xml',
        'aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz',
        'aggregate/estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip',
        'extract_report/nice-input.xml.zip',
      ].map((f) => path.join(corpus, f))
    : []),
];

function skipReason(): string | false {
  const missing = toolSkip('dmarc-cat') || corpusSkip('parsedmarc-samples');
  if (missing) return missing;
  const probe = spawnSync('unshare', ['-n', 'true']);
  if (probe.status !== 0)
    return 'unshare -n is not permitted here: dmarc-cat is only run without network access';
  return false;
}

interface CatReport {
  reporter: string;
  period: string;
  domain: string;
  policy: string;
  rows: string[];
}

/** Parses dmarc-cat's text; columns are cut at the header's offsets (empty cells are common). */
function parseCat(text: string): CatReport {
  const lines = text.split('\n');
  const get = (re: RegExp) => lines.map((l) => re.exec(l)?.[1]).find((v) => v !== undefined) ?? '';
  const h = lines.findIndex((l) => l.startsWith('IP '));
  const header = lines[h] ?? '';
  const starts = ['IP', 'Count', 'From', 'RFrom', 'RDKIM', 'RSPF'].map((c) =>
    header.search(new RegExp(`\\b${c}\\b`)),
  );
  const rows = lines
    .slice(h + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => starts.map((s, i) => l.slice(s, starts[i + 1] ?? l.length).trim()).join('|'));
  return {
    reporter: get(/^Reporting by: (.*)$/),
    period: get(/^From (.*)$/),
    domain: get(/^Domain: (.*)$/),
    policy: get(/^Policy: p=([^;]*);/),
    rows: rows.sort(),
  };
}

function utc(s: number): string {
  return `${new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 19)} +0000 UTC`;
}

function ours(r: AggregateReport): CatReport {
  return {
    reporter: `${r.orgName} — ${r.email}`,
    period: `${utc(r.begin)} to ${utc(r.end)}`,
    domain: r.policy.domain,
    policy: r.policy.p,
    rows: r.records
      .map((x) => {
        // dmarc-cat shows the last DKIM signature's domain (else the SPF domain) and result
        const dkim = x.authDkim.at(-1);
        const spf = x.authSpf.at(-1);
        return [
          x.sourceIp,
          x.count,
          x.headerFrom,
          dkim?.domain || spf?.domain || '',
          dkim?.result ?? '',
          spf?.result ?? '',
        ].join('|');
      })
      .sort(),
  };
}

test('netdoctor and dmarc-cat agree on reporter, period, domain, policy and every record', {
  skip: skipReason(),
}, async () => {
  let compared = 0;
  for (const file of files) {
    // -j 1: with its default two parallel jobs dmarc-cat now and then prints a report's counts
    // against the wrong sources of the same report when the machine is loaded.
    const cat = spawnSync('unshare', ['-n', 'dmarc-cat', '-N', '-j', '1', file], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    });
    assert.equal(cat.status, 0, `dmarc-cat ${file}: ${cat.stderr}`);
    const reports: AggregateReport[] = [];
    for await (const item of readReports([file], { maxBytes: 64 * 1024 * 1024 })) {
      assert.ok(!('error' in item), `netdoctor ${file}`);
      if ('report' in item && item.report.kind === 'aggregate') reports.push(item.report);
    }
    assert.equal(reports.length, 1, file);
    const theirs = parseCat(cat.stdout);
    const mine = ours(reports[0] as AggregateReport);
    // dmarc-cat lower-cases nothing; we lower-case domains: compare domains case-insensitively
    theirs.domain = theirs.domain.toLowerCase();
    theirs.rows = theirs.rows.map((r) => r.toLowerCase()).sort();
    assert.ok(theirs.rows.length > 0 && theirs.reporter !== '', `dmarc-cat output parsed for ${file}`);
    assert.deepEqual(mine, theirs, path.basename(file));
    compared++;
  }
  console.log(`dmarc-cat side by side: ${compared} of ${files.length} files agree`);
});
