/**
 * Loopback servers for the monitor tests: an HTTP(S) server with a few routes, and the hostile
 * ones a check must survive (accepts and stays silent, drips a byte a second, sends garbage,
 * resets). All listen on 127.0.0.0/8 only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Resolver } from '../../src/dns/index.js';
import { namedPath, ZONES_DIR } from '../harness/bind.js';

export interface Listening {
  host: string;
  port: number;
  stop(): Promise<void>;
}

function loopback(host: string): void {
  if (!host.startsWith('127.')) throw new Error('test servers listen on loopback only');
}

async function listen(server: net.Server, host: string, port = 0): Promise<Listening> {
  loopback(host);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as net.AddressInfo;
  return {
    host,
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Routes: /ok (200 "hello monitor"), /missing (404), /error (500), /moved (302 → /ok), /slow (1 byte/s). */
function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  switch (req.url) {
    case '/ok':
    case '/':
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello monitor\n');
      return;
    case '/missing':
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here\n');
      return;
    case '/error':
      res.writeHead(500, { 'content-type': 'text/plain' }).end('broken\n');
      return;
    case '/moved':
      res.writeHead(302, { location: '/ok' }).end();
      return;
    default:
      res.writeHead(404).end();
  }
}

export function startHttp(host: string, port?: number): Promise<Listening> {
  return listen(http.createServer(route), host, port);
}

export function startHttpsServer(
  host: string,
  tls: { key: string; cert: string },
  port?: number,
): Promise<Listening> {
  return listen(https.createServer({ key: tls.key, cert: tls.cert }, route), host, port);
}

export type Hostile = 'silent' | 'drip' | 'garbage' | 'reset';

/** A server that misbehaves on every connection, as `kind` says. */
export function startHostile(host: string, kind: Hostile, port?: number): Promise<Listening> {
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((s) => {
    s.on('error', () => {});
    if (kind === 'silent') return;
    if (kind === 'reset') {
      s.resetAndDestroy();
      return;
    }
    if (kind === 'garbage') {
      s.write(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x80, 0x81, 0x90]));
      return;
    }
    const t = setInterval(() => s.write('2'), 1000);
    timers.add(t);
    s.on('close', () => {
      clearInterval(t);
      timers.delete(t);
    });
  });
  return listen(server, host, port).then((l) => ({
    ...l,
    stop: () => {
      for (const t of timers) clearInterval(t);
      return l.stop();
    },
  }));
}

/** A line server that greets with `banner` (an SMTP 554, a POP3 +OK …) and answers nothing else but QUIT. */
export function startGreeter(host: string, banner: string, port?: number): Promise<Listening> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.write(`${banner}\r\n`);
    s.on('data', (d) => {
      if (/^QUIT/i.test(d.toString())) s.end('221 bye\r\n');
      else if (/^CAPA/i.test(d.toString())) s.write('+OK\r\nUSER\r\n.\r\n');
      else if (/^a1 CAPABILITY/i.test(d.toString()))
        s.write('* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n');
      else s.write('502 no\r\n');
    });
  });
  return listen(server, host, port);
}

/**
 * BIND on `host` port 53 (check_dns asks port 53 only, through nslookup), serving the fixture
 * zones. named listens only on addresses configured on an interface: 127.0.0.1 on a stock lo.
 */
export async function startBind53(host: string): Promise<Listening> {
  loopback(host);
  const dir = await mkdtemp(path.join(tmpdir(), 'netdoctor-monitor-bind-'));
  const conf = [
    'options {',
    `  directory "${dir}";`,
    `  pid-file "${dir}/named.pid";`,
    `  session-keyfile "${dir}/session.key";`,
    `  managed-keys-directory "${dir}";`,
    `  listen-on port 53 { ${host}; };`,
    '  listen-on-v6 { none; };',
    '  recursion no;',
    '  dnssec-validation no;',
    '  allow-query { any; };',
    '  notify no;',
    '};',
    'controls { };',
    `zone "audit-gmail.test" { type primary; file "${path.join(ZONES_DIR, 'audit-gmail.test.zone')}"; };`,
  ].join('\n');
  await writeFile(path.join(dir, 'named.conf'), conf);
  const child: ChildProcess = spawn(
    namedPath(),
    ['-g', '-4', '-n', '1', '-c', path.join(dir, 'named.conf')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const probe = new Resolver({ servers: [`${host}:53`], timeoutMs: 200, retries: 0 });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await probe.query('audit-gmail.test', 'SOA');
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`named on ${host}:53 did not answer:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    host,
    port: 53,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
