/**
 * `mail log --csv` and `--chart`: their shape, and numbers equal to what `--json` says of the
 * same log (a two-day log with deliveries, a deferral, a bounce and a reject).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-maillog-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const LOG = `${[
  'Dec  5 22:10:00 mx postfix/smtpd[1]: 1A2B3C4D5E: client=a.example[192.0.2.1]',
  'Dec  5 22:10:00 mx postfix/qmgr[3]: 1A2B3C4D5E: from=<alice@example.jp>, size=1000, nrcpt=2 (queue active)',
  'Dec  5 22:10:01 mx postfix/smtp[4]: 1A2B3C4D5E: to=<bob@example.net>, relay=mx.example.net[192.0.2.2]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 ok)',
  'Dec  5 22:10:02 mx postfix/smtp[4]: 1A2B3C4D5E: to=<carol@docomo.ne.jp>, relay=mx.docomo.ne.jp[192.0.2.3]:25, delay=2, delays=0/0/1/1, dsn=4.7.1, status=deferred (host mx.docomo.ne.jp[192.0.2.3] said: 450 4.7.1 Access denied. IP name lookup failed [198.51.100.3] (in reply to RCPT TO command))',
  'Dec  6 01:00:00 mx postfix/smtp[4]: 1A2B3C4D5E: to=<carol@docomo.ne.jp>, relay=mx.docomo.ne.jp[192.0.2.3]:25, delay=9840, delays=9838/0/1/1, dsn=2.0.0, status=sent (250 ok)',
  'Dec  6 01:00:00 mx postfix/qmgr[3]: 1A2B3C4D5E: removed',
  'Dec  6 01:30:00 mx postfix/pickup[5]: 2B3C4D5E6F: uid=1000 from=<alice>',
  'Dec  6 01:30:00 mx postfix/qmgr[3]: 2B3C4D5E6F: from=<alice@example.jp>, size=2000, nrcpt=1 (queue active)',
  'Dec  6 01:30:01 mx postfix/smtp[4]: 2B3C4D5E6F: to=<nobody@example.net>, relay=mx.example.net[192.0.2.2]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.2] said: 550 5.1.1 <nobody@example.net>: User unknown (in reply to RCPT TO command))',
  'Dec  6 01:30:01 mx postfix/qmgr[3]: 2B3C4D5E6F: removed',
  'Dec  6 02:00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from b.example[192.0.2.9]: 554 5.7.1 <x@example.org>: Relay access denied; from=<s@example.com> to=<x@example.org> proto=ESMTP helo=<b>',
].join('\n')}\n`;

/** RFC 4180 fields of one line (quotes doubled inside quoted fields). */
function csvRow(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (line[q + 1] === '"') {
          v += `${line.slice(i, q)}"`;
          i = q + 2;
        } else {
          v += line.slice(i, q);
          i = q + 2;
          break;
        }
      }
      out.push(v);
    } else {
      const c = line.indexOf(',', i);
      out.push(line.slice(i, c < 0 ? undefined : c));
      i = c < 0 ? line.length + 1 : c + 1;
    }
  }
  return out;
}

async function json() {
  const j = await runCliCaptured(['mail', 'log', '-', '--json'], { stdin: LOG });
  assert.ok(j.status === 0 || j.status === 1, j.err);
  return JSON.parse(j.out).summary;
}

