/**
 * HTTP/1.x: a request line `METHOD target HTTP/1.x` from the client, or a status line
 * `HTTP/1.x NNN` from the server (RFC 9112 §3, §4). The `Host` header names the site.
 */
import {
  type Classifier,
  type Details,
  type Direction,
  hasAscii,
  headerValue,
  indexOfAscii,
} from './classifier.js';

const METHODS = ['GET ', 'POST ', 'HEAD ', 'PUT ', 'DELETE ', 'OPTIONS ', 'CONNECT ', 'PATCH ', 'TRACE '];

/** Length of the method token at the start of `p` (with its space), or 0. */
export function httpMethodLength(p: Uint8Array): number {
  const c = p[0];
  // Cheapest test first: every method starts with an upper-case letter among these.
  if (c !== 0x47 && c !== 0x50 && c !== 0x48 && c !== 0x44 && c !== 0x4f && c !== 0x43 && c !== 0x54)
    return 0;
  for (const m of METHODS) if (hasAscii(p, m)) return m.length;
  return 0;
}

function probe(p: Uint8Array, dir: Direction) {
  if (p.length < 8) return 'more' as const;
  if (dir === 'toClient') return hasAscii(p, 'HTTP/1.') ? ('match' as const) : ('no' as const);
  const m = httpMethodLength(p);
  if (m === 0) return 'no' as const;
  // The version sits at the end of the first line; look within a generous request line.
  return indexOfAscii(p, ' HTTP/1.', m, 8192) !== -1 ? ('match' as const) : ('more' as const);
}

function describe(p: Uint8Array, dir: Direction, _flow: unknown, details: Details) {
  if (dir === 'toServer' && httpMethodLength(p) > 0) {
    const host = headerValue(p, 'host');
    if (host !== undefined) details.host = host;
    const agent = headerValue(p, 'user-agent');
    if (agent !== undefined) details.userAgent = agent;
    return details.host === undefined ? ('more' as const) : ('done' as const);
  }
  if (dir === 'toClient' && hasAscii(p, 'HTTP/1.')) {
    const server = headerValue(p, 'server');
    if (server !== undefined) details.server = server;
  }
  return 'more' as const;
}

export const http: Classifier = {
  id: 'http',
  name: 'HTTP',
  transports: ['tcp'],
  ports: [80, 8080, 8000, 3128],
  maxDepth: 3,
  probe,
  describe,
  describeDepth: 3,
};
