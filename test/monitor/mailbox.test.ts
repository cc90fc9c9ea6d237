/**
 * The imap and pop3 kinds against a real Dovecot (test/harness/dovecot.ts, on a loopback port):
 * the greeting OK, STARTTLS/STLS offered, an unexpected banner CRITICAL; and with --nagios the
 * monitoring-plugins shape (one line, exit 0 or 2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCheck } from '../../src/monitor/index.js';
import { runCliCaptured } from '../harness/cli.js';
import { DOVECOT, type Dovecot, startDovecot } from '../harness/dovecot.js';
import { toolSkip } from '../harness/peers.js';

const skip = toolSkip([DOVECOT, 'dovecot-imapd'], ['/usr/lib/dovecot/pop3', 'dovecot-pop3d'], 'openssl');

describe('imap and pop3 against Dovecot', { skip }, () => {
  let d: Dovecot;
  before(async () => {
    d = await startDovecot('127.61.9.1');
  });
  after(async () => {
    await d?.stop();
  });

  for (const kind of ['imap', 'pop3'] as const) {
    test(`${kind}: greeting and STARTTLS OK; a wrong expected banner is CRITICAL`, async () => {
      const port = kind === 'imap' ? d.imapPort : d.pop3Port;
      const target = `${d.host}:${port}`;
      const plain = await runCheck(kind, target, { timeoutMs: 5000 });
      assert.equal(plain.state, 'ok', JSON.stringify(plain.findings));
      assert.match(String(plain.data?.greeting), kind === 'imap' ? /^\* OK .*Dovecot/ : /^\+OK Dovecot/);
      const tls = await runCheck(kind, target, { timeoutMs: 5000, startTls: true });
      assert.equal(tls.state, 'ok', JSON.stringify(tls.findings));
      const wrong = await runCheck(kind, target, { timeoutMs: 5000, expectBanner: '* OK Exchange' });
      assert.equal(wrong.state, 'critical');
      assert.equal(wrong.findings[0]?.id, 'monitor.banner.unexpected');
    });
  }

  test('check imap --nagios: one status line, exit 0', async () => {
    const r = await runCliCaptured(['check', 'imap', `${d.host}:${d.imapPort}`, '--starttls', '--nagios']);
    assert.equal(r.status, 0, r.out + r.err);
    assert.match(r.out, /^IMAP OK - [^\n]*\|time=[\d.]+s;[^\n]*\n$/);
  });
});
