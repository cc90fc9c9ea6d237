import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { NetdoctorError } from '../core/errors.js';
import { migrate, openDatabase } from './db.js';

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('node:sqlite store: WAL, migrations once, transactions commit or roll back whole', () => {
  const file = path.join(dir, 'nested', 'a.db');
  const db = openDatabase(file);
  assert.deepEqual(db.prepare('PRAGMA journal_mode').get(), { journal_mode: 'wal' });
  const migrations = [{ id: 't-1', sql: 'CREATE TABLE t (a INTEGER NOT NULL, b TEXT)' }];
  migrate(db, migrations);
  migrate(db, migrations); // recorded: not applied twice
  const insert = db.prepare('INSERT INTO t (a, b) VALUES (@a, @b)');
  const store = db.transaction((rows: { a: number; b: string | null }[]) => {
    for (const r of rows) insert.run(r);
    return rows.length;
  });
  assert.equal(
    store([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ]),
    2,
  );
  // The third row breaks NOT NULL: none of the batch is kept.
  assert.throws(
    () =>
      store([
        { a: 3, b: 'y' },
        { a: null as unknown as number, b: 'z' },
      ]),
    /NOT NULL/,
  );
  assert.deepEqual(db.prepare('SELECT a, b FROM t ORDER BY a').all(), [
    { a: 1, b: 'x' },
    { a: 2, b: null },
  ]);
  const res = insert.run({ a: 9, b: 'last' });
  assert.deepEqual([res.changes, res.lastInsertRowid], [1, 3]);
  db.close();
  db.close(); // closing twice is harmless

  const ro = openDatabase(file, { readOnly: true });
  assert.deepEqual(ro.prepare('SELECT COUNT(*) AS n FROM t').get(), { n: 3 });
  assert.throws(() => ro.exec('DELETE FROM t'), /readonly/i);
  ro.close();
});

test('a file that cannot be opened is an ND_STORE error naming it', () => {
  const file = path.join(dir, 'missing', 'x.db');
  assert.throws(
    () => openDatabase(file, { readOnly: true }),
    (e) => e instanceof NetdoctorError && e.code === 'ND_STORE' && e.input === file,
  );
});
