import assert from 'node:assert/strict';
import net from 'node:net';
import { it } from 'node:test';
import { runConnectScan } from './runner.js';

const base = { initialTimeoutMs: 1000, minTimeoutMs: 100, maxTimeoutMs: 1500, retries: 1, maxParallel: 256 };

async function closedPorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    out.push((s.address() as net.AddressInfo).port);
    await new Promise<void>((r) => s.close(() => r()));
  }
  return out;
}

it('classifies open and closed loopback ports, on one thread and on two', async () => {
  const server = net.createServer((c) => c.on('error', () => {}));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const open = (server.address() as net.AddressInfo).port;
  const ports = [open, ...(await closedPorts(20))];
  try {
    for (const threads of [1, 2]) {
      const r = await runConnectScan({ ...base, addresses: ['127.0.0.1'], ports, threads, rate: 0 });
      assert.equal(r.threads, threads);
      assert.equal(r.states[0], 1, 'open');
      assert.deepEqual([...r.states.slice(1)], Array(20).fill(2), 'closed');
      assert.equal(r.reasons[0], 1);
    }
  } finally {
    server.close();
  }
});

it('the public net.connect engine (the fallback when process.binding is gone) gives the same answers', async () => {
  const server = net.createServer((c) => c.on('error', () => {}));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const open = (server.address() as net.AddressInfo).port;
  const ports = [open, ...(await closedPorts(20))];
  try {
    const results = [];
    for (const engine of ['tcp_wrap', 'net'] as const) {
      for (const threads of [1, 2]) {
        const r = await runConnectScan({
          ...base,
          addresses: ['127.0.0.1'],
          ports,
          threads,
          rate: 0,
          engine,
        });
        assert.deepEqual(
          r.stats.map((s) => s.engine),
          Array(threads).fill(engine),
          `${engine} on ${threads} thread(s)`,
        );
        results.push([[...r.states], [...r.reasons]]);
      }
    }
    for (const r of results.slice(1)) assert.deepEqual(r, results[0]);
    assert.deepEqual(results[0]?.[0], [1, ...Array(20).fill(2)]);
  } finally {
    server.close();
  }
});

it('keeps to the rate cap', async () => {
  const ports = await closedPorts(150);
  const t0 = performance.now();
  const r = await runConnectScan({ ...base, addresses: ['127.0.0.1'], ports, threads: 1, rate: 500 });
  const elapsed = performance.now() - t0;
  // At most 500 attempts a second after a burst of 32: 150 attempts cannot finish sooner than this.
  assert.ok(elapsed >= ((150 - 32) / 500) * 1000 - 5, `took ${elapsed.toFixed(0)} ms`);
  assert.equal(r.stats[0]?.attempts, 150);
});
