/**
 * The dashboard's pages: each one the rendering of library calls that also back a CLI `--json`
 * (named in each function's comment), so what a person reads here is what the CLI prints.
 * Gathering (`…Data`) is apart from drawing (`…Page`): the tests compare the former with the CLI.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ProtocolNode } from '../capture/analyses/protocols.js';
import { catalog } from '../catalog.js';
import { type Finding, type LocalizedFinding, sortBySeverity } from '../core/findings.js';
import { type Lang, localize } from '../core/i18n.js';
import { dmarcHistorySummary, dmarcReporters, reverseNames } from '../dmarc/index.js';
import type { Resolver } from '../dns/resolver.js';
import { checkInventory, type Inventory, parseArpDat, parseInventory } from '../lan/index.js';
import { type MailLogResult, summarizeMailLog } from '../maillog/index.js';
import {
  historyChart,
  monitorAvailability,
  monitorNotifications,
  monitorStatus,
  openMonitorHistory,
  periodFor,
} from '../monitor/index.js';
import type { HistorySummary, ReporterRow } from '../store/index.js';
import {
  isPostgresUrl,
  type LanEventRow,
  type LanHistory,
  openDmarcHistory,
  openLanHistory,
} from '../store/index.js';
import type { CaptureResult } from './capture-result.js';
import { esc, figure, findingsList, int, lineChart, pct, table, w } from './html.js';

export interface Sources {
  /** The store: an SQLite file or a postgres:// URL (DMARC); the monitor's history is SQLite. */
  db: string;
  /** The monitor's history file (default: `db` when it is a file). */
  monitorDb?: string;
  mailLogs: readonly string[];
  lanInventory?: string;
  arpState?: string;
  resolver?: Resolver;
}

const localized = (fs: readonly Finding[], lang: Lang): LocalizedFinding[] =>
  sortBySeverity([...fs]).map((f) => localize(f, catalog, lang));

function worst(fs: readonly Finding[]): string {
  for (const s of ['fail', 'warn', 'info', 'ok'] as const) if (fs.some((f) => f.severity === s)) return s;
  return 'ok';
}

// ---------------------------------------------------------------- monitor (monitor status|history --json)

export interface MonitorData {
  status: Awaited<ReturnType<typeof monitorStatus>>;
  availability: Awaited<ReturnType<typeof monitorAvailability>>;
  /** `monitor notifications --json` over the same span (the monitor page only). */
  notifications: Awaited<ReturnType<typeof monitorNotifications>>;
}

export async function monitorData(
  src: Sources,
  sinceMs: number,
  o: { availability?: boolean } = {},
): Promise<MonitorData | undefined> {
  const file = src.monitorDb;
  if (!file) return undefined;
  if (!isPostgresUrl(file))
    try {
      await stat(file);
    } catch {
      return undefined;
    }
  let history: Awaited<ReturnType<typeof openMonitorHistory>>;
  try {
    history = await openMonitorHistory(file, { readOnly: true });
  } catch (e) {
    // A store the monitor never wrote to (DMARC only) has no monitor tables yet: nothing to show.
    if (/no such table/.test(String((e as Error).message))) return undefined;
    throw e;
  }
  try {
    const status = await monitorStatus(history);
    // The overview needs the states only; the rollups are the monitor page's.
    const availability =
      o.availability === false
        ? { period: periodFor(Date.now() - sinceMs), since: sinceMs, checks: [], rows: [] }
        : await monitorAvailability(history, sinceMs);
    const notifications =
      o.availability === false ? [] : await monitorNotifications(history, sinceMs, { limit: 50 });
    return { status, availability, notifications };
  } finally {
    await history.close();
  }
}

const STATUS_SEVERITY: Record<string, Finding['severity']> = {
  ok: 'ok',
  warning: 'warn',
  critical: 'fail',
  unknown: 'info',
};

