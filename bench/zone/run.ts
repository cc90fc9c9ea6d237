/**
 * Zone benchmark: a generated forward zone and its reverse zone, 1,000,000 records together
 * (HOSTS=500000 hosts: an A record each, a PTR each), linted by `netdoctor dns lint` (both files
 * in one run, forward and reverse checked together) side by side with `named-checkzone` on the
 * same files (one run per file, as an admin would, in one shell). Run by bench/harness.ts's
 * `compareRuns`: at least 5 alternating runs, and both sides must give the same verdict — each
 * zone loads, with its serial. netdoctor must also count every record and report nothing worse
 * than info (the pair is clean), or the comparison fails.
 *
 * Usage: npm run bench -- zone   (HOSTS=100000 for a quicker run)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildNetdoctor, compareRuns, finish, ROOT, spread } from '../harness.js';

const HOSTS = Number(process.env.HOSTS ?? 500_000);
const SERIAL = 2026120601;
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-bench-zone-'));
const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function generate(): { fwd: string; rev: string; records: number } {
  const head = (ns: string) =>
    `$TTL 1h\n@ IN SOA ${ns} hostmaster.bench.test. ( ${SERIAL} 3h 15m 2w 1h )\n  IN NS ${ns}\n`;
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

/** CPU seconds (user + system) of each side's runs, printed beside the wall-time ratio. */
const cpu = { peer: [] as number[], ours: [] as number[] };

try {
  const { fwd, rev, records } = generate();
  console.log(`${records.toLocaleString('en-US')} records: ${fwd} + ${rev}`);
  const bin = buildNetdoctor(path.join(ROOT, 'bench', '.out', 'zone', 'dist'));
  const result = compareRuns({
    title: `zone lint, ${records.toLocaleString('en-US')} records (forward + reverse)`,
    peer: {
      name: 'named-checkzone (one run per file)',
      cmd: 'sh',
      args: ['-c', 'named-checkzone bench.test "$1" && named-checkzone 10.in-addr.arpa "$2"', 'sh', fwd, rev],
      // "zone bench.test/IN: loaded serial 2026120601" for each zone that loads.
      answer: (out, run) => {
        cpu.peer.push(run.cpuSeconds);
        return [...out.matchAll(/^zone (\S+)\/IN: loaded serial (\d+)$/gm)].map(
          (m) => `${m[1]}. ${m[2]} loads`,
        );
      },
    },
    ours: {
      name: 'netdoctor dns lint (both files, forward+reverse checks)',
      cmd: process.execPath,
      args: ['--max-old-space-size=4096', bin, 'dns', 'lint', fwd, rev, '--json'],
      answer: (out, run) => {
        cpu.ours.push(run.cpuSeconds);
        const doc = JSON.parse(out) as {
          zones: { origin: string; serial?: number; records: number; loads: boolean }[];
          findings: { id: string; severity: string }[];
        };
        const counted = doc.zones.reduce((s, z) => s + z.records, 0);
        if (counted !== records) throw new Error(`counted ${counted} records, not ${records}`);
        const bad = doc.findings.filter((f) => f.severity !== 'ok' && f.severity !== 'info');
        if (bad.length) throw new Error(`findings on a clean pair: ${bad.map((f) => f.id).join(', ')}`);
        return doc.zones.filter((z) => z.loads).map((z) => `${z.origin} ${z.serial} loads`);
      },
    },
    // The goal: not slower than named-checkzone, while checking more.
    target: { minRatio: 1 },
  });
  if (cpu.peer.length && cpu.ours.length) {
    const [p, o] = [spread(cpu.peer).median, spread(cpu.ours).median];
    console.log(
      `CPU seconds (user + system), median: named-checkzone ${p.toFixed(2)} s, netdoctor ${o.toFixed(2)} s (${(p / o).toFixed(2)}× less CPU)`,
    );
  }
  finish([result]);
} catch (e) {
  console.error(`bench/zone: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
