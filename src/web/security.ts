/**
 * The dashboard's guards, kept apart from the pages: where it may listen, the token (compared in
 * constant time on SHA-256 digests, so neither its length nor its prefix leaks through timing),
 * sessions (random ids in an HttpOnly SameSite=Strict cookie, rotated at login, bounded in number
 * and age), CSRF (a per-session token in every form, plus the browser's Origin and
 * Sec-Fetch-Site), and the response headers every answer carries.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { NetdoctorError } from '../core/errors.js';
import { WEB_ERRORS } from './error-messages.js';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `127.0.0.1:8470`, `[::1]:8470`, `localhost:8470`, `0.0.0.0:8470`, or a bare port. */
export function parseListen(value: string): ListenAddress {
  const bad = () =>
    new NetdoctorError('ND_USAGE', WEB_ERRORS.badListen, { option: 'listen', params: { value } });
  let host = '127.0.0.1';
  let portText = value;
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(value);
  if (v6) {
    host = v6[1] as string;
    portText = v6[2] as string;
    if (isIP(host) !== 6) throw bad();
  } else if (value.includes(':')) {
    const i = value.lastIndexOf(':');
    host = value.slice(0, i);
    portText = value.slice(i + 1);
    if (host !== 'localhost' && isIP(host) !== 4) throw bad();
  }
  if (!/^\d{1,5}$/.test(portText)) throw bad();
  const port = Number(portText);
  if (port > 65535) throw bad();
  return { host, port };
}

/** True for 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export const MIN_TOKEN_LENGTH = 16;

/** Refuses a non-loopback address without a token, and a token too short to be one. */
export function checkExposure(listen: ListenAddress, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    throw new NetdoctorError('ND_USAGE', WEB_ERRORS.shortToken, { option: 'token' });
  if (token === undefined && !isLoopback(listen.host))
    throw new NetdoctorError('ND_USAGE', WEB_ERRORS.needToken, {
      option: 'listen',
      params: { address: listen.host },
    });
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compares a presented secret with the expected one in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export interface Session {
  id: string;
  csrf: string;
  authenticated: boolean;
  created: number;
  seen: number;
}

/**
 * Sessions in memory (the dashboard is one process): at most `max`, the least recently seen
 * dropped first, each ending `maxAgeMs` after it began.
 */
export class Sessions {
  readonly #all = new Map<string, Session>();
  constructor(
    readonly max = 2000,
    readonly maxAgeMs = 12 * 3_600_000,
  ) {}

  get(id: string | undefined, now = Date.now()): Session | undefined {
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const s = this.#all.get(id);
    if (!s) return undefined;
    if (now - s.created > this.maxAgeMs) {
      this.#all.delete(id);
      return undefined;
    }
    s.seen = now;
    // Re-insert: the Map's order is then least recently seen first.
    this.#all.delete(id);
    this.#all.set(id, s);
    return s;
  }

  create(authenticated: boolean, now = Date.now()): Session {
    while (this.#all.size >= this.max) {
      // Anonymous sessions (a login form never filled) go first: a flood of requests must not log
      // the administrator out.
      let victim: string | undefined;
      for (const [id, x] of this.#all)
        if (!x.authenticated) {
          victim = id;
          break;
        }
      this.#all.delete(victim ?? (this.#all.keys().next().value as string));
    }
    const s: Session = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      authenticated,
      created: now,
      seen: now,
    };
    this.#all.set(s.id, s);
    return s;
  }

  drop(id: string): void {
    this.#all.delete(id);
  }
}

/** Cookies of a request header, by name (the first of each name). */
export function cookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

/**
 * Whether a state-changing request came from the dashboard's own pages: Sec-Fetch-Site, when the
 * browser sends it, must be same-origin (or none: typed by the user), and Origin, when sent, must
 * be the dashboard's own. The form's CSRF token is checked besides (see `sameSecret`).
 */
export function sameOrigin(headers: Record<string, string | string[] | undefined>): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.origin;
  if (typeof origin === 'string') {
    // An opaque origin is only believed with the browser's own word that the request is same-origin.
    if (origin === 'null') return site === 'same-origin';
    const host = headers.host;
    if (typeof host !== 'string') return false;
    if (origin !== `http://${host}` && origin !== `https://${host}`) return false;
  }
  return true;
}

/**
 * The capture pages' policy: the one script of this server (capture-script.ts) and its upload to
 * this server; everything else as on every page.
 */
export const CAPTURE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The headers on every response: no script, no framing, no sniffing, no referrer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cache-Control': 'no-store',
};

/** A raw request path that could mean a file outside the routes: `..`, encoded dots, `\`, NUL. */
export function traversal(rawPath: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return true;
  }
  return (
    /(^|[/\\])\.\.([/\\]|$)/.test(decoded) ||
    decoded.includes('\\') ||
    decoded.includes('\0') ||
    /%2e|%2f|%5c/i.test(decoded)
  );
}

/** `2G`, `500M`, `64K`, `1048576` → bytes. */
export function parseSize(value: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(i?B)?$/i.exec(value.trim());
  if (!m) throw new NetdoctorError('ND_USAGE', WEB_ERRORS.badSize, { option, params: { value } });
  const unit =
    { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[(m[2] as string).toUpperCase()] ?? 1;
  const n = Math.floor(Number(m[1]) * unit);
  if (n < 1) throw new NetdoctorError('ND_USAGE', WEB_ERRORS.badSize, { option, params: { value } });
  return n;
}

/**
 * Wrong tokens, counted per client: after `limit` failures within `windowMs`, that client's logins
 * are refused (HTTP 429, even with the right token) until its oldest counted failure is
 * `windowMs` old. A client is an IPv4 address or an IPv6 /64 (one host usually holds a whole
 * /64). The table keeps at most `maxClients` clients, forgetting the least recently failed.
 * Hand-written: the npm limiters (rate-limiter-flexible, express-rate-limit) are framework
 * middleware or shared-store clients; this is a bounded map of timestamps.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit = 5,
    readonly windowMs = 60_000,
    readonly maxClients = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(client: string): number[] {
    const t = this.now();
    const kept = (this.failures.get(client) ?? []).filter((f) => t - f < this.windowMs);
    if (kept.length === 0) this.failures.delete(client);
    else this.failures.set(client, kept);
    return kept;
  }

  /** Milliseconds before `client` may try again; 0 when it may now. */
  retryAfter(client: string): number {
    const kept = this.recent(client);
    if (kept.length < this.limit) return 0;
    return Math.max(1, (kept[kept.length - this.limit] as number) + this.windowMs - this.now());
  }

  /** Counts a wrong token from `client`. */
  failed(client: string): void {
    const kept = this.recent(client);
    kept.push(this.now());
    this.failures.delete(client); // re-inserted last: the map's order is the order of failures
    this.failures.set(client, kept.slice(-this.limit));
    while (this.failures.size > this.maxClients)
      this.failures.delete(this.failures.keys().next().value as string);
  }

  /** A right token: the client's count starts again. */
  succeeded(client: string): void {
    this.failures.delete(client);
  }
}

/** The key a client's logins are counted under: its IPv4 address (also when v4-mapped), or its IPv6 /64. */
export function clientKey(address: string | undefined): string {
  if (!address) return '?';
  const a = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1] as string;
  if (!a.includes(':')) return a;
  // Expand `::` and keep the first four groups.
  const [head = '', tail] = a.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