export function monitorPage(d: MonitorData | undefined, lang: Lang, since: string): string {
  if (!d || d.status.length === 0) return `<p>${esc(w('noData', lang))}</p>`;
  const rows = d.status.map((r) => [
    r.check,
    r.status,
    r.state.toUpperCase(),
    new Date(r.ts).toISOString(),
    `${Math.round(r.durationMs)} ms`,
    r.finding,
  ]);
  const avail = d.availability.checks.map((c) => [
    c.check,
    String(c.results),
    `${(c.availability * 100).toFixed(2)}%`,
    `${Math.round(c.avgMs)} ms`,
  ]);
  const changes = d.status
    .filter((r) => r.statusSince !== undefined)
    .sort((a, b) => (b.statusSince ?? 0) - (a.statusSince ?? 0))
    .slice(0, 20)
    .map((r) => [r.check, r.status, new Date(r.statusSince ?? 0).toISOString()]);
  const chart = d.availability.rows.length
    ? figure(
        historyChart(d.availability.rows, `${w('history', lang)} — ${d.availability.period}`),
        `${w('history', lang)} (${since})`,
      )
    : '';
  return [
    sinceForm('/monitor', since, lang),
    table(
      w('status', lang),
      [
        w('check', lang),
        w('status', lang),
        w('last', lang),
        w('at', lang),
        w('time', lang),
        w('finding', lang),
      ],
      rows,
      { id: 'monitor-status', right: [4] },
    ),
    `<h2>${esc(w('history', lang))}</h2>`,
    chart,
    table(
      `${w('availability', lang)} (${since})`,
      [w('check', lang), w('results', lang), w('availability', lang), w('avg', lang)],
      avail,
      { id: 'monitor-availability', right: [1, 2, 3] },
    ),
    changes.length
      ? table(w('changes', lang), [w('check', lang), w('status', lang), w('since', lang)], changes, {
          id: 'monitor-changes',
        })
      : '',
    `<h2>${esc(w('notifications', lang))}</h2>`,
    d.notifications.length
      ? table(
          `${w('notifications', lang)} (${since})`,
          [
            w('at', lang),
            w('check', lang),
            w('status', lang),
            w('notifier', lang),
            w('delivery', lang),
            w('message', lang),
          ],
          d.notifications.map((n) => [
            new Date(n.ts).toISOString(),
            n.check,
            n.status,
            n.notifier,
            n.outcome === 'sent' ? w('sent', lang) : w('deliveryFailed', lang),
            n.title,
          ]),
          { id: 'monitor-notifications' },
        )
      : `<p>${esc(w('noNotifications', lang))}</p>`,
  ].join('\n');
}

function sinceForm(action: string, since: string, lang: Lang, extra = ''): string {
  const options = ['1d', '7d', '30d', '90d', '365d']
    .map((v) => `<option value="${v}"${v === since ? ' selected' : ''}>${v}</option>`)
    .join('');
  return `<form method="get" action="${action}" class="inline"><label for="since">${esc(w('period', lang))}</label> <select id="since" name="since">${options}</select>${extra} <button type="submit">${esc(w('show', lang))}</button></form>`;
}

// ---------------------------------------------------------------- DMARC (dmarc summary --json)

export interface DmarcData extends HistorySummary {
  findings: Finding[];
  /** Sources with failures, most failures first, with their reverse-DNS names. */
  failing: { domain: string; sourceIp: string; ptr: string; messages: number; failed: number }[];
  /** Per reporter (`dmarc reporters --json`); absent when not asked for (the overview). */
  reporters?: ReporterRow[];
}

const ptrCache = new Map<string, { name: string; at: number }>();
const PTR_TTL_MS = 3_600_000;

async function ptrNames(
  resolver: Resolver | undefined,
  ips: readonly string[],
): Promise<Map<string, string>> {
  const now = Date.now();
  const out = new Map<string, string>();
  const todo: string[] = [];
  for (const ip of ips) {
    const c = ptrCache.get(ip);
    if (c && now - c.at < PTR_TTL_MS) {
      if (c.name) out.set(ip, c.name);
    } else todo.push(ip);
  }
  if (resolver && todo.length) {
    const found = await reverseNames(resolver, todo);
    if (ptrCache.size > 50_000) ptrCache.clear();
    for (const ip of todo) {
      const name = found.get(ip) ?? '';
      ptrCache.set(ip, { name, at: now });
      if (name) out.set(ip, name);
    }
  }
  return out;
}

export async function dmarcData(
  src: Sources,
  o: { since?: number; domain?: string; failingTop?: number; reporters?: boolean } = {},
): Promise<DmarcData> {
  const history = await openDmarcHistory(src.db);
  let s: Awaited<ReturnType<typeof dmarcHistorySummary>>;
  let reporters: ReporterRow[] | undefined;
  try {
    const q = {
      history,
      db: src.db,
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.domain ? { domain: o.domain } : {}),
    };
    s = await dmarcHistorySummary(q);
    if (o.reporters !== false) reporters = (await dmarcReporters(q)).reporters;
  } finally {
    await history.close();
  }
  const failingRows = s.sources
    .filter((r) => r.dmarcPass < r.messages)
    .sort((a, b) => b.messages - b.dmarcPass - (a.messages - a.dmarcPass))
    .slice(0, o.failingTop ?? 50);
  const ptr = await ptrNames(
    src.resolver,
    failingRows.map((r) => r.sourceIp),
  );
  const failing = failingRows.map((r) => ({
    domain: r.domain,
    sourceIp: r.sourceIp,
    ptr: ptr.get(r.sourceIp) ?? '',
    messages: r.messages,
    failed: r.messages - r.dmarcPass,
  }));
  return { ...s, failing, ...(reporters ? { reporters } : {}) };
}

