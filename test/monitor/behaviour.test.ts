/**
 * What the monitor announces, end to end through the `exec` notifier (a real command, `sh`,
 * receiving the notification as JSON on stdin and in NETDOCTOR_* variables, appending to a file):
 *  - a check in a maintenance window is never announced;
 *  - the router down → one announcement for it, none for the hosts that depend on it;
 *  - SIGHUP reload keeps the state of unchanged checks (the router's DOWN is not announced again)
 *    and starts the new ones;
 *  - flapping: a service going up and down is announced once as flapping, not at every change.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Monitor, openMonitorHistory } from '../../src/monitor/index.js';
import { runCliCaptured } from '../harness/cli.js';
import { freePort } from '../harness/ports.js';

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const HOST = '127.61.8.1';
const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-monitor-behaviour-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A TCP listener that can be stopped and started again on the same port. */
class Port {
  server: net.Server | undefined;
  constructor(readonly port: number) {}
  async up(): Promise<void> {
    const s = net.createServer((c) => c.end());
    await new Promise<void>((r) => s.listen(this.port, HOST, () => r()));
    this.server = s;
  }
  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}

/** The exec notifier's command: `sh -c '…' FILE` appends "check event json" per notification. */
function execNotifier(file: string): string {
  const script = 'printf "%s %s " "$NETDOCTOR_CHECK" "$NETDOCTOR_EVENT" >> "$0"; cat >> "$0"; echo >> "$0"';
  return `  - { name: run, type: exec, argv: [sh, -c, ${JSON.stringify(script)}, ${JSON.stringify(file)}] }`;
}

function received(file: string): { check: string; event: string; json: Record<string, unknown> }[] {
  if (!existsSync(file)) return [];
  // Only whole lines: the command writes one in three steps, and may be reading its stdin now.
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [check, event, ...rest] = l.split(' ');
      return { check: check as string, event: event as string, json: JSON.parse(rest.join(' ')) };
    });
}

test('maintenance is quiet, dependencies spare the hosts, SIGHUP keeps states; exec notifier end to end', {
  skip: existsSync(BIN) ? false : 'dist/ not built (npm run build)',
  timeout: 90_000,
}, async () => {
  const router = new Port(await freePort());
  const host1 = new Port(await freePort());
  const host2 = new Port(await freePort());
  const extra = new Port(await freePort());
  const closed = await freePort();
  for (const p of [router, host1, host2, extra]) await p.up();
  const out = path.join(dir, 'notifications.txt');
  const cfg = path.join(dir, 'monitor.yaml');
  const db = path.join(dir, 'monitor.db');
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const config = (withExtra: boolean) =>
    [
      'defaults: { interval: 1s, timeout: 500ms, retries: 2 }',
      'notifiers:',
      execNotifier(out),
      'checks:',
      `  - { name: router, kind: tcp, target: "${HOST}:${router.port}", retries: 0 }`,
      `  - { name: host1, kind: tcp, target: "${HOST}:${host1.port}", depends: [router] }`,
      `  - { name: host2, kind: tcp, target: "${HOST}:${host2.port}", depends: [router] }`,
      `  - { name: maint, kind: tcp, target: "${HOST}:${closed}", retries: 0 }`,
      ...(withExtra ? [`  - { name: extra, kind: tcp, target: "${HOST}:${extra.port}" }`] : []),
      'maintenance:',
      `  - { checks: [maint], from: "${from}", to: "${to}" }`,
    ].join('\n');
  writeFileSync(cfg, config(false));
  const child: ChildProcess = spawn(process.execPath, [BIN, 'monitor', 'run', cfg, '--db', db], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LANG: 'C' },
  });
  let log = '';
  child.stderr?.on('data', (d) => {
    log += d;
  });
  try {
    await until('the monitor', () => /check\(s\) from/.test(log));
    await sleep(2500);
    assert.deepEqual(received(out), [], 'the check in maintenance is DOWN, and quiet');

    // The router and its hosts go down together: the router is announced, the hosts are not.
    await Promise.all([router.down(), host1.down(), host2.down()]);
    await until('the router DOWN', () => received(out).length >= 1);
    await sleep(4500); // the hosts' three attempts, and more
    let got = received(out);
    assert.deepEqual(
      got.map((n) => `${n.check} ${n.event}`),
      ['router down'],
      log,
    );
    // The payload reached the command whole: stdin JSON and the environment agree.
    assert.equal(got[0]?.json.check, 'router');
    assert.equal(got[0]?.json.status, 'DOWN');
    assert.match(String(got[0]?.json.title), /router/);

    // SIGHUP with one check more: the router's DOWN state is kept (not announced again).
    writeFileSync(cfg, config(true));
    child.kill('SIGHUP');
    await until('the reload', () => /reloaded/.test(log));
    await sleep(3000);
    got = received(out);
    assert.deepEqual(
      got.map((n) => `${n.check} ${n.event}`),
      ['router down'],
      'nothing announced again after the reload',
    );

    // Everything back: the router is announced UP; the hosts, never announced DOWN, are not.
    // The hosts first: a host check failing just after the router is back would be news.
    await Promise.all([host1.up(), host2.up()]);
    await sleep(1500);
    await router.up();
    await until('the router UP', () => received(out).length >= 2);
    await sleep(2000);
    assert.deepEqual(
      received(out).map((n) => `${n.check} ${n.event}`),
      ['router down', 'router up'],
    );

    child.kill('SIGTERM');
    assert.equal(await new Promise((r) => child.once('exit', r)), 0, log);
    const status = await runCliCaptured(['monitor', 'status', '--db', db, '--json']);
    const doc = JSON.parse(status.out) as { checks: { check: string; state: string }[] };
    assert.deepEqual(
      doc.checks.map((c) => `${c.check} ${c.state}`).sort(),
      ['extra ok', 'host1 ok', 'host2 ok', 'maint critical', 'router ok'],
      'the check added by the reload ran',
    );
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const p of [router, host1, host2, extra]) await p.down();
  }
});

