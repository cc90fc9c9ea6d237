/**
 * The monitor configuration (`monitor.yaml`), the source of truth: checks, notifiers, maintenance
 * windows. Validated whole before anything runs; an error names the place (`checks[2].interval`).
 *
 * @example
 *   defaults: { interval: 60s, timeout: 10s, retries: 2, renotify: 4h }
 *   notifiers:
 *     - { name: ops, type: slack, url: https://hooks.slack.com/services/… }
 *   checks:
 *     - { name: web, kind: https, target: https://www.example.org/, notify: [ops], depends: [router] }
 *     - { name: router, kind: icmp, target: 192.0.2.1 }
 *     - { name: intranet, kind: https, target: https://wiki.corp.example/, options: { ca: /etc/ssl/corp-ca.pem } }
 *   maintenance:
 *     - { checks: [web], from: 2026-12-24T22:00:00Z, to: 2026-12-25T02:00:00Z }
 *
 * Parsed with js-yaml (the YAML 1.2 core schema: no timestamps, no merge keys), not the `yaml`
 * package the rest of netdoctor uses: a monitor file is read once at start and at each reload,
 * and for 10,000 checks `yaml` took 1.2 s of CPU against js-yaml's 0.15 s (bench/monitor counts
 * the start-up in the CPU per check). js-yaml shares an anchored node between its aliases rather
 * than copying it, so `expandedSize` bounds what the aliases would expand to (the billion-laughs
 * file) and refuses a node that contains itself before anything walks the document.
 */
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import { both, causeText, usageError } from '../core/errors.js';
import { MONITOR_ERRORS } from './error-messages.js';
import { validateCheck } from './run-check.js';
import type { CheckOptions } from './types.js';

export interface CheckConfig {
  name: string;
  kind: string;
  target: string;
  intervalMs: number;
  /** Failed attempts in a row (after the first) before DOWN; PENDING in between. */
  retries: number;
  /** Re-announce a DOWN/WARNING state this often (0: never). */
  renotifyMs: number;
  notify: string[];
  depends: string[];
  options: CheckOptions;
}

export interface NotifierConfig {
  name: string;
  type: string;
  /** The notifier's own settings (url, argv, to …), as written. */
  settings: Record<string, unknown>;
}

export interface MaintenanceWindow {
  checks: string[];
  from: number;
  to: number;
}

export interface MonitorConfig {
  checks: CheckConfig[];
  notifiers: NotifierConfig[];
  maintenance: MaintenanceWindow[];
  /** Language of the notifications. */
  lang: 'en' | 'ja';
  /** Flapping: this many state changes within the last `flapWindow` results. */
  flapChanges: number;
  flapWindow: number;
}

function bad(where: string, en: string, ja: string): never {
  throw usageError(MONITOR_ERRORS.configInvalid, where, { where, why: both(en, ja) });
}

/** `30s`, `5m`, `2h`, `1d`, `250ms` or a number of seconds → milliseconds. */
export function durationMs(v: unknown, where: string): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v * 1000;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v.trim()) : null;
  if (!m)
    bad(
      where,
      `not a duration (e.g. 30s, 5m, 1h): ${String(v)}`,
      `期間ではありません（例: 30s、5m、1h）: ${String(v)}`,
    );
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's'] as number;
  return Number(m[1]) * unit;
}

