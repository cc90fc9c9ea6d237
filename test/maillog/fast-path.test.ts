/**
 * The byte-level fast path (src/maillog/fast-path.ts), read in a worker thread, against the
 * string path it stands in for, read in the caller's thread:
 * the same JSON, to the byte, on generated logs (plain and gzipped, so lines also span zlib's
 * chunks), on a log of every awkward case the fast path must hand back or read the same way, on
 * the fixture and on the grok corpus. The real Postfix's log gets the same check in
 * postfix.test.ts. Each check also reads the log through the pipeline (pipeline.ts: lines
 * scanned on one thread, counted in order on another, both ways round), with slots of three
 * lines — so that every message straddles slot boundaries — and with the default slots.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from '../../bench/maillog/generate.js';
import { type MailLogOptions, summarizeMailLog } from '../../src/maillog/index.js';
import { corpusDir, corpusSkip } from '../harness/corpus.js';

/**
 * Both paths' results as JSON — the fast path in a worker thread, the string path in this one —
 * asserts they are the same and returns it.
 */
async function same(paths: string[], options: MailLogOptions = {}): Promise<string> {
  const base = { now: Date.UTC(2026, 11, 7), utcOffsetMinutes: 540, keepUnparsed: 50, ...options };
  const fast = JSON.stringify(await summarizeMailLog(paths, { ...base, worker: true, parallel: false }));
  const slow = JSON.stringify(await summarizeMailLog(paths, { ...base, fastPath: false, worker: false }));
  assert.equal(fast, slow);
  // The pipeline — scanned on a worker thread of its own and counted here, or scanned here and
  // counted in the summary's worker thread — with slots so small that every message's lines
  // straddle a slot boundary (a few lines a slot), and with the default slots.
  const variants = [
    { worker: false, parallel: PIPELINE_TINY },
    { worker: true, parallel: PIPELINE_TINY },
    { worker: true, parallel: { minBytes: 0 } },
  ];
  for (const v of variants) {
    const piped = JSON.stringify(await summarizeMailLog(paths, { ...base, ...v }));
    assert.equal(piped, slow, `pipelined ${JSON.stringify(v)}`);
  }
  return fast;
}

/** Slots of 3 lines at most, of twice the line cap in bytes (the least the pipeline takes). */
const PIPELINE_TINY = { minBytes: 0, maxLines: 3, slotBytes: 1, slots: 2 };

