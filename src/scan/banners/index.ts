/**
 * Which probe runs on an open port: the user's `--as PORT=SERVICE`, else the well-known port,
 * else detection from what the server says first (SSH-, 220, +OK, * OK, telnet IAC), then from
 * its answer to an HTTP request, then from a TLS handshake.
 *
 * Adding a protocol: a `banners/<service>.ts` exporting a probe, plus one line in `PROBES`.
 */
import { probeSmtp } from '../../net/smtp-probe.js';
import { probeTls } from '../../net/tls-probe.js';
import { firstLine, talk } from './conversation.js';
import { probeDns } from './dns.js';
import { probeFtp } from './ftp.js';
import { httpRequest, parseHttpHead, probeHttp } from './http.js';
import { probeImap } from './imap.js';
import { probePop3 } from './pop3.js';
import { probeSsh } from './ssh.js';
import type { ProbeContext, ServiceInfo } from './types.js';

export type { DnsInfo, HttpInfo, ProbeContext, ServiceInfo } from './types.js';

async function smtp(ctx: ProbeContext): Promise<ServiceInfo> {
  const r = await probeSmtp({
    host: ctx.address,
    port: ctx.port,
    timeoutMs: ctx.timeoutMs,
    ...(ctx.name ? { servername: ctx.name } : {}),
    ...(ctx.ca ? { ca: ctx.ca } : {}),
  });
  const info: ServiceInfo = { service: 'smtp', smtp: r, starttls: r.ehlo?.starttls ?? false };
  if (r.banner) info.banner = firstLine(`${r.banner.code} ${r.banner.lines[0] ?? ''}`);
  if (r.starttls?.tls) info.tls = r.starttls.tls;
  if (r.outcome !== 'ok') info.error = r.error ?? r.outcome;
  return info;
}

async function tlsWrapped(ctx: ProbeContext, service: string, signal?: AbortSignal): Promise<ServiceInfo> {
  const tls = await probeTls({
    host: ctx.address,
    port: ctx.port,
    timeoutMs: ctx.timeoutMs,
    ...(signal ? { signal } : {}),
    ...(ctx.name ? { servername: ctx.name } : {}),
    ...(ctx.ca ? { ca: ctx.ca } : {}),
  });
  const info: ServiceInfo = { service, tls, tlsWrapped: tls.outcome === 'ok' };
  if (tls.outcome !== 'ok') info.error = tls.error;
  return info;
}

async function https(ctx: ProbeContext): Promise<ServiceInfo> {
  const [http, tls] = await Promise.all([probeHttp(ctx, true), tlsWrapped(ctx, 'https')]);
  return { ...http, ...(tls.tls ? { tls: tls.tls, tlsWrapped: tls.tlsWrapped } : {}) };
}

async function telnet(ctx: ProbeContext): Promise<ServiceInfo> {
  const c = await talk({ host: ctx.address, port: ctx.port, timeoutMs: ctx.timeoutMs });
  if ('error' in c) return { service: 'telnet', error: c.error };
  const text = await c.read((t) => t.length > 0, Math.min(ctx.timeoutMs, 1500));
  c.close();
  return { service: 'telnet', banner: firstLine(text.replace(/\xff[\xfb-\xfe]./g, '')) };
}

/** Probes by service name, as `--as` accepts them. */
export const PROBES: Record<string, (ctx: ProbeContext) => Promise<ServiceInfo>> = {
  domain: probeDns,
  ftp: (ctx) => probeFtp(ctx),
  http: (ctx) => probeHttp(ctx, false),
  https,
  imap: (ctx) => probeImap(ctx),
  imaps: (ctx) => tlsWrapped(ctx, 'imaps'),
  pop3: (ctx) => probePop3(ctx),
  pop3s: (ctx) => tlsWrapped(ctx, 'pop3s'),
  smtp,
  smtps: (ctx) => tlsWrapped(ctx, 'smtps'),
  ssh: (ctx) => probeSsh(ctx),
  telnet,
  tls: (ctx) => tlsWrapped(ctx, 'ssl'),
};

