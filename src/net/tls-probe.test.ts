import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { DAY, makePki, type TestPki } from '../../test/scan/tls-certs.js';
import { parseSubjectAltNames, probeTls, type TlsDetails } from './tls-probe.js';

async function tlsServer(cert: { key: string; cert: string }): Promise<{ port: number; close: () => void }> {
  const server = tls.createServer({ key: cert.key, cert: cert.cert }, (s) => {
    s.on('error', () => {});
    s.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

function ok(r: Awaited<ReturnType<typeof probeTls>>): TlsDetails {
  assert.equal(r.outcome, 'ok', JSON.stringify(r));
  return r as TlsDetails;
}

describe('probeTls', () => {
  let pki: TestPki;
  before(() => {
    pki = makePki();
  });
  after(() => pki.cleanup());

  it('reports protocol, cipher and a certificate that verifies against the given CA', async () => {
    const now = Date.now();
    const srv = await tlsServer(
      pki.issue(['mail.test.example', '127.0.0.1'], new Date(now - DAY), new Date(now + 10 * DAY + 3600_000)),
    );
    try {
      const r = ok(
        await probeTls({
          host: '127.0.0.1',
          port: srv.port,
          servername: 'mail.test.example',
          timeoutMs: 3000,
          ca: pki.ca.cert,
        }),
      );
      assert.match(r.protocol, /^TLSv1\.[23]$/);
      assert.ok(r.cipher.length > 0);
      assert.equal(r.chainVerified, true);
      assert.equal(r.nameMatches, true);
      assert.equal(r.certificate?.subjectCN, 'mail.test.example');
      assert.deepEqual(r.certificate?.subjectAltNames, ['mail.test.example', '127.0.0.1']);
      assert.equal(r.certificate?.issuerCN, 'netdoctor test CA');
      assert.equal(r.certificate?.daysLeft, 10);
      assert.equal(r.certificate?.selfSigned, false);
      assert.equal(r.certificate?.expired, false);
    } finally {
      srv.close();
    }
  });

  it('treats an unknown CA, a wrong name and an expired certificate as data', async () => {
    const now = Date.now();
    const srv = await tlsServer(
      pki.issue(['old.test.example'], new Date(now - 40 * DAY), new Date(now - 3 * DAY)),
    );
    try {
      const r = ok(
        await probeTls({
          host: '127.0.0.1',
          port: srv.port,
          servername: 'mail.test.example',
          timeoutMs: 3000,
        }),
      );
      assert.equal(r.chainVerified, false);
      assert.ok(r.verifyError);
      assert.equal(r.nameMatches, false);
      assert.match(r.nameError ?? '', /old\.test\.example/);
      assert.equal(r.certificate?.expired, true);
      assert.ok((r.certificate?.daysLeft ?? 0) < 0);
      const withCa = ok(
        await probeTls({
          host: '127.0.0.1',
          port: srv.port,
          servername: 'old.test.example',
          timeoutMs: 3000,
          ca: pki.ca.cert,
        }),
      );
      assert.equal(withCa.chainVerified, false, 'an expired certificate never verifies');
      assert.equal(withCa.verifyError, 'CERT_HAS_EXPIRED');
      assert.equal(withCa.nameMatches, true);
    } finally {
      srv.close();
    }
  });

  it('recognises a self-signed certificate', async () => {
    const srv = await tlsServer(pki.selfSigned(['localhost'], 1));
    try {
      const r = ok(await probeTls({ host: 'localhost', port: srv.port, timeoutMs: 3000 }));
      assert.equal(r.certificate?.selfSigned, true);
      assert.equal(r.chainVerified, false);
      assert.equal(r.verifyError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    } finally {
      srv.close();
    }
  });

  it('returns refused, timeout and tls-error as outcomes', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const freePort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    assert.equal((await probeTls({ host: '127.0.0.1', port: freePort, timeoutMs: 2000 })).outcome, 'refused');

    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentPort = (silent.address() as net.AddressInfo).port;
    const t = await probeTls({ host: '127.0.0.1', port: silentPort, timeoutMs: 300 });
    assert.equal(t.outcome, 'timeout');
    silent.close();

    const plain = net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.2\r\n'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const p = await probeTls({
      host: '127.0.0.1',
      port: (plain.address() as net.AddressInfo).port,
      timeoutMs: 2000,
    });
    assert.ok(p.outcome === 'tls-error' || p.outcome === 'closed', p.outcome);
    plain.close();
  });

  it('parses subjectAltName strings', () => {
    assert.deepEqual(parseSubjectAltNames('DNS:a.example, DNS:b.example, IP Address:192.0.2.1'), [
      'a.example',
      'b.example',
      '192.0.2.1',
    ]);
    assert.deepEqual(parseSubjectAltNames(undefined), []);
  });
});