const P = 'mx postfix';
/** Lines the fast path must read as the string path does, or hand back to it. */
const AWKWARD = [
  `Dec 31 23:59:58 ${P}/smtpd[1]: connect from c.example[192.0.2.1]`,
  `Dec 31 23:59:58 ${P}/smtpd[1]: 3A1B2C3D4E: client=c.example[192.0.2.1]`,
  `Dec 31 23:59:59 ${P}/cleanup[2]: 3A1B2C3D4E: message-id=<a@b>`,
  `Dec 31 23:59:59 ${P}/qmgr[3]: 3A1B2C3D4E: from=<Alice@Example.JP>, size=1234, nrcpt=2 (queue active)`,
  // New Year: the year moves on between two fast-path lines.
  `Jan  1 00:00:01 ${P}/smtp[4]: 3A1B2C3D4E: to=<Bob@Docomo.NE.JP>, orig_to=<bob@alias>, relay=mx[192.0.2.9]:25, conn_use=2, delay=1.5, delays=0.1/0/0.5/0.9, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F8E7D6C5B)`,
  `Jan  1 00:00:01 ${P}/smtp[4]: 3A1B2C3D4E: to=<c@ezweb.ne.jp>, relay=mx[192.0.2.9]:25, delay=2, dsn=4.7.1, status=deferred (host mx[192.0.2.9] said: 450 4.7.1 IP name lookup failed (in reply to RCPT TO command))`,
  `Jan  1 00:00:02 ${P}/smtp[4]: 3A1B2C3D4E: to=<c@ezweb.ne.jp>, relay=none, delay=3, status=deferred (connect to mx[192.0.2.9]:25: Connection timed out)`,
  // A content filter hands the message back: received again as 4B5C6D7E8F, delivered once.
  `Jan  1 00:00:03 ${P}/smtpd[5]: 4B5C6D7E8F: client=localhost[127.0.0.1]`,
  `Jan  1 00:00:03 ${P}/qmgr[3]: 4B5C6D7E8F: from=<alice@example.jp>, size=1300, nrcpt=1 (queue active)`,
  `Jan  1 00:00:04 ${P}/smtp[6]: 3A1B2C3D4E: to=<x@example.jp>, relay=127.0.0.1[127.0.0.1]:10024, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4B5C6D7E8F)`,
  `Jan  1 00:00:05 ${P}/local[7]: 4B5C6D7E8F: to=<x@example.jp>, relay=local, delay=0.2, delays=0.1/0/0/0.1, dsn=2.0.0, status=sent (forwarded as 5C6D7E8F9A)`,
  `Jan  1 00:00:05 ${P}/local[7]: 4B5C6D7E8F: to=<y@example.jp>, relay=local, delay=0.2, dsn=2.0.0, status=sent (delivered to mailbox)`,
  `Jan  1 00:00:06 ${P}/smtp[4]: 4B5C6D7E8F: to=<z@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.7]:25, delay=0.5, dsn=5.1.1, status=bounced (host said: 550 5.1.1 The email account that you tried to reach does not exist)`,
  `Jan  1 00:00:06 ${P}/smtp[4]: 4B5C6D7E8F: to=<z@gmail.com>, relay=x, delay=0.5, status=sent`,
  `Jan  1 00:00:06 ${P}/smtp[4]: 4B5C6D7E8F: to=<z@gmail.com>, relay=x, delay=0.5, status=sent ()`,
  `Jan  1 00:00:06 ${P}/smtp[4]: 4B5C6D7E8F: to=<z@gmail.com>, relay=x, delay=0.5, status=expired (gave up)`,
  `Jan  1 00:00:07 ${P}/qmgr[3]: 4B5C6D7E8F: removed`,
  `Jan  1 00:00:07 ${P}/qmgr[3]: 3A1B2C3D4E: removed`,
  // Not what the fast path reads: the string path decides.
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=x, delay=1.2.3, status=sent (ok)`,
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=x, delay=., status=sent (ok)`,
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=x, delay=1, status=Sent (ok)`,
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=x, delay=1, status=sent (no close`,
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=x, delay=1, status=sent (cr \r inside)`,
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=, delay=1, status=sent (ok)`,
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=x, delay=1, dsn=5.1, status=bounced (x)`,
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=x, delay=123456789012345678901, status=sent (x)`,
  `Jan  1 00:00:08 ${P}/smtp[4]: 6D7E8F9A0B: to=<a@b.c>, relay=x, delay=0.0000000000000001, status=sent (x)`,
  `Jan  1 00:00:09 ${P}/qmgr[3]: 6D7E8F9A0B: from=<a@b.c>, size=12345678901234567, nrcpt=1 (queue active)`,
  `Jan  1 00:00:09 ${P}/qmgr[3]: 6D7E8F9A0B: from=<a@b.c>, size=1, nrcpt= (queue active)`,
  `Jan  1 00:00:09 ${P}/qmgr[3]: 6D7E8F9A0B: from=<a@b.c>, size=77, nrcpt=1234567890123 (queue active)`,
  `Jan  1 00:00:09 ${P}/qmgr[3]: 6D7E8F9A0B: removed extra`,
  `Jan  1 00:00:09 ${P}/qmgr[3]: 6D7E8F9A0B: from=<>, status=expired, returned to sender`,
  `Jan  1 00:00:10 ${P}/pickup[8]: 7E8F9A0B1C: uid=1000 from=<carol>`,
  `Jan  1 00:00:10 ${P}/pickup[8]: 7E8F9A0B1C: sender=<carol>`,
  `Jan  1 00:00:10 ${P}/cleanup[2]: 7E8F9A0B1C: milter-reject: END-OF-MESSAGE from localhost[127.0.0.1]: 5.7.1 spam; from=<carol> to=<d@e.f>`,
  `Jan  1 00:00:10 ${P}/cleanup[2]: 7E8F9A0B1C: warning: header Subject: hi from localhost[127.0.0.1]; from=<carol> to=<d@e.f>`,
  `Jan  1 00:00:11 ${P}/smtpd[9]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: 550 5.1.1 <nobody@example.jp>: Recipient address rejected: User unknown in local recipient table; from=<spam@x.example> to=<nobody@example.jp> proto=ESMTP helo=<x>`,
  `Jan  1 00:00:11 ${P}/smtpd[9]: disconnect from unknown[203.0.113.5] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`,
  `Jan  1 00:00:11 ${P}/smtpd[9]: lost connection after CONNECT from unknown[203.0.113.6]`,
  `Jan  1 00:00:11 ${P}/smtpd[9]: warning: hostname x.example does not resolve to address 203.0.113.7`,
  `Jan  1 00:00:11 ${P}/postscreen[10]: PASS NEW [203.0.113.8]:4242`,
  `Jan  1 00:00:11 ${P}/postscreen[10]: 8F9A0B1C2D: client=[203.0.113.8]`,
  `Jan  1 00:00:12 mx postfix-out/smtp[11]: 8F9A0B1C2D: to=<o@outlook.com>, relay=o[192.0.2.3]:25, delay=1, dsn=2.0.0, status=sent (250 ok)`,
  `Jan  1 00:00:12 mx postfix/submission/smtpd[12]: 9A0B1C2D3E: client=u[192.0.2.4], sasl_method=PLAIN, sasl_username=u`,
  `Jan  1 00:00:12 mx postfix/smtpd: 0B1C2D3E4F: client=nopid[192.0.2.5]`,
  `Jan  1 00:00:12 mx postfix/smtpd[13] 0B1C2D3E4F: no colon after the pid`,
  `Jan  1 00:00:12 mx postfix/smtpd[13]:no space after the colon`,
  `Jan  1 00:00:12 mx dovecot: imap-login: Login: user=<u>`,
  `Jan  1 00:00:12 mx dovecot: imap-login: Login: user=<u>`,
  `Jan  1 00:00:12 mx sendmail[14]: x0A1B2C3D4E5F6: from=<s@example.jp>, size=100, class=0, nrcpts=1, msgid=<m@x>, relay=h [192.0.2.6]`,
  `Jan  1 00:00:12 mx sendmail[14]: x0A1B2C3D4E5F6: to=<r@example.jp>, delay=00:00:01, mailer=esmtp, pri=1, relay=r. [192.0.2.7], dsn=2.0.0, stat=Sent (ok)`,
  `Jan  1 00:00:13 ${P}/smtpd[1]: 4LbQWT0Qk4z2ZHp: client=long.example[192.0.2.8]`,
  `Jan  1 00:00:13 ${P}/qmgr[3]: 4LbQWT0Qk4z2ZHp: from=<l@example.jp>, size=10, nrcpt=1 (queue active)`,
  `Jan  1 00:00:13 ${P}/smtp[4]: 4LbQWT0Qk4z2ZHp: to=<l@example.jp>, relay=r[192.0.2.9]:25, delay=0.1, status=sent (250 queued as 4LbQWT0Qk4z2ZHp)`,
  `Jan  1 00:00:14 ${P}/smtpd[1]: warning: 日本語 の 警告 non-ASCII`,
  `Jan  1 00:00:14 ${P}/smtp[4]: 1C2D3E4F5A: to=<ユーザー@example.jp>, relay=r[192.0.2.9]:25, delay=0.1, status=bounced (550 5.1.1 ユーザーが見つかりません)`,
  `Jan  1 00:00:14.123 ${P}/smtp[4]: 1C2D3E4F5A: to=<f@example.jp>, relay=r, delay=0.1, status=sent (fractional stamp)`,
  `Jan 1 00:00:15 ${P}/smtp[4]: 1C2D3E4F5A: to=<g@example.jp>, relay=r, delay=0.1, status=sent (one-space day)`,
  `Feb 30 00:00:15 ${P}/smtp[4]: 1C2D3E4F5A: to=<h@example.jp>, relay=r, delay=0.1, status=sent (Feb 30)`,
  `Xyz  1 00:00:15 ${P}/smtp[4]: 1C2D3E4F5A: to=<i@example.jp>, relay=r, delay=0.1, status=sent (bad month)`,
  `2027-01-01T00:00:16.000000+09:00 ${P}/smtp[4]: 1C2D3E4F5A: to=<j@example.jp>, relay=r, delay=0.1, status=sent (RFC 3339)`,
  `Jan  1 00:00:17 ${P}/smtp[4]: 1C2D3E4F5A: to=<k@example.jp>, relay=r, delay=0.1, status=sent (after RFC 3339)`,
  `Jan  1 00:00:17 ${P}/smtp[4]: ${'A'.repeat(26)}: to=<k@example.jp>, relay=r, delay=1, status=sent (26 chars)`,
  `Jan  1 00:00:17 ${P}/smtp[4]: ABCD: to=<k@example.jp>, relay=r, delay=1, status=sent (4 chars)`,
  `Jan  1 00:00:17 ${P}/smtp[4]: ${'x'.repeat(300)}`,
  `Jan  1 00:00:17 ${P}/${'y'.repeat(140)}[4]: tag too long`,
  `Jan  1 00:00:17 ${'h'.repeat(300)} ${P}/smtp[4]: host too long`,
  // The stamp cache shared by both ways: a stamp the fast path worked out, then a New Year the
  // string way (non-ASCII) worked out, then the old stamp again — its year as the string way says.
  `Dec 31 23:59:59 ${P}/smtp[4]: 2D3E4F5A6B: to=<m@example.jp>, relay=r, delay=0.1, status=sent (ok)`,
  `Jan  1 00:00:00 ${P}/smtpd[1]: warning: 年が明けました`,
  `Dec 31 23:59:59 ${P}/smtp[4]: 2D3E4F5A6B: to=<n@example.jp>, relay=r, delay=0.1, status=sent (ok)`,
  `Jan  1 00:00:00 ${P}/smtp[4]: 2D3E4F5A6B: to=<o@example.jp>, relay=r, delay=0.1, status=sent (ok)`,
  '',
  'garbage that is no log line',
];