export function dmarcPage(d: DmarcData, lang: Lang, since: string, domain: string): string {
  if (d.domains.length === 0) return `${dmarcForm(since, domain, lang)}<p>${esc(w('noData', lang))}</p>`;
  const byDomain = new Map<string, [number, number][]>();
  for (const r of d.days) {
    const list = byDomain.get(r.domain) ?? [];
    list.push([
      Date.parse(`${r.day}T00:00:00Z`),
      r.messages ? Math.round((1000 * r.dmarcPass) / r.messages) / 10 : 0,
    ]);
    byDomain.set(r.domain, list);
  }
  const series = [...byDomain].map(([name, points]) => ({
    name,
    points: points.sort((a, b) => a[0] - b[0]),
  }));
  const head = [
    w('domain', lang),
    w('reports', lang),
    w('messages', lang),
    w('dmarcPass', lang),
    w('dkimPass', lang),
    w('spfPass', lang),
  ];
  return [
    dmarcForm(since, domain, lang),
    table(
      w('dmarc', lang),
      head,
      d.domains.map((r) => passRow(r.domain, r)),
      { id: 'dmarc-domains', right: [1, 2, 3, 4, 5] },
    ),
    `<h2>${esc(w('passOverTime', lang))}</h2>`,
    lineChart(w('passOverTime', lang), series.slice(0, 8), { max: 100, unit: '%' }),
    `<h2>${esc(w('failing', lang))}</h2>`,
    d.failing.length
      ? table(
          w('failing', lang),
          [w('source', lang), w('ptr', lang), w('domain', lang), w('messages', lang), w('failed', lang)],
          d.failing.map((f) => [f.sourceIp, f.ptr || '-', f.domain, String(f.messages), String(f.failed)]),
          { id: 'dmarc-failing', right: [3, 4] },
        )
      : `<p>${esc(w('noFindings', lang))}</p>`,
    `<h2>${esc(w('reporters', lang))}</h2>`,
    table(
      w('reporters', lang),
      head.map((h, i) => (i === 0 ? w('reporter', lang) : h)),
      (d.reporters ?? []).map((r) => passRow(r.reporter, r)),
      { id: 'dmarc-reporters', right: [1, 2, 3, 4, 5] },
    ),
    `<h2>${esc(w('findings', lang))}</h2>`,
    findingsList(localized(d.findings, lang), lang),
  ].join('\n');
}

/** One row of the domain and reporter tables: name, reports, messages and the three pass rates. */
function passRow(
  name: string,
  r: { reports: number; messages: number; dmarcPass: number; dkimPass: number; spfPass: number },
): string[] {
  return [
    name,
    String(r.reports),
    String(r.messages),
    pct(r.dmarcPass, r.messages),
    pct(r.dkimPass, r.messages),
    pct(r.spfPass, r.messages),
  ];
}

function dmarcForm(since: string, domain: string, lang: Lang): string {
  const options = ['', '7d', '30d', '90d', '365d']
    .map((v) => `<option value="${v}"${v === since ? ' selected' : ''}>${v || esc(w('all', lang))}</option>`)
    .join('');
  return `<form method="get" action="/dmarc"><label for="since">${esc(w('period', lang))}</label> <select id="since" name="since">${options}</select> <label for="domain">${esc(w('domain', lang))}</label> <input id="domain" name="domain" value="${esc(domain)}" size="20"> <button type="submit">${esc(w('show', lang))}</button></form>`;
}

// ---------------------------------------------------------------- mail log (mail log --json)

let mailCache: { key: string; result: MailLogResult } | undefined;

