import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NetdoctorError } from '../core/errors.js';
import { defaultDatabasePath, openDatabase } from './db.js';
import {
  type DayTuple,
  type DmarcRecordRow,
  type DmarcReportRow,
  foldDays,
  readPackedDays,
  SqliteDmarcHistory,
} from './dmarc-history.js';

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function rec(sourceIp: string, count: number, verdict: string): DmarcRecordRow {
  return {
    sourceIp,
    count,
    headerFrom: 'example.test',
    envelopeFrom: null,
    disposition: 'none',
    dkim: verdict,
    spf: verdict,
    authDkimJson: '[]',
    authSpfJson: '[]',
  };
}

function row(reportId: string, records: DmarcRecordRow[], begin = 1700000000): DmarcReportRow {
  return {
    reporter: 'reporter.example',
    reportId,
    reporterEmail: 'r@reporter.example',
    domain: 'example.test',
    begin,
    end: begin + 86399,
    policyP: 'none',
    policyJson: '{"p":"none"}',
    source: 'test',
    records,
  };
}

test('the default database lives under the XDG data directory', () => {
  assert.equal(
    defaultDatabasePath({ XDG_DATA_HOME: '/x/data', HOME: '/home/u' }),
    '/x/data/netdoctor/netdoctor.db',
  );
  assert.equal(defaultDatabasePath({ HOME: '/home/u' }), '/home/u/.local/share/netdoctor/netdoctor.db');
  assert.equal(
    defaultDatabasePath({ XDG_DATA_HOME: 'relative', HOME: '/home/u' }),
    '/home/u/.local/share/netdoctor/netdoctor.db',
  );
});

test('rows in, sums out: the store knows rows only', async () => {
  const h = new SqliteDmarcHistory(path.join(dir, 'rows.db'));
  try {
    assert.deepEqual(
      await h.save([row('1', [rec('192.0.2.1', 3, 'pass'), rec('192.0.2.2', 1, 'fail')]), row('1', [])]),
      { stored: 1, duplicates: 1 },
    );
    const s = await h.summary({});
    assert.deepEqual(s.domains, [
      { domain: 'example.test', reports: 1, messages: 4, dmarcPass: 3, dkimPass: 3, spfPass: 3 },
    ]);
  } finally {
    await h.close();
  }
});

test('history poisoning: a row with a count that is not a safe whole number, or an impossible period, is refused and nothing of its batch is stored', async () => {
  const h = new SqliteDmarcHistory(path.join(dir, 'poison.db'));
  try {
    const poisoned: DmarcReportRow[][] = [
      [row('ok', [rec('192.0.2.1', 1, 'fail')]), row('p1', [rec('192.0.2.9', 1e23, 'pass')])],
      [row('p2', [rec('192.0.2.9', 1.5, 'pass')])],
      [row('p3', [rec('192.0.2.9', -1, 'pass')])],
      [{ ...row('p4', [rec('192.0.2.9', 1, 'pass')]), end: 1 }],
    ];
    for (const batch of poisoned) {
      await assert.rejects(
        h.save(batch),
        (e: unknown) => e instanceof NetdoctorError && e.code === 'ND_STORE' && /refusing/.test(e.message),
      );
    }
    assert.deepEqual(await h.check(), { reports: 0, records: 0, incomplete: 0 });
  } finally {
    await h.close();
  }
});

test('the store imports no capability: src/store holds rows, not report types', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const offenders: string[] = [];
  for (const f of readdirSync(here).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(path.join(here, f), 'utf8');
    for (const m of text.matchAll(/from\s+['"](\.\.\/[^'"]+)['"]/g)) {
      if (!/^\.\.\/core\//.test(m[1] as string)) offenders.push(`${f} imports ${m[1]}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('a store poisoned before rows were checked is cleaned when opened: REAL and negative counts go, totals are recounted', async () => {
  const file = path.join(dir, 'old.db');
  const h = new SqliteDmarcHistory(file);
  await h.save([row('old', [rec('192.0.2.1', 10, 'fail'), rec('192.0.2.2', 5, 'pass')])]);
  await h.close();
  // What an older netdoctor stored for <count>99999999999999999999999</count>, and the migration not yet run.
  const db = openDatabase(file);
  db.prepare(
    "INSERT INTO dmarc_records SELECT report, '192.0.2.66', 1e23, header_from, NULL, disposition, 'pass', 'pass', '[]', '[]' FROM dmarc_records LIMIT 1",
  ).run();
  db.prepare("DELETE FROM netdoctor_migrations WHERE id = 'dmarc-2'").run();
  db.close();
  const again = new SqliteDmarcHistory(file);
  try {
    const s = await again.summary({});
    assert.deepEqual(s.domains, [
      { domain: 'example.test', reports: 1, messages: 15, dmarcPass: 5, dkimPass: 5, spfPass: 5 },
    ]);
    assert.deepEqual(await again.check(), { reports: 1, records: 2, incomplete: 0 });
  } finally {
    await again.close();
  }
});

test('PostgreSQL packed days read as the day rows do, in any order inside a domain, merged per local day, with the domain totals', () => {
  // Three domains; periods that start every 6 hours (four per UTC day), shuffled inside each
  // domain as an unordered string_agg may give them, domains out of order; one domain with none.
  const tuples: DayTuple[] = [];
  const domains = ['a.example', 'b.example', 'c.example'];
  for (const domain of domains)
    for (let k = 0; k < 40; k++) tuples.push([domain, 1735689600 + k * 21600, k + 1, k, k % 3, 2 ** 40 + k]);
  const packed: unknown[][] = domains.map((domain, d) => {
    const mine = tuples.filter((t) => t[0] === domain);
    if (d === 1) mine.reverse();
    if (d === 2) mine.push(...mine.splice(0, 17));
    // begin, reports, messages, dmarc, dkim, spf
    return [domain, mine.map((t) => [t[1], 2, t[2], t[3], t[4], t[5]].join(',')).join(';')];
  });
  packed.reverse();
  packed.push(['d.example', null]);
  const sum = (domain: string, i: number) =>
    tuples.filter((t) => t[0] === domain).reduce((a, t) => a + Number(t[i]), 0);
  for (const zone of ['UTC', 'Asia/Tokyo', 'America/New_York']) {
    const want = foldDays(tuples, zone);
    const got = readPackedDays(packed, zone);
    assert.deepEqual(got.days, want);
    // Four periods a day fold into one local day (Tokyo and New York split them differently).
    assert.ok(want.length < tuples.length && want.length >= 30, `${zone}: ${want.length} days`);
    assert.deepEqual(
      got.domains,
      domains.map((domain) => ({
        domain,
        reports: 80,
        messages: sum(domain, 2),
        dmarcPass: sum(domain, 3),
        dkimPass: sum(domain, 4),
        spfPass: sum(domain, 5),
      })),
    );
  }
  assert.deepEqual(readPackedDays([]), { days: [], domains: [] });
});