describe('fast path and string path agree', () => {
  let dir = '';
  let gen = '';
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-fastpath-'));
    gen = path.join(dir, 'generated.log');
    await generate(gen, 3 * 1024 * 1024);
    execFileSync('sh', ['-c', `gzip -1 -c '${gen}' > '${gen}.gz'`]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a generated log, plain and gzipped (lines across zlib chunks)', async () => {
    const plain = await same([gen]);
    const r = JSON.parse(plain);
    assert.ok(r.summary.totals.delivered > 1000, 'the log delivers mail');
    const gz = await same([`${gen}.gz`]);
    assert.deepEqual(JSON.parse(gz).summary, r.summary);
  });

  it('every awkward line, with LF and CRLF ends, cut lines, --since/--until', async () => {
    const lf = path.join(dir, 'awkward.log');
    const crlf = path.join(dir, 'awkward-crlf.log');
    // The awkward lines after 40 ordinary ones (an input's first 20 lines name its format and
    // always go the string way), and again at the end.
    const head = readFileSync(gen, 'utf8').split('\n').slice(0, 40);
    writeFileSync(lf, `${[...head, ...AWKWARD, ...AWKWARD].join('\n')}\n`);
    writeFileSync(crlf, [...head, ...AWKWARD].join('\r\n'));
    const r = JSON.parse(await same([lf]));
    assert.ok(r.summary.totals.reinjected >= 1, 'the content filter seen');
    assert.ok(r.summary.lines.unparsed > 0 && r.summary.lines.other > 0);
    await same([crlf]);
    await same([lf], { maxLineBytes: 200 });
    await same([lf, gen], {
      since: Date.UTC(2026, 10, 10, 6),
      until: Date.UTC(2026, 10, 12),
    });
  });

  it('RFC 3339 stamps (Debian), read the string way on the scanning thread', async () => {
    const rfc = path.join(dir, 'rfc3339.log');
    const months: Record<string, string> = { Nov: '11', Dec: '12' };
    const text = readFileSync(gen, 'utf8')
      .split('\n')
      .slice(0, 3000)
      .map((l) =>
        l.replace(
          /^(Nov|Dec) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d)/,
          (_m, mon: string, day: string, hms: string) =>
            `2026-${months[mon]}-${day.padStart(2, '0')}T${hms}.000000+09:00`,
        ),
      );
    // Both stamp styles in one file: the year of the traditional lines still inferred in order.
    writeFileSync(rfc, `${[...text, ...AWKWARD].join('\n')}\n`);
    const r = JSON.parse(await same([rfc]));
    assert.ok(r.summary.totals.delivered > 100);
  });

  it('a message whose lines straddle slot boundaries is joined as in one pass', async () => {
    const file = path.join(dir, 'straddle.log');
    const head = readFileSync(gen, 'utf8').split('\n').slice(0, 40);
    // The content filter's pair of queue ids over five slots of three lines (40 = 13 × 3 + 1).
    writeFileSync(file, `${[...head, ...AWKWARD.slice(0, 18)].join('\n')}\n`);
    const base = { now: Date.UTC(2026, 11, 7), utcOffsetMinutes: 540, worker: false };
    const slow = await summarizeMailLog([file], { ...base, fastPath: false });
    const piped = await summarizeMailLog([file], { ...base, parallel: PIPELINE_TINY });
    assert.deepEqual(piped.summary, slow.summary);
    const t = piped.summary.totals;
    // 3A1B2C3D4E (1234 bytes) handed to the filter, back as 4B5C6D7E8F: received once.
    assert.equal(t.reinjected, 1);
    const none = await summarizeMailLog([file], { ...base, parallel: false });
    assert.deepEqual(none.summary.totals, t);
  });

  it('the fixture log and the grok corpus', { skip: corpusSkip('postfix-grok-patterns') }, async () => {
    await same([path.join('test', 'fixtures', 'maillog', 'maillog')]);
    const grok = corpusDir('postfix-grok-patterns') as string;
    const lines: string[] = [];
    for (const f of readdirSync(path.join(grok, 'test')).sort())
      for (const m of readFileSync(path.join(grok, 'test', f), 'utf8').matchAll(/^data:\s*(.*)$/gm))
        lines.push(`Oct 26 18:13:50 mx postfix/smtpd[4242]: ${(m[1] as string).trim()}`);
    const file = path.join(dir, 'grok.log');
    writeFileSync(file, `${[...lines, ...lines].join('\n')}\n`);
    await same([file]);
  });
});