const OPTION_KEYS: Record<string, (v: unknown, where: string) => unknown> = {
  port: (v) => Number(v),
  timeout: (v, w) => durationMs(v, w),
  warning: (v, w) => durationMs(v, w),
  critical: (v, w) => durationMs(v, w),
  path: String,
  string: String,
  expectStatus: (v) => (Array.isArray(v) ? v : [v]).map(Number),
  follow: Number,
  sni: String,
  certWarn: Number,
  certCrit: Number,
  type: String,
  expect: (v) => (Array.isArray(v) ? v : [v]).map(String),
  server: (v) => (Array.isArray(v) ? v : [v]).map(String),
  serialServer: (v) => (Array.isArray(v) ? v : [v]).map(String),
  blocklist: (v) => (Array.isArray(v) ? v : [v]).map(String),
  banner: String,
  starttls: Boolean,
  fcrdns: Boolean,
  packets: Number,
  closed: String,
  // The trust anchors for https, tls, smtp and mail-audit (an internal CA): a PEM file, read now.
  ca: (v, where) => {
    try {
      return readFileSync(String(v), 'utf8');
    } catch (e) {
      return bad(
        where,
        `cannot read ${String(v)}: ${causeText(e)}`,
        `${String(v)} を読めません: ${causeText(e)}`,
      );
    }
  },
};

const OPTION_NAMES: Record<string, keyof CheckOptions> = {
  timeout: 'timeoutMs',
  warning: 'warnMs',
  critical: 'critMs',
  string: 'keyword',
  follow: 'followRedirects',
  sni: 'servername',
  certWarn: 'certWarnDays',
  certCrit: 'certCritDays',
  type: 'recordType',
  server: 'servers',
  serialServer: 'serialServers',
  blocklist: 'blocklists',
  banner: 'expectBanner',
  starttls: 'startTls',
  closed: 'closedPorts',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const names = (v: unknown, where: string): string[] => {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string')) bad(where, 'a list of names', '名前のリストが必要です');
  return list as string[];
};

/** Most nodes the document may have once its aliases are expanded (a 10,000-check file has ~60,000). */
const MAX_EXPANDED = 2_000_000;

/**
 * The number of nodes `doc` has with every alias expanded, counting each shared node once per
 * use (memoized, so a DAG costs its size, not its expansion); Infinity past MAX_EXPANDED or for a
 * node that contains itself.
 */
export function expandedSize(doc: unknown): number {
  const memo = new Map<object, number>();
  const open = new Set<object>();
  const size = (v: unknown): number => {
    if (typeof v !== 'object' || v === null) return 1;
    const known = memo.get(v);
    if (known !== undefined) return known;
    if (open.has(v)) return Number.POSITIVE_INFINITY;
    open.add(v);
    let n = 1;
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      n += size(x);
      if (n > MAX_EXPANDED) break;
    }
    open.delete(v);
    const capped = n > MAX_EXPANDED ? Number.POSITIVE_INFINITY : n;
    memo.set(v, capped);
    return capped;
  };
  return size(doc);
}

