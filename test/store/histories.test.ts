/**
 * The store's conformance suite for the monitor and LAN histories: every test runs against the
 * SQLite and the PostgreSQL implementation and they must give the same answers; `db copy` moves
 * every history both ways, idempotently; several writer processes into one PostgreSQL, restarted
 * in the middle, store every result once with exact roll-ups; and the CLI writes and reads both
 * histories in PostgreSQL (`monitor once`/`status`, `lan watch --db`/`lan events`).
 *
 * PostgreSQL is Debian's, started once for this file by test/harness/postgres.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  copyStore,
  type LanEventRow,
  type LanHistory,
  type MonitorHistory,
  type MonitorResultRow,
  openDoctorHistory,
  openLanHistory,
  openMonitorHistory,
} from '../../src/store/index.js';
import { type NotificationRow, RETENTION_DEFAULTS } from '../../src/store/monitor-history.js';
import { PostgresMonitorHistory } from '../../src/store/monitor-history-postgres.js';
import { arpFrame, pcapOf } from '../harness/arp-pcap.js';
import { runCliCaptured } from '../harness/cli.js';
import { type PostgresServer, postgresSkip, startPostgres } from '../harness/postgres.js';

const skip = postgresSkip();
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-histories-'));
let server: PostgresServer | undefined;
before(async () => {
  if (!skip) server = await startPostgres();
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const store = async (backend: string) =>
  backend === 'sqlite' ? path.join(dir, `h${++n}.db`) : (server as PostgresServer).createDatabase(`h${++n}`);
const BACKENDS = [
  { name: 'sqlite', skip: false as const },
  { name: 'postgres', skip },
];

const T0 = 1_767_225_600_000; // 2026-01-01 00:00 UTC, ms
function results(count: number, o: { checks?: number; start?: number } = {}): MonitorResultRow[] {
  return Array.from({ length: count }, (_, i) => ({
    check: `check-${i % (o.checks ?? 3)}`,
    ts: (o.start ?? T0) + i * 20_000,
    state: i % 11 === 0 ? 'critical' : i % 13 === 0 ? 'warning' : 'ok',
    durationMs: (i * 7) % 300,
    finding: i % 11 === 0 ? 'monitor.connect.refused' : 'monitor.ok',
  }));
}

function events(count: number): LanEventRow[] {
  const kinds = ['new-station', 'unknown-mac', 'changed-ethernet', 'duplicate-ip'];
  return Array.from({ length: count }, (_, i) => ({
    site: i % 2 ? 'office' : 'school',
    iface: 'eth0',
    time: 1_767_225_600 + i * 30.125,
    kind: kinds[i % kinds.length] as string,
    ip: `192.168.1.${i % 200}`,
    mac: `00:16:3e:00:${(i % 256).toString(16).padStart(2, '0')}:01`,
    ...(i % 4 === 2 ? { oldMac: '00:16:3e:00:00:99' } : {}),
    ...(i % 5 === 0 ? { name: `host-${i}` } : {}),
  }));
}

/** Everything a history answers, in one comparable value. */
async function monitorView(h: MonitorHistory) {
  return {
    latest: await h.latest(),
    minute: await h.rollups('minute', 0),
    hour: await h.rollups('hour', 0),
    day: await h.rollups('day', 0),
    one: await h.rollups('hour', T0 + 3_600_000, 'check-1'),
    states: [...(await h.loadStates())].sort(),
    notifications: await h.notifications(0, { limit: 10_000 }),
  };
}

/** Deliveries of `count` announcements, each by two notifiers; every 5th one failed. */
function notifications(count: number): NotificationRow[] {
  return Array.from({ length: count }, (_, i) =>
    ['slack', 'ops-mail'].map(
      (notifier): NotificationRow => ({
        id: `check-${i % 4}-${i % 2 ? 'UP' : 'DOWN'}-${T0 + i * 60_000}`,
        notifier,
        check: `check-${i % 4}`,
        ts: T0 + i * 60_000,
        event: i % 2 ? 'up' : 'down',
        status: i % 2 ? 'UP' : 'DOWN',
        title: i % 2 ? `check-${i % 4} is up again` : `check-${i % 4} is down (接続拒否)`,
        outcome: i % 5 === 0 && notifier === 'slack' ? 'failed' : 'sent',
        attempts: i % 5 === 0 && notifier === 'slack' ? 3 : 1,
      }),
    ),
  ).flat();
}

