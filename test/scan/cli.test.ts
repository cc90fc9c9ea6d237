/**
 * `netdoctor scan` and `netdoctor listeners` on the command line: one-line errors with exit
 * status 2 for bad targets, ports and flags; --json; exit status from findings. Loopback only.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type BindServer, startBind } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';

const cli = (args: string[]) => runCliCaptured(args);

describe('netdoctor scan / listeners CLI', () => {
  let bind: BindServer;
  let web: http.Server;
  let webPort: number;
  before(async () => {
    bind = await startBind();
    web = http.createServer((_q, r) => {
      r.writeHead(200, { Server: 'nginx/1.18.0 (Ubuntu)' });
      r.end();
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    webPort = (web.address() as net.AddressInfo).port;
  });
  after(async () => {
    web?.close();
    await bind?.stop();
  });

  const bad: [string[], RegExp][] = [
    [
      ['scan', '192.0.2.0/33'],
      /^netdoctor: 192\.0\.2\.0\/33: prefix \/33 is out of range for IPv4 \(0-32\)\n$/,
    ],
    [['scan', '300.1.2.3'], /^netdoctor: 300\.1\.2\.3: not a valid IPv4 or IPv6 address\n$/],
    [
      ['scan', '127.0.0.1/8'],
      /^netdoctor: 127\.0\.0\.1\/8: \/8 holds 16777216 addresses; the most per run is 65536\n$/,
    ],
    [
      ['scan', '10.1.0.0/20'],
      /^netdoctor: 10\.1\.0\.0\/20: 4096 addresses to scan; more than 256 must be confirmed \(scan only networks you run\) \(use --yes\)/,
    ],
    [
      ['scan', '127.0.0.1', '-p', '0'],
      /^netdoctor: --ports: port 0 is out of range \(ports are 1-65535\)\n$/,
    ],
    [['scan', '127.0.0.1', '-p', '80-70000'], /^netdoctor: --ports: port 70000 is out of range/],
    [['scan', '127.0.0.1', '-p', '90-80'], /^netdoctor: --ports: "90-80": the range runs backwards\n$/],
    [['scan', '127.0.0.1', '--rate', 'fast'], /^netdoctor: --rate: must be a number/],
    [['scan', '127.0.0.1', '--as', '53=gopher'], /^netdoctor: --as: unknown service "gopher"/],
    [
      ['listeners', '--allow', '/nonexistent/allow'],
      /^netdoctor: \/nonexistent\/allow: cannot read the allow-list: no such file\n$/,
    ],
  ];
  for (const [args, message] of bad) {
    it(`refuses ${args.join(' ')} in one line`, async () => {
      const r = await cli(args);
      assert.equal(r.status, 2);
      assert.match(r.err, message);
      assert.equal(r.err.split('\n').length, 2);
      assert.equal(r.out, '');
    });
  }

  it('names an unresolvable target', async () => {
    const r = await cli(['scan', 'nosuch.scan.test', '--server', bind.address]);
    assert.equal(r.status, 2);
    assert.match(
      r.err,
      /^netdoctor: nosuch\.scan\.test: cannot resolve the name to scan \(A NXDOMAIN, AAAA NXDOMAIN from 127\.0\.0\.1:\d+\)\n$/,
    );
  });

  it('prints --json with the ports and exits 1 on a warning', async () => {
    const r = await cli(['scan', 'www.scan.test', '-p', String(webPort), '--server', bind.address, '--json']);
    assert.equal(r.status, 1, r.err);
    const doc = JSON.parse(r.out);
    assert.equal(doc.command, 'scan');
    assert.equal(doc.hosts[0].address, '127.0.0.1');
    assert.equal(doc.hosts[0].ports[0].state, 'open');
    assert.equal(doc.hosts[0].ports[0].probe.http.headers.server, 'nginx/1.18.0 (Ubuntu)');
    assert.ok(doc.findings.some((f: { id: string }) => f.id === 'scan.http.version-disclosure'));
  });

  it('exits 0 for a clean scan, with the table in Japanese', async () => {
    const r = await cli(['scan', '127.0.0.1', '-p', String(webPort), '--no-probe', '--lang', 'ja']);
    assert.equal(r.status, 0);
    assert.match(r.out, new RegExp(`${webPort}/tcp\\s+オープン`));
    assert.match(r.out, /オープン 1、クローズ 0/);
  });

  it('lists listeners as JSON with this process', async () => {
    const r = await cli(['listeners', '--tcp', '--json']);
    assert.equal(r.status, 0);
    const doc = JSON.parse(r.out);
    const mine = doc.listeners.find((l: { port: number }) => l.port === webPort);
    assert.equal(mine.processes[0].pid, process.pid);
  });
});
