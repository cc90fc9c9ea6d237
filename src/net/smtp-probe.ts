/**
 * The SMTP probe: the banner, the EHLO capabilities, and whether STARTTLS works — the first
 * minute of a `telnet mail.example.org 25` session, done the same way for `netdoctor mail audit`
 * and `netdoctor scan`: one module, two callers.
 *
 * Hand-written because it needs only four commands (EHLO, STARTTLS, EHLO, QUIT) and must report
 * every step as data; mail-sending libraries (nodemailer) hide the replies behind a send API.
 * Every failure (refused, timeout, closed early, non-2xx banner, EHLO rejected, TLS failure) is a
 * typed `outcome`; only bad options throw.
 *
 * @example
 *   const r = await probeSmtp({ host: '192.0.2.25', port: 25, timeoutMs: 10_000, servername: 'mx.example.org' });
 *   if (r.outcome === 'ok') {
 *     r.banner?.hostname;          // 'mx.example.org' (the name the server announces)
 *     r.ehlo?.starttls;            // true
 *     r.starttls?.tls?.outcome;    // 'ok' → .protocol, .certificate.daysLeft, .chainVerified …
 *   }
 */
import net from 'node:net';
import os from 'node:os';
import type tls from 'node:tls';
import { optionError } from '../core/errors.js';
import { NET_ERRORS } from './error-messages.js';
import { socketFailure, startTls, type TlsProbeResult } from './tls-probe.js';

export interface SmtpReply {
  code: number;
  /** Text of each line, without the code and separator. */
  lines: string[];
}

export interface EhloCapabilities {
  /** The reply to EHLO (or HELO when EHLO was refused). */
  reply: SmtpReply;
  /** Whether the server accepted EHLO (false: only HELO worked, no extensions). */
  extended: boolean;
  /** Extension keywords upper-cased, with parameters, e.g. `['SIZE 10240000', 'PIPELINING', 'STARTTLS']`. */
  capabilities: string[];
  /** SIZE limit in bytes, if announced (0 = no fixed limit, RFC 1870). */
  size?: number;
  pipelining: boolean;
  starttls: boolean;
  /** AUTH mechanisms, e.g. `['PLAIN', 'LOGIN']`. */
  auth: string[];
}

export interface StartTlsResult {
  /** The reply to STARTTLS (220 expected). */
  reply?: SmtpReply;
  /** The handshake, when the server said 220. */
  tls?: TlsProbeResult;
  /** EHLO again over TLS (capabilities often change, e.g. AUTH appears). */
  ehloAfterTls?: EhloCapabilities;
}

export type SmtpOutcome =
  | 'ok'
  | 'refused'
  | 'timeout'
  | 'closed'
  | 'unreachable'
  | 'banner-rejected'
  | 'ehlo-rejected'
  | 'protocol-error'
  | 'tls-error';

export interface SmtpProbeResult {
  host: string;
  port: number;
  /** `ok` when the session went as far as it could (STARTTLS problems show in `starttls`). */
  outcome: SmtpOutcome;
  /** One line for anything but `ok`. */
  error?: string;
  banner?: SmtpReply & {
    /** The host name the banner announces (first word after the code). */ hostname?: string;
  };
  ehlo?: EhloCapabilities;
  /** Present when the server offered STARTTLS (and `startTls` was not false). */
  starttls?: StartTlsResult;
  /** The whole conversation, `C:`/`S:` lines, for evidence. */
  transcript: string[];
}

export interface SmtpProbeOptions {
  host: string;
  port: number;
  /** Deadline for connecting and for each reply, in milliseconds. */
  timeoutMs: number;
  /** Name sent in EHLO; default the local host name. */
  heloName?: string;
  /** Name for SNI and the certificate check after STARTTLS; default `host` when it is a name. */
  servername?: string;
  /** Try STARTTLS when offered (default true). */
  startTls?: boolean;
  /** Trust anchors for the STARTTLS certificate check (PEM); default the system CAs. */
  ca?: string | Buffer | (string | Buffer)[];
}

/** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; allow slack for sloppy servers. */
const MAX_LINE = 4096;
/** Bound the lines in one reply so a hostile server cannot make us buffer forever. */
const MAX_REPLY_LINES = 200;

class ProbeStop extends Error {
  constructor(
    readonly outcome: SmtpOutcome,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads SMTP replies from a socket. RFC 5321 §4.2: "the format for multiline replies requires
 * that every line, except the last, begin with the reply code, followed immediately by a hyphen
 * … The last line will begin with the reply code, followed immediately by <SP>".
 */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((r: SmtpReply | ProbeStop) => void) | undefined;
  private ended: ProbeStop | undefined;
  private pending: { code: number; lines: string[] } | undefined;
  private ready: (SmtpReply | ProbeStop)[] = [];

  constructor(
    private socket: net.Socket | tls.TLSSocket,
    private transcript: string[],
  ) {
    this.attach(socket);
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('latin1');
    let i = this.buffer.indexOf('\n');
    while (i >= 0) {
      this.lines.push(this.buffer.slice(0, i).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(i + 1);
      i = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > MAX_LINE) this.push(new ProbeStop('protocol-error', 'reply line too long'));
    this.drain();
  };
  private readonly onEnd = () => this.push(new ProbeStop('closed', 'the server closed the connection'));
  private readonly onError = (e: Error) => this.push(new ProbeStop(socketFailure(e), e.message));

  attach(socket: net.Socket | tls.TLSSocket): void {
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
  }

  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
  }

  private drain(): void {
    while (this.lines.length) {
      const line = this.lines.shift() as string;
      this.transcript.push(`S: ${line}`);
      const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
      if (!m) {
        this.push(new ProbeStop('protocol-error', `not an SMTP reply: ${JSON.stringify(line.slice(0, 80))}`));
        return;
      }
      const code = Number(m[1]);
      const p = this.pending ?? { code, lines: [] };
      if (p.code !== code) {
        this.push(
          new ProbeStop(
            'protocol-error',
            `reply code changed inside a multi-line reply (${p.code} → ${code})`,
          ),
        );
        return;
      }
      p.lines.push(m[3] as string);
      if (p.lines.length > MAX_REPLY_LINES) {
        this.push(new ProbeStop('protocol-error', `reply longer than ${MAX_REPLY_LINES} lines`));
        return;
      }
      if (m[2] === '-') this.pending = p;
      else {
        this.pending = undefined;
        this.push(p);
      }
    }
  }

  private push(r: SmtpReply | ProbeStop): void {
    if (r instanceof ProbeStop) {
      if (this.ended) return;
      this.ended = r;
    }
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w(r);
    } else this.ready.push(r);
  }

  /** The next complete reply; throws ProbeStop on close, error, garbage or timeout. */
  next(timeoutMs: number): Promise<SmtpReply> {
    const queued = this.ready.shift() ?? this.ended;
    if (queued) return queued instanceof ProbeStop ? Promise.reject(queued) : Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new ProbeStop('timeout', `no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = (r) => {
        clearTimeout(timer);
        if (r instanceof ProbeStop) reject(r);
        else resolve(r);
      };
    });
  }
}

/** Parses an EHLO reply's extension lines (RFC 5321 §4.1.1.1: the first line is the greeting). */
export function parseEhlo(reply: SmtpReply, extended = true): EhloCapabilities {
  const capabilities = extended
    ? reply.lines
        .slice(1)
        .map((l) => l.trim())
        .filter((l) => l !== '')
    : [];
  const keyword = (l: string) => (l.split(/\s+/)[0] ?? '').toUpperCase();
  const find = (k: string) => capabilities.find((l) => keyword(l) === k);
  const result: EhloCapabilities = {
    reply,
    extended,
    capabilities: capabilities.map((l) => {
      const [k, ...rest] = l.split(/\s+/);
      return [String(k).toUpperCase(), ...rest].join(' ');
    }),
    pipelining: find('PIPELINING') !== undefined,
    starttls: find('STARTTLS') !== undefined,
    auth: [],
  };
  const size = find('SIZE');
  if (size !== undefined) {
    const n = Number(size.split(/\s+/)[1] ?? '0');
    if (Number.isFinite(n)) result.size = n;
  }
  // Old servers announce "AUTH=LOGIN PLAIN" too (pre-RFC 4954 syntax); take both forms.
  const auths = capabilities.filter((l) => /^AUTH[ =]/i.test(l));
  result.auth = [
    ...new Set(auths.flatMap((l) => l.slice(5).trim().split(/\s+/)).map((m) => m.toUpperCase())),
  ].filter((m) => m !== '');
  return result;
}

function connect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProbeStop('timeout', `no TCP connection to ${host} port ${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(new ProbeStop(socketFailure(e), e.message));
    });
  });
}

