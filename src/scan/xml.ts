/**
 * nmap-compatible XML (`-oX`, xmloutputversion 1.05) so that tools that read nmap results —
 * ndiff, nmap's own nmap.xsl stylesheet, report converters — read ours. The element and
 * attribute names follow nmap's DTD (docs/nmap.dtd); probe results go into `<service>` and
 * `<script>` elements the way nmap's -sV and NSE do.
 */
import type { ScanHost, ScanPort, ScanResult } from './index.js';
import { serviceTable } from './services.js';

export const NMAP_XSL = 'file:///usr/share/nmap/nmap.xsl';

function esc(s: string | number): string {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
}

function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(v as string | number)}"`)
    .join('');
}

function service(p: ScanPort): string {
  const probe = p.probe;
  const name = probe && probe.service !== 'unknown' && !probe.error ? probe.service : p.service;
  // nmap writes no <service> for a port its table does not list and no probe recognised; a port
  // that nmap-services lists under the name "unknown" (there are thousands) does get one.
  if (name === 'unknown' && !probe?.product && !serviceTable().names.has(p.port)) return '';
  const a: Record<string, string | number | undefined> = { name };
  if (probe?.product) a.product = probe.product;
  if (probe?.version) a.version = probe.version;
  if (probe?.tlsWrapped) a.tunnel = 'ssl';
  a.method = probe && !probe.error && probe.service !== 'unknown' ? 'probed' : 'table';
  a.conf = a.method === 'probed' ? 10 : 3;
  return `<service${attrs(a)}/>`;
}

function scripts(p: ScanPort): string {
  const probe = p.probe;
  if (!probe) return '';
  const out: string[] = [];
  if (probe.banner) out.push(`<script${attrs({ id: 'banner', output: probe.banner })}/>`);
  const headers = probe.http?.revealing ?? [];
  if (headers.length) {
    out.push(
      `<script${attrs({ id: 'http-server-header', output: headers.map(([k, v]) => `${k}: ${v}`).join('\n') })}/>`,
    );
  }
  if (probe.tls?.outcome === 'ok' && probe.tls.certificate) {
    const c = probe.tls.certificate;
    const text = `Subject: ${c.subject}\nSubject Alternative Name: ${c.subjectAltNames.join(', ')}\nIssuer: ${c.issuer}\nNot valid before: ${c.validFrom}\nNot valid after:  ${c.validTo}`;
    out.push(`<script${attrs({ id: 'ssl-cert', output: text })}/>`);
  }
  return out.join('');
}

function host(h: ScanHost, start: number, end: number): string {
  const answered = h.counts.open + h.counts.closed > 0 || /^127\./.test(h.address) || h.address === '::1';
  const reason =
    /^127\./.test(h.address) || h.address === '::1'
      ? 'localhost-response'
      : answered
        ? 'conn-refused'
        : 'user-set';
  const lines: string[] = [];
  lines.push(
    `<host${attrs({ starttime: start, endtime: end })}><status${attrs({ state: 'up', reason, reason_ttl: 0 })}/>`,
  );
  lines.push(`<address${attrs({ addr: h.address, addrtype: h.address.includes(':') ? 'ipv6' : 'ipv4' })}/>`);
  lines.push('<hostnames>');
  if (h.name) lines.push(`<hostname${attrs({ name: h.name, type: 'user' })}/>`);
  lines.push('</hostnames>');
  let ports = '<ports>';
  const extra = new Map<string, typeof h.extraPorts>();
  for (const e of h.extraPorts) extra.set(e.state, [...(extra.get(e.state) ?? []), e]);
  for (const [state, list] of extra) {
    const count = list.reduce((n, e) => n + e.count, 0);
    ports += `<extraports${attrs({ state, count })}>\n`;
    for (const e of list)
      ports += `<extrareasons${attrs({ reason: e.reason, count: e.count, proto: 'tcp', ports: e.ports })}/>\n`;
    ports += '</extraports>\n';
  }
  for (const p of h.ports) {
    ports += `<port${attrs({ protocol: 'tcp', portid: p.port })}><state${attrs({ state: p.state, reason: p.reason, reason_ttl: 0 })}/>${service(p)}${scripts(p)}</port>\n`;
  }
  lines.push(`${ports}</ports>`);
  lines.push(`<times${attrs({ srtt: -1, rttvar: -1, to: Math.round(h.timeoutMs * 1000) })}/>`);
  lines.push('</host>');
  return lines.join('\n');
}

/** nmap's time text, C's ctime() without the newline: `Mon Nov 23 09:42:39 2026` (UTC here). */
function ctime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const [wd, mon, day, year, time] = d.toUTCString().replace(',', '').split(' ') as string[];
  return `${wd} ${mon} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`;
}

/** The scan as nmap XML; `args` is the command line to record. */
export function nmapXml(r: ScanResult, args: string, version = '0'): string {
  const start = Math.floor(Date.parse(r.startedAt) / 1000);
  const end = Math.floor((Date.parse(r.startedAt) + r.elapsedMs) / 1000);
  const up = r.hosts.length;
  const elapsed = (r.elapsedMs / 1000).toFixed(2);
  const startstr = ctime(start);
  const endstr = ctime(end);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    `<?xml-stylesheet href="${NMAP_XSL}" type="text/xsl"?>`,
    `<!-- netdoctor scan initiated ${startstr} as: ${esc(args).replace(/-{2,}/g, (d) => d.split('').join(' '))} -->`,
    `<nmaprun${attrs({ scanner: 'netdoctor', args, start, startstr, version, xmloutputversion: '1.05' })}>`,
    `<scaninfo${attrs({ type: 'connect', protocol: 'tcp', numservices: r.portCount, services: r.portList })}/>`,
    '<verbose level="0"/>',
    '<debugging level="0"/>',
    ...r.hosts.map((h) => host(h, start, end)),
    `<runstats><finished${attrs({
      time: end,
      timestr: endstr,
      summary: `netdoctor done at ${endstr}; ${r.hosts.length} IP address(es) (${up} host(s) up) scanned in ${elapsed} seconds`,
      elapsed,
      exit: 'success',
    })}/><hosts${attrs({ up, down: 0, total: r.hosts.length })}/>`,
    '</runstats>',
    '</nmaprun>',
    '',
  ].join('\n');
}
