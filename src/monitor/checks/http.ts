/**
 * `http` / `https`: the status, a keyword in the body, the response time, redirects and (https)
 * the certificate. The states follow check_http: 2xx and 3xx OK, 4xx WARNING, 5xx CRITICAL,
 * unless the accepted statuses are given. Node's own http/https client: the certificate of the
 * connection and a hard deadline over the whole exchange (headers and body) are both at hand.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { both, usageError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import { describeCertificate, type TlsDetails } from '../../net/tls-probe.js';
import { MONITOR_ERRORS } from '../error-messages.js';
import { connectFinding, failed, timePerf, timeState, worseState } from '../outcome.js';
import { failureOf } from '../socket.js';
import { hostPort } from '../target.js';
import type { CheckContext, CheckKind, CheckOptions, CheckOutcome, CheckState } from '../types.js';
import { certificateVerdict } from './certificate.js';

/** The body is searched for the keyword within its first MiB; the rest is not read. */
const MAX_BODY = 1 << 20;

export function targetUrl(target: string, secure: boolean, o: CheckOptions): URL {
  const scheme = secure ? 'https' : 'http';
  const bad = (en: string, ja: string) =>
    usageError(MONITOR_ERRORS.badTarget, target, { kind: scheme, why: both(en, ja) });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    let u: URL;
    try {
      u = new URL(target);
    } catch {
      throw bad('not a URL', 'URL ではありません');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw bad('the URL must be http:// or https://', 'URL は http:// か https:// で始めてください');
    if (o.port !== undefined) u.port = String(o.port);
    if (o.path !== undefined) u.pathname = o.path;
    return u;
  }
  const hp = hostPort(target, scheme, o.port, secure ? 443 : 80);
  const host = net.isIPv6(hp.host) ? `[${hp.host}]` : hp.host;
  return new URL(`${scheme}://${host}:${hp.port}${o.path ?? '/'}`);
}

interface Exchange {
  status: number;
  bytes: number;
  body: string;
  location?: string;
  tls?: TlsDetails;
  ms: number;
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

function exchange(url: URL, o: CheckOptions, ctx: CheckContext, started: number): Promise<Exchange> {
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const servername = o.servername ?? (net.isIP(host) ? undefined : host);
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      method: 'GET',
      host,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: {
        host: o.servername ?? url.host,
        'user-agent': 'netdoctor-check (monitoring)',
        accept: '*/*',
        connection: 'close',
      },
      signal: ctx.signal,
      agent: false,
    };
    if (secure) {
      options.rejectUnauthorized = false; // judged below, as data
      if (servername) options.servername = servername;
      if (o.ca) options.ca = o.ca;
    }
    const req = (secure ? https : http).request(options, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      let kept = 0;
      const tlsDetails = secure ? describeTls(res.socket as tls.TLSSocket, servername ?? host) : undefined;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (kept < MAX_BODY) {
          chunks.push(c);
          kept += c.length;
        } else if (o.keyword === undefined) res.destroy();
      });
      res.on('end', () => {
        const e: Exchange = {
          status: res.statusCode ?? 0,
          bytes,
          body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
          ms: performance.now() - started,
        };
        if (res.headers.location) e.location = res.headers.location;
        if (tlsDetails) e.tls = tlsDetails;
        resolve(e);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function runHttp(
  secure: boolean,
  target: string,
  o: CheckOptions,
  ctx: CheckContext,
): Promise<CheckOutcome> {
  let url = targetUrl(target, secure, o);
  const started = performance.now();
  const shown = () => url.href;
  let e: Exchange;
  let hops = 0;
  for (;;) {
    try {
      e = await exchange(url, o, ctx, started);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (ctx.signal.aborted || code === 'ABORT_ERR')
        return failed(connectFinding('timeout', shown(), o, undefined, true));
      if (
        code?.startsWith('HPE_') ||
        code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
        /wrong version|packet length/i.test(String(err))
      )
        return failed(
          finding('monitor.http.invalid', 'fail', {
            url: shown(),
            reason: both(String((err as Error).message), String((err as Error).message)),
          }),
        );
      if ((err as Error).message?.includes('socket hang up'))
        return failed(connectFinding('closed', shown(), o, 'socket hang up'));
      return failed(connectFinding(failureOf(err), shown(), o, (err as Error).message));
    }
    if (e.status >= 300 && e.status < 400 && e.location && hops < (o.followRedirects ?? 0)) {
      hops++;
      url = new URL(e.location, url);
      continue;
    }
    break;
  }
  const findings: Finding[] = [];
  let state: CheckState = 'ok';
  const accepted = o.expectStatus;
  if (accepted?.length) {
    if (!accepted.includes(e.status)) {
      state = 'critical';
      findings.push(
        finding('monitor.http.status', 'fail', {
          url: shown(),
          status: e.status,
          accepted: accepted.map(String),
        }),
      );
    }
  } else if (e.status >= 500 || e.status < 100) {
    state = 'critical';
    findings.push(
      finding('monitor.http.status', 'fail', { url: shown(), status: e.status, accepted: '2xx, 3xx' }),
    );
  } else if (e.status >= 400) {
    state = 'warning';
    findings.push(
      finding('monitor.http.status', 'warn', { url: shown(), status: e.status, accepted: '2xx, 3xx' }),
    );
  }
  if (o.keyword !== undefined && !e.body.includes(o.keyword)) {
    state = worseState(state, 'critical');
    findings.push(finding('monitor.http.keyword', 'fail', { url: shown(), keyword: o.keyword }));
  }
  const t = timeState(e.ms, shown(), o);
  state = worseState(state, t.state);
  if (t.finding) findings.push(t.finding);
  const perf = [timePerf(e.ms, o), { label: 'size', value: e.bytes, uom: 'B' as const, min: 0 }];
  if (e.tls && (o.certWarnDays !== undefined || o.certCritDays !== undefined || secure)) {
    const v = certificateVerdict(e.tls, url.host, o);
    state = worseState(state, v.state);
    findings.push(...v.findings.filter((f) => f.severity !== 'ok'));
    perf.push(...v.perf);
  }
  findings.push(
    finding('monitor.http.ok', 'ok', {
      url: shown(),
      status: e.status,
      bytes: e.bytes,
      ms: Math.round(e.ms),
    }),
  );
  return {
    state,
    findings,
    perf,
    data: {
      url: shown(),
      status: e.status,
      bytes: e.bytes,
      redirects: hops,
      certificate: e.tls?.certificate,
    },
  };
}

export const httpCheck: CheckKind = {
  kind: 'http',
  label: 'HTTP',
  defaultPort: 80,
  validate: (target, o) => void targetUrl(target, false, o),
  run: (target, o, ctx) => runHttp(/^https:/i.test(target), target, o, ctx),
};

/** `https`: the same check over TLS, with the certificate judged too. */
export function httpsKind(): CheckKind {
  return {
    kind: 'https',
    label: 'HTTPS',
    defaultPort: 443,
    validate: (target, o) => void targetUrl(target, true, o),
    run: (target, o, ctx) => runHttp(!/^http:/i.test(target), target, o, ctx),
  };
}
