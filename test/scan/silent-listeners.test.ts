/**
 * A listener that accepts and never speaks costs one probe deadline, not the sum of every probe's
 * (greeting wait, then HTTP, then TLS), and many of them are probed at once. Regression: 26 silent
 * open ports took 23 s with the default 5 s deadline (16 at a time, each ~11 s); now they finish
 * together within one deadline. The bound below is deliberately generous (3× one deadline).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';

const COUNT = 26;
const DEADLINE_S = 2;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
const ports: number[] = [];

before(async () => {
  for (let i = 0; i < COUNT; i++) {
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
      // Accept, read whatever comes (HTTP request, ClientHello), and never answer.
      s.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    ports.push((server.address() as net.AddressInfo).port);
  }
});

after(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

test(`${COUNT} silent listeners are probed in one deadline, not one each`, { timeout: 60_000 }, async () => {
  const t0 = Date.now();
  const r = await runCliCaptured([
    'scan',
    '127.0.0.1',
    '-p',
    ports.join(','),
    '--probe-timeout',
    String(DEADLINE_S),
    '--json',
  ]);
  const seconds = (Date.now() - t0) / 1000;
  assert.ok(r.status === 0 || r.status === 1, r.err);
  const host = JSON.parse(r.out).hosts[0] as {
    ports: { port: number; state: string; probe?: { service: string } }[];
  };
  const open = host.ports.filter((p) => p.state === 'open');
  assert.deepEqual(
    open.map((p) => p.port).sort((a, b) => a - b),
    [...ports].sort((a, b) => a - b),
  );
  assert.ok(
    open.every((p) => p.probe?.service === 'unknown'),
    'every silent port was probed and left unknown',
  );
  assert.ok(seconds < 3 * DEADLINE_S, `took ${seconds.toFixed(1)} s for a ${DEADLINE_S} s deadline`);
});

test('an HTTP server that ignores a TLS ClientHello is named at its HTTP answer, without waiting for TLS', {
  timeout: 60_000,
}, async () => {
  const deadline = 5;
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      // A plain HTTP request gets an answer; anything else (a ClientHello) gets silence.
      if (buf.startsWith('GET ') && buf.includes('\r\n\r\n')) {
        s.end('HTTP/1.1 200 OK\r\nServer: quiet-appliance\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const port = (server.address() as net.AddressInfo).port;
  const t0 = Date.now();
  const r = await runCliCaptured([
    'scan',
    '127.0.0.1',
    '-p',
    String(port),
    '--probe-timeout',
    String(deadline),
    '--json',
  ]);
  const seconds = (Date.now() - t0) / 1000;
  const probe = JSON.parse(r.out).hosts[0].ports[0].probe as { service: string };
  assert.equal(probe.service, 'http', r.out);
  assert.ok(seconds < deadline * 0.6, `took ${seconds.toFixed(1)} s: the silent TLS attempt was waited for`);
});