/**
 * Talks to an SMTP server: banner, EHLO, STARTTLS (if offered) with the TLS details, EHLO again,
 * QUIT. Resolves with everything seen; never rejects for network or protocol trouble.
 */
export async function probeSmtp(options: SmtpProbeOptions): Promise<SmtpProbeResult> {
  const { host, port, timeoutMs } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw optionError(NET_ERRORS.port, 'port', { value: port });
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw optionError(NET_ERRORS.timeoutMs, 'timeoutMs', { value: timeoutMs });
  const heloName = options.heloName ?? os.hostname();
  const transcript: string[] = [];
  const result: SmtpProbeResult = { host, port, outcome: 'ok', transcript };
  let socket: net.Socket | tls.TLSSocket | undefined;
  let reader: ReplyReader | undefined;
  const send = async (line: string): Promise<SmtpReply> => {
    transcript.push(`C: ${line}`);
    socket?.write(`${line}\r\n`);
    return (reader as ReplyReader).next(timeoutMs);
  };
  const ehlo = async (): Promise<EhloCapabilities> => {
    const r = await send(`EHLO ${heloName}`);
    if (r.code === 250) return parseEhlo(r, true);
    // RFC 5321 §3.2: a server that does not support EHLO answers 5xx; fall back to HELO.
    const h = await send(`HELO ${heloName}`);
    if (h.code !== 250) throw new ProbeStop('ehlo-rejected', `EHLO and HELO refused: ${r.code} / ${h.code}`);
    return parseEhlo(h, false);
  };
  try {
    socket = await connect(host, port, timeoutMs);
    reader = new ReplyReader(socket, transcript);
    const banner = await reader.next(timeoutMs);
    result.banner = { ...banner };
    const announced = /^(\S+)/.exec(banner.lines[0] ?? '')?.[1];
    if (announced !== undefined) result.banner.hostname = announced;
    // RFC 5321 §3.1: 554 in the greeting means "no SMTP service here"; the client should QUIT.
    if (banner.code !== 220) throw new ProbeStop('banner-rejected', `the banner is ${banner.code}, not 220`);
    result.ehlo = await ehlo();
    if (result.ehlo.starttls && options.startTls !== false) {
      const st: StartTlsResult = {};
      result.starttls = st;
      st.reply = await send('STARTTLS');
      if (st.reply.code === 220) {
        reader.detach();
        const tlsOptions = {
          host,
          port,
          timeoutMs,
          ...(options.servername !== undefined ? { servername: options.servername } : {}),
          ...(options.ca !== undefined ? { ca: options.ca } : {}),
        };
        const { result: tlsResult, secureSocket } = await startTls(socket as net.Socket, tlsOptions);
        st.tls = tlsResult;
        if (!secureSocket) {
          socket = undefined;
          result.outcome = 'tls-error';
          result.error = `STARTTLS handshake failed: ${'error' in tlsResult ? tlsResult.error : ''}`;
          return result;
        }
        socket = secureSocket;
        reader.attach(secureSocket);
        st.ehloAfterTls = await ehlo();
      }
    }
    await send('QUIT').catch(() => undefined);
  } catch (e) {
    if (!(e instanceof ProbeStop)) throw e;
    result.outcome = e.outcome;
    result.error = e.message;
    if (e.outcome === 'banner-rejected' && socket) {
      socket.write('QUIT\r\n');
    }
  } finally {
    socket?.end();
    const s = socket;
    if (s) setTimeout(() => s.destroy(), 1000).unref();
  }
  return result;
}
