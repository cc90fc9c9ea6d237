/**
 * A real Postfix (Debian `postfix`) for tests: configured in a temporary folder (its own
 * main.cf, master.cf, queue and data directories) and started in the foreground
 * (`postfix -c DIR start-fg`) listening only on the loopback address and free port given, with or
 * without STARTTLS. No DNS lookups: peer-name lookup and DNS for delivery are off, so the instance
 * sends no traffic anywhere. Needs root (Postfix's master runs as root, smtpd as `postfix`).
 *
 * @example
 *   const pf = await startPostfix({ host: '127.25.0.10', hostname: 'mx.example.test', tls: { key, cert } });
 *   … probe pf.host:pf.port …
 *   await pf.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unavailable } from './missing.js';
import { freePort } from './ports.js';

export interface PostfixOptions {
  /** Loopback address to listen on (127.0.0.0/8). */
  host: string;
  /** Default: a free port. */
  port?: number;
  /** myhostname: the name in the banner. */
  hostname: string;
  /** Certificate and key (PEM) for STARTTLS; without it STARTTLS is not offered. */
  tls?: { key: string; cert: string };
  /** More main.cf lines (e.g. transport_maps) and master.cf services (e.g. a pipe), appended. */
  mainExtra?: string[];
  masterExtra?: string[];
}

export interface PostfixServer {
  host: string;
  port: number;
  /** The instance's configuration directory (`postqueue -c`, `postsuper -c`). */
  configDir: string;
  /** Its `maillog_file`. */
  maillog: string;
  stop(): Promise<void>;
}

export function postfixPath(): string {
  for (const p of ['/usr/sbin/postfix', '/usr/bin/postfix']) if (existsSync(p)) return p;
  throw new Error('postfix is not installed: run `bash scripts/install-peers.sh` (installs Debian postfix)');
}

/** Why the Postfix tests cannot run here, or undefined when they can. */
export function postfixSkipReason(): string | undefined {
  try {
    postfixPath();
  } catch (e) {
    return unavailable((e as Error).message);
  }
  if (process.getuid?.() !== 0) return 'the Postfix harness needs root (master runs as root)';
  return undefined;
}

function idOf(flag: '-u' | '-g', name: string): number {
  return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
}

// Only the services smtpd needs to greet, talk EHLO and STARTTLS; none chrooted.
const MASTER_SERVICES = [
  'cleanup unix n - n - 0 cleanup',
  'qmgr unix n - n 300 1 qmgr',
  'tlsmgr unix - - n 1000? 1 tlsmgr',
  'rewrite unix - - n - - trivial-rewrite',
  'bounce unix - - n - 0 bounce',
  'defer unix - - n - 0 bounce',
  'trace unix - - n - 0 bounce',
  'verify unix - - n - 1 verify',
  'proxymap unix - - n - - proxymap',
  'proxywrite unix - - n - 1 proxymap',
  'anvil unix - - n - 1 anvil',
  'scache unix - - n - 1 scache',
  'error unix - - n - - error',
  'retry unix - - n - - error',
  'discard unix - - n - - discard',
  'postlog unix-dgram n - n - 1 postlogd',
];

async function waitForBanner(
  host: string,
  port: number,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postfix exited during start-up:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port });
      const done = (v: boolean) => {
        s.destroy();
        resolve(v);
      };
      s.setTimeout(1000, () => done(false));
      s.once('data', (d) => {
        s.write('QUIT\r\n');
        done(d.toString().startsWith('220'));
      });
      s.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`postfix did not greet on ${host}:${port} within 20 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function startPostfix(options: PostfixOptions): Promise<PostfixServer> {
  const postfix = postfixPath();
  if (!options.host.startsWith('127.')) throw new Error('the Postfix harness listens on loopback only');
  const port = options.port ?? (await freePort());
  const dir = await mkdtemp(path.join(tmpdir(), 'netdoctor-postfix-'));
  await chmod(dir, 0o755); // smtpd runs as postfix and must reach the queue below
  const conf = path.join(dir, 'conf');
  const queue = path.join(dir, 'queue');
  const data = path.join(dir, 'data');
  for (const d of [conf, queue, data]) await mkdir(d);
  const uid = idOf('-u', 'postfix');
  const gid = idOf('-g', 'postfix');
  await chown(queue, uid, gid);
  await chown(data, uid, gid);
  const tlsLines: string[] = [];
  if (options.tls) {
    await writeFile(path.join(conf, 'server.key'), options.tls.key, { mode: 0o600 });
    await writeFile(path.join(conf, 'server.crt'), options.tls.cert);
    tlsLines.push(
      `smtpd_tls_cert_file = ${conf}/server.crt`,
      `smtpd_tls_key_file = ${conf}/server.key`,
      'smtpd_tls_security_level = may',
    );
  } else {
    tlsLines.push('smtpd_tls_security_level = none');
  }
  const main = [
    'compatibility_level = 3.6',
    `queue_directory = ${queue}`,
    `data_directory = ${data}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    `myhostname = ${options.hostname}`,
    'inet_interfaces = loopback-only',
    'inet_protocols = ipv4',
    'mydestination =',
    'relay_domains =',
    'smtpd_banner = $myhostname ESMTP Postfix',
    // A regular file (postlog cannot append to a pipe), allowed by maillog_file_prefixes.
    `maillog_file = ${dir}/maillog`,
    `maillog_file_prefixes = ${dir}`,
    // No DNS from the test server: no client name lookup, no MX lookups for delivery.
    'smtpd_peername_lookup = no',
    'smtp_dns_support_level = disabled',
    'biff = no',
    ...tlsLines,
    ...(options.mainExtra ?? []),
  ];
  await writeFile(path.join(conf, 'main.cf'), `${main.join('\n')}\n`);
  const master = [
    `${options.host}:${port} inet n - n - - smtpd`,
    ...MASTER_SERVICES,
    ...(options.masterExtra ?? []),
  ];
  await writeFile(path.join(conf, 'master.cf'), `${master.join('\n')}\n`);

  const child = spawn(postfix, ['-c', conf, 'start-fg'], { stdio: 'ignore' });
  const log = () => {
    try {
      return readFileSync(path.join(dir, 'maillog'), 'utf8').slice(-8000);
    } catch {
      return '(no maillog)';
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hardStop = () => {
    try {
      execFileSync(postfix, ['-c', conf, 'abort'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  };
  process.once('exit', hardStop);
  try {
    await waitForBanner(options.host, port, child, log);
  } catch (e) {
    hardStop();
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    host: options.host,
    port,
    configDir: conf,
    maillog: path.join(dir, 'maillog'),
    async stop() {
      process.removeListener('exit', hardStop);
      try {
        execFileSync(postfix, ['-c', conf, 'stop'], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        hardStop();
      }
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
