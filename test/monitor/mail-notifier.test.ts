/**
 * The mail notifier through a real Postfix: `monitor once` finds a check DOWN and mails it; the
 * message arrives in a mailbox (a pipe transport appending to a file) that the test reads.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';
import { skipIfMissing } from '../harness/missing.js';
import { freePort } from '../harness/ports.js';
import { postfixSkipReason, startPostfix } from '../harness/postfix.js';

test('monitor once: a DOWN check is mailed through Postfix and lands in the mailbox', {
  skip: skipIfMissing(postfixSkipReason()),
}, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-monitor-mail-'));
  chmodSync(dir, 0o777);
  const mailbox = path.join(dir, 'mailbox');
  const pf = await startPostfix({
    host: '127.61.3.25',
    hostname: 'mx.monitor.test',
    mainExtra: ['default_transport = mailbox', 'mynetworks = 127.0.0.0/8'],
    masterExtra: [`mailbox unix - n n - - pipe flags=F user=nobody argv=/usr/bin/tee -a ${mailbox}`],
  });
  try {
    const closed = await freePort();
    const cfg = path.join(dir, 'monitor.yaml');
    writeFileSync(
      cfg,
      [
        'defaults: { timeout: 2s, retries: 0 }',
        'notifiers:',
        `  - { name: mail, type: mail, host: ${pf.host}, port: ${pf.port}, starttls: false, from: monitor@monitor.test, to: admin@example.org }`,
        'checks:',
        `  - { name: intranet, kind: tcp, target: "127.61.3.1:${closed}" }`,
      ].join('\n'),
    );
    const r = await runCliCaptured(['monitor', 'once', cfg, '--db', path.join(dir, 'm.db'), '--json']);
    assert.equal(r.status, 1, r.err);
    assert.equal((JSON.parse(r.out) as { checks: { status: string }[] }).checks[0]?.status, 'DOWN');
    let text = '';
    for (let i = 0; i < 200 && !/\[DOWN\]/.test(text); i++) {
      await new Promise((res) => setTimeout(res, 100));
      text = existsSync(mailbox) ? readFileSync(mailbox, 'utf8') : '';
    }
    assert.match(text, /^Subject: \[DOWN\] intranet: 127\.61\.3\.1:\d+: connection refused/m);
    assert.match(text, /^X-Netdoctor-Event: down/m);
    assert.match(text, /systemctl status/, 'the fix is in the body');
  } finally {
    await pf.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
