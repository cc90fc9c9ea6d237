/**
 * A throw-away PostgreSQL server for tests and benches: Debian's `postgresql` binaries
 * (/usr/lib/postgresql/<version>/bin), `initdb` in a temporary directory, listening only on
 * 127.0.0.1 at a free port with its unix socket in that directory, trust authentication for the
 * one user `netdoctor`; removed by `stop()`.
 *
 * PostgreSQL refuses to run as root. When the test runs as root (CI's `.ci/run`), the server's
 * processes run as `nobody` (uid/gid from /etc/passwd; no account is created) and the temporary
 * directory, made under /tmp, is handed to that user; otherwise they run as the test's own user.
 *
 * @example
 *   const pg = await startPostgres();
 *   const url = await pg.createDatabase('conformance');
 *   await pg.restart(); // same port, same data
 *   await pg.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { unavailable } from './missing.js';
import { freePort } from './ports.js';

/** The newest installed server's bin folder, or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** The `skip` value of a test that needs PostgreSQL (a failure in CI when it is missing). */
export function postgresSkip(): string | false {
  return postgresBin()
    ? false
    : unavailable('PostgreSQL server is not installed (Debian postgresql; bash scripts/install-peers.sh)');
}

function nobody(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root and there is no user nobody to run PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
}

export interface PostgresServer {
  port: number;
  dir: string;
  /** postgres://netdoctor@127.0.0.1:<port>/<db> */
  url(db?: string): string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown, then start again on the same port and data. */
  restart(downMs?: number): Promise<void>;
  /** Stops the server (fast shutdown) without removing the data. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes the directory. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** fsync off (default true: tests need no durability against power loss). */
  fast?: boolean;
}

export async function startPostgres(o: StartOptions = {}): Promise<PostgresServer> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed');
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? nobody() : undefined;
  const dir = mkdtempSync(path.join(asRoot ? '/tmp' : tmpdir(), 'netdoctor-pg-'));
  if (ids) chownTree(dir, ids.uid, ids.gid);
  const data = path.join(dir, 'data');
  const runAs = ids ? { uid: ids.uid, gid: ids.gid } : {};
  execFileSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'netdoctor', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...runAs,
      env: { PATH: process.env.PATH ?? '', LANG: 'C' },
    },
  );
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';
  const url = (db = 'postgres') => `postgres://netdoctor@127.0.0.1:${port}/${db}`;

  const ready = async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const c = new pg.Client({ connectionString: url() });
      try {
        await c.connect();
        await c.query('SELECT 1');
        await c.end();
        return;
      } catch (e) {
        await c.end().catch(() => {});
        if (child?.exitCode !== null || Date.now() > deadline)
          throw new Error(`PostgreSQL did not start: ${String(e)}\n${log.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  const start = async () => {
    log = '';
    child = spawn(
      path.join(bin, 'postgres'),
      [
        '-D',
        data,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `port=${port}`,
        '-c',
        `unix_socket_directories=${dir}`,
        '-c',
        `fsync=${o.fast === false ? 'on' : 'off'}`,
        '-c',
        'max_connections=100',
        '-c',
        'shared_buffers=64MB',
      ],
      {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
        ...runAs,
        env: { PATH: process.env.PATH ?? '', LANG: 'C' },
      },
    );
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.length > 100_000) log = log.slice(-50_000);
    });
    await ready();
  };

  const halt = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGINT'); // fast shutdown: clients are disconnected, committed work is kept
    await exited;
  };

  await start();
  return {
    port,
    dir,
    url,
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    async restart(downMs = 500) {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    halt,
    start,
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
