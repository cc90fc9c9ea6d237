/**
 * Zone benchmark: a generated forward zone and its reverse zone, 1,000,000 records together
 * (HOSTS=500000 hosts: an A record each, a PTR each), linted by `netdoctor dns lint` (both files
 * in one run, forward and reverse checked together) side by side with `named-checkzone` on the
 * same files (one run per file, as an admin would). Both must accept the zones; netdoctor must
 * report every record and no finding worse than info. Median of 5 alternating runs; ratio printed.
 *
 * Usage: npm run bench -- zone   (HOSTS=100000 for a quicker run)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildNetdoctor, ROOT, timed } from '../harness.js';

const HOSTS = Number(process.env.HOSTS ?? 500_000);
const RUNS = 5;
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-zone-'));
const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function generate(): { fwd: string; rev: string; records: number } {
  const head = (ns: string) =>
    `$TTL 1h\n@ IN SOA ${ns} hostmaster.bench.test. ( 2026120601 3h 15m 2w 1h )\n  IN NS ${ns}\n`;
  const fwd = [`$ORIGIN bench.test.\n${head('ns1')}ns1 IN A 10.255.255.254\n`];
  const rev = [`$ORIGIN 10.in-addr.arpa.\n${head('ns1.bench.test.')}254.255.255 IN PTR ns1.bench.test.\n`];
  for (let i = 1; i <= HOSTS; i++) {
    fwd.push(`h${i} IN A ${ip(i)}\n`);
    const [, b, c, d] = ip(i).split('.');
    rev.push(`${d}.${c}.${b} IN PTR h${i}.bench.test.\n`);
  }
  const f = path.join(dir, 'bench.test.db');
  const r = path.join(dir, '10.in-addr.arpa.db');
  writeFileSync(f, fwd.join(''));
  writeFileSync(r, rev.join(''));
  return { fwd: f, rev: r, records: 2 * HOSTS + 6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s`;

let miss = false;
try {
  const { fwd, rev, records } = generate();
  console.log(`${records.toLocaleString('en-US')} records: ${fwd} + ${rev}`);
  const bin = buildNetdoctor(path.join(ROOT, 'bench', '.out', 'zone', 'dist'));
  const checkzone = spawnSync('which', ['named-checkzone'], { encoding: 'utf8' }).stdout.trim();
  if (!checkzone) throw new Error('named-checkzone is not installed (Debian bind9-utils)');
  const ours: number[] = [];
  const theirs: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = 0;
    for (const [origin, file] of [
      ['bench.test', fwd],
      ['10.in-addr.arpa', rev],
    ] as const) {
      const b = timed(checkzone, ['-q', origin, file]);
      if (b.status !== 0) throw new Error(`named-checkzone refused ${file}`);
      t += b.seconds;
    }
    theirs.push(t);
    const n = timed(process.execPath, ['--max-old-space-size=4096', bin, 'dns', 'lint', fwd, rev, '--json']);
    const doc = JSON.parse(n.stdout) as {
      zones: { records: number; loads: boolean }[];
      findings: { severity: string }[];
    };
    const counted = doc.zones.reduce((s, z) => s + z.records, 0);
    if (n.status !== 0 || counted !== records || !doc.zones.every((z) => z.loads)) {
      throw new Error(
        `netdoctor: exit ${n.status}, ${counted} records, findings ${JSON.stringify(doc.findings.filter((f) => f.severity !== 'ok').slice(0, 3))}`,
      );
    }
    ours.push(n.seconds);
    rss.push(n.maxRssMiB);
  }
  console.log(
    `named-checkzone (2 runs, one per file): median ${median(theirs).toFixed(2)} s (${spread(theirs)})`,
  );
  console.log(
    `netdoctor dns lint (both files, forward+reverse checks): median ${median(ours).toFixed(2)} s (${spread(ours)}), peak RSS ${Math.round(median(rss))} MiB`,
  );
  console.log(`ratio netdoctor / named-checkzone: ${(median(ours) / median(theirs)).toFixed(2)}`);
} catch (e) {
  console.error(`bench/zone: ${(e as Error).message}`);
  miss = true;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(miss ? 1 : 0);