async function lanView(h: LanHistory) {
  return {
    all: await h.events({ limit: 10_000 }),
    unknown: await h.events({ kind: 'unknown-mac', since: 1_767_225_600 + 600, limit: 5 }),
    office: await h.events({ site: 'office', until: 1_767_225_600 + 900 }),
    counts: await h.counts(0),
    countsOffice: await h.counts(1_767_225_600 + 300, 'office'),
  };
}

const views: Record<string, { monitor?: unknown; lan?: unknown }> = {};

for (const b of BACKENDS) {
  test(`${b.name}: notifications are kept once per announcement and notifier, newest first, and pruned`, {
    skip: b.skip,
  }, async () => {
    const h = await openMonitorHistory(await store(b.name));
    try {
      assert.deepEqual(await h.notifications(0), [], 'none yet');
      const rows = notifications(30);
      for (const r of rows) assert.equal(await h.saveNotification(r), true);
      // The same delivery recorded again (a restarted monitor, a retried write) changes nothing.
      assert.equal(await h.saveNotification(rows[3] as NotificationRow), false);
      assert.equal(await h.saveNotification({ ...(rows[3] as NotificationRow), outcome: 'failed' }), false);
      const all = await h.notifications(0, { limit: 1000 });
      assert.equal(all.length, 60);
      assert.deepEqual(all[0], rows.at(-1), 'newest first; ops-mail before slack');
      assert.deepEqual(
        all.map((r) => r.ts),
        [...all.map((r) => r.ts)].sort((x, y) => y - x),
      );
      assert.deepEqual(
        all.filter((r) => r.outcome === 'failed').map((r) => r.attempts),
        [3, 3, 3, 3, 3, 3],
      );
      const recent = await h.notifications(T0 + 20 * 60_000, { check: 'check-1', limit: 2 });
      assert.deepEqual(
        recent.map((r) => [r.check, r.ts, r.notifier]),
        [
          ['check-1', T0 + 29 * 60_000, 'ops-mail'],
          ['check-1', T0 + 29 * 60_000, 'slack'],
        ],
      );
      assert.match(all.find((r) => r.status === 'DOWN')?.title ?? '', /接続拒否/);
      // Notifications live as long as the day roll-ups.
      await h.prune(T0 + 10 * 60_000 + RETENTION_DEFAULTS.dayMs);
      assert.equal((await h.notifications(0, { limit: 1000 })).length, 40);
    } finally {
      await h.close();
    }
  });

  test(`${b.name}: monitor results are kept once and rolled up exactly, however often a batch is saved`, {
    skip: b.skip,
  }, async () => {
    const h = await openMonitorHistory(await store(b.name));
    try {
      const rows = results(600);
      await h.save(rows.slice(0, 400));
      await h.save(rows.slice(200)); // overlaps: rows 200–399 come twice
      await h.save(rows.slice(100, 150)); // and again
      const day = await h.rollups('day', 0);
      const total = day.reduce((s, r) => s + r.count, 0);
      assert.equal(total, 600, 'every result counted once');
      const crit = day.reduce((s, r) => s + r.critical, 0);
      assert.equal(crit, rows.filter((r) => r.state === 'critical').length);
      const minute = await h.rollups('minute', 0, 'check-0');
      assert.equal(
        minute.reduce((s, r) => s + r.count, 0),
        200,
      );
      const m0 = minute[0];
      assert.ok(m0);
      // check-0 at T0, T0+60 s …: one result per minute bucket; its avg and max are its time.
      assert.equal(m0.bucket, T0);
      assert.equal(m0.count, 1);
      assert.equal(m0.maxMs, 0);
      const latest = await h.latest();
      assert.deepEqual(
        latest.map((r) => [r.check, r.ts]),
        [
          ['check-0', T0 + 597 * 20_000],
          ['check-1', T0 + 598 * 20_000],
          ['check-2', T0 + 599 * 20_000],
        ],
      );
      await h.saveState('check-0', '{"status":"UP"}');
      await h.saveState('check-0', '{"status":"DOWN"}');
      await h.saveState('check-1', '{"status":"UP"}');
      assert.deepEqual([...(await h.loadStates())].sort(), [
        ['check-0', '{"status":"DOWN"}'],
        ['check-1', '{"status":"UP"}'],
      ]);
      views[b.name] = { ...views[b.name], monitor: await monitorView(h) };
      // Retention in the database: raw results past their time go, roll-ups stay to their own.
      const now = T0 + 600 * 20_000;
      const removed = await h.prune(now, {
        rawMs: 3_600_000,
        minuteMs: 7_200_000,
        hourMs: 86_400_000,
        dayMs: 864e6,
      });
      assert.ok(removed > 0);
      assert.equal(
        (await h.rollups('day', 0)).reduce((s, r) => s + r.count, 0),
        600,
        'day roll-ups kept',
      );
      assert.ok((await h.rollups('minute', 0)).every((r) => r.bucket >= now - 7_200_000));
      assert.ok((await h.latest()).every((r) => r.ts >= now - 3_600_000));
    } finally {
      await h.close();
    }
  });

  test(`${b.name}: LAN events are kept once, filtered, counted and pruned in the database`, {
    skip: b.skip,
  }, async () => {
    const h = await openLanHistory(await store(b.name));
    try {
      const list = events(120);
      assert.deepEqual(await h.save(list.slice(0, 80)), { stored: 80, duplicates: 0 });
      assert.deepEqual(await h.save(list.slice(40)), { stored: 40, duplicates: 40 });
      const all = await h.events({ limit: 1000 });
      assert.equal(all.length, 120);
      assert.deepEqual(all[0], list[119], 'newest first, every field back as it went in');
      assert.equal(all.at(-1)?.time, list[0]?.time);
      const unknown = await h.events({ kind: 'unknown-mac' });
      assert.equal(unknown.length, 30);
      assert.ok(unknown.every((e) => e.kind === 'unknown-mac'));
      assert.deepEqual(
        (await h.counts(0)).map((c) => [c.kind, c.count]),
        [
          ['changed-ethernet', 30],
          ['duplicate-ip', 30],
          ['new-station', 30],
          ['unknown-mac', 30],
        ],
      );
      views[b.name] = { ...views[b.name], lan: await lanView(h) };
      assert.equal(await h.prune(1_767_225_600 + 60 * 30.125), 60);
      assert.equal((await h.events({ limit: 1000 })).length, 60);
    } finally {
      await h.close();
    }
  });
}