test('--csv: one header, then total, day, hour, domain and reason rows with the numbers of --json', async () => {
  const s = await json();
  const r = await runCliCaptured(['mail', 'log', '-', '--csv'], { stdin: LOG });
  assert.ok(r.status === 0 || r.status === 1, r.err);
  const lines = r.out.trimEnd().split('\n');
  const rows = lines.map(csvRow);
  assert.deepEqual(rows[0], [
    'table',
    'key',
    'received',
    'delivered',
    'deferred',
    'bounced',
    'rejected',
    'bytes',
    'avg_delay',
    'max_delay',
  ]);
  for (const row of rows) assert.equal(row.length, 10, row.join(','));
  const of = (table: string) => rows.filter((x) => x[0] === table);
  const t = s.totals;
  assert.deepEqual(of('total')[0]?.slice(2, 8).map(Number), [
    t.received,
    t.delivered,
    t.deferrals,
    t.bounced,
    t.rejected,
    t.bytesDelivered,
  ]);
  assert.deepEqual([t.received, t.delivered, t.deferrals, t.bounced, t.rejected], [2, 2, 1, 1, 1]);
  const five = (x: Record<string, number>) => [x.received, x.delivered, x.deferred, x.bounced, x.rejected];
  assert.deepEqual(
    of('day').map((x) => [x[1], ...x.slice(2, 7).map(Number)]),
    s.perDay.map((d: Record<string, number> & { day: string }) => [d.day, ...five(d)]),
  );
  assert.deepEqual(
    of('day').map((x) => x[1]),
    ['2026-12-05', '2026-12-06'],
  );
  assert.deepEqual(
    of('hour').map((x) => [x[1], ...x.slice(2, 7).map(Number)]),
    s.perHour.map((h: Record<string, number> & { hour: string }) => [h.hour, ...five(h)]),
  );
  assert.deepEqual(
    of('domain').map((x) => [x[1], Number(x[3]), Number(x[4]), Number(x[5]), Number(x[7]), Number(x[9])]),
    s.domains.map((d: Record<string, number> & { domain: string }) => [
      d.domain,
      d.delivered,
      d.deferrals,
      d.bounced,
      d.bytes,
      d.maxDelay,
    ]),
  );
  assert.deepEqual(
    of('deferred-reason').map((x) => [x[1], Number(x[4])]),
    [['rdns-missing docomo.ne.jp', 1]],
  );
  assert.deepEqual(
    of('bounced-reason').map((x) => [x[1], Number(x[5])]),
    [['user-unknown example.net', 1]],
  );
});

test('--chart: an SVG with one series per column, each hour of the log, the numbers of --json', async () => {
  const s = await json();
  const file = path.join(dir, 'mail.svg');
  const r = await runCliCaptured(['mail', 'log', '-', '--chart', file], { stdin: LOG });
  assert.ok(r.status === 0 || r.status === 1, r.err);
  const svg = readFileSync(file, 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*viewBox="0 0 900 320"/);
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  assert.doesNotMatch(svg, /<script/i);
  const lines = [
    ...svg.matchAll(/<polyline [^>]*data-series="(\w+)" data-values="([\d,]*)" points="([^"]*)"/g),
  ];
  assert.deepEqual(
    lines.map((m) => m[1]),
    ['received', 'delivered', 'deferred', 'bounced', 'rejected'],
  );
  // The hours Dec 5 22h to Dec 6 02h that have mail: one point each, the numbers of --json.
  const hours = s.perHour as ({ hour: string } & Record<
    'received' | 'delivered' | 'deferred' | 'bounced' | 'rejected',
    number
  >)[];
  assert.deepEqual(
    hours.map((h) => h.hour),
    ['2026-12-05T22', '2026-12-06T01', '2026-12-06T02'],
  );
  const max = Math.max(...hours.flatMap((h) => [h.received, h.delivered, h.deferred, h.bounced, h.rejected]));
  for (const m of lines) {
    const key = m[1] as string;
    const values = (m[2] as string).split(',').map(Number);
    assert.deepEqual(
      values,
      hours.map((h) => h[key as 'received']),
      key,
    );
    // And the line is drawn at those heights: y = 280 - v × 250 / max.
    const ys = (m[3] as string).split(' ').map((p) => Number(p.split(',')[1]));
    assert.deepEqual(
      ys,
      values.map((v) => Number((280 - (v * 250) / max).toFixed(1))),
      key,
    );
  }
  assert.match(svg, /<text [^>]*>2026-12-05 22h<\/text>/);
  assert.match(svg, new RegExp(`<text [^>]*text-anchor="end">${max}</text>`));
});
