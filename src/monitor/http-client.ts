/**
 * One HTTP/1.1 GET over a fresh connection (`Connection: close`), read to its end under the
 * check's signal: the status, the Location header, the body's size and (when a keyword is
 * searched) its first MiB, and for https the certificate of the connection.
 *
 * Hand-written instead of node:http (or undici): a monitor runs thousands of these a minute, and
 * node:http's ClientRequest / IncomingMessage streams, header objects and agent bookkeeping cost
 * about three times the TCP connection itself per check (measured: 0.39 ms against 0.14 ms of CPU
 * for a raw exchange, bench/monitor). A check needs only the status line, three headers and the
 * body's framing (RFC 9112 §6: Content-Length, chunked, or until close), so that is all this
 * parses; anything else in the head is skipped unread. Malformed framing is an `HPE_INVALID`
 * error, as llhttp names its own, so the check reports the server as answering garbage.
 */
import net from 'node:net';
import tls from 'node:tls';
import { describeCertificate, type TlsDetails } from '../net/tls-probe.js';
import type { AbortLike } from './types.js';

/** The body is searched for the keyword within its first MiB; the rest is counted, not kept. */
export const MAX_BODY = 1 << 20;
/** Node's own default cap on a response head (--max-http-header-size): 16 KiB. */
const MAX_HEAD = 16 * 1024;
/** A chunk-size line is a few hex digits and perhaps an extension; cap it as the head is capped. */
const MAX_CHUNK_LINE = 1024;

export interface HttpExchange {
  status: number;
  /** Body bytes (after de-chunking). */
  bytes: number;
  /** The body's first MAX_BODY bytes as UTF-8, when `keepBody` was asked; else ''. */
  body: string;
  location?: string;
  tls?: TlsDetails;
  /** Milliseconds from `started` to the end of the body. */
  ms: number;
}

/** Where and what to GET: everything of a request but its deadline (a check's plan keeps it). */
export interface HttpTarget {
  secure: boolean;
  host: string;
  port: number;
  /** Path and query, as `URL` encoded them (no spaces or CR LF). */
  path: string;
  /** The Host header's value. */
  hostHeader: string;
  /** TLS: SNI (omitted for an address) and the trust anchors. */
  servername?: string;
  ca?: string;
  /** The name the certificate is checked against. */
  certName: string;
  keepBody: boolean;
}

export interface HttpRequest extends HttpTarget {
  signal: AbortLike;
  /** performance.now() at the start of the check. */
  started: number;
}

/** The request's bytes for a target (a check makes them once, not at every run). */
export function requestText(t: HttpTarget): string {
  return (
    `GET ${t.path} HTTP/1.1\r\nHost: ${t.hostHeader}\r\nUser-Agent: netdoctor-check (monitoring)\r\n` +
    'Accept: */*\r\nConnection: close\r\n\r\n'
  );
}

/** Whether a Host header value can be sent (no CR or LF: no header injection). */
export function validHostHeader(value: string): boolean {
  return !/[\r\n]/.test(value);
}

function protocolError(reason: string): Error {
  return Object.assign(new Error(`Parse Error: ${reason}`), { code: 'HPE_INVALID' });
}

