/**
 * The conformance suite of the store: every test runs against each implementation of a history
 * (SQLite and PostgreSQL), and the two must give the same answers. A further history adds its
 * backends to `BACKENDS`-like factories here (see src/store/index.ts).
 *
 * PostgreSQL is Debian's, started once for this file by test/harness/postgres.ts (a temporary
 * data directory, 127.0.0.1 only); each test gets a fresh database.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { NetdoctorError } from '../../src/core/errors.js';
import {
  type DmarcRecordRow,
  type DmarcReportRow,
  SqliteDmarcHistory,
} from '../../src/store/dmarc-history.js';
import { PostgresDmarcHistory } from '../../src/store/dmarc-history-postgres.js';
import {
  copyStore,
  HISTORIES,
  migrateStore,
  openDmarcHistory,
  pendingMigrations,
} from '../../src/store/index.js';
import { openPostgres } from '../../src/store/postgres.js';
import { type PostgresServer, postgresSkip, startPostgres } from '../harness/postgres.js';

const skip = postgresSkip();
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-conformance-'));
let server: PostgresServer | undefined;
before(async () => {
  if (!skip) server = await startPostgres();
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Explaining = (SqliteDmarcHistory | PostgresDmarcHistory) & {
  explain(withDomain: boolean): string[] | Promise<string[]>;
};
let n = 0;
const BACKENDS: { name: string; skip: string | false; open(): Promise<Explaining> }[] = [
  { name: 'sqlite', skip: false, open: async () => new SqliteDmarcHistory(path.join(dir, `c${++n}.db`)) },
  {
    name: 'postgres',
    skip,
    open: async () => PostgresDmarcHistory.open(await (server as PostgresServer).createDatabase(`c${++n}`)),
  },
];

function rec(sourceIp: string, count: number, dkim: string, spf = dkim): DmarcRecordRow {
  return {
    sourceIp,
    count,
    headerFrom: 'example.test',
    envelopeFrom: null,
    disposition: 'none',
    dkim,
    spf,
    authDkimJson: '[{"domain":"example.test","result":"pass"}]',
    authSpfJson: '[]',
  };
}

const DAY = 86400;
const T0 = 1700006400; // 2023-11-15 00:00 UTC

function row(
  reportId: string,
  records: DmarcRecordRow[],
  o: { begin?: number; domain?: string; reporter?: string } = {},
): DmarcReportRow {
  const begin = o.begin ?? T0;
  return {
    reporter: o.reporter ?? 'google.com',
    reportId,
    reporterEmail: 'noreply-dmarc-support@google.com',
    domain: o.domain ?? 'example.test',
    begin,
    end: begin + DAY - 1,
    policyP: 'none',
    policyJson: '{"p":"none"}',
    source: `test!${reportId}`,
    records,
  };
}

/** A small history over three days, two domains, two reporters. */
function history(): DmarcReportRow[] {
  return [
    row('a1', [
      rec('192.0.2.1', 10, 'pass'),
      rec('192.0.2.2', 3, 'fail', 'pass'),
      rec('192.0.2.9', 2, 'fail'),
    ]),
    row('a2', [rec('192.0.2.1', 5, 'pass')], { begin: T0 + DAY }),
    row('b1', [rec('192.0.2.1', 7, 'pass', 'fail')], { reporter: 'yahoo.com' }),
    row('c1', [rec('198.51.100.7', 4, 'fail')], { domain: 'example.org', begin: T0 + 2 * DAY }),
    row('empty', [], { domain: 'example.net' }),
  ];
}

