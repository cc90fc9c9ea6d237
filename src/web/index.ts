/**
 * `netdoctor serve`'s library: a local web dashboard over the other capabilities, on node:http (a
 * framework would add routes we do not have and hide the headers we must set). It has no logic of
 * its own: every page is the rendering of library calls that also back a CLI `--json` (see
 * pages.ts), in English or Japanese (Accept-Language, or the switch link, kept in a cookie).
 *
 * Security (see security.ts): loopback only unless a token is set; a token login gives a session
 * cookie, and wrong tokens are counted per client address (after 5 in a minute, 429); every POST
 * checks the session's CSRF token and the browser's Origin/Sec-Fetch-Site;
 * uploads are streamed and capped (upload.ts); no script but the capture page's upload
 * (capture-script.ts, allowed by that page's policy only), a strict CSP; nothing from a
 * request reaches a shell or the file system (the pages read only the paths given at start-up);
 * an error page never shows a stack (the log gets it).
 *
 * @example
 *   const d = await startDashboard({ listen: { host: '127.0.0.1', port: 8470 }, sources: { db, mailLogs: [] } });
 *   console.log(d.url); // http://127.0.0.1:8470/
 *   await d.close();
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { causeText, isNetdoctorError, NetdoctorError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import { Resolver } from '../dns/resolver.js';
import type { DoctorOptions } from '../doctor/index.js';
import { CAPTURE_SCRIPT, CAPTURE_SCRIPT_PATH } from './capture-script.js';
import { DoctorReports, doctorForm, doctorHtml, doctorReportPage } from './doctor.js';
import { WEB_ERRORS } from './error-messages.js';
import { CSS, esc, frame, PAGES, type PageName, w } from './html.js';
import {
  type CaptureResult,
  capturePage,
  dmarcData,
  dmarcPage,
  humanSize,
  lanData,
  lanPage,
  mailData,
  mailPage,
  monitorData,
  monitorPage,
  overviewConcern,
  overviewData,
  overviewPage,
  type Sources,
} from './pages.js';
import {
  CAPTURE_CSP,
  checkExposure,
  clientKey,
  cookies,
  type ListenAddress,
  LoginThrottle,
  SECURITY_HEADERS,
  type Session,
  Sessions,
  sameOrigin,
  sameSecret,
  traversal,
} from './security.js';
import { analyzeUpload, CaptureWorkers } from './upload.js';

export { WEB_ERRORS } from './error-messages.js';
export { webMessages } from './messages.js';
export {
  type CaptureResult,
  dmarcData,
  lanData,
  mailData,
  monitorData,
  type OverviewConcern,
  overviewData,
  type Sources,
} from './pages.js';
export { isLoopback, type ListenAddress, parseListen, parseSize, sameSecret } from './security.js';

export const DEFAULT_LISTEN = '127.0.0.1:8470';
export const DEFAULT_MAX_UPLOAD = 2 * 1024 ** 3;

export interface DashboardOptions {
  listen: ListenAddress;
  /** Required for a non-loopback address: the login secret (≥ 16 characters). */
  token?: string;
  sources: Sources;
  /** Cap on an uploaded capture, bytes (default 2 GiB). */
  maxUpload?: number;
  /** Where failures are told, with their stacks (the CLI passes stderr). */
  log?: (line: string) => void;
  /** Options of the site doctor's runs beyond the domain and addresses (ports, parent servers …). */
  doctor?: DoctorOptions;
}

export interface Dashboard {
  url: string;
  address: ListenAddress;
  server: Server;
  close(): Promise<void>;
}

const FORM_MAX = 64 * 1024;
const SESSION_COOKIE = 'nd_session';
const LANG_COOKIE = 'nd_lang';
const KEPT_CAPTURES = 5;
const KEPT_SESSIONS = 20;

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly words: 'badRequest' | 'forbidden' | 'notFound' | 'busy',
  ) {
    super(words);
  }
}

function langOf(req: IncomingMessage, query: URLSearchParams): { lang: Lang; set: boolean } {
  const q = query.get('lang');
  if (q === 'en' || q === 'ja') return { lang: q, set: true };
  const c = cookies(req.headers.cookie).get(LANG_COOKIE);
  if (c === 'en' || c === 'ja') return { lang: c, set: false };
  const accept = String(req.headers['accept-language'] ?? '');
  const ranked = accept
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qv = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: qv ? Number(qv) : 1, i };
    })
    .filter((x) => x.tag.startsWith('ja') || x.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return { lang: ranked[0]?.tag.startsWith('ja') ? 'ja' : 'en', set: false };
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      reject(new HttpRefusal(400, 'badRequest'));
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > FORM_MAX) {
        reject(new HttpRefusal(413, 'badRequest'));
        req.destroy();
      } else parts.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(parts).toString('utf8'))));
    req.on('error', reject);
  });
}

