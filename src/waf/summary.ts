/**
 * The WAF summary: what fired, where, from whom, with what outcome — counted entry by entry with
 * memory bounded by the number of distinct keys (each table stops taking new keys at a cap and
 * counts the rest as `other`), so a month of logs costs what its distinct rules, paths and
 * sources cost, not its size.
 *
 * Counting rules: `hits` are rule messages (one per `[id "…"]` line, as the error log writes
 * them); `entries` are transactions (one audit-log entry each).
 */
import { type AuditEntry, type RuleHit, wasBlocked } from './entry.js';
import { ruleFamily } from './families.js';

/** Distinct keys kept per table; beyond it, new keys are counted in `other`. */
export const MAX_KEYS = 50_000;
/** Distinct sources remembered per cluster (enough to tell "one client" from "many"). */
const MAX_CLUSTER_SOURCES = 64;

export interface SummaryOptions {
  /** Keep entries at or after this wall-clock ms. */
  since?: number;
  /** Keep entries before this wall-clock ms. */
  until?: number;
  /** Only this application (the Host header, case-insensitive, port ignored). */
  host?: string;
  /** Rows per table in the result (default 50). */
  top?: number;
  /** Unparsed samples kept (default 5). */
  keepUnparsed?: number;
}

export interface RuleRow {
  id: string;
  family: string;
  familyName: { en: string; ja: string };
  msg: string;
  severity: string;
  hits: number;
  entries: number;
  blocked: number;
}
export interface FamilyRow {
  family: string;
  name: { en: string; ja: string };
  hits: number;
  entries: number;
}
export interface CountRow {
  key: string;
  entries: number;
  blocked: number;
  hits: number;
}
export interface SourceRow extends CountRow {
  families: string[];
  userAgent: string;
}
export interface ScoreRow {
  bucket: string;
  entries: number;
}

/** A rule that fired on one parameter of one path of one application: a false-positive suspect. */
export interface Cluster {
  host: string;
  ruleId: string;
  family: string;
  msg: string;
  /** The path without its query. */
  path: string;
  /** `ARGS:q`, `REQUEST_COOKIES:session`, `REQUEST_HEADERS:User-Agent`, '' when unknown. */
  target: string;
  hits: number;
  entries: number;
  blocked: number;
  /** Distinct sources, counted up to 64 (`sourcesCapped` when more). */
  sources: number;
  sourcesCapped: boolean;
  first: number;
  last: number;
  example: string;
}

export interface WafSummaryResult {
  totals: {
    entries: number;
    blocked: number;
    /** Entries with at least one rule message. */
    withHits: number;
    hits: number;
    unparsed: number;
    /** Left out by since/until/host. */
    filteredOut: number;
    /** Entries without a readable time (kept unless since/until is given). */
    undated: number;
    detectionOnly: number;
    first: number | null;
    last: number | null;
  };
  formats: Record<string, number>;
  rules: RuleRow[];
  families: FamilyRow[];
  uris: CountRow[];
  sources: SourceRow[];
  hosts: CountRow[];
  statuses: CountRow[];
  scores: ScoreRow[];
  maxScore: number;
  perHour: CountRow[];
  clusters: Cluster[];
  /** Entries where an inbound attack rule (930–944) fired but the request went through (status below 400). */
  attacksPassed: { entries: number; uris: CountRow[] };
  scanners: SourceRow[];
  /** Keys not kept because a table was full, per table. */
  other: Record<string, number>;
  unparsedExamples: string[];
}

/** A counter over string keys that stops taking new keys at MAX_KEYS. */
class Table<V> {
  readonly map = new Map<string, V>();
  other = 0;
  constructor(private readonly make: () => V) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) return v;
    if (this.map.size >= MAX_KEYS) {
      this.other++;
      return undefined;
    }
    const fresh = this.make();
    this.map.set(key, fresh);
    return fresh;
  }
}

interface Counts {
  entries: number;
  blocked: number;
  hits: number;
}
const counts = (): Counts => ({ entries: 0, blocked: 0, hits: 0 });

/** Rules that only add up the others' scores (949, 959, 980) or set things up (901): not a detection. */
function isEvaluation(family: string): boolean {
  return family === '949' || family === '959' || family === '980' || family === '901' || family === '900';
}

