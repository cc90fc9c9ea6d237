/**
 * The LAN history: the ARP watch's events (`lan watch --db`), kept so that `lan events`, the
 * dashboard and a shared PostgreSQL see what happened on every site's LAN — which station
 * appeared, which address changed hands, which unknown device came in.
 *
 * An event is stored once: its key is (site, interface, time in µs, kind, address, MAC), so a
 * watch that is restarted over the same capture, or a batch written twice after a lost
 * connection, stores nothing twice. `site` names the watching host (several sites, one store).
 *
 * Written against `LanHistory` (promises) with two implementations: SQLite here, PostgreSQL in
 * `lan-history-postgres.ts`; the conformance suite runs both.
 *
 * @example
 *   const h = await openLanHistory('/var/lib/netdoctor/netdoctor.db');
 *   await h.save([{ site: 'office', iface: 'eth0', time: 1767225600.25, kind: 'new-station', ip: '192.168.1.20', mac: '0:11:22:33:44:55' }]);
 */
import { causeText, NetdoctorError } from '../core/errors.js';
import { type Migration, migrate, openDatabase, type SqliteDatabase, type Statement } from './db.js';
import { STORE_ERRORS } from './error-messages.js';

export interface LanEventRow {
  /** The watching host (default: this host's name). */
  site: string;
  iface: string;
  /** Epoch seconds with fraction (µs precision is kept). */
  time: number;
  kind: string;
  ip: string;
  mac: string;
  oldMac?: string | undefined;
  name?: string | undefined;
  expected?: string | undefined;
}

export interface LanEventQuery {
  /** Epoch seconds; events at or after. */
  since?: number;
  until?: number;
  kind?: string;
  site?: string;
  /** Newest first, at most this many (default 1,000). */
  limit?: number;
}

export interface LanEventCount {
  kind: string;
  count: number;
  /** Epoch seconds of the newest event of the kind. */
  last: number;
}

export interface LanHistory {
  save(events: readonly LanEventRow[]): Promise<{ stored: number; duplicates: number }>;
  /** Events newest first. */
  events(q?: LanEventQuery): Promise<LanEventRow[]>;
  /** Events per kind since `since` (epoch seconds). */
  counts(since: number, site?: string): Promise<LanEventCount[]>;
  /** Deletes events older than `before` (epoch seconds); returns how many. */
  prune(before: number): Promise<number>;
  /** One page of every stored event, for `db copy`. */
  page(after: number | undefined, limit: number): Promise<{ rows: LanEventRow[]; next: number | undefined }>;
  close(): Promise<void>;
}

