/**
 * The monitor's CPU per check against monitoring-plugins' one process per check (issue 16):
 * CHECKS checks (half TCP, half HTTP, against local listeners on 127.61.5.x) every INTERVAL_S for
 * DURATION_S, as a whole `netdoctor monitor run` process under GNU time (Node's start-up and the
 * YAML included), stopped by SIGTERM; against the same targets checked by `check_tcp` and
 * `check_http` processes, sampled (PLUGIN_RUNS invocations in a shell loop under GNU time, the
 * loop's fork and exec included, as a scheduler's would be). Both sides must see every check OK.
 *
 * Compared: CPU ms per check (user + system / checks run), median of ≥ 5 alternating runs; goals:
 * 20× less, peak RSS under 300 MiB, and no check started more than 1 s after its planned time
 * (the monitor's own stop line says how late its latest start was).
 *
 *   npm run bench -- monitor                                  # the issue's scale: 10,000 checks, 60 s, 5 min
 *   node --import tsx bench/monitor/run.ts [CHECKS] [INTERVAL_S] [DURATION_S] [PLUGIN_RUNS]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildNetdoctor, compareRuns, finish, ROOT, type TimedRun } from '../harness.js';

const [CHECKS = 10_000, INTERVAL_S = 60, DURATION_S = 300, PLUGIN_RUNS = 2000] = process.argv
  .slice(2)
  .map(Number);
const PLUGINS = '/usr/lib/nagios/plugins';
const ADDRESSES = 20;
if (!existsSync(`${PLUGINS}/check_tcp`) || !existsSync(`${PLUGINS}/check_http`)) {
  console.log('bench/monitor: monitoring-plugins is not installed (scripts/install-peers.sh)');
  process.exit(1);
}

// The listeners run in their own process: their CPU is neither side's. One HTTP server on each
// of ADDRESSES loopback addresses; a TCP check connects to the same port (accepts, then closes).
const listener = spawn(
  process.execPath,
  [
    '-e',
    `const http = require('http'); const out = [];
     let left = ${ADDRESSES};
     for (let i = 1; i <= ${ADDRESSES}; i++) {
       const s = http.createServer({ keepAlive: false }, (q, r) => r.end('ok\\n'));
       s.listen(0, '127.61.5.' + i, () => { out.push(['127.61.5.' + i, s.address().port]); if (--left === 0) console.log(JSON.stringify(out)); });
     }`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const targets = await new Promise<[string, number][]>((resolve) =>
  listener.stdout?.once('data', (d) => resolve(JSON.parse(String(d)) as [string, number][])),
);
const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-bench-monitor-'));
try {
  const bin = buildNetdoctor(path.join(ROOT, 'bench', '.out', 'monitor', 'dist'));
  const cfg = path.join(dir, 'monitor.yaml');
  const lines = [`defaults: { interval: ${INTERVAL_S}s, timeout: 10s, retries: 2 }`, 'checks:'];
  for (let i = 0; i < CHECKS; i++) {
    const [host, port] = targets[i % targets.length] as [string, number];
    lines.push(
      i % 2
        ? `  - { name: web-${i}, kind: http, target: "http://${host}:${port}/" }`
        : `  - { name: port-${i}, kind: tcp, target: "${host}:${port}" }`,
    );
  }
  writeFileSync(cfg, `${lines.join('\n')}\n`);

  // The plugins: alternately check_tcp and check_http over the same targets; the loop stops at
  // the first that does not say OK, and prints how many did.
  const pluginLoop = [
    'ok=0',
    `for i in $(seq 0 ${PLUGIN_RUNS - 1}); do`,
    `  set -- ${targets.map(([h, p]) => `${h}:${p}`).join(' ')}`,
    `  shift $((i % ${targets.length})); host=\${1%:*}; port=\${1#*:}`,
    `  if [ $((i % 2)) = 1 ]; then ${PLUGINS}/check_http -H "$host" -p "$port" -t 10 >/dev/null || break;`,
    `  else ${PLUGINS}/check_tcp -H "$host" -p "$port" -t 10 >/dev/null || break; fi`,
    '  ok=$((ok + 1))',
    'done',
    'echo "$ok"',
  ].join('\n');

  let lastLate = 0;
  let worstLate = 0;
  const stopLine = (r: TimedRun) => {
    const m =
      /stopped; (\d+) check\(s\) run \((\d+) OK, (\d+) WARNING, (\d+) CRITICAL, (\d+) UNKNOWN\), the latest start (\d+) ms/.exec(
        r.stderr,
      );
    if (!m) throw new Error(`no stop line in: ${r.stderr.slice(-300)}`);
    return { runs: Number(m[1]), ok: Number(m[2]), late: Number(m[6]) };
  };
  const result = compareRuns({
    title: `monitor: ${CHECKS} checks (tcp + http) every ${INTERVAL_S} s for ${DURATION_S} s`,
    peer: {
      name: `check_tcp + check_http (${PLUGIN_RUNS} processes)`,
      cmd: 'bash',
      args: ['-c', pluginLoop],
      answer: (out) => (Number(out.trim()) === PLUGIN_RUNS ? 'every check OK' : `${out.trim()} OK`),
    },
    ours: {
      name: 'netdoctor monitor run',
      // SIGTERM at the end, as systemd stops it; --preserve-status: the monitor's own exit status.
      cmd: 'timeout',
      args: [
        '--preserve-status',
        '-s',
        'TERM',
        `${DURATION_S}s`,
        process.execPath,
        bin,
        'monitor',
        'run',
        cfg,
        '--db',
        path.join(dir, 'monitor.db'),
      ],
      answer: (_out, r) => {
        const s = stopLine(r);
        lastLate = s.late;
        worstLate = Math.max(worstLate, s.late);
        console.log(`    netdoctor: ${s.runs} checks, the latest start ${s.late} ms after its planned time`);
        return s.runs > 0 && s.ok === s.runs ? 'every check OK' : `${s.ok} of ${s.runs} OK`;
      },
    },
    cost: {
      unit: 'ms CPU per check',
      of: (which, r) => (r.cpuSeconds * 1000) / (which === 'peer' ? PLUGIN_RUNS : stopLine(r).runs),
    },
    target: { minRatio: 20, maxRssMiB: 300 },
  });
  console.log(
    `latest start after its planned time: ${worstLate} ms in the worst run (last run ${lastLate} ms)`,
  );
  if (worstLate > 1000 && result.outcome === 'pass') {
    console.log('MISS: a check started more than 1 s after its planned time');
    result.outcome = 'miss';
  }
  finish([result]);
} finally {
  listener.kill();
  rmSync(dir, { recursive: true, force: true });
}