/** Collections a request parameter lives in: what a false-positive cluster is about. */
const REQUEST_TARGET =
  /^(?:ARGS|ARGS_GET|ARGS_POST|ARGS_NAMES|ARGS_GET_NAMES|ARGS_POST_NAMES|REQUEST_COOKIES|REQUEST_COOKIES_NAMES|REQUEST_HEADERS|REQUEST_HEADERS_NAMES|REQUEST_FILENAME|REQUEST_BASENAME|REQUEST_URI|REQUEST_URI_RAW|REQUEST_LINE|REQUEST_BODY|REQUEST_METHOD|REQUEST_PROTOCOL|QUERY_STRING|FILES|FILES_NAMES|XML|MULTIPART_[A-Z_]+)(?::|$)/;

/** `ARGS:q` as written; the collection name upper-cased, the key kept. */
export function normalizeTarget(target: string): string {
  const colon = target.indexOf(':');
  if (colon < 0) return target.toUpperCase();
  return `${target.slice(0, colon).toUpperCase()}:${target.slice(colon + 1)}`;
}

/** CRS logs the inbound total in 949110/980130 messages: `(Total Score: 18)`, `(Total Inbound Score: 18 - …)`. */
const TOTAL_SCORE = /Total (?:Inbound )?Score: (\d{1,6})/;
/** CRS's default severity weights (crs-setup.conf: critical 5, error 4, warning 3, notice 2). */
const WEIGHT: Record<string, number> = { CRITICAL: 5, ERROR: 4, WARNING: 3, NOTICE: 2 };

/** The inbound anomaly score of an entry: as CRS logged it, else the sum of its detections' weights. */
export function anomalyScore(hits: readonly RuleHit[]): number {
  let logged = -1;
  let sum = 0;
  for (const h of hits) {
    const family = ruleFamily(h.id).code;
    if (family === '949' || family === '980') {
      const m = TOTAL_SCORE.exec(h.msg);
      if (m) logged = Math.max(logged, Number(m[1]));
    } else if (/^9[1-4]\d$/.test(family)) sum += WEIGHT[h.severity] ?? 0;
  }
  return logged >= 0 ? logged : sum;
}

const SCORE_BUCKETS: readonly [string, number][] = [
  ['0', 0],
  ['1-4', 4],
  ['5-9', 9],
  ['10-19', 19],
  ['20-49', 49],
  ['50+', Number.POSITIVE_INFINITY],
];

