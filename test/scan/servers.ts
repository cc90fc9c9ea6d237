/**
 * The loopback servers the scan tests probe: HTTP with the revealing headers of the seeds, HTTPS
 * with a short-lived certificate, an SSH-like banner, SMTP with and without STARTTLS, FTP, POP3
 * and IMAP greetings without TLS. Each listens on 127.0.0.1 at a free port.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { startFakeSmtp } from './smtp-server.js';
import type { TestCert } from './tls-certs.js';

export interface TestServers {
  ports: Record<'http' | 'https' | 'ssh' | 'smtp' | 'smtpTls' | 'ftp' | 'pop3' | 'imap' | 'plainTls', number>;
  closeAll(): Promise<void>;
}

const REVEALING = {
  Server: 'Apache/2.4.41 (Amazon) OpenSSL/1.0.2k-fips PHP/7.3.10',
  'X-Powered-By': 'PHP/7.3.10',
};

function listen(server: net.Server, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** A server that greets with `greeting` and answers each line with `reply(line)`. */
export function textServer(greeting: string, reply: (line: string) => string | undefined): net.Server {
  return net.createServer((s) => {
    s.on('error', () => {});
    s.write(greeting);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      let i = buf.indexOf('\n');
      while (i >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        i = buf.indexOf('\n');
        const r = reply(line);
        if (r === undefined) s.end();
        else s.write(r);
      }
    });
  });
}

export async function startTestServers(cert: TestCert, expiringCert: TestCert): Promise<TestServers> {
  const closers: (() => Promise<void>)[] = [];
  const track = (s: net.Server) => {
    closers.push(
      () =>
        new Promise<void>((r) => {
          s.close(() => r());
          (s as http.Server).closeAllConnections?.();
        }),
    );
    return s;
  };
  const web = track(
    http.createServer((_req, res) => {
      res.writeHead(200, { ...REVEALING, 'Content-Type': 'text/html' });
      res.end('<h1>It works!</h1>');
    }),
  );
  const secure = track(
    https.createServer({ key: expiringCert.key, cert: expiringCert.cert }, (_req, res) => {
      res.writeHead(200, { Server: 'nginx/1.18.0 (Ubuntu)' });
      res.end('ok');
    }),
  );
  const ssh = track(textServer('SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5\r\n', () => undefined));
  const ftp = track(
    textServer('220 (vsFTPd 3.0.3)\r\n', (l) =>
      /^FEAT/i.test(l)
        ? '211-Features:\r\n EPRT\r\n PASV\r\n211 End\r\n'
        : /^QUIT/i.test(l)
          ? undefined
          : '500 ?\r\n',
    ),
  );
  const pop3 = track(
    textServer('+OK Dovecot ready.\r\n', (l) =>
      /^CAPA/i.test(l) ? '+OK\r\nTOP\r\nUSER\r\nUIDL\r\n.\r\n' : /^QUIT/i.test(l) ? undefined : '-ERR\r\n',
    ),
  );
  const imap = track(
    textServer('* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n', (l) => {
      const tag = l.split(' ')[0];
      if (/ CAPABILITY$/i.test(l)) return `* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN\r\n${tag} OK done\r\n`;
      if (/ LOGOUT$/i.test(l)) return undefined;
      return `${tag} BAD\r\n`;
    }),
  );
  const tlsOnly = track(
    (await import('node:tls')).createServer({ key: cert.key, cert: cert.cert }, (s) => {
      s.on('error', () => {});
      s.end();
    }),
  );
  const smtp = await startFakeSmtp({ extensions: ['PIPELINING', 'SIZE 10240000', '8BITMIME'] });
  const smtpTls = await startFakeSmtp({ tls: cert });
  closers.push(smtp.close, smtpTls.close);
  const ports = {
    http: await listen(web),
    https: await listen(secure),
    ssh: await listen(ssh),
    ftp: await listen(ftp),
    pop3: await listen(pop3),
    imap: await listen(imap),
    plainTls: await listen(tlsOnly),
    smtp: smtp.port,
    smtpTls: smtpTls.port,
  };
  return { ports, closeAll: async () => void (await Promise.all(closers.map((c) => c()))) };
}
