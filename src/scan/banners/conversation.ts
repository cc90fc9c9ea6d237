/**
 * A short text conversation with a server for the banner probes: connect (plain or TLS), read
 * until a reply is complete, write a command, close. Every read has a deadline and a byte cap
 * (a hostile server cannot make the probe wait or buffer forever); failures resolve as text.
 */
import net from 'node:net';
import tls from 'node:tls';

/** Bytes kept from one server (banners, headers): enough for any honest greeting. */
export const MAX_REPLY_BYTES = 64 * 1024;

export interface Conversation {
  /** Waits until `complete(text so far)` is true, the server closes, or the deadline; returns what came. */
  read(complete: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  write(text: string): void;
  close(): void;
  socket: net.Socket;
}

export interface TalkOptions {
  host: string;
  port: number;
  timeoutMs: number;
  /** Speak TLS from the start (HTTPS, IMAPS …); the certificate is not checked here. */
  tls?: boolean;
  servername?: string;
}

/** Connects; resolves with a conversation, or with an error line. */
export function talk(o: TalkOptions): Promise<Conversation | { error: string }> {
  return new Promise((resolve) => {
    const sni = o.servername ?? (net.isIP(o.host) ? undefined : o.host);
    const socket: net.Socket = o.tls
      ? tls.connect({
          host: o.host,
          port: o.port,
          rejectUnauthorized: false,
          ...(sni ? { servername: sni } : {}),
        })
      : net.connect({ host: o.host, port: o.port });
    let text = '';
    let closed = false;
    let wake: (() => void) | undefined;
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      if (text.length < MAX_REPLY_BYTES) text += d.slice(0, MAX_REPLY_BYTES - text.length);
      wake?.();
    });
    socket.on('close', () => {
      closed = true;
      wake?.();
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ error: `no connection within ${o.timeoutMs} ms` });
    }, o.timeoutMs);
    const ready = () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      let consumed = 0;
      resolve({
        socket,
        write: (s) => {
          if (!closed) socket.write(s);
        },
        close: () => socket.destroy(),
        read: (complete, timeoutMs = o.timeoutMs) =>
          new Promise((done) => {
            const check = () => {
              const fresh = text.slice(consumed);
              if (complete(fresh) || closed || text.length >= MAX_REPLY_BYTES) {
                clearTimeout(t);
                wake = undefined;
                consumed = text.length;
                done(fresh);
                return true;
              }
              return false;
            };
            const t = setTimeout(() => {
              wake = undefined;
              const fresh = text.slice(consumed);
              consumed = text.length;
              done(fresh);
            }, timeoutMs);
            wake = check;
            check();
          }),
      });
    };
    socket.once(o.tls ? 'secureConnect' : 'connect', ready);
    socket.once('error', (e) => {
      clearTimeout(timer);
      resolve({ error: e.message.split('\n')[0] ?? 'connection failed' });
    });
  });
}

/**
 * The first line of a reply, trimmed, at most 300 characters. Control characters are kept as the
 * server sent them (`--json` shows them as JSON escapes); the text renderer shows them escaped and
 * the nmap XML writer drops those XML cannot hold.
 */
export function firstLine(text: string): string {
  return printable((text.split(/\r?\n/)[0] ?? '').trim());
}

/** At most 300 characters of `s` (a banner is evidence, not a document). */
export function printable(s: string): string {
  return s.slice(0, 300);
}

/** A conversation that has already read the server's greeting (a probe may be handed one). */
export interface Greeted {
  c: Conversation;
  greeting: string;
}

/**
 * Reuses `open` when a probe is handed a conversation, else connects to the probed port and reads
 * the greeting until `greetingDone` says it is complete.
 */
export async function greeted(
  ctx: { address: string; port: number; timeoutMs: number },
  open: Greeted | undefined,
  greetingDone: (text: string) => boolean,
): Promise<Greeted | { error: string }> {
  if (open) return open;
  const t = await talk({ host: ctx.address, port: ctx.port, timeoutMs: ctx.timeoutMs });
  if ('error' in t) return t;
  return { c: t, greeting: await t.read(greetingDone) };
}