export async function mailData(src: Sources): Promise<MailLogResult | undefined> {
  if (src.mailLogs.length === 0) return undefined;
  const stamps = await Promise.all(
    src.mailLogs.map(async (p) => {
      try {
        const s = await stat(p);
        return `${p}:${s.size}:${s.mtimeMs}`;
      } catch {
        return `${p}:-`;
      }
    }),
  );
  const key = stamps.join('|');
  if (mailCache?.key === key) return mailCache.result;
  const result = await summarizeMailLog(src.mailLogs);
  mailCache = { key, result };
  return result;
}

export function mailPage(d: MailLogResult | undefined, lang: Lang): string {
  if (!d) return `<p>${esc(w('notConfigured', lang))}: <code>--mail-log</code></p>`;
  const t = d.summary.totals;
  const totals = table(
    w('summary', lang),
    [w('received', lang), w('delivered', lang), w('deferred', lang), w('bounced', lang), w('rejected', lang)],
    [[String(t.received), String(t.delivered), String(t.deferred), String(t.bounced), String(t.rejected)]],
    { id: 'mail-totals', right: [1, 2, 3, 4] },
  );
  const days = table(
    w('period', lang),
    [
      w('at', lang),
      w('received', lang),
      w('delivered', lang),
      w('deferred', lang),
      w('bounced', lang),
      w('rejected', lang),
    ],
    d.summary.perDay.map((r) => {
      const x = r as unknown as Record<string, number> & { day: string };
      return [
        x.day,
        String(x.received ?? 0),
        String(x.delivered ?? 0),
        String(x.deferred ?? 0),
        String(x.bounced ?? 0),
        String(x.rejected ?? 0),
      ];
    }),
    { id: 'mail-days', right: [1, 2, 3, 4, 5] },
  );
  const inputs = table(
    w('inputs', lang),
    [w('file', lang), w('lines', lang)],
    d.inputs.map((i) => [i.name, String(i.lines)]),
    { right: [1] },
  );
  return [
    totals,
    days,
    `<h2>${esc(w('findings', lang))}</h2>`,
    findingsList(localized(d.findings, lang), lang),
    inputs,
  ].join('\n');
}

// ---------------------------------------------------------------- LAN (lan check --json, arp.dat)

export interface LanData {
  inventory?: Inventory;
  findings: Finding[];
  seen: { mac: string; ip: string; time: number; hostname: string; known: string }[];
  /** ARP watch events kept in the store (`lan events --json`'s `events`), newest first. */
  events: LanEventRow[];
}

/** The ARP events of the last week in the store, if it has any (never creates an SQLite file). */
async function storedLanEvents(db: string | undefined): Promise<LanEventRow[]> {
  if (!db) return [];
  if (!isPostgresUrl(db))
    try {
      await stat(db);
    } catch {
      return [];
    }
  let history: LanHistory;
  try {
    history = await openLanHistory(db, { readOnly: true });
  } catch (e) {
    if (/no such table/.test(String((e as Error).message))) return [];
    throw e;
  }
  try {
    return await history.events({ since: Math.floor(Date.now() / 1000) - 7 * 86400, limit: 200 });
  } catch (e) {
    if (/no such table/.test(String((e as Error).message))) return [];
    throw e;
  } finally {
    await history.close();
  }
}

export async function lanData(src: Sources): Promise<LanData | undefined> {
  const events = await storedLanEvents(src.db);
  if (!src.lanInventory && !src.arpState && events.length === 0) return undefined;
  const out: LanData = { findings: [], seen: [], events };
  if (src.lanInventory) {
    out.inventory = parseInventory(await readFile(src.lanInventory, 'utf8'), src.lanInventory);
    out.findings = checkInventory(out.inventory).findings;
  }
  if (src.arpState) {
    const names = new Map<string, string>();
    for (const d of out.inventory?.devices ?? []) for (const m of d.macs) names.set(m, d.name);
    out.seen = parseArpDat(await readFile(src.arpState, 'utf8'), src.arpState)
      .map((e) => ({
        mac: e.mac,
        ip: e.ip,
        time: e.time,
        hostname: e.hostname,
        known: names.get(e.mac) ?? '',
      }))
      .sort((a, b) => b.time - a.time);
  }
  return out;
}

