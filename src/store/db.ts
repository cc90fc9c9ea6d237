/**
 * The local store: one SQLite file through Node's built-in `node:sqlite` (no native addon to
 * compile per Node version), opened in WAL mode so that a reader never blocks the writer and a
 * process killed mid-write leaves the last committed state. Each capability's history
 * (`<capability>-history.ts`) brings its own migrations; this module only opens the file, applies
 * pending migrations in a transaction and records them.
 *
 * The capability histories are written against interfaces (e.g. `DmarcHistory`) whose methods
 * return promises, so that a PostgreSQL store is a second implementation of the same interface.
 *
 * `SqliteDatabase` is the one seam to the driver: the histories use only `prepare` (statements with
 * `run`/`get`/`all`, `?` and `@name` parameters), `exec`, `transaction` and `close`.
 *
 * @example
 *   const db = openDatabase('/var/lib/netdoctor/netdoctor.db');
 *   const insert = db.prepare('INSERT INTO t (a) VALUES (?)');
 *   db.transaction((values: number[]) => values.forEach((v) => insert.run(v)))([1, 2, 3]);
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { causeText, NetdoctorError } from '../core/errors.js';
import { STORE_ERRORS } from './error-messages.js';

type Params = [Record<string, SQLInputValue>, ...SQLInputValue[]] | SQLInputValue[];

/**
 * A prepared statement: `?` parameters positionally, `@name` ones from an object. Rows come back
 * as plain objects (the driver's have a null prototype), integers as numbers.
 */
export class Statement {
  readonly #statement: StatementSync;

  constructor(statement: StatementSync) {
    this.#statement = statement;
  }

  run(...params: Params): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.#statement.run(...(params as SQLInputValue[]));
  }

  get(...params: Params): unknown {
    const row = this.#statement.get(...(params as SQLInputValue[]));
    return row === undefined ? undefined : { ...row };
  }

  all(...params: Params): unknown[] {
    return this.#statement.all(...(params as SQLInputValue[])).map((row) => ({ ...row }));
  }

  /** Rows as arrays of column values (no object per row: for the large reads of a summary). */
  tuples(...params: Params): unknown[][] {
    this.#statement.setReturnArrays(true);
    try {
      return this.#statement.all(...(params as SQLInputValue[])) as unknown as unknown[][];
    } finally {
      this.#statement.setReturnArrays(false);
    }
  }
}

/** An open store file: prepared statements, transactions; statements are prepared once by the caller. */
export class SqliteDatabase {
  readonly #db: DatabaseSync;
  #closed = false;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  prepare(sql: string): Statement {
    return new Statement(this.#db.prepare(sql));
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /**
   * Wraps `body` so that each call runs in one transaction (`BEGIN IMMEDIATE`, so a second writer
   * waits for the lock up front rather than failing at its first write): committed when it
   * returns, rolled back when it throws (the error is rethrown).
   */
  transaction<A extends unknown[], T>(body: (...args: A) => T): (...args: A) => T {
    return (...args: A) => {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const result = body(...args);
        this.#db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        throw e;
      }
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

export interface Migration {
  /** Unique name, e.g. `dmarc-1`; applied once, in array order. */
  id: string;
  sql: string;
}

/**
 * `<dataHome>/netdoctor/netdoctor.db`, where `dataHome` is `$XDG_DATA_HOME` when absolute, else
 * `<home>/.local/share`. The caller passes the environment (the CLI passes its own).
 */
export function defaultDatabasePath(env: { XDG_DATA_HOME?: string; HOME?: string }): string {
  const base =
    env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : path.join(env.HOME || homedir(), '.local', 'share');
  return path.join(base, 'netdoctor', 'netdoctor.db');
}

/** Opens (creating if needed) the SQLite store at `file`; errors name the file. */
export function openDatabase(file: string, options: { readOnly?: boolean } = {}): SqliteDatabase {
  let db: DatabaseSync | undefined;
  try {
    if (file !== ':memory:' && !options.readOnly)
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new DatabaseSync(file, { readOnly: options.readOnly ?? false });
    // busy_timeout first: switching to WAL needs a lock another process may hold for a moment.
    db.exec('PRAGMA busy_timeout = 5000');
    if (options.readOnly) return new SqliteDatabase(db);
    db.exec('PRAGMA journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a killed process; only a power loss may lose the last one.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec(
      'CREATE TABLE IF NOT EXISTS netdoctor_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
    );
    return new SqliteDatabase(db);
  } catch (e) {
    db?.close();
    throw new NetdoctorError('ND_STORE', STORE_ERRORS.open, {
      input: file,
      params: { why: causeText(e) },
      cause: e,
    });
  }
}

/** Applies the migrations not yet recorded, each in its own transaction. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): void {
  const done = new Set(
    (db.prepare('SELECT id FROM netdoctor_migrations').all() as { id: string }[]).map((r) => r.id),
  );
  const record = db.prepare('INSERT INTO netdoctor_migrations (id, applied_at) VALUES (?, ?)');
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, Math.floor(Date.now() / 1000));
    })();
  }
}
