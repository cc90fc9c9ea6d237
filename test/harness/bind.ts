/**
 * A real BIND 9 (`named`) for tests: started on 127.0.0.1 at a free port with the zone files of
 * `test/fixtures/zones/` (file `<zone>.zone` serves `<zone>`), waited for until it answers, and
 * stopped afterwards. No mocked resolver stands in for DNS.
 *
 * @example
 *   const bind = await startBind();
 *   const resolver = new Resolver({ servers: [bind.address] });
 *   …
 *   await bind.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resolver } from '../../src/dns/resolver.js';
import { freePort } from './ports.js';

export const ZONES_DIR = fileURLToPath(new URL('../fixtures/zones/', import.meta.url));

export interface BindServer {
  host: string;
  port: number;
  /** `127.0.0.1:PORT`, as `--server` takes it. */
  address: string;
  /** The zones this server was configured with. */
  zones: string[];
  /** SIGHUP: named reloads its zone files (`rndc reload`). */
  reload(): void;
  /** Runs `rndc <args>` against this server (only with `rndc: true`); returns its output. */
  rndc(...args: string[]): string;
  stop(): Promise<void>;
}

export interface BindZone {
  zone: string;
  /** The zone file (a primary), or where a secondary keeps its copy (default: in the temp folder). */
  file?: string;
  /** `IP:PORT` of the primary to transfer from: makes this a secondary. */
  primary?: string;
}

export interface BindOptions {
  /** Folders of `<zone>.zone` files; default: test/fixtures/zones (unless `zones` is given). */
  zoneDirs?: string[];
  /** Zones listed one by one (primaries and secondaries), instead of or besides `zoneDirs`. */
  zones?: BindZone[];
  /** Loopback address to listen on (default 127.0.0.1): several servers can share one port. */
  host?: string;
  port?: number;
  /** Open recursion for anyone, forwarding only to this `IP:PORT` (traffic stays on loopback). */
  recursionVia?: string;
  /** allow-transfer for every zone (default: none). */
  allowTransfer?: boolean;
  /** A control channel on a free loopback port, for `rndc` (see `BindServer.rndc`). */
  rndc?: boolean;
}

export function namedPath(): string {
  for (const p of ['/usr/sbin/named', '/usr/bin/named']) if (existsSync(p)) return p;
  throw new Error(
    'named (BIND 9) is not installed: run `bash scripts/install-peers.sh` (installs Debian bind9)',
  );
}

async function zoneFiles(dirs: string[]): Promise<{ zone: string; file: string }[]> {
  const out: { zone: string; file: string }[] = [];
  for (const dir of dirs) {
    for (const f of (await readdir(dir)).sort()) {
      if (f.endsWith('.zone')) out.push({ zone: f.slice(0, -'.zone'.length), file: path.join(dir, f) });
    }
  }
  return out;
}

export async function startBind(options: BindOptions = {}): Promise<BindServer> {
  const named = namedPath();
  const zones: BindZone[] = [
    ...(options.zoneDirs || !options.zones ? await zoneFiles(options.zoneDirs ?? [ZONES_DIR]) : []),
    ...(options.zones ?? []),
  ];
  const dir = await mkdtemp(path.join(tmpdir(), 'netdoctor-bind-'));
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const [fwdHost, fwdPort] = (options.recursionVia ?? '').split(':');
  const rndcPort = options.rndc ? await freePort() : undefined;
  if (rndcPort) execFileSync('rndc-confgen', ['-a', '-k', 'rndc-key', '-c', path.join(dir, 'rndc.key')]);
  const conf = [
    'options {',
    `  directory "${dir}";`,
    `  pid-file "${dir}/named.pid";`,
    `  session-keyfile "${dir}/session.key";`,
    `  managed-keys-directory "${dir}";`,
    `  listen-on port ${port} { ${host}; };`,
    '  listen-on-v6 { none; };',
    ...(options.recursionVia
      ? [
          '  recursion yes;',
          '  allow-recursion { any; };',
          `  forwarders { ${fwdHost} port ${fwdPort}; };`,
          '  forward only;',
        ]
      : ['  recursion no;']),
    `  allow-transfer { ${options.allowTransfer ? 'any' : 'none'}; };`,
    `  query-source address ${host};`,
    `  transfer-source ${host};`,
    '  dnssec-validation no;',
    '  allow-query { any; };',
    '  notify no;',
    '};',
    ...(rndcPort
      ? [
          `include "${dir}/rndc.key";`,
          `controls { inet ${host} port ${rndcPort} allow { ${host}; } keys { "rndc-key"; }; };`,
        ]
      : ['controls { };']),
    ...zones.map(({ zone, file, primary }) => {
      if (!primary) return `zone "${zone}" { type primary; file "${file}"; };`;
      const [ph, pp] = primary.split(':');
      return `zone "${zone}" { type secondary; file "${file ?? path.join(dir, `${zone}.sec`)}"; primaries { ${ph} port ${pp}; }; };`;
    }),
  ].join('\n');
  await writeFile(path.join(dir, 'named.conf'), conf);

  const child: ChildProcess = spawn(named, ['-g', '-4', '-n', '1', '-c', path.join(dir, 'named.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-8000);
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const address = `${host}:${port}`;
  const deadline = Date.now() + 15_000;
  const firstZone = zones.find((z) => !z.zone.startsWith('broken'))?.zone ?? 'example.test';
  // A secondary answers only once its first transfer is done: wait for an authoritative SOA.
  for (;;) {
    if (exited) throw new Error(`named exited during start-up:\n${log}`);
    try {
      // A fresh resolver each time: a resolver keeps its answers, and a secondary's first one is SERVFAIL.
      const probe = new Resolver({ servers: [address], timeoutMs: 200, retries: 0 });
      const soa = await probe.query(firstZone, 'SOA');
      if (soa.status === 'ok') break;
      throw new Error(`not yet: ${soa.status}`);
    } catch {
      if (Date.now() > deadline) {
        kill();
        throw new Error(`named did not answer on ${address} within 15 s:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    host,
    port,
    address,
    zones: zones.map((z) => z.zone),
    reload() {
      child.kill('SIGHUP');
    },
    rndc(...args: string[]) {
      if (!rndcPort) throw new Error('startBind({ rndc: true }) for rndc');
      const key = path.join(dir, 'rndc.key');
      return execFileSync('rndc', ['-s', host, '-p', String(rndcPort), '-k', key, ...args], {
        encoding: 'utf8',
        timeout: 10_000,
      });
    },
    async stop() {
      process.removeListener('exit', kill);
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(kill, 5000);
        await exitedPromise;
        clearTimeout(t);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