export function lanPage(d: LanData | undefined, lang: Lang): string {
  if (!d)
    return `<p>${esc(w('notConfigured', lang))}: <code>--lan-inventory</code>, <code>--arp-state</code></p>`;
  const parts: string[] = [];
  if (d.inventory) {
    parts.push(
      table(
        w('devices', lang),
        [w('name', lang), w('mac', lang), w('ip', lang)],
        d.inventory.devices.map((x) => [
          x.name,
          x.macs.join(' '),
          [x.ipv4 ?? '', ...x.ipv6].filter(Boolean).join(' '),
        ]),
        { id: 'lan-devices' },
      ),
    );
  }
  if (d.seen.length) {
    const unknown = d.seen.filter((s) => !s.known);
    parts.push(`<h2>${esc(w('unknown', lang))}</h2>`);
    parts.push(
      unknown.length
        ? table(
            w('unknown', lang),
            [w('mac', lang), w('ip', lang), w('name', lang), w('lastSeen', lang)],
            unknown.map((s) => [s.mac, s.ip, s.hostname || '-', new Date(s.time * 1000).toISOString()]),
            { id: 'lan-unknown' },
          )
        : `<p>${esc(w('noFindings', lang))}</p>`,
    );
    parts.push(`<h2>${esc(w('arp', lang))}</h2>`);
    parts.push(
      table(
        w('arp', lang),
        [w('mac', lang), w('ip', lang), w('name', lang), w('lastSeen', lang)],
        d.seen
          .slice(0, 200)
          .map((s) => [s.mac, s.ip, s.known || s.hostname || '-', new Date(s.time * 1000).toISOString()]),
        { id: 'lan-arp' },
      ),
    );
  }
  if (d.events.length) {
    parts.push(`<h2>${esc(w('arpEvents', lang))}</h2>`);
    parts.push(
      table(
        w('arpEvents', lang),
        [
          w('at', lang),
          w('site', lang),
          w('kind', lang),
          w('ip', lang),
          w('mac', lang),
          w('oldMac', lang),
          w('name', lang),
        ],
        d.events.map((e) => [
          new Date(e.time * 1000).toISOString(),
          e.site,
          e.kind,
          e.ip,
          e.mac,
          e.oldMac ?? '',
          e.name ?? '',
        ]),
        { id: 'lan-events' },
      ),
    );
  }
  parts.push(`<h2>${esc(w('findings', lang))}</h2>`, findingsList(localized(d.findings, lang), lang));
  return parts.join('\n');
}

// ---------------------------------------------------------------- capture (pcap summary|protocols|conversations|io|diagnose --json)

export { type CaptureResult, captureResult } from './capture-result.js';

function protocolRows(n: ProtocolNode, depth: number, out: string[][]): void {
  if (depth > 0) out.push([`${'\u00a0\u00a0'.repeat(depth - 1)}${n.name}`, int(n.packets), int(n.bytes)]);
  for (const c of n.children) protocolRows(c, depth + 1, out);
}

export function capturePage(
  lang: Lang,
  csrf: string,
  maxUpload: number,
  recent: readonly CaptureResult[],
  shown?: CaptureResult,
  message?: string,
): string {
  // With script (capture-script.ts) the file goes as the request's body; without, as this form.
  const tooLarge = w('tooLarge', lang).replace('{max}', humanSize(maxUpload));
  const form = `<h2>${esc(w('upload', lang))}</h2>
<form id="capture-form" method="post" action="/capture" enctype="multipart/form-data" class="stack" data-max="${maxUpload}" data-too-large="${esc(tooLarge)}" data-failed="${esc(w('uploadFailed', lang))}">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="capture">${esc(w('file', lang))}</label>
<input id="capture" name="capture" type="file" required>
<p>${esc(w('maxUpload', lang))}: ${esc(humanSize(maxUpload))}</p>
<progress id="capture-progress" max="1" value="0" aria-label="${esc(w('uploading', lang))}" hidden></progress>
<p id="capture-note" class="error" role="alert" hidden></p>
<button type="submit">${esc(w('analyse', lang))}</button>
</form>`;
  const note = message ? `<p class="error" role="alert">${esc(message)}</p>` : '';
  const list = recent.length
    ? `<h2>${esc(w('past', lang))}</h2><ul>${recent.map((r) => `<li><a href="/capture/${esc(r.id)}">${esc(r.name)}</a> — ${esc(int(r.summary.packets))} ${esc(w('packets', lang))}</li>`).join('')}</ul>`
    : '';
  if (!shown) return `${note}${form}${list}`;
  const s = shown.summary;
  const summary = table(
    `${w('summary', lang)}: ${shown.name}`,
    ['', ''],
    [
      [w('packets', lang), int(s.packets)],
      [w('bytes', lang), int(s.bytes)],
      [w('first', lang), String(s.firstTime ?? '-')],
      [w('lastPacket', lang), String(s.lastTime ?? '-')],
      [w('duration', lang), `${Number(s.durationSeconds ?? 0).toFixed(3)} s`],
      [w('format', lang), `${s.format}${s.compressed ? ' (gzip)' : ''}`],
    ],
    { id: 'capture-summary', right: [1] },
  );
  const protoRows: string[][] = [];
  protocolRows(shown.protocols, 0, protoRows);
  const conv = table(
    w('conversations', lang),
    ['A', 'B', w('protocol', lang), w('packets', lang), w('bytes', lang)],
    shown.conversations.map((c) => [c.a, c.b, c.transport, int(c.packetsAtoB + c.packetsBtoA), int(c.bytes)]),
    { id: 'capture-conversations', right: [3, 4] },
  );
  return [
    note,
    shown.error ? `<p class="error" role="alert">${esc(shown.error)}</p>` : '',
    summary,
    `<h2>${esc(w('diagnose', lang))}</h2>`,
    findingsList(localized(shown.findings, lang), lang),
    `<h2>${esc(w('io', lang))}</h2>`,
    figure(shown.ioSvg, w('io', lang)),
    `<h2>${esc(w('conversations', lang))}</h2>`,
    conv,
    `<h2>${esc(w('protocols', lang))}</h2>`,
    table(w('protocols', lang), [w('protocol', lang), w('packets', lang), w('bytes', lang)], protoRows, {
      id: 'capture-protocols',
      right: [1, 2],
    }),
    form,
    list,
  ].join('\n');
}

