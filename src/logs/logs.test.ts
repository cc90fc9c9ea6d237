/** The log input layer: the format registry, stamps and years, line splitting at any chunk size. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LOGS_ERRORS } from './error-messages.js';
import { LINE_FORMATS, parseLine } from './formats/index.js';
import { splitLines } from './lines.js';
import type { FormatState } from './record.js';
import { logFilesIn, planInputs, rotationKey, timeOrder } from './sources.js';
import { parseTimeBound } from './time.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function state(reference: number): FormatState {
  return { year: 0, lastMonth: -1, reference, utcOffsetMinutes: 540 };
}

test('the format registry lists every file in formats/', () => {
  const files = readdirSync(path.join(HERE, 'formats'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(LINE_FORMATS.map((f) => f.id).sort(), files);
});

test('traditional stamps: the year from the reference, carried across New Year', () => {
  const s = state(Date.UTC(2027, 0, 2, 12));
  const dec = parseLine('Dec 31 23:59:59 mx postfix/qmgr[1]: ABCDEF123: removed', s);
  const jan = parseLine('Jan  1 00:00:01 mx postfix/qmgr[1]: ABCDEF124: removed', s);
  assert.equal(new Date(dec?.time ?? 0).toISOString(), '2026-12-31T23:59:59.000Z');
  assert.equal(new Date(jan?.time ?? 0).toISOString(), '2027-01-01T00:00:01.000Z');
  assert.equal(dec?.program, 'postfix/qmgr');
  assert.equal(dec?.pid, '1');
  assert.equal(dec?.message, 'ABCDEF123: removed');
});

test('RFC 3339, RFC 5424 (with structured data) and the journal', () => {
  const s = state(Date.UTC(2026, 11, 6));
  const a = parseLine('2026-12-06T19:20:01.123456+09:00 mx postfix/smtp[77]: hello', s);
  assert.deepEqual(a, {
    time: Date.UTC(2026, 11, 6, 19, 20, 1),
    host: 'mx',
    program: 'postfix/smtp',
    pid: '77',
    message: 'hello',
  });
  const b = parseLine(
    '<22>1 2026-12-06T10:00:00.003Z mx postfix/smtp 123 - [x@1 a="\\]\\"x"] the message',
    s,
  );
  assert.equal(b?.program, 'postfix/smtp');
  assert.equal(b?.message, 'the message');
  const c = parseLine('<22>Dec  6 10:00:00 mx postfix/smtp[5]: bsd with pri', s);
  assert.equal(c?.message, 'bsd with pri');
  const j = parseLine(
    JSON.stringify({
      __REALTIME_TIMESTAMP: String(Date.UTC(2026, 11, 6, 1) * 1000),
      SYSLOG_IDENTIFIER: 'postfix/smtpd',
      _PID: '9',
      _HOSTNAME: 'mx',
      MESSAGE: 'connect from x',
    }),
    s,
  );
  assert.equal(
    new Date(j?.time ?? 0).toISOString(),
    '2026-12-06T10:00:00.000Z',
    'UTC + 9 h, the wall clock in Tokyo',
  );
  assert.equal(parseLine('garbage', s), undefined);
  assert.equal(parseLine('{"not":"journal"}', s), undefined);
});

test('a megabyte line costs what a short one does (bounded patterns)', () => {
  const s = state(Date.UTC(2026, 11, 6));
  const long = `Dec  6 10:00:00 mx ${'a'.repeat(1 << 20)}`;
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) parseLine(long, s);
  parseLine(`2026-12-06T10:00:00Z mx ${'['.repeat(1 << 20)}`, s);
  parseLine(`<1>1 2026-12-06T10:00:00Z mx p 1 - ${'['.repeat(1 << 20)}`, s);
  assert.ok(performance.now() - t0 < 2000);
});

test('line splitting: the same lines whatever the chunk size; over-long lines cut', async () => {
  const text = `one\r\ntwo\n\n${'x'.repeat(100)}\nthree\nlast-without-newline`;
  const whole: string[] = [];
  await splitLines(Readable.from([Buffer.from(text)]), (l) => whole.push(l), { maxLineBytes: 1000 });
  assert.deepEqual(whole, ['one', 'two', '', 'x'.repeat(100), 'three', 'last-without-newline']);
  for (const size of [1, 2, 3, 7, 64]) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < text.length; i += size) chunks.push(Buffer.from(text.slice(i, i + size)));
    const got: string[] = [];
    await splitLines(Readable.from(chunks), (l) => got.push(l), { maxLineBytes: 1000 });
    assert.deepEqual(got, whole, `chunks of ${size}`);
    const cut: [string, boolean][] = [];
    const counts = await splitLines(Readable.from(chunks), (l, c) => cut.push([l, c]), { maxLineBytes: 10 });
    assert.equal(counts.cut, 2, `chunks of ${size}`);
    assert.deepEqual(cut[3], ['x'.repeat(10), true]);
    assert.deepEqual(cut[4], ['three', false]);
    assert.deepEqual(cut[5], ['last-witho', true]);
  }
});

test('rotated files oldest first, whatever order they were given in', () => {
  assert.deepEqual(timeOrder(['/l/maillog', '/l/maillog.2.gz', '/l/maillog.1', '/l/maillog.10.gz']), [
    '/l/maillog.10.gz',
    '/l/maillog.2.gz',
    '/l/maillog.1',
    '/l/maillog',
  ]);
  assert.deepEqual(timeOrder(['/l/mail.log', '/l/mail.log-20261201.gz', '/l/mail.log-20261124.gz']), [
    '/l/mail.log-20261124.gz',
    '/l/mail.log-20261201.gz',
    '/l/mail.log',
  ]);
  assert.equal(rotationKey('/l/maillog.3.gz').age, 3);
});

test('time bounds', () => {
  const now = Date.UTC(2026, 11, 6, 12);
  assert.equal(parseTimeBound('3d', now, 'since'), now - 3 * 86400e3);
  assert.equal(parseTimeBound('2026-12-06T09:30', now, 'since'), Date.UTC(2026, 11, 6, 9, 30));
  assert.throws(() => parseTimeBound('yesterday', now, 'since'), /not a time/);
});

test('the kernel ring: dmesg, dmesg -T, dmesg --time-format iso and /dev/kmsg records', () => {
  const s = state(Date.UTC(2026, 11, 6));
  const plain = parseLine('[  203.842973] IPTABLES-DROP: IN=lo OUT=', s);
  assert.deepEqual(
    [plain?.program, plain?.message, Number.isNaN(plain?.time)],
    ['kernel', 'IPTABLES-DROP: IN=lo OUT=', true],
  );
  const t = parseLine('[Sun Dec  6 21:30:00 2026] DROP IN=eth0 OUT=', s);
  assert.equal(t?.time, Date.UTC(2026, 11, 6, 21, 30, 0));
  const iso = parseLine('2026-12-06T21:30:00,123456+09:00 DROP IN=eth0 OUT=', s);
  assert.equal(iso?.time, Date.UTC(2026, 11, 6, 21, 30, 0));
  const kmsg = parseLine('4,1234,10884828064,-;DROP IN=eth0 OUT=', s);
  assert.deepEqual([kmsg?.severity, kmsg?.facility, kmsg?.message], [4, 0, 'DROP IN=eth0 OUT=']);
});

test('RFC 5424 structured data with escapes, PRI severity and facility, the journal PRIORITY', () => {
  const s = state(Date.UTC(2026, 11, 6));
  const r = parseLine(
    '<165>1 2026-12-06T10:00:00Z mx app 1 ID1 [a@1 x="q\\"t" y="b\\]c\\\\"][b@2 z=""] msg',
    s,
  );
  assert.deepEqual(r?.structuredData, { 'a@1': { x: 'q"t', y: 'b]c\\' }, 'b@2': { z: '' } });
  assert.deepEqual([r?.severity, r?.facility, r?.message], [5, 20, 'msg']);
  const p = parseLine('<__proto__>1 x', s);
  assert.equal(p, undefined);
  const j = parseLine(
    JSON.stringify({
      __REALTIME_TIMESTAMP: '1',
      SYSLOG_IDENTIFIER: 'kernel',
      MESSAGE: 'm',
      PRIORITY: '3',
      SYSLOG_FACILITY: '0',
    }),
    s,
  );
  assert.deepEqual([j?.severity, j?.facility], [3, 0]);
});

test('the format of the first lines is detected; a forced format reads only its own lines', async () => {
  const { detectFormat } = await import('./formats/index.js');
  const { readLogs } = await import('./read.js');
  assert.equal(
    detectFormat(['Dec  6 10:00:00 mx sshd[1]: a', 'Dec  6 10:00:01 mx sshd[1]: b', 'junk']),
    'syslog-bsd',
  );
  assert.equal(detectFormat(['<34>1 2026-12-06T10:00:00Z mx su - - - x']), 'syslog-rfc5424');
  assert.equal(detectFormat(['nothing here']), undefined);
  const text = 'Dec  6 10:00:00 mx sshd[1]: a\n2026-12-06T10:00:00Z mx sshd[1]: b\n';
  const count = async (format?: string) => {
    let n = 0;
    const r = await readLogs(['-'], {
      stdin: Readable.from([Buffer.from(text)]),
      onRecord: () => n++,
      ...(format ? { format } : {}),
    });
    return [n, r.inputs[0]?.format];
  };
  assert.deepEqual(await count(), [2, 'syslog-bsd']);
  assert.deepEqual(await count('syslog-rfc3339'), [1, 'syslog-bsd']);
  await assert.rejects(count('nope'), /not a log format/);
});

test('one file named twice (another spelling, a link, its directory) is read once', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-logs-twice-'));
  try {
    mkdirSync(path.join(dir, 'log'));
    const file = path.join(dir, 'log', 'syslog');
    writeFileSync(file, 'Dec  7 03:00:01 host app: one\n');
    writeFileSync(path.join(dir, 'other.log'), 'Dec  7 03:00:01 host app: two\n');
    symlinkSync(file, path.join(dir, 'link'));
    const { plan, skipped } = await planInputs(
      [
        file,
        path.join(dir, 'log', '.', 'syslog'),
        path.join(dir, 'link'),
        path.join(dir, 'log'),
        path.join(dir, 'other.log'),
      ],
      logFilesIn,
      LOGS_ERRORS.noLogFiles,
    );
    assert.deepEqual(
      plan.map((p) => p.files),
      [[file], [path.join(dir, 'other.log')]],
    );
    assert.deepEqual(skipped, [
      path.join(dir, 'log', '.', 'syslog'),
      path.join(dir, 'link'),
      path.join(dir, 'log', 'syslog'),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
