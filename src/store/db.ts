/**
 * The local store: one SQLite file (better-sqlite3), opened in WAL mode so that a reader never
 * blocks the writer and a process killed mid-write leaves the last committed state. Each
 * capability's history (`<capability>-history.ts`) brings its own migrations; this module only
 * opens the file, applies pending migrations in a transaction and records them.
 *
 * The capability histories are written against interfaces (e.g. `DmarcHistory`) whose methods
 * return promises, so that a PostgreSQL store is a second implementation of the same interface.
 *
 * @example
 *   const db = openDatabase(defaultDatabasePath());
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { causeText, NetdoctorError } from '../core/errors.js';
import { STORE_ERRORS } from './error-messages.js';

export type SqliteDatabase = Database.Database;

export interface Migration {
  /** Unique name, e.g. `dmarc-1`; applied once, in array order. */
  id: string;
  sql: string;
}

/** `$XDG_DATA_HOME/netdoctor/netdoctor.db`, or `~/.local/share/netdoctor/netdoctor.db`. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : path.join(env.HOME || homedir(), '.local', 'share');
  return path.join(base, 'netdoctor', 'netdoctor.db');
}

/** Opens (creating if needed) the SQLite store at `file`; errors name the file. */
export function openDatabase(file: string): SqliteDatabase {
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a killed process; only a power loss may lose the last one.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(
      'CREATE TABLE IF NOT EXISTS netdoctor_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
    );
    return db;
  } catch (e) {
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