/** Well-known ports and the probe that fits them. */
export const WELL_KNOWN: Record<number, string> = {
  21: 'ftp',
  22: 'ssh',
  23: 'telnet',
  25: 'smtp',
  53: 'domain',
  80: 'http',
  110: 'pop3',
  143: 'imap',
  443: 'https',
  465: 'smtps',
  587: 'smtp',
  993: 'imaps',
  995: 'pop3s',
  2525: 'smtp',
  8000: 'http',
  8008: 'http',
  8080: 'http',
  8443: 'https',
};

/**
 * Recognises a server by what it says first, then — for a server that waits for the client — by
 * its answer to HTTP and to a TLS handshake, asked at the same time on two connections; the first
 * that names the service ends the other. The whole detection shares one deadline
 * (`ctx.timeoutMs`): a listener that never speaks costs one deadline, not the greeting wait plus
 * the HTTP wait plus the TLS wait.
 */
async function detect(ctx: ProbeContext): Promise<ServiceInfo> {
  const deadline = Date.now() + ctx.timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const c = await talk({ host: ctx.address, port: ctx.port, timeoutMs: ctx.timeoutMs });
  if ('error' in c) return { service: 'unknown', error: c.error };
  const greeting = await c.read((t) => t.includes('\n'), Math.min(left(), 1000));
  if (greeting.startsWith('SSH-')) {
    c.close();
    return probeSsh(ctx, greeting);
  }
  if (/^220[ -]/.test(greeting)) {
    if (/ftp/i.test(greeting) && !/smtp/i.test(greeting)) return probeFtp(ctx, { c, greeting });
    c.close();
    return smtp(ctx);
  }
  if (greeting.startsWith('+OK')) return probePop3(ctx, { c, greeting });
  if (/^\* (OK|PREAUTH)/.test(greeting)) return probeImap(ctx, { c, greeting });
  if (greeting.startsWith('\xff')) {
    c.close();
    return { service: 'telnet', banner: firstLine(greeting.replace(/\xff[\xfb-\xfe]./g, '')) };
  }
  if (greeting !== '') {
    c.close();
    return { service: 'unknown', banner: firstLine(greeting) };
  }
  const remaining = left();
  const tlsAnswered = new AbortController();
  c.write(httpRequest(ctx.name ?? ctx.address));
  const [answer, tls] = await Promise.all([
    c
      .read((t) => t.includes('\r\n\r\n'), remaining)
      .then((text) => {
        c.close();
        if (parseHttpHead(text)) tlsAnswered.abort(); // an HTTP server: no need to wait for TLS
        return text;
      }),
    tlsWrapped({ ...ctx, timeoutMs: remaining }, 'ssl', tlsAnswered.signal).then((r) => {
      if (r.tls?.outcome === 'ok') c.close(); // a TLS server: the plain request will get nothing
      return r;
    }),
  ]);
  if (parseHttpHead(answer)) return probeHttp(ctx, false);
  if (tls.tls?.outcome !== 'ok')
    return { service: 'unknown', ...(answer ? { banner: firstLine(answer) } : {}) };
  const overTls = await probeHttp(ctx, true);
  if (overTls.http) return { ...overTls, tls: tls.tls, tlsWrapped: true };
  return tls;
}

/** Probes one open port; never throws for network trouble (see `error`). */
export async function probeService(ctx: ProbeContext, hint?: string): Promise<ServiceInfo> {
  const name = hint ?? WELL_KNOWN[ctx.port];
  const probe = name === undefined ? undefined : PROBES[name];
  try {
    return probe ? await probe(ctx) : await detect(ctx);
  } catch (e) {
    return { service: name ?? 'unknown', error: e instanceof Error ? e.message : String(e) };
  }
}