function pathOf(uri: string): string {
  const q = uri.search(/[?#]/);
  return q < 0 ? uri : uri.slice(0, q);
}

function hostKey(host: string): string {
  return host.toLowerCase().replace(/:\d+$/, '');
}

function hourOf(t: number): string {
  return new Date(t).toISOString().slice(0, 13).replace('T', ' ');
}

export class WafSummary {
  private readonly o: SummaryOptions;
  private readonly totals: WafSummaryResult['totals'] = {
    entries: 0,
    blocked: 0,
    withHits: 0,
    hits: 0,
    unparsed: 0,
    filteredOut: 0,
    undated: 0,
    detectionOnly: 0,
    first: null,
    last: null,
  };
  private readonly formats = new Map<string, number>();
  private readonly rules = new Table(() => ({ ...counts(), msg: '', severity: '' }));
  private readonly families = new Table(counts);
  private readonly uris = new Table(counts);
  private readonly sources = new Table(() => ({ ...counts(), families: new Set<string>(), userAgent: '' }));
  private readonly hosts = new Table(counts);
  private readonly statuses = new Table(counts);
  private readonly perHour = new Table(counts);
  private readonly scanners = new Table(() => ({ ...counts(), families: new Set<string>(), userAgent: '' }));
  private readonly passedUris = new Table(counts);
  private passed = 0;
  private readonly clusters = new Table(() => ({
    hits: 0,
    entries: 0,
    blocked: 0,
    sources: new Set<string>(),
    sourcesCapped: false,
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
    msg: '',
    example: '',
  }));
  private readonly scores = new Map<string, number>();
  private maxScore = 0;
  private readonly unparsedExamples: string[] = [];

  constructor(options: SummaryOptions = {}) {
    this.o = options;
  }

  addUnparsed(sample: string): void {
    this.totals.unparsed++;
    if (this.unparsedExamples.length < (this.o.keepUnparsed ?? 5)) this.unparsedExamples.push(sample);
  }

  private keep(e: AuditEntry): boolean {
    const { since, until, host } = this.o;
    if (since !== undefined || until !== undefined) {
      if (Number.isNaN(e.time)) return false;
      if (since !== undefined && e.time < since) return false;
      if (until !== undefined && e.time >= until) return false;
    }
    if (host !== undefined && hostKey(e.host) !== hostKey(host)) return false;
    return true;
  }

  add(e: AuditEntry): void {
    if (!this.keep(e)) {
      this.totals.filteredOut++;
      return;
    }
    const t = this.totals;
    t.entries++;
    this.formats.set(e.format, (this.formats.get(e.format) ?? 0) + 1);
    const blocked = wasBlocked(e);
    const b = blocked ? 1 : 0;
    if (blocked) t.blocked++;
    if (e.hits.length) t.withHits++;
    t.hits += e.hits.length;
    if (e.engineMode === 'DETECTION_ONLY') t.detectionOnly++;
    if (Number.isNaN(e.time)) t.undated++;
    else {
      if (t.first === null || e.time < t.first) t.first = e.time;
      if (t.last === null || e.time > t.last) t.last = e.time;
      bump(this.perHour.get(hourOf(e.time)), 1, b, e.hits.length);
    }
    const path = pathOf(e.uri);
    bump(this.uris.get(path), 1, b, e.hits.length);
    bump(this.hosts.get(e.host || '-'), 1, b, e.hits.length);
    bump(this.statuses.get(e.status ? String(e.status) : '-'), 1, b, e.hits.length);
    const score = anomalyScore(e.hits);
    this.maxScore = Math.max(this.maxScore, score);
    const bucket = (SCORE_BUCKETS.find(([, max]) => score <= max) as [string, number])[0];
    this.scores.set(bucket, (this.scores.get(bucket) ?? 0) + 1);

    const seenRules = new Set<string>();
    const seenFamilies = new Set<string>();
    const seenClusters = new Set<string>();
    let attack = false;
    let scanner = false;
    for (const h of e.hits) {
      const fam = ruleFamily(h.id);
      if (fam.attack) attack = true;
      if (fam.code === '913') scanner = true;
      const r = this.rules.get(h.id);
      if (r) {
        r.hits++;
        if (!r.msg && h.msg) r.msg = h.msg;
        if (!r.severity && h.severity) r.severity = h.severity;
        if (!seenRules.has(h.id)) bump(r, 1, b, 0);
      }
      seenRules.add(h.id);
      const f = this.families.get(fam.code);
      if (f) {
        f.hits++;
        if (!seenFamilies.has(fam.code)) bump(f, 1, b, 0);
      }
      seenFamilies.add(fam.code);
      if (isEvaluation(fam.code)) continue;
      const target = normalizeTarget(h.target);
      if (target !== '' && !REQUEST_TARGET.test(target)) continue;
      const key = `${hostKey(e.host)}\t${h.id}\t${path}\t${target}`;
      const c = this.clusters.get(key);
      if (!c) continue;
      c.hits++;
      if (!seenClusters.has(key)) {
        c.entries++;
        c.blocked += b;
        seenClusters.add(key);
      }
      if (!c.msg) c.msg = h.msg;
      if (!c.example) c.example = h.data;
      if (c.sources.size < MAX_CLUSTER_SOURCES) c.sources.add(e.client);
      else if (!c.sources.has(e.client)) c.sourcesCapped = true;
      if (!Number.isNaN(e.time)) {
        c.first = Math.min(c.first, e.time);
        c.last = Math.max(c.last, e.time);
      }
    }
    const src = this.sources.get(e.client || '-');
    if (src) {
      bump(src, 1, b, e.hits.length);
      for (const fam of seenFamilies) if (src.families.size < 40) src.families.add(fam);
      if (!src.userAgent) src.userAgent = e.userAgent;
    }
    if (scanner) {
      const s = this.scanners.get(`${e.client || '-'}\t${e.userAgent}`);
      if (s) {
        bump(s, 1, b, e.hits.length);
        s.userAgent = e.userAgent;
      }
    }
    if (attack && !blocked && e.status > 0 && e.status < 400) {
      this.passed++;
      bump(this.passedUris.get(path), 1, 0, e.hits.length);
    }
  }

  result(): WafSummaryResult {
    const top = this.o.top ?? 50;
    const rows = (t: Table<Counts>, n = top): CountRow[] =>
      [...t.map.entries()]
        .map(([key, v]) => ({ key, entries: v.entries, blocked: v.blocked, hits: v.hits }))
        .sort((a, b) => b.entries - a.entries || b.hits - a.hits || (a.key < b.key ? -1 : 1))
        .slice(0, n);
    const sourceRows = (t: Table<Counts & { families: Set<string>; userAgent: string }>): SourceRow[] =>
      [...t.map.entries()]
        .map(([key, v]) => ({
          key: key.split('\t')[0] as string,
          entries: v.entries,
          blocked: v.blocked,
          hits: v.hits,
          families: [...v.families].sort(),
          userAgent: v.userAgent,
        }))
        .sort((a, b) => b.blocked - a.blocked || b.entries - a.entries || (a.key < b.key ? -1 : 1))
        .slice(0, top);
    const rules: RuleRow[] = [...this.rules.map.entries()]
      .map(([id, v]) => {
        const fam = ruleFamily(id);
        return {
          id,
          family: fam.code,
          familyName: { en: fam.en, ja: fam.ja },
          msg: v.msg,
          severity: v.severity,
          hits: v.hits,
          entries: v.entries,
          blocked: v.blocked,
        };
      })
      .sort((a, b) => b.hits - a.hits || (a.id < b.id ? -1 : 1))
      .slice(0, top);
    const families: FamilyRow[] = [...this.families.map.entries()]
      .map(([code, v]) => {
        const fam = familyByCode(code);
        return { family: code, name: { en: fam.en, ja: fam.ja }, hits: v.hits, entries: v.entries };
      })
      .sort((a, b) => b.hits - a.hits || (a.family < b.family ? -1 : 1));
    const clusters: Cluster[] = [...this.clusters.map.entries()]
      .map(([key, v]) => {
        const [host, ruleId, path, target] = key.split('\t') as [string, string, string, string];
        return {
          host,
          ruleId,
          family: ruleFamily(ruleId).code,
          msg: v.msg,
          path,
          target,
          hits: v.hits,
          entries: v.entries,
          blocked: v.blocked,
          sources: v.sources.size,
          sourcesCapped: v.sourcesCapped,
          first: Number.isFinite(v.first) ? v.first : Number.NaN,
          last: Number.isFinite(v.last) ? v.last : Number.NaN,
          example: v.example,
        };
      })
      .sort((a, b) => b.sources - a.sources || b.hits - a.hits || (a.ruleId < b.ruleId ? -1 : 1))
      .slice(0, Math.max(top, 200));
    const other: Record<string, number> = {};
    for (const [name, t] of Object.entries({
      rules: this.rules,
      uris: this.uris,
      sources: this.sources,
      clusters: this.clusters,
      perHour: this.perHour,
    }))
      if (t.other > 0) other[name] = t.other;
    return {
      totals: { ...this.totals },
      formats: Object.fromEntries(this.formats),
      rules,
      families,
      uris: rows(this.uris),
      sources: sourceRows(this.sources),
      hosts: rows(this.hosts),
      statuses: rows(this.statuses).sort((a, b) => (a.key < b.key ? -1 : 1)),
      scores: SCORE_BUCKETS.map(([bucket]) => ({ bucket, entries: this.scores.get(bucket) ?? 0 })),
      maxScore: this.maxScore,
      perHour: rows(this.perHour, MAX_KEYS).sort((a, b) => (a.key < b.key ? -1 : 1)),
      clusters,
      attacksPassed: { entries: this.passed, uris: rows(this.passedUris, 10) },
      scanners: sourceRows(this.scanners),
      other,
      unparsedExamples: [...this.unparsedExamples],
    };
  }
}

function bump(c: Counts | undefined, entries: number, blocked: number, hits: number): void {
  if (!c) return;
  c.entries += entries;
  c.blocked += blocked;
  c.hits += hits;
}

function familyByCode(code: string): { en: string; ja: string } {
  // The family table is keyed by id; a representative id of each code finds its words.
  const probe =
    code === '903'
      ? '9001000'
      : code === 'recommended'
        ? '200000'
        : code === 'local'
          ? '1'
          : code === '9xx'
            ? '907000'
            : `${code}000`;
  return ruleFamily(probe);
}
