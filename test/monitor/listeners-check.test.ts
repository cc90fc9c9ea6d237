/**
 * The listeners against an allow-list as a check (`listeners`), with real sockets: run again inside
 * a network namespace of its own, so the only listeners are the ones this test opens (the
 * machine's other services and other tests cannot change the verdict). A listener on a port the
 * allow-list names → OK; one more on a port it does not name → WARNING naming that port (exit 1
 * with --nagios); closed again → OK. Through `check listeners … --nagios` and through
 * `monitor once`, whose webhook message (to a local receiver, itself an allowed listener) is sent
 * once on the change to WARNING and once on the way back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';
import { insideNetns, rerunInNetns } from '../harness/netns-rerun.js';

if (!insideNetns()) rerunInNetns(import.meta.url, [], 120_000);

const HOST = '127.0.0.1';

async function listen(port = 0): Promise<net.Server & { port: number }> {
  const s = net.createServer((c) => c.end());
  await new Promise<void>((r) => s.listen(port, HOST, () => r()));
  return Object.assign(s, { port: (s.address() as net.AddressInfo).port });
}
const close = (s: net.Server) => new Promise<void>((r) => s.close(() => r()));

describe('listeners as a check, in a namespace of its own', { skip: !insideNetns() }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-monitor-listeners-'));
  const payloads: Record<string, string>[] = [];
  // This process's name as the kernel has it (what `ps` and the allow-list's program column show).
  const program = readFileSync('/proc/self/comm', 'utf8').trim();
  let hook: http.Server;
  let hookPort = 0;
  let allowed: net.Server & { port: number };
  let allowFile = '';
  before(async () => {
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        payloads.push(JSON.parse(body) as Record<string, string>);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, HOST, () => r()));
    hookPort = (hook.address() as net.AddressInfo).port;
    allowed = await listen();
    allowFile = path.join(dir, 'listeners.allow');
    writeFileSync(
      allowFile,
      [
        '# the service, by port and program',
        `tcp/${HOST}:${allowed.port} ${program}`,
        `tcp/${HOST}:${hookPort}  # the webhook receiver`,
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    hook?.closeAllConnections();
    await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
    if (allowed) await close(allowed);
    rmSync(dir, { recursive: true, force: true });
  });

  const nagios = () => runCliCaptured(['check', 'listeners', allowFile, '--nagios']);

  test('check --nagios: OK with only allowed listeners, WARNING naming an extra port, OK once it closes', async () => {
    const clean = await nagios();
    assert.equal(clean.status, 0, clean.out + clean.err);
    assert.match(clean.out, /^LISTENERS OK - /);
    assert.match(clean.out, /\|fail=0;;1;0 warn=0;1;;0\n$/);
    const rogue = await listen();
    try {
      const r = await nagios();
      assert.equal(r.status, 1, r.out + r.err);
      assert.match(r.out, /^LISTENERS WARNING - /);
      assert.match(r.out, new RegExp(`\\b${rogue.port}\\b`));
      assert.doesNotMatch(r.out, new RegExp(`:${allowed.port}\\b`));
      assert.match(r.out, /\|fail=0;;1;0 warn=1;1;;0\n$/);
    } finally {
      await close(rogue);
    }
    const again = await nagios();
    assert.equal(again.status, 0, again.out + again.err);
  });

  test('monitor once: WARNING with one message naming the port, back to UP with one message', async () => {
    const cfg = path.join(dir, 'monitor.yaml');
    const db = path.join(dir, 'monitor.db');
    writeFileSync(
      cfg,
      [
        'notifiers:',
        `  - { name: hook, type: webhook, url: "http://${HOST}:${hookPort}/" }`,
        'checks:',
        `  - { name: sockets, kind: listeners, target: "${allowFile}" }`,
        '',
      ].join('\n'),
    );
    const once = async () => {
      const r = await runCliCaptured(['monitor', 'once', cfg, '--db', db, '--json']);
      const doc = JSON.parse(r.out) as { checks: { state: string; status: string }[] };
      return { status: r.status, check: doc.checks[0] };
    };
    assert.deepEqual(await once(), {
      status: 0,
      check: { name: 'sockets', kind: 'listeners', target: allowFile, state: 'ok', status: 'UP' },
    });
    assert.equal(payloads.length, 0);
    const rogue = await listen();
    try {
      const r = await once();
      assert.equal(r.status, 1);
      assert.equal(r.check?.state, 'warning');
      assert.equal(r.check?.status, 'WARNING');
      assert.equal(payloads.length, 1, JSON.stringify(payloads));
      assert.equal(payloads[0]?.event, 'warning');
      assert.equal(payloads[0]?.check, 'sockets');
      assert.match(`${payloads[0]?.title} ${payloads[0]?.detail}`, new RegExp(`\\b${rogue.port}\\b`));
      // Still there: no second message.
      await once();
      assert.equal(payloads.length, 1, JSON.stringify(payloads));
    } finally {
      await close(rogue);
    }
    const back = await once();
    assert.equal(back.check?.status, 'UP');
    assert.equal(payloads.length, 2, JSON.stringify(payloads));
    assert.equal(payloads[1]?.event, 'up');
  });
});