test('SQLite and PostgreSQL give the same answers for the same monitor results and LAN events', {
  skip,
}, () => {
  assert.ok(views.sqlite?.monitor && views.postgres?.monitor && views.sqlite.lan && views.postgres.lan);
  assert.deepEqual(views.postgres.monitor, views.sqlite.monitor);
  assert.deepEqual(views.postgres.lan, views.sqlite.lan);
});

test('db copy moves the monitor and LAN histories SQLite → PostgreSQL → SQLite exactly, and again changes nothing', {
  skip,
}, async () => {
  const file = path.join(dir, 'copy-from.db');
  const m = await openMonitorHistory(file);
  await m.save(results(900, { checks: 7 }));
  await m.saveState('check-3', '{"status":"DOWN"}');
  for (const r of notifications(120)) await m.saveNotification(r); // 240 rows: pages of 100 and 64
  const expected = await monitorView(m);
  await m.close();
  const l = await openLanHistory(file);
  await l.save(events(333));
  const expectedLan = await lanView(l);
  await l.close();

  const url = await (server as PostgresServer).createDatabase('copyall');
  const first = await copyStore(file, url, { pageSize: 100 });
  const of = (name: string, r: typeof first) => r.find((x) => x.history === name);
  assert.equal(of('lan', first)?.stored, 333);
  assert.equal(of('monitor', first)?.duplicates, 0);
  assert.ok((of('monitor', first)?.read ?? 0) > 900, 'results, roll-ups and states');
  const again = await copyStore(file, url, { pageSize: 100 });
  assert.equal(of('lan', again)?.stored, 0);
  assert.equal(of('lan', again)?.duplicates, 333);

  const back = path.join(dir, 'copy-back.db');
  await copyStore(url, back, { pageSize: 64 });
  for (const target of [url, back]) {
    const mh = await openMonitorHistory(target);
    try {
      assert.deepEqual(await monitorView(mh), expected, target);
    } finally {
      await mh.close();
    }
    const lh = await openLanHistory(target);
    try {
      assert.deepEqual(await lanView(lh), expectedLan, target);
    } finally {
      await lh.close();
    }
  }
});

