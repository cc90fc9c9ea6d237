/**
 * `netdoctor monitor run` as a real process against real servers, with faults injected: the HTTP
 * server killed → DOWN after exactly the configured retries, one notification; restarted → UP,
 * one notification, while the webhook receiver (standing in for Slack) is down → retried and
 * delivered once it is back; SIGKILL and restart → nothing announced twice; SIGTERM → a clean
 * stop with the history intact.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCliCaptured } from '../harness/cli.js';
import { freePort } from '../harness/ports.js';
import { type Listening, startHttp } from './servers.js';

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const HOST = '127.61.2.1';

interface Receiver {
  port: number;
  payloads: Record<string, unknown>[];
  stop(): Promise<void>;
}

function startReceiver(port: number, payloads: Record<string, unknown>[]): Promise<Receiver> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      payloads.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(port, HOST, () =>
      resolve({
        port,
        payloads,
        stop: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-monitor-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('monitor run: DOWN after the retries, UP, webhook retried, SIGKILL without duplicates, SIGTERM clean', {
  skip: existsSync(BIN) ? false : 'dist/ not built (npm run build)',
}, async () => {
  const webPort = await freePort();
  const hookPort = await freePort();
  let web: Listening | undefined = await startHttp(HOST, webPort);
  const payloads: Record<string, unknown>[] = [];
  let hook: Receiver | undefined = await startReceiver(hookPort, payloads);
  const cfg = path.join(dir, 'monitor.yaml');
  const db = path.join(dir, 'monitor.db');
  writeFileSync(
    cfg,
    [
      'defaults: { interval: 1s, timeout: 500ms, retries: 2 }',
      'notifiers:',
      `  - { name: chat, type: slack, url: "http://${HOST}:${hookPort}/hook" }`,
      'checks:',
      `  - { name: web, kind: http, target: "http://${HOST}:${webPort}/ok" }`,
    ].join('\n'),
  );
  const spawnMonitor = (): ChildProcess =>
    spawn(process.execPath, [BIN, 'monitor', 'run', cfg, '--db', db], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LANG: 'C' },
    });
  let child = spawnMonitor();
  let log = '';
  child.stderr?.on('data', (d) => {
    log += d;
  });
  try {
    await until('the monitor', () => /check\(s\) from/.test(log));
    await sleep(2500);
    assert.equal(payloads.length, 0, 'nothing announced while healthy');

    const stoppedAt = Date.now();
    await web.stop();
    web = undefined;
    await until('the DOWN notification', () => payloads.length >= 1);
    const elapsed = Date.now() - stoppedAt;
    const down = payloads[0] as { text: string; blocks: { text?: { text: string } }[] };
    assert.match(down.text, /^\[DOWN\] web: /);
    assert.match(JSON.stringify(down.blocks), /after 3 failed attempt/);
    assert.ok(elapsed >= 1800, `DOWN after three attempts a second apart, not before (${elapsed} ms)`);
    await sleep(2000);
    assert.equal(payloads.length, 1, 'one notification for DOWN');

    // The receiver goes away; the server comes back: UP is retried until the receiver returns.
    await hook.stop();
    hook = undefined;
    web = await startHttp(HOST, webPort);
    await until('a failed delivery in the log', () => /notifier chat failed/.test(log));
    hook = await startReceiver(hookPort, payloads);
    await until('the UP notification', () => payloads.length >= 2, 20_000);
    assert.match(String(payloads[1]?.text), /^\[UP\] web: /);
    // The delivery is recorded once the receiver's answer is back, a moment after the payload
    // arrived: the kill below is meant for after that (a kill in between loses the record, not the
    // announcement, which was saved before sending).
    const recorded = async () => {
      const r = await runCliCaptured(['monitor', 'notifications', '--db', db, '--since', '1h', '--json']);
      return r.status === 0 && (JSON.parse(r.out) as { notifications: unknown[] }).notifications.length >= 2;
    };
    for (const end = Date.now() + 10_000; !(await recorded()); await sleep(100))
      if (Date.now() > end) throw new Error('timed out waiting for the UP delivery to be recorded');

    // SIGKILL and restart: what was announced is not announced again.
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    child = spawnMonitor();
    child.stderr?.on('data', (d) => {
      log += d;
    });
    // Started (on a loaded machine Node's start-up alone can take seconds), then three checks.
    await until('the restarted monitor', () => (log.match(/check\(s\) from/g) ?? []).length >= 2);
    await sleep(3000);
    assert.equal(
      payloads.length,
      2,
      `no duplicate after SIGKILL: ${JSON.stringify(payloads.map((p) => p.text))}`,
    );

    // SIGTERM: a clean stop, exit 0, the history readable.
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    assert.equal(code, 0, log);
    const status = await runCliCaptured(['monitor', 'status', '--db', db, '--json']);
    assert.equal(status.status, 0, status.err);
    const doc = JSON.parse(status.out) as { checks: { check: string; state: string }[] };
    assert.equal(doc.checks[0]?.check, 'web');
    assert.equal(doc.checks[0]?.state, 'ok');
    const hist = await runCliCaptured(['monitor', 'history', '--db', db, '--since', '1h', '--json']);
    const h = JSON.parse(hist.out) as { checks: { check: string; results: number; availability: number }[] };
    assert.ok((h.checks[0]?.results ?? 0) >= 8, `${hist.out}\n${log}`);
    assert.ok((h.checks[0]?.availability ?? 1) < 1, 'the outage is in the history');
    // Each delivery is in the history once (the restart after SIGKILL recorded nothing twice):
    // the UP first (newest), sent after the receiver came back, then the DOWN.
    const kept = await runCliCaptured(['monitor', 'notifications', '--db', db, '--since', '1h', '--json']);
    assert.equal(kept.status, 0, kept.err);
    const notes = (
      JSON.parse(kept.out) as {
        notifications: {
          check: string;
          status: string;
          notifier: string;
          outcome: string;
          title: string;
          attempts: number;
        }[];
      }
    ).notifications;
    assert.deepEqual(
      notes.map((n) => [n.check, n.status, n.notifier, n.outcome]),
      [
        ['web', 'UP', 'chat', 'sent'],
        ['web', 'DOWN', 'chat', 'sent'],
      ],
    );
    assert.equal(notes[1]?.title, payloads[0]?.text, 'the title the receiver got');
    assert.equal(notes[0]?.title, payloads[1]?.text);
    assert.ok((notes[0]?.attempts ?? 0) >= 2, 'the UP took retries while the receiver was away');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await web?.stop();
    await hook?.stop();
  }
});