export function humanSize(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

// ---------------------------------------------------------------- overview

export interface OverviewConcern {
  concern: 'monitor' | 'dmarc' | 'mail' | 'lan' | 'capture' | 'doctor';
  configured: boolean;
  worst: string;
  counts: Record<'ok' | 'info' | 'warn' | 'fail', number>;
  findings: Finding[];
}

/** One concern's card: its findings counted by severity. */
export function overviewConcern(
  concern: OverviewConcern['concern'],
  configured: boolean,
  findings: Finding[],
): OverviewConcern {
  const counts = { ok: 0, info: 0, warn: 0, fail: 0 };
  for (const f of findings) counts[f.severity as keyof typeof counts]++;
  return { concern, configured, worst: worst(findings), counts, findings };
}

/** The latest findings of every concern (the same library calls as the pages above). */
export async function overviewData(src: Sources, now = Date.now()): Promise<OverviewConcern[]> {
  const out: OverviewConcern[] = [];
  const add = (concern: OverviewConcern['concern'], configured: boolean, findings: Finding[]) =>
    out.push(overviewConcern(concern, configured, findings));
  const [mon, dm, mail, lan] = await Promise.all([
    monitorData(src, now - 86_400_000, { availability: false }),
    dmarcData(src, { since: Math.floor(now / 1000) - 30 * 86_400, failingTop: 0, reporters: false }),
    mailData(src).catch(() => undefined),
    lanData(src).catch(() => undefined),
  ]);
  add(
    'monitor',
    mon !== undefined,
    (mon?.status ?? []).map((r) => ({
      id: 'web.monitor.check',
      severity: STATUS_SEVERITY[r.state] ?? 'info',
      params: { check: r.check, state: r.state.toUpperCase(), finding: r.finding },
    })),
  );
  add('dmarc', true, dm.findings);
  add('mail', mail !== undefined, mail?.findings ?? []);
  add('lan', lan !== undefined, lan?.findings ?? []);
  return out;
}

export function overviewPage(concerns: readonly OverviewConcern[], lang: Lang): string {
  const cards = concerns.map((c) => {
    const counts = (['fail', 'warn', 'info', 'ok'] as const)
      .map(
        (s) =>
          `<li><span class="sev sev-${s}">${esc(w(s, lang))}</span> <span data-count="${s}">${c.counts[s]}</span></li>`,
      )
      .join('');
    const top = sortBySeverity([...c.findings])
      .filter((f) => f.severity === 'fail' || f.severity === 'warn')
      .slice(0, 5);
    const body = !c.configured
      ? `<p>${esc(w('notConfigured', lang))}</p>`
      : `<ul class="counts">${counts}</ul>${findingsList(
          top.map((f) => localize(f, catalog, lang)),
          lang,
        )}`;
    return `<li class="card" data-concern="${c.concern}"><h2><a href="/${c.concern === 'monitor' ? 'monitor' : c.concern}">${esc(w(c.concern, lang))}</a></h2>${body}</li>`;
  });
  return `<ul class="cards">${cards.join('\n')}</ul>`;
}
