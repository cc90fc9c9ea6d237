/**
 * `http` / `https`: the status, a keyword in the body, the response time, redirects and (https)
 * the certificate. The states follow check_http: 2xx and 3xx OK, 4xx WARNING, 5xx CRITICAL,
 * unless the accepted statuses are given. The exchange is `http-client.ts` (one GET, read to its
 * end under the check's deadline, the connection's certificate at hand).
 */
import net from 'node:net';
import { both, usageError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import { MONITOR_ERRORS } from '../error-messages.js';
import {
  type HttpExchange,
  type HttpTarget,
  httpExchange,
  requestText,
  validHostHeader,
} from '../http-client.js';
import { connectFinding, failed, timePerf, timeState, worseState } from '../outcome.js';
import { failureOf } from '../socket.js';
import { hostPort } from '../target.js';
import type { CheckContext, CheckKind, CheckOptions, CheckOutcome, CheckState } from '../types.js';
import { certificateVerdict } from './certificate.js';

/** Parsed URLs by their spelling (a monitor asks for the same ones at every run); bounded. Shared: not to be mutated. */
const urls = new Map<string, URL>();

export function targetUrl(target: string, secure: boolean, o: CheckOptions): URL {
  const key = `${target}\0${secure}\0${o.port}\0${o.path}`;
  const known = urls.get(key);
  if (known) return known;
  const u = parseTargetUrl(target, secure, o);
  if (urls.size >= 100_000) urls.clear();
  urls.set(key, u);
  return u;
}

function parseTargetUrl(target: string, secure: boolean, o: CheckOptions): URL {
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

/** What a GET of `url` sends, worked out once per URL (a check's plan keeps it). */
interface Plan {
  target: string;
  /** The kind's scheme for a target without one. */
  secure: boolean;
  url: URL;
  /** The URL as findings show it. */
  shown: string;
  request: HttpTarget;
  /** The request's bytes, or undefined when its Host header cannot be sent. */
  text: string | undefined;
}

function planFor(target: string, secureDefault: boolean, url: URL, o: CheckOptions): Plan {
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const servername = o.servername ?? (net.isIP(host) ? undefined : host);
  const request: HttpTarget = {
    secure,
    host,
    port: Number(url.port) || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    hostHeader: o.servername ?? url.host,
    ...(servername ? { servername } : {}),
    ...(o.ca ? { ca: o.ca } : {}),
    certName: servername ?? host,
    keepBody: o.keyword !== undefined,
  };
  const text = validHostHeader(request.hostHeader) ? requestText(request) : undefined;
  return { target, secure: secureDefault, url, shown: url.href, request, text };
}

/** The plan of each configured check's first request, by its options object (kept by the daemon). */
const plans = new WeakMap<CheckOptions, Plan>();

function planOf(target: string, secure: boolean, o: CheckOptions): Plan {
  const known = plans.get(o);
  if (known?.target === target && known.secure === secure) return known;
  const plan = planFor(target, secure, targetUrl(target, secure, o), o);
  plans.set(o, plan);
  return plan;
}

function exchange(plan: Plan, ctx: CheckContext, started: number): Promise<HttpExchange> {
  if (plan.text === undefined)
    return Promise.reject(Object.assign(new Error('invalid Host header'), { code: 'ERR_INVALID_CHAR' }));
  return httpExchange(plan.request, plan.text, ctx.deadline, started);
}

async function runHttp(
  secure: boolean,
  target: string,
  o: CheckOptions,
  ctx: CheckContext,
): Promise<CheckOutcome> {
  let plan = planOf(target, secure, o);
  const started = performance.now();
  const shown = () => plan.shown;
  let e: HttpExchange;
  let hops = 0;
  for (;;) {
    try {
      e = await exchange(plan, ctx, started);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (ctx.deadline.aborted || code === 'ABORT_ERR')
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
      plan = planFor(target, secure, new URL(e.location, plan.url), o);
      continue;
    }
    break;
  }
  const url = plan.url;
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
