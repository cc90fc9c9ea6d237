/**
 * A Dovecot IMAP and POP3 server for tests (Debian dovecot-imapd + dovecot-pop3d): started in
 * the foreground from a temporary configuration that listens on one 127.0.0.0/8 address at free
 * ports, with a self-signed certificate for STARTTLS/STLS, and stopped with the test. The
 * system's Dovecot (if any) is not touched: its own base_dir, state and log are in the temp dir.
 *
 * @example
 *   const d = await startDovecot('127.61.9.1');
 *   await runCheck('imap', `${d.host}:${d.imapPort}`, { timeoutMs: 5000, startTls: true });
 *   await d.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export const DOVECOT = '/usr/sbin/dovecot';

export interface Dovecot {
  host: string;
  imapPort: number;
  pop3Port: number;
  stop(): Promise<void>;
}

async function listening(host: string, port: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`dovecot did not listen on ${host}:${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDovecot(host: string): Promise<Dovecot> {
  if (!host.startsWith('127.')) throw new Error('the Dovecot harness listens on loopback only');
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-dovecot-'));
  const [imapPort, pop3Port] = [await freePort(), await freePort()];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=mail.example.test'].concat([
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ]),
    { stdio: 'ignore' },
  );
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `instance_name = nd-test-${path.basename(dir)}`,
      'protocols = imap pop3',
      `listen = ${host}`,
      'ssl = yes',
      `ssl_cert = <${dir}/cert.pem`,
      `ssl_key = <${dir}/key.pem`,
      'disable_plaintext_auth = yes',
      `mail_location = maildir:${dir}/mail/%u`,
      'passdb {\n  driver = static\n  args = password=unused\n}',
      `userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=${dir}/home/%u\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = ${host}\n    port = ${imapPort}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      `service pop3-login {\n  inet_listener pop3 {\n    address = ${host}\n    port = ${pop3Port}\n  }\n  inet_listener pop3s {\n    port = 0\n  }\n}`,
      // No SASL or LMTP sockets outside the temp dir.
      'service auth {\n  unix_listener auth-userdb {\n    mode = 0600\n  }\n}',
      'service stats {\n  unix_listener stats-reader {\n    mode = 0600\n  }\n  unix_listener stats-writer {\n    mode = 0600\n  }\n}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      Promise.all([listening(host, imapPort, 15_000), listening(host, pop3Port, 15_000)]),
      new Promise((_r, reject) =>
        child.once('exit', (c) => reject(new Error(`dovecot exited ${c}: ${err}`))),
      ),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { host, imapPort, pop3Port, stop };
}
