import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { requestText } from './http-client.js';
import { RunContext, runValidated, validateCheck } from './run-check.js';

test('RunContext: its listeners run once at the abort, removed ones never; its AbortSignal aborts with it', () => {
  const ctx = new RunContext(Date.now(), { timeoutMs: 1000 });
  const early = ctx.signal; // made before the abort
  const calls: string[] = [];
  const a = () => calls.push('a');
  const b = () => calls.push('b');
  ctx.deadline.addEventListener('abort', a, { once: true });
  ctx.deadline.addEventListener('abort', b);
  ctx.deadline.removeEventListener('abort', b);
  assert.equal(ctx.aborted, false);
  assert.equal(early.aborted, false);
  ctx.abort();
  ctx.abort();
  assert.deepEqual(calls, ['a']);
  assert.equal(ctx.deadline.aborted, true);
  assert.equal(early.aborted, true);
  // Made after the abort: already aborted. Added after it: never called (the exchanges test
  // `aborted` first, as they do with an AbortSignal).
  const late = new RunContext(Date.now(), { timeoutMs: 1000 });
  late.abort();
  assert.equal(late.signal.aborted, true);
  late.deadline.addEventListener('abort', a);
  late.abort();
  assert.deepEqual(calls, ['a']);
});

// Two HTTP servers that record the request bytes they receive.
const seen: string[][] = [[], []];
const servers: net.Server[] = [];
const ports: number[] = [];
before(async () => {
  for (const i of [0, 1]) {
    const s = net.createServer((c) => {
      let got = '';
      c.on('data', (d) => {
        got += d.toString('latin1');
        if (!got.includes('\r\n\r\n')) return;
        seen[i]?.push(got);
        c.end(`HTTP/1.1 200 OK\r\nContent-Length: ${i + 2}\r\nConnection: close\r\n\r\n${'x'.repeat(i + 2)}`);
      });
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
    ports.push((s.address() as net.AddressInfo).port);
  }
});
after(() => {
  for (const s of servers) s.close();
});

test('http and tcp kinds: the plan kept per check follows a changed target and sends what httpGet sends', async () => {
  // One options object, as the daemon keeps per check, for two targets in turn (a reload): each
  // run goes to its own target, with the request bytes of the general path.
  const options = { timeoutMs: 5000 };
  const http = validateCheck('http', `http://127.0.0.1:${ports[0]}/a?b=1`, options);
  for (const [i, target] of [
    [0, `http://127.0.0.1:${ports[0]}/a?b=1`],
    [1, `http://127.0.0.1:${ports[1]}/c`],
    [0, `http://127.0.0.1:${ports[0]}/a?b=1`],
  ] as const) {
    const r = await runValidated(http, target, options);
    assert.equal(r.state, 'ok', JSON.stringify(r.findings));
    assert.equal((r.data as { bytes: number; url: string }).bytes, i + 2);
    assert.equal((r.data as { url: string }).url, target);
  }
  const path = (t: string) => new URL(t);
  const want = (t: string) =>
    requestText({
      secure: false,
      host: '127.0.0.1',
      port: Number(path(t).port),
      path: `${path(t).pathname}${path(t).search}`,
      hostHeader: path(t).host,
      certName: '127.0.0.1',
      keepBody: false,
    });
  assert.deepEqual(seen[0], [
    want(`http://127.0.0.1:${ports[0]}/a?b=1`),
    want(`http://127.0.0.1:${ports[0]}/a?b=1`),
  ]);
  assert.deepEqual(seen[1], [want(`http://127.0.0.1:${ports[1]}/c`)]);

  const tcpOptions = { timeoutMs: 5000 };
  const tcp = validateCheck('tcp', `127.0.0.1:${ports[0]}`, tcpOptions);
  for (const port of [ports[0], ports[1], ports[0]]) {
    const r = await runValidated(tcp, `127.0.0.1:${port}`, tcpOptions);
    assert.equal(r.state, 'ok');
    assert.equal(r.findings[0]?.params?.target, `127.0.0.1:${port}`);
  }
});