function describeTls(socket: tls.TLSSocket, name: string): TlsDetails {
  const peer = socket.getPeerCertificate();
  const cert = peer && Object.keys(peer).length > 0 ? describeCertificate(peer) : undefined;
  // The name is checked here whatever the chain says (Node checks it only for a verified chain).
  const nameError = cert ? tls.checkServerIdentity(name, peer) : undefined;
  const authError = socket.authorizationError ? String(socket.authorizationError) : undefined;
  const chainError = authError === 'ERR_TLS_CERT_ALTNAME_INVALID' ? undefined : authError;
  const details: TlsDetails = {
    outcome: 'ok',
    protocol: socket.getProtocol() ?? '',
    cipher: socket.getCipher()?.name ?? '',
    checkedName: name,
    chainVerified: chainError === undefined,
    nameMatches: nameError === undefined,
    handshakeMs: 0,
  };
  if (cert) details.certificate = cert;
  if (chainError) details.verifyError = chainError;
  if (nameError) details.nameError = nameError.message;
  return details;
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/;

interface Head {
  status: number;
  location?: string;
  chunked: boolean;
  length?: number;
}

/** The status line and the framing headers of one response head (lines without their CR LF). */
function parseHead(text: string): Head {
  // Line by line with indexOf (no split, no per-line RegExp): a monitor parses thousands of
  // heads a minute, and only three header names matter; the others are skipped by their first
  // letter without being sliced or lower-cased.
  let eol = text.indexOf('\n');
  if (eol < 0) eol = text.length;
  const first = text.charCodeAt(eol - 1) === 13 ? text.slice(0, eol - 1) : text.slice(0, eol);
  const m = STATUS_LINE.exec(first);
  if (!m) throw protocolError('Expected HTTP/');
  const head: Head = { status: Number(m[1]), chunked: false };
  let at = eol + 1;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const stop = end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = at;
    at = end + 1;
    if (stop === line) continue;
    const colon = text.indexOf(':', line);
    if (colon <= line || colon >= stop) throw protocolError('Invalid header line');
    // A name that starts (after spaces or tabs) with an ASCII letter other than c, t or l is none
    // of Content-Length, Transfer-Encoding, Location; anything else takes the full comparison.
    let c0 = line;
    while (c0 < colon && (text.charCodeAt(c0) === 32 || text.charCodeAt(c0) === 9)) c0++;
    const lead = text.charCodeAt(c0) | 0x20;
    if (lead >= 0x61 && lead <= 0x7a && lead !== 0x63 && lead !== 0x74 && lead !== 0x6c) continue;
    const name = text.slice(line, colon).trim().toLowerCase();
    if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'location') continue;
    const value = text.slice(colon + 1, stop).trim();
    if (name === 'location') head.location = value;
    else if (name === 'transfer-encoding') head.chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
    else {
      // RFC 9112 §6.3: differing or malformed lengths are unrecoverable framing errors.
      if (!/^\d{1,15}$/.test(value) || (head.length !== undefined && head.length !== Number(value)))
        throw protocolError('Invalid Content-Length');
      head.length = Number(value);
    }
  }
  return head;
}

/**
 * @example
 *   const e = await httpGet({ secure: false, host: '127.0.0.1', port: 80, path: '/', hostHeader: '127.0.0.1',
 *     certName: '127.0.0.1', keepBody: false, signal, started: performance.now() });
 *   e.status; // 200
 */
export function httpGet(q: HttpRequest): Promise<HttpExchange> {
  if (!validHostHeader(q.hostHeader))
    return Promise.reject(Object.assign(new Error('invalid Host header'), { code: 'ERR_INVALID_CHAR' }));
  return httpExchange(q, requestText(q), q.signal, q.started);
}

/**
 * `httpGet` for a target whose Host header `validHostHeader` accepted and whose `requestText` is
 * `request` (the http kind keeps both per check).
 */
