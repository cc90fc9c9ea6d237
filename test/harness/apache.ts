/**
 * A throw-away Apache httpd with ModSecurity 2 and the Core Rule Set (Debian's `apache2`,
 * `libapache2-mod-security2`, `modsecurity-crs`) for the WAF tests: a configuration written in a
 * temporary directory (its own PidFile, ErrorLogs and audit logs), virtual hosts listening only on
 * 127.0.0.1 at free ports, `SecRuleEngine On` with the CRS included; stopped and removed by `stop()`.
 *
 * Apache refuses to serve as root: when the test runs as root, the children run as `nobody` and
 * the temporary directory is handed to that user; otherwise they run as the test's own user.
 *
 * @example
 *   const waf = await startApacheWaf([{ name: 'serial', audit: 'SecAuditLogType Serial …' }]);
 *   await waf.stop();
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unavailable } from './missing.js';
import { findTool } from './peers.js';
import { freePort } from './ports.js';

const run = promisify(execFile);
const MODULES = '/usr/lib/apache2/modules';
const CRS = '/usr/share/modsecurity-crs/rules';
const CRS_SETUP = '/etc/modsecurity/crs/crs-setup.conf';

/** The `skip` value of a test that needs Apache with ModSecurity and the CRS. */
export function apacheWafSkip(): string | false {
  if (!findTool('apache2'))
    return unavailable('peer tool apache2 is not installed (Debian apache2; bash scripts/install-peers.sh)');
  if (!existsSync(path.join(MODULES, 'mod_security2.so')))
    return unavailable(
      'mod_security2 is not installed (Debian libapache2-mod-security2; bash scripts/install-peers.sh)',
    );
  if (!existsSync(CRS))
    return unavailable(
      'the Core Rule Set is not installed (Debian modsecurity-crs; bash scripts/install-peers.sh)',
    );
  return false;
}

export interface VhostSpec {
  /** A short name: the vhost's logs are `<dir>/<name>/error.log` and what `audit` writes there. */
  name: string;
  /** Audit-log directives; `{dir}` is replaced by the vhost's own folder. */
  audit: string;
}

export interface ApacheWaf {
  dir: string;
  /** Port of each vhost, by name. */
  ports: Record<string, number>;
  /** The folder of one vhost (its error.log and audit logs). */
  vhostDir(name: string): string;
  /** Runs `apache2 -t` with `extra` appended to the configuration: undefined when it is valid, else the message. */
  configTest(extra: string): Promise<string | undefined>;
  /** Re-reads the configuration with `extra` appended (graceful restart; same ports). */
  reload(extra: string): Promise<void>;
  stop(): Promise<void>;
}

function nobody(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root and there is no user nobody to run Apache as');
  return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  if (statSync(p).isDirectory()) for (const n of readdirSync(p)) chownTree(path.join(p, n), uid, gid);
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Apache: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startApacheWaf(vhosts: readonly VhostSpec[]): Promise<ApacheWaf> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-apache-waf-'));
  const ports: Record<string, number> = {};
  for (const v of vhosts) ports[v.name] = await freePort();
  mkdirSync(path.join(dir, 'htdocs', 'search'), { recursive: true });
  writeFileSync(path.join(dir, 'htdocs', 'index.html'), 'hello\n');
  writeFileSync(path.join(dir, 'htdocs', 'search', 'index.html'), 'results\n');
  for (const d of ['data', 'tmp']) mkdirSync(path.join(dir, d));
  // Each vhost's folder has a store/ for the Concurrent log type.
  const vhostDir = (name: string) => path.join(dir, name);
  const blocks = vhosts.map((v) => {
    mkdirSync(path.join(vhostDir(v.name), 'store'), { recursive: true });
    return [
      `Listen 127.0.0.1:${ports[v.name]}`,
      `<VirtualHost 127.0.0.1:${ports[v.name]}>`,
      '  ServerName localhost',
      `  ErrorLog ${path.join(vhostDir(v.name), 'error.log')}`,
      ...v.audit
        .replaceAll('{dir}', vhostDir(v.name))
        .split('\n')
        .map((l) => `  ${l}`),
      '</VirtualHost>',
    ].join('\n');
  });
  const base = [
    'ServerRoot /etc/apache2',
    `PidFile ${path.join(dir, 'httpd.pid')}`,
    `ErrorLog ${path.join(dir, 'error.log')}`,
    'LogLevel warn',
    'ServerName localhost',
    ...(root ? ['User nobody', 'Group nogroup'] : []),
    `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so`,
    `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
    `LoadModule unique_id_module ${MODULES}/mod_unique_id.so`,
    `LoadModule mime_module ${MODULES}/mod_mime.so`,
    `LoadModule dir_module ${MODULES}/mod_dir.so`,
    `LoadModule security2_module ${MODULES}/mod_security2.so`,
    'StartServers 1',
    'ServerLimit 1',
    'ThreadsPerChild 8',
    'MaxRequestWorkers 8',
    'TypesConfig /etc/mime.types',
    'DirectoryIndex index.html',
    `DocumentRoot ${path.join(dir, 'htdocs')}`,
    `<Directory ${path.join(dir, 'htdocs')}>`,
    '  Require all granted',
    '</Directory>',
    'SecRuleEngine On',
    'SecRequestBodyAccess On',
    `SecDataDir ${path.join(dir, 'data')}`,
    `SecTmpDir ${path.join(dir, 'tmp')}`,
    'SecAuditLogParts ABIJDEFHZ',
    'SecAuditLogRelevantStatus "^(?:5|4(?!04))"',
    `Include ${CRS_SETUP}`,
    `Include ${CRS}/*.conf`,
    ...blocks,
  ].join('\n');
  const conf = path.join(dir, 'httpd.conf');
  const write = (extra: string) => writeFileSync(conf, `${base}\n${extra}\n`);
  write('');
  if (root) {
    const u = nobody();
    chownTree(dir, u.uid, u.gid);
  }
  const apache = findTool('apache2') as string;
  const env = { ...process.env, APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir };
  const errorLog = () =>
    existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
  // In the foreground, as this process's child: stopped by signal, its exit awaited (no daemon left behind).
  const child: ChildProcess = spawn(apache, ['-f', conf, '-D', 'FOREGROUND'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(
      () => errorLog().includes('resuming normal operations') || child.exitCode !== null,
      20_000,
      'start-up',
    );
    if (child.exitCode !== null) throw new Error(`exit status ${child.exitCode}: ${stderr}`);
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    const log = errorLog();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Apache did not start: ${(e as Error).message}\n${log.slice(-2000)}`);
  }
  return {
    dir,
    ports,
    vhostDir,
    async configTest(extra) {
      const test = path.join(dir, 'test.conf');
      writeFileSync(test, `${base}\n${extra}\n`);
      try {
        await run(apache, ['-t', '-f', test], { env, timeout: 30_000 });
        return undefined;
      } catch (e) {
        return `${(e as { stderr?: string }).stderr ?? (e as Error).message}`.trim();
      }
    },
    async reload(extra) {
      write(extra);
      const before = errorLog().length;
      child.kill('SIGUSR1'); // graceful restart: the same sockets, the new configuration
      await waitFor(
        () => errorLog().slice(before).includes('resuming normal operations'),
        15_000,
        'the graceful restart',
      );
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