export const LAN_MIGRATIONS: readonly Migration[] = [
  {
    id: 'lan-1',
    sql: `
      CREATE TABLE lan_events (
        id INTEGER PRIMARY KEY,
        site TEXT NOT NULL,
        iface TEXT NOT NULL,
        time_us INTEGER NOT NULL,
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

/** The row as both backends store it. */
export interface LanEventColumns {
  id?: number;
  site: string;
  iface: string;
  time_us: number | string;
  kind: string;
  ip: string;
  mac: string;
  old_mac: string | null;
  name: string | null;
  expected: string | null;
}

export function eventFromColumns(r: LanEventColumns): LanEventRow {
  const e: LanEventRow = {
    site: r.site,
    iface: r.iface,
    time: Number(r.time_us) / 1e6,
    kind: r.kind,
    ip: r.ip,
    mac: r.mac,
  };
  if (r.old_mac !== null) e.oldMac = r.old_mac;
  if (r.name !== null) e.name = r.name;
  if (r.expected !== null) e.expected = r.expected;
  return e;
}

export const timeUs = (t: number) => Math.round(t * 1e6);

/** The WHERE clause and parameters of an event query, with `?` or `$n` placeholders. */
export function eventFilter(
  q: LanEventQuery,
  placeholder: (n: number) => string,
): { where: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, v: string | number) => {
    params.push(v);
    parts.push(sql.replace('?', placeholder(params.length)));
  };
  if (q.since !== undefined) add('time_us >= ?', timeUs(q.since));
  if (q.until !== undefined) add('time_us < ?', timeUs(q.until));
  if (q.kind !== undefined) add('kind = ?', q.kind);
  if (q.site !== undefined) add('site = ?', q.site);
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const INSERT =
  'INSERT OR IGNORE INTO lan_events (site, iface, time_us, kind, ip, mac, old_mac, name, expected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';

export class SqliteLanHistory implements LanHistory {
  readonly #db: SqliteDatabase;
  readonly #file: string;
  #insert: Statement | undefined;
  #empty = false;

  constructor(file: string, options: { readOnly?: boolean } = {}) {
    this.#file = file;
    this.#db = openDatabase(file, options);
    try {
      if (!options.readOnly) migrate(this.#db, LAN_MIGRATIONS);
      // A store the ARP watch never wrote to (DMARC only, say) has no events: read as empty.
      else
        this.#empty =
          this.#db
            .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lan_events'`)
            .get() === undefined;
    } catch (e) {
      this.#db.close();
      throw new NetdoctorError('ND_STORE', STORE_ERRORS.open, {
        input: file,
        params: { why: causeText(e) },
        cause: e,
      });
    }
  }

  #wrap<T>(body: () => T, write: boolean): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (e) {
      return Promise.reject(
        new NetdoctorError('ND_STORE', write ? STORE_ERRORS.writeHistory : STORE_ERRORS.read, {
          input: this.#file,
          params: { why: causeText(e) },
          cause: e,
        }),
      );
    }
  }

  save(events: readonly LanEventRow[]): Promise<{ stored: number; duplicates: number }> {
    return this.#wrap(() => {
      let stored = 0;
      this.#insert ??= this.#db.prepare(INSERT);
      const insert = this.#insert;
      this.#db.transaction(() => {
        for (const e of events)
          stored += Number(
            insert.run(
              e.site,
              e.iface,
              timeUs(e.time),
              e.kind,
              e.ip,
              e.mac,
              e.oldMac ?? null,
              e.name ?? null,
              e.expected ?? null,
            ).changes,
          );
      })();
      return { stored, duplicates: events.length - stored };
    }, true);
  }

  events(q: LanEventQuery = {}): Promise<LanEventRow[]> {
    if (this.#empty) return Promise.resolve([]);
    return this.#wrap(() => {
      const { where, params } = eventFilter(q, () => '?');
      const rows = this.#db
        .prepare(`SELECT * FROM lan_events ${where} ORDER BY time_us DESC, id DESC LIMIT ?`)
        .all(...params, q.limit ?? 1000) as unknown as LanEventColumns[];
      return rows.map(eventFromColumns);
    }, false);
  }

  counts(since: number, site?: string): Promise<LanEventCount[]> {
    if (this.#empty) return Promise.resolve([]);
    return this.#wrap(() => {
      const { where, params } = eventFilter({ since, ...(site === undefined ? {} : { site }) }, () => '?');
      const rows = this.#db
        .prepare(
          `SELECT kind, count(*) AS n, max(time_us) AS last FROM lan_events ${where} GROUP BY kind ORDER BY n DESC, kind`,
        )
        .all(...params) as { kind: string; n: number; last: number }[];
      return rows.map((r) => ({ kind: r.kind, count: Number(r.n), last: Number(r.last) / 1e6 }));
    }, false);
  }

  prune(before: number): Promise<number> {
    return this.#wrap(
      () => Number(this.#db.prepare('DELETE FROM lan_events WHERE time_us < ?').run(timeUs(before)).changes),
      true,
    );
  }

  page(after: number | undefined, limit: number): Promise<{ rows: LanEventRow[]; next: number | undefined }> {
    return this.#wrap(() => {
      const rows = this.#db
        .prepare('SELECT * FROM lan_events WHERE id > ? ORDER BY id LIMIT ?')
        .all(after ?? 0, limit) as unknown as (LanEventColumns & { id: number })[];
      const last = rows.at(-1);
      return { rows: rows.map(eventFromColumns), next: last && rows.length === limit ? last.id : undefined };
    }, false);
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}