export function parseMonitorConfig(text: string, file: string): MonitorConfig {
  let doc: unknown;
  try {
    doc = load(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    throw usageError(MONITOR_ERRORS.configInvalid, file, {
      where: file,
      why: both((e as Error).message, (e as Error).message),
    });
  }
  if (expandedSize(doc) === Number.POSITIVE_INFINITY)
    bad(
      file,
      'its aliases expand to too much, or a node contains itself',
      'エイリアスの展開が大きすぎるか、ノードが自分自身を含んでいます',
    );
  if (!isObject(doc))
    bad(file, 'the file must be a YAML mapping with checks:', 'checks: を持つ YAML のマッピングが必要です');
  const d = isObject(doc.defaults) ? doc.defaults : {};
  const defInterval = d.interval === undefined ? 60_000 : durationMs(d.interval, 'defaults.interval');
  const defTimeout = d.timeout === undefined ? 10_000 : durationMs(d.timeout, 'defaults.timeout');
  const defRetries = d.retries === undefined ? 2 : Number(d.retries);
  const defRenotify = d.renotify === undefined ? 0 : durationMs(d.renotify, 'defaults.renotify');
  const notifiers: NotifierConfig[] = (Array.isArray(doc.notifiers) ? doc.notifiers : []).map(
    (n: unknown, i: number) => {
      const where = `notifiers[${i}]`;
      if (!isObject(n) || typeof n.name !== 'string' || typeof n.type !== 'string')
        bad(where, 'each notifier needs name: and type:', '通知先には name: と type: が必要です');
      const { name, type, ...settings } = n;
      return { name: name as string, type: type as string, settings };
    },
  );
  if (!Array.isArray(doc.checks) || doc.checks.length === 0)
    bad(`${file}: checks`, 'at least one check is needed', 'チェックが 1 つ以上必要です');
  const seen = new Set<string>();
  const checks = doc.checks.map((c: unknown, i: number): CheckConfig => {
    const where = `checks[${i}]`;
    if (!isObject(c))
      bad(where, 'a mapping with name, kind, target', 'name・kind・target を持つマッピングが必要です');
    const name = typeof c.name === 'string' ? c.name : bad(`${where}.name`, 'missing', 'ありません');
    if (seen.has(name))
      bad(`${where}.name`, `the name ${name} is used twice`, `名前 ${name} が重複しています`);
    seen.add(name);
    const kind = typeof c.kind === 'string' ? c.kind : bad(`${where}.kind`, 'missing', 'ありません');
    const target = typeof c.target === 'string' ? c.target : bad(`${where}.target`, 'missing', 'ありません');
    const options: CheckOptions = {
      timeoutMs: c.timeout === undefined ? defTimeout : durationMs(c.timeout, `${where}.timeout`),
    };
    const raw = isObject(c.options) ? c.options : {};
    for (const [k, v] of Object.entries(raw)) {
      const conv = OPTION_KEYS[k];
      if (!conv) bad(`${where}.options.${k}`, 'unknown option', '不明なオプションです');
      (options as unknown as Record<string, unknown>)[OPTION_NAMES[k] ?? k] = conv(
        v,
        `${where}.options.${k}`,
      );
    }
    validateCheck(kind, target, options);
    const retries = c.retries === undefined ? defRetries : Number(c.retries);
    if (!Number.isInteger(retries) || retries < 0 || retries > 100)
      bad(`${where}.retries`, 'a whole number 0-100', '0〜100 の整数が必要です');
    const intervalMs = c.interval === undefined ? defInterval : durationMs(c.interval, `${where}.interval`);
    if (intervalMs < 1000) bad(`${where}.interval`, 'at least 1s', '1s 以上が必要です');
    return {
      name,
      kind,
      target,
      intervalMs,
      retries,
      renotifyMs: c.renotify === undefined ? defRenotify : durationMs(c.renotify, `${where}.renotify`),
      notify: c.notify === undefined ? notifiers.map((n) => n.name) : names(c.notify, `${where}.notify`),
      depends: names(c.depends, `${where}.depends`),
      options,
    };
  });
  for (const [i, c] of checks.entries()) {
    for (const n of c.notify)
      if (!notifiers.some((x) => x.name === n))
        bad(`checks[${i}].notify`, `no notifier named ${n}`, `通知先 ${n} がありません`);
    for (const dep of c.depends)
      if (!seen.has(dep) || dep === c.name)
        bad(`checks[${i}].depends`, `no other check named ${dep}`, `ほかのチェック ${dep} がありません`);
  }
  const maintenance = (Array.isArray(doc.maintenance) ? doc.maintenance : []).map((m: unknown, i: number) => {
    const where = `maintenance[${i}]`;
    if (!isObject(m))
      bad(where, 'a mapping with checks, from, to', 'checks・from・to を持つマッピングが必要です');
    const from = Date.parse(String(m.from));
    const to = Date.parse(String(m.to));
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
      bad(
        where,
        'from and to must be ISO 8601 times, from before to',
        'from と to は ISO 8601 の時刻で、from が先です',
      );
    return { checks: names(m.checks, `${where}.checks`), from, to };
  });
  const lang = doc.lang === 'ja' ? 'ja' : 'en';
  return { checks, notifiers, maintenance, lang, flapChanges: 4, flapWindow: 10 };
}
