/**
 * `scan` against real loopback listeners (HTTP with revealing headers, HTTPS with a short-lived
 * certificate, SSH/FTP/POP3/IMAP greetings, SMTP with and without STARTTLS) and the test BIND for
 * DNS: the open set, the banners, and the findings. Traffic goes to 127.0.0.1 only.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Resolver } from '../../src/dns/resolver.js';
import { type ScanResult, scan } from '../../src/scan/index.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { startTestServers, type TestServers } from './servers.js';
import { DAY, makePki, type TestPki } from './tls-certs.js';

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function ids(r: ScanResult, port?: number): string[] {
  return r.findings
    .filter((f) => port === undefined || (f.params as { port?: number } | undefined)?.port === port)
    .map((f) => f.id)
    .sort();
}

describe('scan on loopback', () => {
  let pki: TestPki;
  let servers: TestServers;
  let bind: BindServer;
  let result: ScanResult;
  let closed: number[];

  before(async () => {
    pki = makePki();
    const now = Date.now();
    const cert = pki.issue(
      ['mail.scan.test', 'www.scan.test'],
      new Date(now - DAY),
      new Date(now + 200 * DAY),
    );
    const expiring = pki.issue(
      ['www.scan.test'],
      new Date(now - 80 * DAY),
      new Date(now + 5 * DAY + 3600_000),
    );
    servers = await startTestServers(cert, expiring);
    bind = await startBind();
    closed = [await closedPort(), await closedPort()];
    const ports = [...Object.values(servers.ports), bind.port, ...closed];
    result = await scan({
      targets: ['127.0.0.1'],
      ports,
      resolver: new Resolver({ servers: [bind.address] }),
      serviceHints: { [bind.port]: 'domain' },
      ca: pki.ca.cert,
      probeTimeoutMs: 3000,
    });
  });
  after(async () => {
    await servers?.closeAll();
    await bind?.stop();
    pki?.cleanup();
  });

  it('finds exactly the open ports and the closed ones', () => {
    const h = result.hosts[0];
    assert.ok(h);
    const open = h.ports.filter((p) => p.state === 'open').map((p) => p.port);
    assert.deepEqual(
      open,
      [...Object.values(servers.ports), bind.port].sort((a, b) => a - b),
    );
    const shut = h.ports.filter((p) => p.state === 'closed').map((p) => p.port);
    assert.deepEqual(
      shut,
      [...closed].sort((a, b) => a - b),
    );
    assert.equal(h.counts.filtered, 0);
    assert.ok(h.ports.find((p) => p.state === 'closed')?.reason === 'conn-refused');
  });

  it('reads the banners and recognises each service', () => {
    const by = (port: number) => result.hosts[0]?.ports.find((p) => p.port === port)?.probe;
    const { ports } = servers;
    assert.equal(by(ports.ssh)?.service, 'ssh');
    assert.equal(by(ports.ssh)?.banner, 'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5');
    assert.equal(by(ports.ssh)?.product, 'OpenSSH');
    assert.equal(by(ports.http)?.service, 'http');
    assert.equal(by(ports.http)?.http?.headers['x-powered-by'], 'PHP/7.3.10');
    assert.equal(by(ports.https)?.service, 'https');
    assert.equal(by(ports.https)?.tls?.outcome, 'ok');
    assert.equal(by(ports.ftp)?.service, 'ftp');
    assert.equal(by(ports.ftp)?.product, 'vsFTPd');
    assert.equal(by(ports.pop3)?.service, 'pop3');
    assert.equal(by(ports.imap)?.service, 'imap');
    assert.equal(by(ports.smtp)?.service, 'smtp');
    assert.equal(by(ports.smtp)?.smtp?.ehlo?.size, 10240000);
    assert.equal(by(ports.smtpTls)?.smtp?.starttls?.tls?.outcome, 'ok');
    assert.equal(by(ports.plainTls)?.service, 'ssl');
    assert.equal(by(bind.port)?.service, 'domain');
    assert.ok(by(bind.port)?.dns?.some((d) => d.transport === 'udp' && d.version));
    assert.ok(by(bind.port)?.dns?.some((d) => d.transport === 'tcp' && d.version));
  });

  it('reports what each port gives away', () => {
    const { ports } = servers;
    assert.deepEqual(ids(result, ports.http), ['scan.http.version-disclosure']);
    const http = result.findings.find(
      (f) => f.id === 'scan.http.version-disclosure' && f.params?.port === ports.http,
    );
    assert.match(
      String(http?.params?.headers),
      /Server: Apache\/2\.4\.41 \(Amazon\) OpenSSL\/1\.0\.2k-fips PHP\/7\.3\.10/,
    );
    assert.match(String(http?.params?.headers), /X-Powered-By: PHP\/7\.3\.10/);
    assert.deepEqual(ids(result, ports.https), ['scan.http.version-disclosure', 'scan.tls.cert-expiring']);
    const expiring = result.findings.find((f) => f.id === 'scan.tls.cert-expiring');
    assert.equal(expiring?.params?.days, 5);
    assert.deepEqual(ids(result, ports.smtp), ['scan.smtp.no-starttls']);
    assert.deepEqual(ids(result, ports.smtpTls), []);
    assert.deepEqual(ids(result, ports.ftp), ['scan.service.cleartext-auth']);
    assert.deepEqual(ids(result, ports.pop3), ['scan.service.cleartext-auth']);
    assert.deepEqual(ids(result, ports.imap), ['scan.service.cleartext-auth']);
    assert.deepEqual(ids(result, ports.ssh), []);
    assert.deepEqual(ids(result, bind.port), ['scan.dns.version-disclosure']);
    assert.deepEqual(ids(result, ports.plainTls), []);
    assert.ok(result.findings.some((f) => f.id === 'scan.host.summary' && f.params?.open === 10));
  });

  it('resolves a host name through the resolver and checks the certificate name', async () => {
    const r = await scan({
      targets: ['mail.scan.test'],
      ports: [servers.ports.plainTls, servers.ports.https],
      resolver: new Resolver({ servers: [bind.address] }),
      ca: pki.ca.cert,
    });
    assert.equal(r.hosts[0]?.address, '127.0.0.1');
    assert.equal(r.hosts[0]?.name, 'mail.scan.test');
    // plainTls's certificate names mail.scan.test; the HTTPS one only www.scan.test.
    assert.deepEqual(ids(r, servers.ports.plainTls), []);
    assert.ok(ids(r, servers.ports.https).includes('scan.tls.name-mismatch'));
  });

  it('scans ::1 as well', async (t) => {
    const s = net.createServer();
    const why = await new Promise<string | undefined>((resolve) => {
      s.once('error', (e) => resolve((e as Error).message));
      s.listen(0, '::1', () => resolve(undefined));
    });
    if (why !== undefined) {
      // a skip that says why, not a silent pass
      t.skip(`no IPv6 loopback here: listening on ::1 failed (${why})`);
      return;
    }
    try {
      const port = (s.address() as net.AddressInfo).port;
      const r = await scan({
        targets: ['::1'],
        ports: [port],
        resolver: new Resolver({ servers: [bind.address] }),
        probe: false,
      });
      assert.equal(r.hosts[0]?.ports[0]?.state, 'open');
    } finally {
      s.close();
    }
  });
});