test('flapping: announced once as flapping, not at every change', { timeout: 60_000 }, async () => {
  const service = new Port(await freePort());
  await service.up();
  const out = path.join(dir, 'flapping.txt');
  const history = await openMonitorHistory(path.join(dir, 'flapping.db'));
  const script = 'printf "%s %s " "$NETDOCTOR_CHECK" "$NETDOCTOR_EVENT" >> "$0"; cat >> "$0"; echo >> "$0"';
  const monitor = new Monitor(
    {
      checks: [
        {
          name: 'svc',
          kind: 'tcp',
          target: `${HOST}:${service.port}`,
          intervalMs: 250,
          retries: 0,
          renotifyMs: 0,
          notify: ['run'],
          depends: [],
          options: { timeoutMs: 200 },
        },
      ],
      notifiers: [{ name: 'run', type: 'exec', settings: { argv: ['sh', '-c', script, out] } }],
      maintenance: [],
      lang: 'en',
      flapChanges: 4,
      flapWindow: 10,
    },
    { history, describe: (f) => ({ title: f.id }), log: () => {} },
  );
  await monitor.start();
  const keepAlive = setInterval(() => {}, 1000);
  let toggles = 0;
  try {
    // Down and up after every two results (counted, not timed: a loaded machine runs late), for
    // 28 results: 13 changes, the window of 10 results full of them.
    let mark = 0;
    const end = Date.now() + 45_000;
    while (monitor.stats.runs < 28 && Date.now() < end) {
      await sleep(20);
      if (monitor.stats.runs - mark >= 2) {
        mark = monitor.stats.runs;
        toggles++;
        if (toggles % 2 === 1) await service.down();
        else await service.up();
      }
    }
  } finally {
    clearInterval(keepAlive);
    await monitor.stop();
    await history.close();
    await service.down();
  }
  const results = monitor.stats.runs;
  const events = received(out).map((n) => n.event);
  assert.ok(results >= 28, `${results} results, ${toggles} changes`);
  assert.equal(events.filter((e) => e === 'flapping').length, 1, events.join(' '));
  // Before the window fills, a change or two may be announced; never one per change.
  assert.ok(events.length <= 5, `announced ${events.length} times: ${events.join(' ')}`);
});
