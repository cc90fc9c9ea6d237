/**
 * One TCP conversation under a deadline: connect, read the greeting line, optionally send a line
 * and read the reply. Whatever the server does — accepts and stays silent, drips a byte a second,
 * sends garbage, resets — the promise settles when the signal aborts, with the socket destroyed.
 * Hand-written: the kinds need only a line or two, and every step's timing as data.
 */
import net from 'node:net';
import type { AbortLike } from './types.js';

export type ConnectFailure = 'refused' | 'timeout' | 'reset' | 'closed' | 'unreachable';

export interface Conversation {
  outcome: 'ok' | ConnectFailure;
  /** Milliseconds to the TCP handshake. */
  connectMs?: number;
  /** Lines read (the greeting first), without CR LF, each at most MAX_LINE bytes. */
  lines: string[];
  /** Milliseconds from the start to the last line read (or to the connect with no read). */
  elapsedMs: number;
  /** The system's words, e.g. `connect ECONNREFUSED 127.0.0.1:1`. */
  error?: string;
}

/** A greeting line is short in every protocol here (RFC 5321: 512 octets); cap what we keep. */
const MAX_LINE = 1024;

export function failureOf(e: unknown): ConnectFailure {
  const code = (e as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'EADDRNOTAVAIL') return 'unreachable';
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'closed';
}

/**
 * Connects to `host:port`; reads `readLines` lines (0: just connect), sending each of `send`
 * after the line before it. Settles at the first failure or when `signal` aborts.
 */
export function converse(
  host: string,
  port: number,
  signal: AbortLike,
  options: { readLines?: number; send?: readonly string[]; until?: RegExp } = {},
): Promise<Conversation> {
  const started = performance.now();
  const want = options.readLines ?? 0;
  return new Promise((resolve) => {
    const lines: string[] = [];
    let connectMs: number | undefined;
    let settled = false;
    const socket = net.connect({ host, port });
    const finish = (outcome: Conversation['outcome'], error?: string) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      const c: Conversation = { outcome, lines, elapsedMs: performance.now() - started };
      if (connectMs !== undefined) c.connectMs = connectMs;
      if (error !== undefined) c.error = error;
      resolve(c);
    };
    const onAbort = () => finish('timeout', connectMs === undefined ? 'no TCP handshake' : 'no reply');
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    // Nagle's algorithm holds back only a write after an unanswered one: a line sent after each
    // reply never waits, and a bare connect sends nothing (one syscall fewer per check).
    socket.on('connect', () => {
      connectMs = performance.now() - started;
      if (want === 0) finish('ok');
    });
    socket.on('error', (e) => finish(failureOf(e), e.message));
    if (want === 0) return; // connected or failed: nothing is read
    const send = options.send ? [...options.send] : [];
    let buf = '';
    socket.on('data', (chunk: Buffer) => {
      buf += chunk.toString('latin1');
      for (;;) {
        const nl = buf.indexOf('\n');
        if (nl < 0) {
          // A line longer than the cap is cut there: garbage must not grow the buffer.
          if (buf.length > MAX_LINE) {
            lines.push(buf.slice(0, MAX_LINE));
            buf = '';
          } else break;
        } else {
          lines.push(buf.slice(0, Math.min(nl, MAX_LINE)).replace(/\r$/, ''));
          buf = buf.slice(nl + 1);
        }
        const last = lines[lines.length - 1] ?? '';
        if (lines.length >= want || (options.until && lines.length > 1 && options.until.test(last)))
          return finish('ok');
        const next = send.shift();
        if (next !== undefined) socket.write(`${next}\r\n`);
      }
    });
    socket.on('close', () =>
      finish(lines.length >= want ? 'ok' : 'closed', 'connection closed before the reply'),
    );
  });
}
