/**
 * The journal, spawned: a real journal file made by systemd-journal-remote from export-format
 * entries this test writes (Postfix as Debian runs it, unit `postfix@-.service`; a cron entry
 * beside it), read through `journalctl -D DIR -o json -u 'postfix*'` as `--journal-directory`
 * does — a journal copied from another machine. A message that is not valid UTF-8 comes out of
 * journalctl as an array of bytes and is read as well.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { summarizeMailLog } from '../../src/maillog/index.js';
import { runCliCaptured } from '../harness/cli.js';
import { skipIfMissing } from '../harness/missing.js';

const REMOTE = '/lib/systemd/systemd-journal-remote';
const skip = skipIfMissing(
  spawnSync('journalctl', ['--version']).error
    ? 'journalctl is not installed (Debian package systemd)'
    : !existsSync(REMOTE)
      ? 'systemd-journal-remote is not installed (Debian package systemd-journal-remote)'
      : false,
);

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-journal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BOOT = '0123456789abcdef0123456789abcdef';
const T0 = Date.UTC(2026, 11, 6, 9, 0, 0) * 1000; // µs

/** One entry in the journal export format; a Buffer value is written as a binary field. */
function entry(seq: number, fields: Record<string, string | Buffer>): Buffer {
  const parts: Buffer[] = [
    Buffer.from(
      `__REALTIME_TIMESTAMP=${T0 + seq * 1_000_000}\n__MONOTONIC_TIMESTAMP=${1000 + seq}\n_BOOT_ID=${BOOT}\n_HOSTNAME=mx\n`,
    ),
  ];
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') parts.push(Buffer.from(`${k}=${v}\n`));
    else {
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(v.length));
      parts.push(Buffer.from(`${k}\n`), len, v, Buffer.from('\n'));
    }
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

const postfix = (seq: number, daemon: string, message: string | Buffer) =>
  entry(seq, {
    SYSLOG_IDENTIFIER: `postfix/${daemon}`,
    SYSLOG_PID: String(100 + seq),
    _SYSTEMD_UNIT: 'postfix@-.service',
    MESSAGE: message,
  });

function makeJournal(): void {
  const exported = Buffer.concat([
    postfix(0, 'smtpd', 'connect from a.example[192.0.2.1]'),
    postfix(1, 'smtpd', '4ABC12345: client=a.example[192.0.2.1]'),
    postfix(2, 'qmgr', '4ABC12345: from=<alice@example.jp>, size=1234, nrcpt=2 (queue active)'),
    postfix(
      3,
      'smtp',
      '4ABC12345: to=<bob@example.net>, relay=mx.example.net[192.0.2.2]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9XYZ)',
    ),
    postfix(
      4,
      'smtp',
      '4ABC12345: to=<carol@docomo.ne.jp>, relay=mx.docomo.ne.jp[192.0.2.3]:25, delay=2, delays=0.1/0/1/0.9, dsn=4.7.1, status=deferred (host mx.docomo.ne.jp[192.0.2.3] said: 450 4.7.1 Access denied. IP name lookup failed [198.51.100.3] (in reply to RCPT TO command))',
    ),
    // Not valid UTF-8 (a Latin-1 "é" in the reason): journalctl gives MESSAGE as an array of bytes.
    postfix(
      5,
      'smtpd',
      Buffer.concat([
        Buffer.from(
          'NOQUEUE: reject: RCPT from b.example[192.0.2.9]: 550 5.1.1 <dan@example.jp>: Recipient address rejected: User unknown (caf',
        ),
        Buffer.from([0xe9]),
        Buffer.from('); from=<spam@example.org> to=<dan@example.jp> proto=ESMTP helo=<b>'),
      ]),
    ),
    entry(6, {
      SYSLOG_IDENTIFIER: 'CRON',
      _SYSTEMD_UNIT: 'cron.service',
      MESSAGE: 'pam_unix(cron:session): session opened',
    }),
  ]);
  const r = spawnSync(REMOTE, ['-o', path.join(dir, 'remote.journal'), '-'], { input: exported });
  assert.equal(r.status, 0, `systemd-journal-remote: ${r.stderr}`);
}

test('a journal directory is read through journalctl -D DIR -u postfix*', { skip }, async () => {
  makeJournal();
  const r = await summarizeMailLog([], { journalDirectory: dir, utcOffsetMinutes: 0 });
  const journal = r.inputs.find((i) => i.name === 'journal');
  assert.equal(journal?.problem, undefined, journal?.problem?.message);
  assert.equal(journal?.records, 6); // the cron entry is another unit's: not asked for
  const t = r.summary.totals;
  assert.deepEqual(
    [t.received, t.delivered, t.deferred, t.deferrals, t.rejected, t.bytesReceived],
    [1, 1, 1, 1, 1, 1234],
  );
  assert.equal(r.summary.first, '2026-12-06T09:00:00');
  assert.equal(r.summary.perHour[0]?.hour, '2026-12-06T09');
  assert.match(r.summary.rejects[0]?.key ?? '', /User unknown \(caf\uFFFD\)/);
  assert.equal(r.summary.userUnknown[0]?.sender, 'spam@example.org');
  assert.ok(r.findings.some((f) => f.id.startsWith('maillog.deferred')));
});

test('--journal-directory on the command line; a missing directory is an input error', { skip }, async () => {
  if (!existsSync(path.join(dir, 'remote.journal'))) makeJournal();
  const ok = await runCliCaptured(['mail', 'log', '--journal-directory', dir, '--json'], {
    env: { TZ: 'UTC' },
  });
  assert.ok(ok.status === 0 || ok.status === 1, ok.err);
  assert.equal(JSON.parse(ok.out).summary.totals.delivered, 1);
  const missing = path.join(dir, 'nowhere');
  const bad = await runCliCaptured(['mail', 'log', '--journal-directory', missing]);
  assert.equal(bad.status, 2);
  assert.ok(bad.err.includes(missing), bad.err);
  writeFileSync(path.join(dir, 'file'), 'x');
  const notDir = await runCliCaptured(['mail', 'log', '--journal-directory', path.join(dir, 'file')]);
  assert.equal(notDir.status, 2);
  assert.match(notDir.err, /not a directory of journal files/);
});
