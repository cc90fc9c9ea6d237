/**
 * The monitor's CPU per check against monitoring-plugins' one process per check (issue 16):
 * CHECKS checks (half TCP, half HTTP, against local listeners on 127.61.5.x) every INTERVAL_S for
 * DURATION_S, as a whole `netdoctor monitor run` process under GNU time (Node's start-up, the
 * YAML and the SQLite history included), stopped by SIGTERM; against the same targets checked by
 * `check_tcp` and `check_http` processes. Both sides must see every check OK.
 *
 * Judged, each on its own line, PASS or MISS:
 *  - CPU per check (user + system / checks run): the plugins' over netdoctor's, median of the
 *    alternating pairs; goal ≥ 20×.
 *  - netdoctor's peak RSS over all runs; goal < 300 MiB.
 *  - lateness: the worst start after its planned time over all runs, as the daemon measures it
 *    itself at each check's actual start on the monotonic clock (its stop line also gives the
 *    median, the 99th percentile and how many starts were over 1 s late); goal ≤ 1,000 ms.
 *
 * Fairness, with a five-minute run per side: the plugin side is a sample of PLUGIN_RUNS
 * invocations of the same checks (the same targets, TCP and HTTP alternating as in the monitor's
 * file), in a shell loop under GNU time, the loop's fork and exec included as a scheduler's
 * would be. A plugin process shares nothing with the next, so its CPU per check does not depend
 * on how many are sampled, and 2,000 of them stand for the 50,000 a five-minute run would start.
 * The two sides still alternate (peer, netdoctor, netdoctor, peer, …, ≥ 5 runs each, as
 * bench/harness.ts does), so a burst of other load falls on both; each run prints the load
 * average when it ended. The machine is shared: the load average is part of every figure.
 *
 *   npm run bench -- monitor                                  # the issue's scale: 10,000 checks, 60 s, 5 min
 *   node --import tsx bench/monitor/run.ts [CHECKS] [INTERVAL_S] [DURATION_S] [PLUGIN_RUNS]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { loadavg } from 'node:os';
import path from 'node:path';
import { buildNetdoctor, compareRuns, finish, ROOT, spread, type TimedRun } from '../harness.js';

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

  const load = () => loadavg()[0]?.toFixed(2) ?? '?';
  const loads: number[] = [];
  const lateness: { max: number; p50: number; p99: number; over1s: number; write: number }[] = [];
  const stopLine = (r: TimedRun) => {
    const m =
      /stopped; (\d+) check\(s\) run \((\d+) OK, (\d+) WARNING, (\d+) CRITICAL, (\d+) UNKNOWN\), the latest start (\d+) ms after its planned time \(median (\d+) ms, 99th percentile (\d+) ms, (\d+) start\(s\) over 1 s late; the longest history write (\d+) ms\)/.exec(
        r.stderr,
      );
    if (!m) throw new Error(`no stop line in: ${r.stderr.slice(-300)}`);
    const n = (i: number) => Number(m[i]);
    return {
      runs: n(1),
      ok: n(2),
      late: { max: n(6), p50: n(7), p99: n(8), over1s: n(9), write: n(10) },
    };
  };
  const result = compareRuns({
    title: `monitor: ${CHECKS} checks (tcp + http) every ${INTERVAL_S} s for ${DURATION_S} s`,
    peer: {
      name: `check_tcp + check_http (${PLUGIN_RUNS} processes)`,
      cmd: 'bash',
      args: ['-c', pluginLoop],
      answer: (out, r) => {
        loads.push(loadavg()[0] ?? 0);
        console.log(
          `    plugins: ${PLUGIN_RUNS} processes, ${((r.cpuSeconds * 1000) / PLUGIN_RUNS).toFixed(3)} ms CPU per check; load average ${load()}`,
        );
        return Number(out.trim()) === PLUGIN_RUNS ? 'every check OK' : `${out.trim()} OK`;
      },
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
        lateness.push(s.late);
        loads.push(loadavg()[0] ?? 0);
        console.log(
          `    netdoctor: ${s.runs} checks, ${((r.cpuSeconds * 1000) / s.runs).toFixed(3)} ms CPU per check, peak RSS ${r.maxRssMiB.toFixed(0)} MiB; ` +
            `starts late by median ${s.late.p50} ms, p99 ${s.late.p99} ms, max ${s.late.max} ms (${s.late.over1s} over 1 s); ` +
            `longest history write ${s.late.write} ms; load average ${load()}`,
        );
        return s.runs > 0 && s.ok === s.runs ? 'every check OK' : `${s.ok} of ${s.runs} OK`;
      },
    },
    cost: {
      unit: 'ms CPU per check',
      of: (which, r) => (r.cpuSeconds * 1000) / (which === 'peer' ? PLUGIN_RUNS : stopLine(r).runs),
    },
    target: { minRatio: 20, maxRssMiB: 300 },
  });
  if (result.outcome !== 'fail' && result.ratio) {
    const worst = Math.max(...lateness.map((l) => l.max));
    const over = lateness.reduce((a, l) => a + l.over1s, 0);
    const l = spread(loads);
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const ratioOk = result.ratio.median >= 20;
    const rssOk = (result.oursRssMiB ?? 0) < 300;
    const lateOk = worst <= 1000;
    console.log(
      [
        '',
        `CPU per check: plugins ${spread(result.peerSeconds).median.toFixed(3)} ms, netdoctor ${spread(result.oursSeconds).median.toFixed(3)} ms (medians); ` +
          `ratio ${result.ratio.median.toFixed(1)}× (min–max ${result.ratio.min.toFixed(1)}–${result.ratio.max.toFixed(1)}×), goal ≥ 20× — ${verdict(ratioOk)}`,
        `peak RSS: ${(result.oursRssMiB ?? 0).toFixed(0)} MiB, goal < 300 MiB — ${verdict(rssOk)}`,
        `lateness: worst start ${worst} ms after its planned time (per run: ${lateness.map((x) => x.max).join(', ')} ms; p99 ${lateness.map((x) => x.p99).join(', ')} ms; ${over} start(s) over 1 s), goal ≤ 1000 ms — ${verdict(lateOk)}`,
        `load average (1 min) at the end of each run: median ${l.median.toFixed(2)}, min–max ${l.min.toFixed(2)}–${l.max.toFixed(2)} on ${os.cpus().length} cores`,
      ].join('\n'),
    );
    if (!lateOk && result.outcome === 'pass') {
      result.outcome = 'miss';
      result.reason = `a check started ${worst} ms after its planned time`;
    }
  }
  finish([result]);
} finally {
  listener.kill();
  rmSync(dir, { recursive: true, force: true });
}
