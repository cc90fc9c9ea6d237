/** `host`, `host:port`, `[v6]:port` or `v6` → host and port, for the kinds that talk to one port. */
import net from 'node:net';
import { both, usageError } from '../core/errors.js';
import { MONITOR_ERRORS } from './error-messages.js';

export interface HostPort {
  host: string;
  port: number;
}

/** A host name as RFC 1123 allows it (letters, digits, hyphens, dots; 253 octets at most). */
const HOST_NAME = /^(?=.{1,253}$)(?!-)[A-Za-z0-9_-]{1,63}(?:\.(?!-)[A-Za-z0-9_-]{1,63})*\.?$/;

/**
 * Parsed targets, by their spelling: a monitor parses the same few thousand at every run, and
 * net.isIPv6's pattern alone costs more than a loopback TCP handshake. Bounded; cleared when full.
 */
const parsed = new Map<string, HostPort>();
const PARSED_MAX = 100_000;

export function hostPort(target: string, kind: string, port?: number, defaultPort?: number): HostPort {
  const key = `${target}\0${kind}\0${port}\0${defaultPort}`;
  const known = parsed.get(key);
  if (known) return known;
  const hp = parseHostPort(target, kind, port, defaultPort);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(key, hp);
  return hp;
}

function parseHostPort(target: string, kind: string, port?: number, defaultPort?: number): HostPort {
  const bad = (en: string, ja: string) =>
    usageError(MONITOR_ERRORS.badTarget, target, { kind, why: both(en, ja) });
  let host = target.trim();
  let p: number | undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (bracket) {
    host = bracket[1] as string;
    if (bracket[2] !== undefined) p = Number(bracket[2]);
  } else if (!net.isIPv6(host)) {
    const m = /^(.*):(\d+)$/.exec(host);
    if (m) {
      host = m[1] as string;
      p = Number(m[2]);
    }
  }
  if (!net.isIP(host) && !HOST_NAME.test(host))
    throw bad('not an address or host name', 'アドレスでもホスト名でもありません');
  const chosen = p ?? port ?? defaultPort;
  if (chosen === undefined)
    throw bad('no port (host:port or the port option)', 'ポートがありません（host:port またはポートの指定）');
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > 65535)
    throw bad('port must be 1-65535', 'ポートは 1〜65535 です');
  return Object.freeze({ host, port: chosen });
}

/** `127.0.0.1:25`, `[::1]:25`: how a target is shown. */
export function showHostPort(h: HostPort): string {
  return h.host.includes(':') ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`;
}
