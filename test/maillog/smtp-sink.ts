/**
 * A small SMTP server the mail log tests control: it answers each RCPT by the local part —
 * `ok…` 250, `soft…` 450 (IP name lookup failed), `later…` 450 4.1.1 (user unknown, temporary),
 * `gone…` 550 5.1.1 (user unknown) — and accepts the message. Loopback only.
 */
import net from 'node:net';

export interface Sink {
  port: number;
  /** Messages accepted (one per DATA), with their accepted recipients. */
  accepted: { from: string; to: string[] }[];
  close(): Promise<void>;
}

export const SINK_REPLIES = {
  soft: '450 4.7.1 Client host rejected: cannot find your hostname, IP name lookup failed [127.0.0.1]',
  later: '450 4.1.1 Recipient address rejected: User unknown in local recipient table',
  gone: '550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table',
};

export async function startSink(host = '127.0.0.1'): Promise<Sink> {
  const accepted: Sink['accepted'] = [];
  let n = 0;
  const server = net.createServer((socket) => {
    let buf = '';
    let inData = false;
    let from = '';
    let to: string[] = [];
    socket.setEncoding('latin1');
    socket.write('220 sink.test ESMTP\r\n');
    socket.on('error', () => {});
    socket.on('data', (d: string) => {
      buf += d;
      for (;;) {
        const i = buf.indexOf('\r\n');
        if (i < 0) break;
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            accepted.push({ from, to });
            socket.write(`250 2.0.0 Ok: queued as SINK${++n}\r\n`);
          }
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') socket.write('250-sink.test\r\n250 8BITMIME\r\n');
        else if (cmd === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          socket.write('250 2.1.0 Ok\r\n');
        } else if (cmd === 'RCPT') {
          const addr = /<([^>]*)>/.exec(line)?.[1] ?? '';
          const local = addr.split('@')[0] ?? '';
          if (local.startsWith('soft')) socket.write(`${SINK_REPLIES.soft}\r\n`);
          else if (local.startsWith('later')) socket.write(`${SINK_REPLIES.later}\r\n`);
          else if (local.startsWith('gone')) socket.write(`${SINK_REPLIES.gone}\r\n`);
          else {
            to.push(addr);
            socket.write('250 2.1.5 Ok\r\n');
          }
        } else if (cmd === 'DATA') {
          if (to.length === 0) socket.write('554 5.5.1 Error: no valid recipients\r\n');
          else {
            inData = true;
            socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
          }
        } else if (cmd === 'QUIT') {
          socket.end('221 2.0.0 Bye\r\n');
        } else socket.write('250 2.0.0 Ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.unref();
      }),
  };
}

/** Sends one message over SMTP; returns the RCPT replies (by recipient) and the final reply. */
export async function sendMail(
  host: string,
  port: number,
  from: string,
  rcpts: string[],
  body: string,
): Promise<{ rcpt: Record<string, string>; data?: string }> {
  const socket = net.connect({ host, port });
  socket.setEncoding('latin1');
  let buf = '';
  const waiters: ((line: string) => void)[] = [];
  socket.on('data', (d: string) => {
    buf += d;
    for (;;) {
      const i = buf.indexOf('\r\n');
      if (i < 0) break;
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (line[3] === '-') continue; // multi-line reply: wait for the last line
      waiters.shift()?.(line);
    }
  });
  const reply = () => new Promise<string>((resolve) => waiters.push(resolve));
  const say = (cmd: string) => {
    const r = reply();
    socket.write(`${cmd}\r\n`);
    return r;
  };
  await reply();
  await say('EHLO client.test');
  await say(`MAIL FROM:<${from}>`);
  const rcpt: Record<string, string> = {};
  for (const r of rcpts) rcpt[r] = await say(`RCPT TO:<${r}>`);
  let data: string | undefined;
  if (Object.values(rcpt).some((r) => r.startsWith('250'))) {
    await say('DATA');
    data = await say(`${body.replace(/\n/g, '\r\n')}\r\n.`);
  } else await say('RSET');
  await say('QUIT');
  socket.destroy();
  return { rcpt, ...(data !== undefined ? { data } : {}) };
}
