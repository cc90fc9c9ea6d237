/**
 * The daemon's own measure of lateness: each check's start against its planned time, at the moment
 * it actually starts. A loop blocked for 1.5 s (as a stalled process would be) shows up as starts
 * over a second late, at their true size; with nothing blocking, the median stays small.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Monitor, openMonitorHistory } from '../../src/monitor/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-monitor-late-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a blocked loop is measured as late starts; the percentiles come from every start', {
  timeout: 30_000,
}, async () => {
  const server = net.createServer((c) => c.end());
  await new Promise<void>((r) => server.listen(0, '127.61.13.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  const history = await openMonitorHistory(path.join(dir, 'late.db'));
  const checks = Array.from({ length: 20 }, (_, i) => ({
    name: `c${i}`,
    kind: 'tcp',
    target: `127.61.13.1:${port}`,
    intervalMs: 1000,
    retries: 0,
    renotifyMs: 0,
    notify: [],
    depends: [],
    options: { timeoutMs: 500 },
  }));
  const monitor = new Monitor(
    { checks, notifiers: [], maintenance: [], lang: 'en', flapChanges: 4, flapWindow: 10 },
    { history, describe: (f) => ({ title: f.id }), log: () => {}, tickMs: 50 },
  );
  await monitor.start();
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await sleep(2500);
    const before = monitor.lateness();
    assert.ok(before.starts >= 20, JSON.stringify(before));
    assert.ok(before.p50Ms <= before.p99Ms && before.p99Ms <= before.maxMs, JSON.stringify(before));
    // The loop blocked (no CPU used: a wait, as when the process gets no CPU) for 1.5 s.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
    await sleep(1200);
    const after = monitor.lateness();
    assert.ok(after.maxMs >= 1000 && after.maxMs < 3000, JSON.stringify(after));
    assert.ok(after.over1s >= 1 && after.over1s > before.over1s, JSON.stringify(after));
    assert.ok(after.starts > before.starts, JSON.stringify(after));
    // Most starts were not delayed by the one stall.
    assert.ok(after.p50Ms < 1000 && after.p50Ms < after.maxMs, JSON.stringify(after));
    assert.equal(monitor.stats.maxLateMs, after.maxMs);
  } finally {
    clearInterval(keepAlive);
    await monitor.stop();
    await history.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
