/**
 * The shared store: PostgreSQL through node-postgres (`pg`), for many writers on many hosts.
 *
 * - Connections come from one pool per store; an idle connection the server drops (restart,
 *   failover, `pg_terminate_backend`) is discarded by the pool, never a crash.
 * - `transaction(body)` runs `body` in `BEGIN … COMMIT` on one connection and runs it again, on a
 *   fresh connection, when the server says the transaction lost a race (serialization failure
 *   40001, deadlock 40P01) or the connection was lost (class 08, admin shutdown 57P01–57P03,
 *   ECONNREFUSED/ECONNRESET, "Connection terminated"): with backoff, for `retryForMs` (default
 *   60 s). The histories' writes are idempotent (unique keys, `ON CONFLICT DO NOTHING`), so a
 *   transaction that did commit before its connection died is harmless to run again.
 * - Migrations are versioned (`netdoctor_migrations`), run on open and taken under a session
 *   advisory lock (`pg_advisory_lock`), so two processes starting at once apply each one once.
 * - BIGINT columns come back as numbers (counts and epoch seconds stay far below 2^53).
 *
 * @example
 *   const pg = await openPostgres('postgres://netdoctor@db.example/netdoctor');
 *   await pg.migrate(DMARC_PG_MIGRATIONS);
 *   await pg.transaction((c) => c.query('INSERT INTO t VALUES ($1) ON CONFLICT DO NOTHING', [1]));
 */
import type pg from 'pg';
import { causeText, internalError, NetdoctorError } from '../core/errors.js';
import type { Migration } from './db.js';
import { STORE_ERRORS } from './error-messages.js';

/** Key of the advisory lock migrations are applied under ('netdoctor' as bytes, arbitrary). */
const MIGRATION_LOCK = 0x6e6574646f63;

/**
 * The driver, loaded by the first `openPostgres` (some 35 modules): a command on the SQLite store
 * (the monitor daemon's default) does not pay for it at start-up.
 */
let driver: typeof pg | undefined;
async function loadDriver(): Promise<typeof pg> {
  driver ??= (await import('pg')).default;
  return driver;
}
function loadedDriver(): typeof pg {
  if (!driver) throw internalError('the PostgreSQL driver is not loaded (openPostgres loads it)');
  return driver;
}

const BIGINT_OID = 20;
const NUMERIC_OID = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === BIGINT_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return loadedDriver().types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

/** True for a `postgres://` or `postgresql://` URL: the store is PostgreSQL, not a file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}

/** The URL without its password, for messages and `--json` output. */
export function redactUrl(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return db.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

const RETRY_CODES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300']);
const RETRY_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Whether running the transaction again may succeed: a lost race or a lost connection. */
export function retryable(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (RETRY_CODES.has(code) || RETRY_ERRNOS.has(code) || code.startsWith('08')) return true;
  }
  const msg = e instanceof Error ? e.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
    msg,
  );
}

export interface PostgresOptions {
  /** How long to keep retrying a transaction that fails for a retryable reason (default 60 000). */
  retryForMs?: number;
  /** How long opening keeps trying a server that refuses or is starting up (default 5 000). */
  connectRetryMs?: number;
  /** Pool size (default 4). */
  max?: number;
}

function ignore(): void {}

/**
 * A pooled connection with a listener for its 'error' event, for the whole of its life: the
 * server may end it (a restart, `pg_terminate_backend`) at any moment — checked out between two
 * statements, or just given back — and an 'error' event with no listener ends the process. The
 * listener is added once per connection (the pool reuses connections); the failed statement, if
 * any, still fails and is retried.
 */
function guarded(client: pg.PoolClient): pg.PoolClient {
  if (!client.listeners('error').includes(ignore)) client.on('error', ignore);
  return client;
}

export interface PendingMigration extends Migration {
  history: string;
}

export class PostgresStore {
  readonly url: string;
  readonly #pool: pg.Pool;
  readonly #retryForMs: number;
  #closed = false;

