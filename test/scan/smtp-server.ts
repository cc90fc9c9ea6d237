/**
 * A small SMTP-speaking node server for tests, on 127.0.0.1: a configurable banner, EHLO
 * extensions, STARTTLS with a given certificate, QUIT. Enough to exercise the probe's parsing
 * and every failure branch (rejecting banner, silent server, closing early).
 */
import net from 'node:net';
import tls from 'node:tls';

export interface FakeSmtpOptions {
  banner?: string[];
  bannerCode?: number;
  /** Extension lines after the greeting line of the EHLO reply. */
  extensions?: string[];
  /** Extensions offered after STARTTLS (default: extensions minus STARTTLS, plus AUTH PLAIN LOGIN). */
  extensionsAfterTls?: string[];
  tls?: { key: string; cert: string };
  /** Refuse EHLO with 502 (an old server that knows only HELO). */
  heloOnly?: boolean;
  /** Send nothing at all (the probe must time out). */
  silent?: boolean;
  /** Close the connection right after accepting. */
  closeEarly?: boolean;
  /** Answer STARTTLS with 454. */
  refuseStartTls?: boolean;
  /** Answer STARTTLS with 220, then close instead of handshaking. */
  dropOnStartTls?: boolean;
}

export interface FakeSmtp {
  port: number;
  /** Commands received, in order, over all connections. */
  commands: string[];
  close(): Promise<void>;
}

export async function startFakeSmtp(o: FakeSmtpOptions = {}, host = '127.0.0.1'): Promise<FakeSmtp> {
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const extensions = o.extensions ?? ['PIPELINING', 'SIZE 10240000', 'STARTTLS', '8BITMIME'];
  const afterTls = o.extensionsAfterTls ?? [
    ...extensions.filter((e) => e !== 'STARTTLS'),
    'AUTH PLAIN LOGIN',
  ];

  const converse = (socket: net.Socket | tls.TLSSocket, secure: boolean) => {
    let buffer = '';
    const reply = (code: number, lines: string[]) => {
      socket.write(lines.map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join(''));
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let i = buffer.indexOf('\r\n');
      while (i >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        i = buffer.indexOf('\r\n');
        commands.push(line);
        const verb = line.split(' ')[0]?.toUpperCase();
        if (verb === 'EHLO') {
          if (o.heloOnly) reply(502, ['5.5.2 Error: command not recognized']);
          else reply(250, ['mail.test.example', ...(secure ? afterTls : extensions)]);
        } else if (verb === 'HELO') reply(250, ['mail.test.example']);
        else if (verb === 'STARTTLS' && !secure) {
          if (o.refuseStartTls || (!o.tls && !o.dropOnStartTls)) {
            reply(454, ['4.7.0 TLS not available due to local problem']);
            continue;
          }
          reply(220, ['2.0.0 Ready to start TLS']);
          socket.off('data', onData);
          if (o.dropOnStartTls) return void socket.end();
          const secureSocket = new tls.TLSSocket(socket, {
            isServer: true,
            key: o.tls?.key,
            cert: o.tls?.cert,
          });
          secureSocket.on('error', () => {});
          converse(secureSocket, true);
          return;
        } else if (verb === 'QUIT') {
          reply(221, ['2.0.0 Bye']);
          socket.end();
        } else reply(502, ['5.5.2 Error: command not recognized']);
      }
    };
    socket.on('data', onData);
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (o.closeEarly) return void socket.destroy();
    if (o.silent) return;
    const code = o.bannerCode ?? 220;
    const banner = o.banner ?? ['mail.test.example ESMTP Postfix (Debian/GNU)'];
    socket.write(banner.map((l, i) => `${code}${i === banner.length - 1 ? ' ' : '-'}${l}\r\n`).join(''));
    if (code !== 220) {
      socket.on('data', () => {
        socket.end('221 2.0.0 Bye\r\n');
      });
      return;
    }
    converse(socket, false);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
