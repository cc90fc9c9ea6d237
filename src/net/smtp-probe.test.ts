import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeSmtp } from '../../test/scan/smtp-server.js';
import { DAY, makePki, type TestPki } from '../../test/scan/tls-certs.js';
import { parseEhlo, probeSmtp } from './smtp-probe.js';

describe('probeSmtp', () => {
  let pki: TestPki;
  before(() => {
    pki = makePki();
  });
  after(() => pki.cleanup());

  it('reads banner, EHLO capabilities, upgrades with STARTTLS and says QUIT', async () => {
    const now = Date.now();
    const cert = pki.issue(['mail.test.example'], new Date(now - DAY), new Date(now + 30 * DAY + 3600_000));
    const srv = await startFakeSmtp({
      banner: ['mail.test.example ESMTP Postfix', 'second banner line'],
      extensions: ['PIPELINING', 'SIZE 10240000', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME'],
      tls: cert,
    });
    try {
      const r = await probeSmtp({
        host: '127.0.0.1',
        port: srv.port,
        timeoutMs: 3000,
        heloName: 'probe.test.example',
        servername: 'mail.test.example',
        ca: pki.ca.cert,
      });
      assert.equal(r.outcome, 'ok', r.error);
      assert.equal(r.banner?.code, 220);
      assert.equal(r.banner?.hostname, 'mail.test.example');
      assert.deepEqual(r.banner?.lines, ['mail.test.example ESMTP Postfix', 'second banner line']);
      assert.equal(r.ehlo?.extended, true);
      assert.equal(r.ehlo?.starttls, true);
      assert.equal(r.ehlo?.pipelining, true);
      assert.equal(r.ehlo?.size, 10240000);
      assert.deepEqual(r.ehlo?.auth, []);
      assert.equal(r.starttls?.reply?.code, 220);
      const t = r.starttls?.tls;
      assert.equal(t?.outcome, 'ok');
      if (t?.outcome === 'ok') {
        assert.equal(t.chainVerified, true);
        assert.equal(t.nameMatches, true);
        assert.equal(t.certificate?.daysLeft, 30);
      }
      assert.deepEqual(r.starttls?.ehloAfterTls?.auth, ['PLAIN', 'LOGIN']);
      assert.equal(r.starttls?.ehloAfterTls?.starttls, false);
      assert.deepEqual(
        srv.commands.map((c) => c.split(' ')[0]),
        ['EHLO', 'STARTTLS', 'EHLO', 'QUIT'],
      );
      assert.equal(srv.commands[0], 'EHLO probe.test.example');
    } finally {
      await srv.close();
    }
  });

  it('reports a server without STARTTLS and one that knows only HELO', async () => {
    const srv = await startFakeSmtp({ extensions: ['PIPELINING', 'AUTH=LOGIN PLAIN'] });
    const old = await startFakeSmtp({ heloOnly: true });
    try {
      const r = await probeSmtp({ host: '127.0.0.1', port: srv.port, timeoutMs: 3000 });
      assert.equal(r.outcome, 'ok');
      assert.equal(r.ehlo?.starttls, false);
      assert.equal(r.starttls, undefined);
      assert.deepEqual(r.ehlo?.auth, ['LOGIN', 'PLAIN']);
      const h = await probeSmtp({ host: '127.0.0.1', port: old.port, timeoutMs: 3000 });
      assert.equal(h.outcome, 'ok');
      assert.equal(h.ehlo?.extended, false);
      assert.deepEqual(h.ehlo?.capabilities, []);
    } finally {
      await srv.close();
      await old.close();
    }
  });

  it('returns every failure as an outcome', async () => {
    const rejecting = await startFakeSmtp({ bannerCode: 554, banner: ['5.7.1 No SMTP service here'] });
    const silent = await startFakeSmtp({ silent: true });
    const closing = await startFakeSmtp({ closeEarly: true });
    const noTls = await startFakeSmtp({ refuseStartTls: true });
    try {
      const b = await probeSmtp({ host: '127.0.0.1', port: rejecting.port, timeoutMs: 3000 });
      assert.equal(b.outcome, 'banner-rejected');
      assert.equal(b.banner?.code, 554);
      const s = await probeSmtp({ host: '127.0.0.1', port: silent.port, timeoutMs: 300 });
      assert.equal(s.outcome, 'timeout');
      const c = await probeSmtp({ host: '127.0.0.1', port: closing.port, timeoutMs: 3000 });
      assert.ok(c.outcome === 'closed', `${c.outcome}: ${c.error}`);
      const n = await probeSmtp({ host: '127.0.0.1', port: noTls.port, timeoutMs: 3000 });
      assert.equal(n.outcome, 'ok');
      assert.equal(n.starttls?.reply?.code, 454);
      assert.equal(n.starttls?.tls, undefined);
    } finally {
      await Promise.all([rejecting.close(), silent.close(), closing.close(), noTls.close()]);
    }
    const port = rejecting.port; // closed now
    const refused = await probeSmtp({ host: '127.0.0.1', port, timeoutMs: 3000 });
    assert.equal(refused.outcome, 'refused');
  });

  it('reports a failed STARTTLS handshake', async () => {
    // STARTTLS answered 220, then the server closes instead of handshaking.
    const srv = await startFakeSmtp({ dropOnStartTls: true });
    try {
      const r = await probeSmtp({ host: '127.0.0.1', port: srv.port, timeoutMs: 2000 });
      assert.equal(r.outcome, 'tls-error');
      assert.notEqual(r.starttls?.tls?.outcome, 'ok');
    } finally {
      await srv.close();
    }
  });

  it('parses multi-line EHLO replies per RFC 5321 §4.2', () => {
    const e = parseEhlo({
      code: 250,
      lines: ['mx.example', 'size 0', 'starttls', 'AUTH PLAIN CRAM-MD5', 'AUTH=LOGIN'],
    });
    assert.equal(e.size, 0);
    assert.equal(e.starttls, true);
    assert.deepEqual(e.auth, ['PLAIN', 'CRAM-MD5', 'LOGIN']);
    assert.deepEqual(e.capabilities, ['SIZE 0', 'STARTTLS', 'AUTH PLAIN CRAM-MD5', 'AUTH=LOGIN']);
  });
});