  constructor(url: string, options: PostgresOptions = {}) {
    this.url = url;
    this.#retryForMs = options.retryForMs ?? 60_000;
    this.#pool = new (loadedDriver().Pool)({
      connectionString: url,
      max: options.max ?? 4,
      types,
      connectionTimeoutMillis: 10_000,
      application_name: 'netdoctor',
    });
    // A pooled connection the server closes while idle: the pool drops it; nothing to do here.
    this.#pool.on('error', () => {});
  }

  /** The connection pool (for the open check). */
  get pool(): pg.Pool {
    return this.#pool;
  }

  /**
   * A connection from the pool that cannot crash the process: the server ending it while it is
   * checked out (a restart between two statements) is an 'error' event on the client, which the
   * pool listens for only while the connection is idle. The next query then fails and is retried.
   */
  async #connect(): Promise<pg.PoolClient> {
    return guarded(await this.#pool.connect());
  }

  /** Redacted URL for messages. */
  get where(): string {
    return redactUrl(this.url);
  }

  /** Runs `fn` again while it fails for a retryable reason, up to `retryForMs`. */
  async retrying<T>(fn: () => Promise<T>, retryForMs = this.#retryForMs): Promise<T> {
    const start = Date.now();
    let delay = 50;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (e instanceof NetdoctorError || !retryable(e)) throw e;
        if (Date.now() - start > retryForMs)
          throw new NetdoctorError('ND_STORE', STORE_ERRORS.pgGaveUp, {
            input: this.where,
            params: { seconds: Math.round(retryForMs / 1000), why: causeText(e) },
            cause: e,
          });
        await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random())));
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  /** One query on any connection, retried like a transaction (for reads). */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    return this.retrying(async () => (await this.#pool.query<R>(sql, params)).rows);
  }

  /** Like `query`, rows as arrays of column values (no object per row: for large reads). */
  async queryArrays(sql: string, params: unknown[] = []): Promise<unknown[][]> {
    return this.retrying(
      async () => (await this.#pool.query<unknown[]>({ text: sql, values: params, rowMode: 'array' })).rows,
    );
  }

  /** `body` in one transaction, retried whole on a lost race or connection (see the header). */
  async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.retrying(async () => {
      const client = await this.#connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await body(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        broken = retryable(e);
        if (!broken) await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        // A connection that failed mid-transaction is not given back to the pool. Either way it
        // keeps its listener (the server may still send its termination notice).
        client.release(broken);
      }
    });
  }

  /** Applies the migrations not yet recorded, under the advisory lock, each in a transaction. */
  async migrate(history: string, migrations: readonly Migration[]): Promise<string[]> {
    return this.retrying(async () => {
      const client = await this.#connect();
      let broken = false;
      const applied: string[] = [];
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        try {
          await client.query(
            'CREATE TABLE IF NOT EXISTS netdoctor_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)',
          );
          const done = new Set(
            (await client.query<{ id: string }>('SELECT id FROM netdoctor_migrations')).rows.map((r) => r.id),
          );
          for (const m of migrations) {
            if (done.has(m.id)) continue;
            try {
              await client.query('BEGIN');
              await client.query(m.sql);
              await client.query('INSERT INTO netdoctor_migrations (id, applied_at) VALUES ($1, $2)', [
                m.id,
                Math.floor(Date.now() / 1000),
              ]);
              await client.query('COMMIT');
              applied.push(m.id);
            } catch (e) {
              await client.query('ROLLBACK').catch(() => {});
              if (retryable(e)) throw e;
              throw new NetdoctorError('ND_STORE', STORE_ERRORS.migrate, {
                input: this.where,
                params: { id: m.id, why: `${history}: ${causeText(e)}` },
                cause: e,
              });
            }
          }
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        }
        return applied;
      } catch (e) {
        broken = retryable(e);
        throw e;
      } finally {
        client.release(broken);
      }
    });
  }

  /** The migrations of `migrations` not applied yet (nothing is changed). */
  async pending(history: string, migrations: readonly Migration[]): Promise<PendingMigration[]> {
    const exists = await this.query<{ t: string | null }>(
      `SELECT to_regclass('netdoctor_migrations')::text AS t`,
    );
    const done = new Set(
      exists[0]?.t
        ? (await this.query<{ id: string }>('SELECT id FROM netdoctor_migrations')).map((r) => r.id)
        : [],
    );
    return migrations.filter((m) => !done.has(m.id)).map((m) => ({ ...m, history }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

/** Opens a pool and checks that the server answers (retrying while it starts up); errors name the URL. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
  try {
    new URL(url);
  } catch (e) {
    throw new NetdoctorError('ND_USAGE', STORE_ERRORS.badUrl, {
      input: redactUrl(url),
      params: { why: causeText(e) },
    });
  }
  await loadDriver();
  const store = new PostgresStore(url, options);
  try {
    const connect = Math.min(options.connectRetryMs ?? 5000, options.retryForMs ?? 60_000);
    await store.retrying(async () => {
      const c = guarded(await store.pool.connect());
      try {
        await c.query('SELECT 1');
      } finally {
        c.release();
      }
    }, connect);
    return store;
  } catch (e) {
    await store.close();
    // "Kept failing for 5 s" says less than what the server (or the network) said.
    const cause = e instanceof NetdoctorError ? e.cause : e;
    if (e instanceof NetdoctorError && cause === undefined) throw e;
    throw new NetdoctorError('ND_STORE', STORE_ERRORS.pgConnect, {
      input: store.where,
      params: { where: store.where, why: causeText(cause) },
      cause,
    });
  }
}

/** Opens a pool and applies `history`'s pending migrations (under the advisory lock). */
export async function openMigrated(
  url: string,
  options: PostgresOptions,
  history: string,
  migrations: readonly Migration[],
): Promise<PostgresStore> {
  const store = await openPostgres(url, options);
  try {
    await store.migrate(history, migrations);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

/**
 * Runs a history's read or write; an error that is not already a NetdoctorError becomes one
 * naming the store (its URL without the password).
 */
export async function storeCall<T>(store: PostgresStore, write: boolean, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof NetdoctorError) throw e;
    throw new NetdoctorError('ND_STORE', write ? STORE_ERRORS.writeHistory : STORE_ERRORS.read, {
      input: store.where,
      params: { why: causeText(e) },
      cause: e,
    });
  }
}