for (const b of BACKENDS) {
  test(`${b.name}: a report is stored once, however often and by however many batches it comes`, {
    skip: b.skip,
  }, async () => {
    const h = await b.open();
    try {
      const rows = history();
      assert.deepEqual(await h.save(rows), { stored: 5, duplicates: 0 });
      assert.deepEqual(
        await h.save([
          rows[0] as DmarcReportRow,
          rows[0] as DmarcReportRow,
          row('a3', [rec('192.0.2.1', 1, 'pass')]),
        ]),
        {
          stored: 1,
          duplicates: 2,
        },
      );
      assert.deepEqual(await h.check(), { reports: 6, records: 7, incomplete: 0 });
      assert.deepEqual(await h.save([]), { stored: 0, duplicates: 0 });
    } finally {
      await h.close();
    }
  });

  test(`${b.name}: sums per domain, per source and per day (from the roll-ups)`, {
    skip: b.skip,
  }, async () => {
    const h = await b.open();
    try {
      await h.save(history());
      const s = await h.summary({});
      assert.deepEqual(s.domains, [
        { domain: 'example.org', reports: 1, messages: 4, dmarcPass: 0, dkimPass: 0, spfPass: 0 },
        { domain: 'example.test', reports: 3, messages: 27, dmarcPass: 25, dkimPass: 22, spfPass: 18 },
      ]);
      assert.deepEqual(s.sources, [
        {
          domain: 'example.org',
          sourceIp: '198.51.100.7',
          messages: 4,
          dmarcPass: 0,
          dkimPass: 0,
          spfPass: 0,
        },
        {
          domain: 'example.test',
          sourceIp: '192.0.2.1',
          messages: 22,
          dmarcPass: 22,
          dkimPass: 22,
          spfPass: 15,
        },
        { domain: 'example.test', sourceIp: '192.0.2.2', messages: 3, dmarcPass: 3, dkimPass: 0, spfPass: 3 },
        { domain: 'example.test', sourceIp: '192.0.2.9', messages: 2, dmarcPass: 0, dkimPass: 0, spfPass: 0 },
      ]);
      assert.deepEqual(s.days, [
        { domain: 'example.org', day: '2023-11-17', messages: 4, dmarcPass: 0, dkimPass: 0, spfPass: 0 },
        { domain: 'example.test', day: '2023-11-15', messages: 22, dmarcPass: 20, dkimPass: 17, spfPass: 13 },
        { domain: 'example.test', day: '2023-11-16', messages: 5, dmarcPass: 5, dkimPass: 5, spfPass: 5 },
      ]);
      const one = await h.summary({ domain: 'EXAMPLE.TEST', since: T0 + DAY });
      assert.deepEqual(one.domains, [
        { domain: 'example.test', reports: 1, messages: 5, dmarcPass: 5, dkimPass: 5, spfPass: 5 },
      ]);
      assert.equal(one.sources.length, 1);
      assert.deepEqual((await h.summary({ domain: 'nowhere.test' })).domains, []);
    } finally {
      await h.close();
    }
  });

  test(`${b.name}: sums per reporter (from the stored reports), most messages first`, {
    skip: b.skip,
  }, async () => {
    const h = await b.open();
    try {
      assert.deepEqual(await h.reporters({}), [], 'an empty store has no reporters');
      await h.save(history());
      assert.deepEqual(await h.reporters({}), [
        { reporter: 'google.com', reports: 4, messages: 24, dmarcPass: 18, dkimPass: 15, spfPass: 18 },
        { reporter: 'yahoo.com', reports: 1, messages: 7, dmarcPass: 7, dkimPass: 7, spfPass: 0 },
      ]);
      assert.deepEqual(await h.reporters({ domain: 'EXAMPLE.TEST', since: T0 + DAY }), [
        { reporter: 'google.com', reports: 1, messages: 5, dmarcPass: 5, dkimPass: 5, spfPass: 5 },
      ]);
      // A report without records is a report of no messages.
      assert.deepEqual(await h.reporters({ domain: 'example.net' }), [
        { reporter: 'google.com', reports: 1, messages: 0, dmarcPass: 0, dkimPass: 0, spfPass: 0 },
      ]);
      assert.deepEqual(await h.reporters({ domain: 'nowhere.test' }), []);
      // Equal messages: the key decides, the same on both backends whatever their collation.
      await h.save([
        row('z1', [rec('192.0.2.1', 7, 'pass')], { reporter: 'Mail.RU'.toLowerCase() }),
        row('z2', [rec('192.0.2.1', 7, 'fail')], { reporter: '_dmarc reporter' }),
      ]);
      assert.deepEqual(
        (await h.reporters({})).map((r) => [r.reporter, r.messages]),
        [
          ['google.com', 24],
          ['_dmarc reporter', 7],
          ['mail.ru', 7],
          ['yahoo.com', 7],
        ],
      );
      // Pruned detail no longer counts here (the roll-ups keep the domain sums).
      await h.prune({ detailBefore: T0 + 2 * DAY });
      assert.deepEqual(await h.reporters({}), [
        { reporter: 'google.com', reports: 1, messages: 4, dmarcPass: 0, dkimPass: 0, spfPass: 0 },
      ]);
    } finally {
      await h.close();
    }
  });

  test(`${b.name}: a bad row refuses its whole batch, nothing stored`, { skip: b.skip }, async () => {
    const h = await b.open();
    try {
      const bad = row('bad', [rec('192.0.2.1', 1.5, 'pass')]);
      await assert.rejects(h.save([row('ok', [rec('192.0.2.1', 1, 'pass')]), bad]), (e: unknown) => {
        assert.ok(e instanceof NetdoctorError);
        assert.equal(e.code, 'ND_STORE');
        assert.match(e.oneLine('ja'), /保存しません/);
        return true;
      });
      const backwards = { ...row('back', []), end: T0 - 1 };
      await assert.rejects(h.save([backwards]), NetdoctorError);
      assert.deepEqual(await h.check(), { reports: 0, records: 0, incomplete: 0 });
    } finally {
      await h.close();
    }
  });

  test(`${b.name}: pages give back every report with its records, in order`, { skip: b.skip }, async () => {
    const h = await b.open();
    try {
      const rows = history();
      await h.save(rows);
      const got: DmarcReportRow[] = [];
      let after: number | undefined;
      let pages = 0;
      do {
        const p = await h.page(after, 2);
        got.push(...p.rows);
        after = p.next;
        pages++;
      } while (after !== undefined);
      assert.equal(pages, 3);
      const key = (r: DmarcReportRow) => `${r.reporter} ${r.reportId}`;
      assert.deepEqual(
        got.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b))),
        rows.map((r) => ({ ...r, records: [...r.records] })).sort((a, b) => key(a).localeCompare(key(b))),
      );
    } finally {
      await h.close();
    }
  });

  test(`${b.name}: retention in the database — detail goes, the roll-ups keep the sums until their own cut-off`, {
    skip: b.skip,
  }, async () => {
    const h = await b.open();
    try {
      await h.save(history());
      const before = await h.summary({});
      assert.deepEqual(await h.prune({ detailBefore: T0 + 2 * DAY }), { reports: 4, rollups: 0 });
      assert.deepEqual(await h.check(), { reports: 1, records: 1, incomplete: 0 });
      assert.deepEqual(await h.summary({}), before, 'the sums outlive the detail rows');
      // A pruned report that comes again is stored again (its detail was gone) and counted again:
      // retention is for periods older than any report still arriving.
      const r = await h.prune({ rollupBefore: T0 + DAY });
      assert.equal(r.reports, 0);
      assert.equal(r.rollups, 1 + 3); // one day row and three source rows of example.test on day 1 … plus example.net has no rows
      assert.deepEqual(
        (await h.summary({})).days.map((d) => d.day),
        ['2023-11-17', '2023-11-16'],
      );
    } finally {
      await h.close();
    }
  });

  test(`${b.name}: the summary queries use an index and never read the record rows (EXPLAIN)`, {
    skip: b.skip,
  }, async () => {
    const h = await b.open();
    try {
      await h.save(history());
      for (const withDomain of [true, false]) {
        const plans = await h.explain(withDomain);
        // SQLite: domains, sources (months, days), days; PostgreSQL reads domains and days in one.
        assert.equal(plans.length, b.name === 'sqlite' ? 4 : 3);
        for (const plan of plans) {
          assert.doesNotMatch(plan, /dmarc_records|dmarc_reports/, plan);
          // With a domain: a range of the roll-up's primary key (domain, begin_ts). Without: the
          // begin_ts index, or (SQLite, whose planner prefers the domain order of GROUP BY) a scan
          // of the roll-up alone, which is the answer's own size, never of the records.
          if (b.name === 'sqlite') {
            const reads = plan.split('\n').filter((l) => /^(SCAN|SEARCH) dmarc_/.test(l));
            assert.ok(reads.length > 0, plan);
            for (const l of reads)
              assert.match(
                l,
                withDomain
                  ? /^SEARCH dmarc_\w+ USING (PRIMARY KEY \(domain=\? AND (begin|month)_ts>\?|COVERING INDEX dmarc_sources_month_cover \(domain=\?)/
                  : /^(SEARCH dmarc_\w+ USING (INDEX|PRIMARY KEY) .*(begin|month)_ts>\?|SCAN dmarc_(days|sources|sources_month)$|SCAN dmarc_sources_month USING COVERING INDEX dmarc_sources_month_cover$)/,
                plan,
              );
          } else {
            assert.match(
              plan,
              /(Index (Only )?Scan using|Bitmap Index Scan on) dmarc_(days|sources|sources_month)_(pkey|begin|cover|month)/,
              plan,
            );
            assert.doesNotMatch(plan, /Seq Scan/, plan);
            if (withDomain) assert.match(plan, /Index Cond: \(\(domain = /, plan);
          }
        }
      }
    } finally {
      await h.close();
    }
  });
}

test('both stores give the same answers for the same reports, and db copy moves SQLite into PostgreSQL exactly', {
  skip,
}, async () => {
  const file = path.join(dir, 'copy.db');
  const sqlite = new SqliteDmarcHistory(file);
  const rows = history();
  for (let i = 0; i < 700; i++)
    rows.push(
      row(`g${i}`, [rec(`203.0.113.${i % 50}`, 1 + (i % 9), i % 3 ? 'pass' : 'fail')], {
        begin: T0 + (i % 40) * DAY,
        domain: `d${i % 13}.test`,
      }),
    );
  await sqlite.save(rows);
  const expected = await sqlite.summary({});
  const expectedReporters = await sqlite.reporters({});
  await sqlite.close();
  const url = await (server as PostgresServer).createDatabase('copy');
  const copied = await copyStore(file, url, { pageSize: 128 });
  const dmarcOf = (r: Awaited<ReturnType<typeof copyStore>>) => r.filter((x) => x.history === 'dmarc');
  assert.deepEqual(dmarcOf(copied), [
    { history: 'dmarc', read: rows.length, stored: rows.length, duplicates: 0 },
  ]);
  // Again: idempotent, so an interrupted copy is finished by running it again.
  assert.deepEqual(dmarcOf(await copyStore(file, url)), [
    { history: 'dmarc', read: rows.length, stored: 0, duplicates: rows.length },
  ]);
  const pg = await openDmarcHistory(url);
  try {
    assert.deepEqual(await pg.summary({}), expected);
    assert.deepEqual(await pg.reporters({}), expectedReporters);
    assert.deepEqual(
      await pg.summary({ domain: 'd3.test', since: T0 + 10 * DAY }),
      await (async () => {
        const s = new SqliteDmarcHistory(file);
        try {
          return await s.summary({ domain: 'd3.test', since: T0 + 10 * DAY });
        } finally {
          await s.close();
        }
      })(),
    );
    assert.deepEqual(await pg.check(), { reports: rows.length, records: 706, incomplete: 0 });
  } finally {
    await pg.close();
  }
  await assert.rejects(
    copyStore(file, file),
    (e: unknown) => e instanceof NetdoctorError && e.code === 'ND_USAGE',
  );
  await assert.rejects(
    copyStore(path.join(dir, 'none.db'), url),
    (e: unknown) => e instanceof NetdoctorError && e.code === 'ND_INPUT_UNREADABLE',
  );
});

test('postgres: migrations from eight processes-worth of openers at once apply each version once (advisory lock); dry run changes nothing', {
  skip,
}, async () => {
  const url = await (server as PostgresServer).createDatabase('migrate');
  const dry = await pendingMigrations(url);
  assert.deepEqual(
    dry.map((m) => `${m.history}/${m.id}`),
    [
      'dmarc/dmarc-1',
      'dmarc/dmarc-2',
      'dmarc/dmarc-sources-cover',
      'monitor/monitor-1',
      'monitor/monitor-notifications',
      'lan/lan-1',
      'doctor/doctor-1',
    ],
  );
  assert.deepEqual((await pendingMigrations(url)).length, 7, 'the dry run applied nothing');
  await Promise.all(Array.from({ length: 8 }, () => migrateStore(url)));
  const store = await openPostgres(url);
  try {
    const rows = await store.query<{ id: string }>('SELECT id FROM netdoctor_migrations ORDER BY id');
    assert.deepEqual(
      rows.map((r) => r.id),
      [...HISTORIES.flatMap((h) => h.postgres.map((m) => m.id))].sort(),
    );
  } finally {
    await store.close();
  }
  assert.deepEqual(await pendingMigrations(url), []);
  // SQLite: a file not there yet has every migration pending, and the dry run does not create it.
  const file = path.join(dir, 'not-yet.db');
  const all = HISTORIES.reduce((n, h) => n + h.sqlite.length, 0);
  assert.equal((await pendingMigrations(file)).length, all);
  assert.equal((await pendingMigrations(file)).length, all, 'the dry run applied nothing');
});

test('postgres: an unreachable server is one ND_STORE error naming the URL without its password', {
  skip,
}, async () => {
  await assert.rejects(
    openDmarcHistory('postgres://netdoctor:secret@127.0.0.1:1/netdoctor', { retryForMs: 300 }),
    (e: unknown) => {
      assert.ok(e instanceof NetdoctorError);
      assert.equal(e.code, 'ND_STORE');
      assert.doesNotMatch(`${e.message} ${e.input}`, /secret/);
      assert.match(e.input ?? '', /netdoctor:\*\*\*@127\.0\.0\.1:1/);
      assert.match(e.oneLine('ja'), /PostgreSQL/);
      return true;
    },
  );
});
