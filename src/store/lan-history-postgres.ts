/**
 * The LAN history in PostgreSQL (see `lan-history.ts`): the same table and key, for several
 * `lan watch --db postgres://…` processes on different sites writing at once. A batch is one
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING`, so running it twice (a lost
 * connection after COMMIT, a retried transaction) stores nothing twice.
 */
import type { Migration } from './db.js';
import {
  eventFilter,
  eventFromColumns,
  type LanEventColumns,
  type LanEventCount,
  type LanEventQuery,
  type LanEventRow,
  type LanHistory,
  timeUs,
} from './lan-history.js';
import { openMigrated, type PostgresOptions, type PostgresStore, storeCall } from './postgres.js';

export const LAN_PG_MIGRATIONS: readonly Migration[] = [
  {
    id: 'lan-1',
    sql: `
      CREATE TABLE lan_events (
        id BIGSERIAL PRIMARY KEY,
        site TEXT NOT NULL,
        iface TEXT NOT NULL,
        time_us BIGINT NOT NULL,
        kind TEXT NOT NULL,
        ip TEXT NOT NULL,
        mac TEXT NOT NULL,
        old_mac TEXT,
        name TEXT,
        expected TEXT,
        UNIQUE (site, iface, time_us, kind, ip, mac)
      );
      CREATE INDEX lan_events_time ON lan_events (time_us);
      CREATE INDEX lan_events_kind_time ON lan_events (kind, time_us);
    `,
  },
];

const INSERT = `INSERT INTO lan_events (site, iface, time_us, kind, ip, mac, old_mac, name, expected)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
  ON CONFLICT (site, iface, time_us, kind, ip, mac) DO NOTHING`;

export class PostgresLanHistory implements LanHistory {
  readonly store: PostgresStore;

  private constructor(store: PostgresStore) {
    this.store = store;
  }

  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresLanHistory> {
    return new PostgresLanHistory(await openMigrated(url, options, 'lan', LAN_PG_MIGRATIONS));
  }

  #wrap<T>(body: () => Promise<T>, write: boolean): Promise<T> {
    return storeCall(this.store, write, body);
  }

  save(events: readonly LanEventRow[]): Promise<{ stored: number; duplicates: number }> {
    if (events.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
    const col = <T>(f: (e: LanEventRow) => T) => events.map(f);
    return this.#wrap(
      () =>
        this.store.transaction(async (c) => {
          const r = await c.query(INSERT, [
            col((e) => e.site),
            col((e) => e.iface),
            col((e) => timeUs(e.time)),
            col((e) => e.kind),
            col((e) => e.ip),
            col((e) => e.mac),
            col((e) => e.oldMac ?? null),
            col((e) => e.name ?? null),
            col((e) => e.expected ?? null),
          ]);
          const stored = r.rowCount ?? 0;
          return { stored, duplicates: events.length - stored };
        }),
      true,
    );
  }

  events(q: LanEventQuery = {}): Promise<LanEventRow[]> {
    return this.#wrap(async () => {
      const { where, params } = eventFilter(q, (n) => `$${n}`);
      const rows = await this.store.query<LanEventColumns>(
        `SELECT * FROM lan_events ${where} ORDER BY time_us DESC, id DESC LIMIT $${params.length + 1}`,
        [...params, q.limit ?? 1000],
      );
      return rows.map(eventFromColumns);
    }, false);
  }

  counts(since: number, site?: string): Promise<LanEventCount[]> {
    return this.#wrap(async () => {
      const { where, params } = eventFilter(
        { since, ...(site === undefined ? {} : { site }) },
        (n) => `$${n}`,
      );
      const rows = await this.store.query<{ kind: string; n: string; last: string }>(
        `SELECT kind, count(*) AS n, max(time_us) AS last FROM lan_events ${where} GROUP BY kind ORDER BY n DESC, kind`,
        params,
      );
      return rows.map((r) => ({ kind: r.kind, count: Number(r.n), last: Number(r.last) / 1e6 }));
    }, false);
  }

  prune(before: number): Promise<number> {
    return this.#wrap(async () => {
      const r = await this.store.transaction((c) =>
        c.query('DELETE FROM lan_events WHERE time_us < $1', [timeUs(before)]),
      );
      return r.rowCount ?? 0;
    }, true);
  }

  page(after: number | undefined, limit: number): Promise<{ rows: LanEventRow[]; next: number | undefined }> {
    return this.#wrap(async () => {
      const rows = await this.store.query<LanEventColumns & { id: string }>(
        'SELECT * FROM lan_events WHERE id > $1 ORDER BY id LIMIT $2',
        [after ?? 0, limit],
      );
      const last = rows.at(-1);
      return {
        rows: rows.map(eventFromColumns),
        next: last && rows.length === limit ? Number(last.id) : undefined,
      };
    }, false);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