test('postgres: the monitor queries use an index (EXPLAIN), never a scan of the results', {
  skip,
}, async () => {
  const h = (await openMonitorHistory(await store('postgres'))) as PostgresMonitorHistory;
  try {
    await h.save(results(3000, { checks: 50 }));
    await h.store.query('ANALYZE');
    const plan = async (sql: string, params: unknown[]) =>
      (await h.store.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    await h.store.query('SET enable_seqscan = off');
    const rollups = await plan(
      'SELECT * FROM monitor_rollups WHERE period = $1 AND bucket >= $2 ORDER BY check_name, bucket',
      [2, T0],
    );
    assert.match(rollups, /Index (Only )?Scan|Bitmap Index Scan/, rollups);
    const one = await plan(
      'SELECT * FROM monitor_rollups WHERE check_name = $3 AND period = $1 AND bucket >= $2 ORDER BY bucket',
      [2, T0, 'check-1'],
    );
    assert.match(one, /Index Cond: \(\(check_name = /, one);
  } finally {
    await h.close();
  }
});

test('postgres: four writer processes with overlapping batches, server restarted mid-way — every result once, roll-ups exact', {
  skip,
  timeout: 300_000,
}, async () => {
  const url = await (server as PostgresServer).createDatabase('monwriters');
  const WRITER = fileURLToPath(new URL('./monitor-writer.ts', import.meta.url));
  const BATCHES = 40;
  const SIZE = 150;
  const runs = Array.from({ length: 4 }, (_, k) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WRITER, url, String(k), String(BATCHES), String(SIZE), String(T0)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    return new Promise<{ status: number | null; out: string; err: string }>((resolve) =>
      child.on('close', (status) => resolve({ status, out, err })),
    );
  });
  // Restart once some batches are in.
  const probe = await PostgresMonitorHistory.open(url, { retryForMs: 120_000 });
  let seen = 0;
  for (let t = 0; t < 3000 && seen < 2000; t++) {
    await sleep(20);
    seen = Number(
      (await probe.store.query<{ n: string }>('SELECT count(*) AS n FROM monitor_results'))[0]?.n ?? 0,
    );
  }
  await probe.close();
  await (server as PostgresServer).restart(800);
  const done = await Promise.all(runs);
  for (const r of done) {
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out.trim(), String(BATCHES));
  }
  const h = await openMonitorHistory(url);
  try {
    const distinct = 4 * BATCHES * SIZE;
    const day = await h.rollups('day', 0);
    assert.equal(
      day.reduce((s, r) => s + r.count, 0),
      distinct,
      'each result counted once in the roll-ups',
    );
    const minute = await h.rollups('minute', 0);
    assert.equal(
      minute.reduce((s, r) => s + r.count, 0),
      distinct,
    );
    const perSlotCritical = Array.from({ length: BATCHES * SIZE }, (_, i) => i).filter(
      (i) => i % 7 === 0,
    ).length;
    assert.equal(
      day.reduce((s, r) => s + r.critical, 0),
      4 * perSlotCritical,
    );
    const stored = (h as PostgresMonitorHistory).store;
    const count = await stored.query<{ n: string }>('SELECT count(*) AS n FROM monitor_results');
    assert.equal(Number(count[0]?.n), distinct);
  } finally {
    await h.close();
  }
});

test('CLI on PostgreSQL: monitor once/status, lan watch --db/lan events (the same capture twice stores nothing twice)', {
  skip,
  timeout: 120_000,
}, async () => {
  const url = await (server as PostgresServer).createDatabase('cli');
  const listener: Server = createServer((s) => s.end());
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const port = (listener.address() as { port: number }).port;
  try {
    const cfg = path.join(dir, 'monitor.yaml');
    writeFileSync(
      cfg,
      `checks:\n  - { name: up, kind: tcp, target: "127.0.0.1:${port}" }\n  - { name: down, kind: tcp, target: "127.0.0.1:1" }\n`,
    );
    const once = await runCliCaptured(['monitor', 'once', cfg, '--db', url, '--json']);
    assert.ok(once.status === 2 || once.status === 1, once.err);
    const status = await runCliCaptured(['monitor', 'status', '--json'], { env: { NETDOCTOR_DB: url } });
    assert.equal(status.status, 0, status.err);
    const doc = JSON.parse(status.out) as { checks: { check: string; state: string }[] };
    assert.deepEqual(
      doc.checks.map((c) => [c.check, c.state]),
      [
        ['down', 'critical'],
        ['up', 'ok'],
      ],
    );
  } finally {
    listener.close();
  }

  const pcap = pcapOf(
    [
      arpFrame(1, '00:16:3e:77:00:14', '10.77.0.20', '10.77.0.1'),
      arpFrame(1, '00:16:3e:77:0a:0a', '10.77.0.20', '10.77.0.1'),
      arpFrame(1, '00:16:3e:77:00:99', '10.77.0.60', '10.77.0.1'),
    ].map((data, i) => ({ t: 1_700_000_000 + i, data })),
  );
  for (let i = 0; i < 2; i++) {
    const w = await runCliCaptured(
      ['lan', 'watch', '-', '--quiet', '--db', url, '--site', 'office', '--json'],
      {
        stdin: pcap,
      },
    );
    assert.equal(w.status, 1, w.err); // a changed ethernet address is a warning
    assert.equal(
      (JSON.parse(w.out.trim().split('\n').at(-1) as string) as { summary: { evidence: { stored: number } } })
        .summary.evidence.stored,
      i === 0 ? 4 : 0,
    );
  }
  const ev = await runCliCaptured(['lan', 'events', '--db', url, '--since', '2023-01-01', '--json']);
  assert.equal(ev.status, 0, ev.err);
  const got = JSON.parse(ev.out) as { events: LanEventRow[]; counts: { kind: string; count: number }[] };
  assert.deepEqual(
    got.events.map((e) => [e.kind, e.ip, e.mac, e.site]),
    [
      ['new-station', '10.77.0.60', '00:16:3e:77:00:99', 'office'],
      ['duplicate-ip', '10.77.0.20', '00:16:3e:77:0a:0a', 'office'],
      ['changed-ethernet', '10.77.0.20', '00:16:3e:77:0a:0a', 'office'],
      ['new-station', '10.77.0.20', '00:16:3e:77:00:14', 'office'],
    ],
  );
  const text = await runCliCaptured(['lan', 'events', '--db', url, '--since', '2023-01-01', '--lang', 'ja']);
  assert.equal(text.status, 0, text.err);
  assert.match(text.out, /種類ごと: new-station 2、changed-ethernet 1、duplicate-ip 1/);
  // A store the watch never wrote to, or none at all: no events, not an error.
  const dmarcOnly = path.join(dir, 'dmarc-only.db');
  (await openMonitorHistory(dmarcOnly)).close();
  for (const db of [dmarcOnly, path.join(dir, 'never-made.db')]) {
    const none = await runCliCaptured(['lan', 'events', '--db', db, '--json']);
    assert.equal(none.status, 0, none.err);
    assert.deepEqual((JSON.parse(none.out) as { events: unknown[] }).events, []);
  }
  assert.equal(existsSync(path.join(dir, 'never-made.db')), false, 'reading creates no store');
  const bad = await runCliCaptured(['lan', 'events', '--db', url, '--limit', 'x']);
  assert.equal(bad.status, 2);
  assert.match(bad.err, /--limit/);
});

for (const b of BACKENDS) {
  test(`${b.name}: doctor reports are kept once per domain and start, listed newest first, and copied`, {
    skip: b.skip,
  }, async () => {
    const db = await store(b.name);
    const h = await openDoctorHistory(db);
    const entry = (domain: string, at: number) => ({
      domain,
      startedAt: T0 + at,
      worst: 'warn' as const,
      counts: { ok: 3, info: 1, warn: 2, fail: 0 },
    });
    try {
      const a = await h.save(entry('example.test', 1000), '{"domain":"example.test","n":1}');
      const b2 = await h.save(entry('example.test', 2000), '{"domain":"example.test","n":2}');
      await h.save(entry('other.test', 1500), '{"domain":"other.test"}');
      assert.equal(
        await h.save(entry('example.test', 1000), '{"again":true}'),
        a,
        'the same report is kept once',
      );
      assert.deepEqual(
        (await h.list()).map((r) => [r.domain, r.startedAt - T0]),
        [
          ['example.test', 2000],
          ['other.test', 1500],
          ['example.test', 1000],
        ],
      );
      assert.deepEqual(
        (await h.list({ domain: 'example.test', limit: 1 })).map((r) => r.id),
        [b2],
      );
      const got = await h.get(a);
      assert.equal(got?.reportJson, '{"domain":"example.test","n":1}');
      assert.deepEqual(got?.entry.counts, { ok: 3, info: 1, warn: 2, fail: 0 });
      assert.equal(await h.get(999_999), undefined);
    } finally {
      await h.close();
    }
    if (b.name !== 'sqlite' || skip) return;
    const url = await (server as PostgresServer).createDatabase('doctorcopy');
    const first = await copyStore(db, url);
    assert.deepEqual(
      first.find((r) => r.history === 'doctor'),
      { history: 'doctor', read: 3, stored: 3, duplicates: 0 },
    );
    const again = await copyStore(db, url);
    assert.deepEqual(
      again.find((r) => r.history === 'doctor'),
      { history: 'doctor', read: 3, stored: 0, duplicates: 3 },
    );
    const pg = await openDoctorHistory(url);
    try {
      assert.equal((await pg.list()).length, 3);
    } finally {
      await pg.close();
    }
  });
}