export function httpExchange(
  q: HttpTarget,
  request: string,
  signal: AbortLike,
  started: number,
): Promise<HttpExchange> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let tlsDetails: TlsDetails | undefined;
    const socket = q.secure
      ? tls.connect({
          host: q.host,
          port: q.port,
          rejectUnauthorized: false, // judged as data by the check
          ...(q.servername ? { servername: q.servername } : {}),
          ...(q.ca ? { ca: q.ca } : {}),
        })
      : net.connect({ host: q.host, port: q.port });
    // The parse: a head (bytes kept until its blank line), then the body by its framing.
    let pending: Buffer | undefined;
    let head: Head | undefined;
    let received = 0;
    let bytes = 0;
    let remaining = 0; // body bytes left (Content-Length) or in the current chunk
    let chunkPhase: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
    const kept: Buffer[] = [];
    let keptBytes = 0;

    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) return reject(error);
      const e: HttpExchange = {
        status: head?.status ?? 0,
        bytes,
        body: kept.length ? Buffer.concat(kept).subarray(0, MAX_BODY).toString('utf8') : '',
        ms: performance.now() - started,
      };
      if (head?.location !== undefined) e.location = head.location;
      if (tlsDetails) e.tls = tlsDetails;
      resolve(e);
    };
    const onAbort = () =>
      finish(Object.assign(new Error('The operation was aborted'), { code: 'ABORT_ERR' }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });

    const body = (b: Buffer) => {
      bytes += b.length;
      if (q.keepBody && keptBytes < MAX_BODY) {
        kept.push(b);
        keptBytes += b.length;
      }
    };
    /** Consumes body bytes from `b`; true when the response is complete. */
    const consume = (b: Buffer): boolean => {
      const h = head as Head;
      if (!h.chunked) {
        if (h.length === undefined) {
          body(b);
          return false; // until close
        }
        const take = Math.min(remaining, b.length);
        body(take === b.length ? b : b.subarray(0, take));
        remaining -= take;
        return remaining === 0;
      }
      let at = 0;
      while (at < b.length) {
        if (chunkPhase === 'data') {
          const take = Math.min(remaining, b.length - at);
          body(b.subarray(at, at + take));
          at += take;
          remaining -= take;
          if (remaining === 0) chunkPhase = 'crlf';
          continue;
        }
        // A line: the chunk size, the CR LF after a chunk's data, or a trailer line.
        const rest = pending ? Buffer.concat([pending, b.subarray(at)]) : b.subarray(at);
        pending = undefined;
        const nl = rest.indexOf(10);
        if (nl < 0) {
          if (rest.length > MAX_CHUNK_LINE) throw protocolError('Invalid chunk size line');
          pending = Buffer.from(rest);
          return false;
        }
        const line = rest.subarray(0, nl).toString('latin1').replace(/\r$/, '');
        const used = nl + 1;
        const next = rest.subarray(used);
        if (chunkPhase === 'crlf') {
          if (line !== '') throw protocolError('Expected LF after chunk data');
          chunkPhase = 'size';
        } else if (chunkPhase === 'size') {
          const m = /^([0-9a-fA-F]{1,12})(?:\s*;.*)?$/.exec(line);
          if (!m) throw protocolError('Invalid character in chunk size');
          remaining = Number.parseInt(m[1] as string, 16);
          chunkPhase = remaining === 0 ? 'trailer' : 'data';
        } else if (line === '') return true; // the blank line after the last chunk's trailers
        if (next.length === 0) return false;
        b = next;
        at = 0;
      }
      return false;
    };
    const onData = (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      try {
        let b = chunk;
        while (!head) {
          const all = pending ? Buffer.concat([pending, b]) : b;
          pending = undefined;
          // The head ends at the first empty line (CR LF CR LF, or a bare LF LF).
          const crlf = all.indexOf('\r\n\r\n');
          const lf = all.indexOf('\n\n');
          const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
          if (end < 0) {
            if (all.length > MAX_HEAD) throw protocolError('Header overflow');
            pending = Buffer.from(all);
            return;
          }
          if (end > MAX_HEAD) throw protocolError('Header overflow');
          const h = parseHead(all.subarray(0, end).toString('latin1'));
          b = all.subarray(end);
          // An interim 1xx response (but 101) is followed by the real one (RFC 9110 §15.2).
          if (h.status >= 100 && h.status < 200 && h.status !== 101) {
            if (b.length === 0) return;
            continue;
          }
          head = h;
          const empty = h.status === 204 || h.status === 304 || (h.status >= 100 && h.status < 200);
          if (empty || (!h.chunked && h.length === 0)) return finish();
          if (!h.chunked && h.length !== undefined) remaining = h.length;
        }
        if (b.length > 0 && consume(b)) finish();
      } catch (e) {
        finish(e as Error);
      }
    };
    // No setNoDelay: the request is the connection's one write, which Nagle never holds back.
    socket.once(q.secure ? 'secureConnect' : 'connect', () => {
      if (q.secure) tlsDetails = describeTls(socket as tls.TLSSocket, q.certName);
      socket.write(request);
    });
    socket.on('data', onData);
    socket.on('error', (e) => finish(e));
    socket.on('close', () => {
      if (head && !head.chunked && head.length === undefined) return finish(); // body until close
      if (received === 0) return finish(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      if (!head) return finish(protocolError('the connection closed within the response head'));
      finish(Object.assign(new Error('aborted: the body ended early'), { code: 'ECONNRESET' }));
    });
  });
}