const SINCE = /^(\d{1,4})([hdw])$/;
function sinceSeconds(value: string | null, now: number): number | undefined {
  const m = SINCE.exec(value ?? '');
  if (!m) return undefined;
  const hours = Number(m[1]) * ({ h: 1, d: 24, w: 168 } as const)[m[2] as 'h' | 'd' | 'w'];
  return Math.floor(now / 1000) - hours * 3600;
}

/** Starts the dashboard; refuses a non-loopback address without a token (see `checkExposure`). */
export async function startDashboard(o: DashboardOptions): Promise<Dashboard> {
  checkExposure(o.listen, o.token);
  const sessions = new Sessions();
  /** Wrong tokens per client address: 5 a minute, then 429 until the oldest is a minute old. */
  const logins = new LoginThrottle();
  const captures = new Map<string, CaptureResult[]>();
  const maxUpload = o.maxUpload ?? DEFAULT_MAX_UPLOAD;
  const log = o.log ?? (() => {});
  const pages: readonly PageName[] = PAGES;
  const doctors = new DoctorReports();
  let analysing = 0;
  // The first upload's worker starts now, each next one when an analysis ends (upload.ts).
  const workers = new CaptureWorkers();
  workers.prestart();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const raw = req.url ?? '/';
    const method = req.method ?? 'GET';
    const send = (status: number, body: string, type = 'text/html; charset=utf-8') => {
      res.statusCode = status;
      res.setHeader('Content-Type', type);
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.end(method === 'HEAD' ? undefined : body);
    };
    const redirect = (to: string) => {
      res.statusCode = 303;
      res.setHeader('Location', to);
      res.end();
    };
    if (!raw.startsWith('/') || traversal(raw.split('?')[0] as string))
      throw new HttpRefusal(400, 'badRequest');
    const url = new URL(raw, 'http://dashboard.invalid');
    const path = url.pathname;
    const { lang, set } = langOf(req, url.searchParams);
    if (set)
      res.appendHeader('Set-Cookie', `${LANG_COOKIE}=${lang}; Path=/; SameSite=Strict; Max-Age=31536000`);
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
      res.setHeader('Allow', 'GET, HEAD, POST');
      throw new HttpRefusal(405, 'badRequest');
    }
    if (path === '/static/app.css' && method !== 'POST') {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      send(200, CSS, 'text/css; charset=utf-8');
      return;
    }
    if (path === CAPTURE_SCRIPT_PATH && method !== 'POST') {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      send(200, CAPTURE_SCRIPT, 'text/javascript; charset=utf-8');
      return;
    }
    if (path === '/favicon.ico') {
      res.statusCode = 204;
      res.end();
      return;
    }

    const startSession = (authenticated: boolean) => {
      const s = sessions.create(authenticated);
      res.appendHeader('Set-Cookie', `${SESSION_COOKIE}=${s.id}; Path=/; HttpOnly; SameSite=Strict`);
      return s;
    };
    let session: Session =
      sessions.get(cookies(req.headers.cookie).get(SESSION_COOKIE)) ?? startSession(o.token === undefined);
    const here = url.pathname + url.search.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '');
    const page = (name: PageName | 'login' | 'error', title: string, body: string, status = 200) => {
      // The capture pages alone load a script: their upload (capture-script.ts).
      const script = name === 'capture' ? CAPTURE_SCRIPT_PATH : undefined;
      if (script) res.setHeader('Content-Security-Policy', CAPTURE_CSP);
      send(
        status,
        frame({
          lang,
          page: name,
          title,
          body,
          csrf: session.csrf,
          loggedIn: o.token !== undefined && session.authenticated,
          pages,
          here,
          ...(script ? { script } : {}),
        }),
      );
    };

    if (method === 'POST') {
      if (!sameOrigin(req.headers)) throw new HttpRefusal(403, 'forbidden');
      if (path === '/capture') {
        if (!session.authenticated) throw new HttpRefusal(403, 'forbidden');
        if (analysing > 0) throw new HttpRefusal(503, 'busy');
        analysing++;
        let out: Awaited<ReturnType<typeof analyzeUpload>>;
        try {
          out = await analyzeUpload(req, {
            maxBytes: maxUpload,
            csrf: session.csrf,
            id: randomBytes(12).toString('hex'),
            workers,
          });
        } finally {
          analysing--;
        }
        if (out.kind === 'ok') {
          const list = [out.result, ...(captures.get(session.id) ?? [])].slice(0, KEPT_CAPTURES);
          captures.delete(session.id);
          captures.set(session.id, list);
          // Results of at most KEPT_SESSIONS sessions are kept (the oldest dropped first).
          while (captures.size > KEPT_SESSIONS) captures.delete(captures.keys().next().value as string);
          redirect(`/capture/${out.result.id}`);
          return;
        }
        res.setHeader('Connection', 'close');
        const status = { 'too-large': 413, forbidden: 403, bad: 400, unreadable: 400 }[out.kind];
        const message =
          out.kind === 'too-large'
            ? w('tooLarge', lang).replace('{max}', humanSize(maxUpload))
            : out.kind === 'forbidden'
              ? w('forbidden', lang)
              : out.kind === 'unreadable'
                ? out.text[lang]
                : w('badRequest', lang);
        page(
          'capture',
          w('capture', lang),
          capturePage(lang, session.csrf, maxUpload, captures.get(session.id) ?? [], undefined, message),
          status,
        );
        // The rest of a refused body is not read: the connection goes once the answer is out.
        res.on('finish', () => req.destroy());
        return;
      }
      const form = await readForm(req);
      if (!sameSecret(form.get('csrf') ?? '', session.csrf)) throw new HttpRefusal(403, 'forbidden');
      if (path === '/login' && o.token !== undefined) {
        const client = clientKey(req.socket.remoteAddress);
        const wait = logins.retryAfter(client);
        if (wait > 0) {
          // Not even compared: a client guessing tokens learns nothing while it waits.
          const seconds = Math.ceil(wait / 1000);
          log(`netdoctor serve: a login from ${client} was refused (too many wrong tokens)`);
          res.setHeader('Retry-After', String(seconds));
          const text = w('tooManyLogins', lang).replace('{seconds}', String(seconds));
          page(
            'login',
            w('login', lang),
            `<p class="error" role="alert">${esc(text)}</p>${loginForm(lang, session.csrf, false)}`,
            429,
          );
          return;
        }
        if (sameSecret(form.get('token') ?? '', o.token)) {
          logins.succeeded(client);
          sessions.drop(session.id);
          session = startSession(true);
          redirect('/');
        } else {
          logins.failed(client);
          log('netdoctor serve: a login with a wrong token was refused');
          page('login', w('login', lang), loginForm(lang, session.csrf, true), 403);
        }
        return;
      }
      if (path === '/logout') {
        sessions.drop(session.id);
        captures.delete(session.id);
        res.appendHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
        redirect(o.token !== undefined ? '/login' : '/');
        return;
      }
      if (!session.authenticated) throw new HttpRefusal(403, 'forbidden');
      if (path === '/doctor') {
        if (doctors.running > 0) throw new HttpRefusal(503, 'busy');
        const domain = (form.get('domain') ?? '').trim();
        const ips = (form.get('ips') ?? '')
          .split(/[\s,]+/)
          .filter(Boolean)
          .slice(0, 16);
        try {
          const kept = await doctors.run(domain, ips, {
            resolver: o.sources.resolver ?? new Resolver(),
            db: o.sources.db,
            ...(o.doctor ? { options: o.doctor } : {}),
          });
          redirect(`/doctor/${kept.id}`);
        } catch (e) {
          if (!isNetdoctorError(e)) throw e;
          page(
            'doctor',
            w('doctor', lang),
            doctorForm(lang, session.csrf, doctors.list(), e.oneLine(lang)),
            400,
          );
        }
        return;
      }
      throw new HttpRefusal(404, 'notFound');
    }

    // GET and HEAD
    if (path === '/login') {
      if (o.token === undefined || session.authenticated) return redirect('/');
      page('login', w('login', lang), loginForm(lang, session.csrf, false));
      return;
    }
    if (!session.authenticated) return redirect('/login');
    const now = Date.now();
    switch (path) {
      case '/':
        {
          const concerns = await overviewData(o.sources, now);
          // The latest site report run here, when there is one: its findings are the doctor's.
          const latest = doctors.list()[0];
          if (latest) concerns.push(overviewConcern('doctor', true, latest.report.findings));
          page('overview', w('overview', lang), overviewPage(concerns, lang));
        }
        return;
      case '/monitor': {
        const since = SINCE.test(url.searchParams.get('since') ?? '')
          ? (url.searchParams.get('since') as string)
          : '7d';
        const d = await monitorData(o.sources, (sinceSeconds(since, now) as number) * 1000);
        page('monitor', w('monitor', lang), monitorPage(d, lang, since));
        return;
      }
      case '/dmarc': {
        const sinceText = url.searchParams.get('since') ?? '';
        const since = sinceSeconds(sinceText, now);
        const domain = (url.searchParams.get('domain') ?? '').trim().toLowerCase().slice(0, 253);
        const d = await dmarcData(o.sources, {
          ...(since !== undefined ? { since } : {}),
          ...(domain ? { domain } : {}),
        });
        page('dmarc', w('dmarc', lang), dmarcPage(d, lang, since !== undefined ? sinceText : '', domain));
        return;
      }
      case '/mail':
        page('mail', w('mail', lang), mailPage(await mailData(o.sources), lang));
        return;
      case '/lan':
        page('lan', w('lan', lang), lanPage(await lanData(o.sources), lang));
        return;
      case '/capture':
        page(
          'capture',
          w('capture', lang),
          capturePage(lang, session.csrf, maxUpload, captures.get(session.id) ?? []),
        );
        return;
      case '/doctor':
        page('doctor', w('doctor', lang), doctorForm(lang, session.csrf, doctors.list()));
        return;
    }
    const d = /^\/doctor\/([0-9a-f]{24})(\/report\.html)?$/.exec(path);
    const kept = d ? doctors.get(d[1] as string) : undefined;
    if (d && kept) {
      if (d[2]) {
        const { html, csp } = doctorHtml(kept, lang);
        res.setHeader('Content-Security-Policy', csp);
        send(200, html);
      } else page('doctor', `${w('doctor', lang)}: ${kept.report.domain}`, doctorReportPage(kept, lang));
      return;
    }
    const m = /^\/capture\/([0-9a-f]{24})$/.exec(path);
    const shown = m ? captures.get(session.id)?.find((c) => c.id === m[1]) : undefined;
    if (!shown) throw new HttpRefusal(404, 'notFound');
    page(
      'capture',
      `${w('capture', lang)}: ${shown.name}`,
      capturePage(lang, session.csrf, maxUpload, captures.get(session.id) ?? [], shown),
    );
  };

  const server = createServer({ requestTimeout: 0, headersTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      let lang: Lang = 'en';
      try {
        lang = langOf(req, new URL(req.url?.startsWith('/') ? req.url : '/', 'http://x').searchParams).lang;
      } catch {}
      let status = 500;
      let text = w('failedPage', lang);
      if (e instanceof HttpRefusal) {
        status = e.status;
        text = w(e.words, lang);
      } else if (isNetdoctorError(e) && e.code !== 'ND_INTERNAL') {
        status = 400;
        text = e.oneLine(lang);
        log(`netdoctor serve: ${req.method} ${(req.url ?? '').slice(0, 200)}: ${e.oneLine()}`);
      } else {
        log(
          `netdoctor serve: ${req.method} ${(req.url ?? '').slice(0, 200)}: ${(e as Error)?.stack ?? String(e)}`,
        );
      }
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
      const body = frame({
        lang,
        page: 'error',
        title: String(status),
        body: `<p class="error">${esc(text)}</p>`,
        pages,
      });
      res.statusCode = status;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      if (status === 413 || status === 403) res.setHeader('Connection', 'close');
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(
        new NetdoctorError('ND_USAGE', WEB_ERRORS.listen, {
          option: 'listen',
          params: { address: `${o.listen.host}:${o.listen.port}`, why: causeText(e) },
          cause: e,
        }),
      ),
    );
    server.listen(o.listen.port, o.listen.host, () => resolve());
  }).catch((e: unknown) => {
    workers.close();
    throw e;
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : o.listen.port;
  const host = o.listen.host.includes(':') ? `[${o.listen.host}]` : o.listen.host;
  return {
    url: `http://${host}:${port}/`,
    address: { host: o.listen.host, port },
    server,
    close: () =>
      new Promise<void>((resolve) => {
        workers.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function loginForm(lang: Lang, csrf: string, wrong: boolean): string {
  return `${wrong ? `<p class="error" role="alert">${esc(w('wrongToken', lang))}</p>` : ''}<form method="post" action="/login" class="stack">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="token">${esc(w('token', lang))}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">${esc(w('login', lang))}</button>
</form>`;
}
