/**
 * HTTP and HTTPS: one `GET /` and the response headers — status, `Server`, `X-Powered-By` and the
 * other headers that give software versions away (the `curl -v http://localhost` of the seeds).
 */
import { firstLine, talk } from './conversation.js';
import type { HttpInfo, ProbeContext, ServiceInfo } from './types.js';

/** Headers that name software; `Server` only counts when it carries a version number. */
const REVEALING = [
  'server',
  'x-powered-by',
  'x-aspnet-version',
  'x-aspnetmvc-version',
  'x-generator',
  'x-runtime-version',
];

export function parseHttpHead(text: string): HttpInfo | undefined {
  const end = text.indexOf('\r\n\r\n');
  const head = end >= 0 ? text.slice(0, end) : text;
  const [status, ...lines] = head.split(/\r?\n/);
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(status ?? '');
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  const revealing: [string, string][] = [];
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    const key = name.toLowerCase();
    if (!(key in headers)) headers[key] = value;
    if (REVEALING.includes(key) && (key !== 'server' || /\d/.test(value))) revealing.push([name, value]);
  }
  return { status: Number(m[1]), statusText: firstLine(m[2] ?? ''), headers, revealing };
}

export function httpRequest(host: string): string {
  return `GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: netdoctor\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
}

export async function probeHttp(ctx: ProbeContext, tls: boolean): Promise<ServiceInfo> {
  const service = tls ? 'https' : 'http';
  const c = await talk({
    host: ctx.address,
    port: ctx.port,
    timeoutMs: ctx.timeoutMs,
    tls,
    ...(ctx.name ? { servername: ctx.name } : {}),
  });
  if ('error' in c) return { service, error: c.error };
  const hostHeader = ctx.name ?? (ctx.address.includes(':') ? `[${ctx.address}]` : ctx.address);
  c.write(httpRequest(ctx.port === (tls ? 443 : 80) ? hostHeader : `${hostHeader}:${ctx.port}`));
  const text = await c.read((t) => t.includes('\r\n\r\n'));
  c.close();
  const http = parseHttpHead(text);
  if (!http) return { service, banner: firstLine(text), error: 'no HTTP response' };
  const info: ServiceInfo = { service, banner: firstLine(text), http };
  const server = http.headers.server;
  if (server) {
    const m = /^([^/\s]+)(?:\/(\S+))?/.exec(server);
    if (m) {
      info.product = m[1] as string;
      if (m[2]) info.version = m[2];
    }
  }
  return info;
}
