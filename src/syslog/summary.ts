/** The syslog summary: counts per host, program, severity and day; templates; spikes per program and hour. */
import type { LogRecord } from '../logs/index.js';
import { messageTemplate } from './template.js';

export const SEVERITY_NAMES = [
  'emerg',
  'alert',
  'crit',
  'err',
  'warning',
  'notice',
  'info',
  'debug',
] as const;

export interface CountRow {
  key: string;
  count: number;
}

export interface TemplateRow {
  program: string;
  template: string;
  count: number;
  /** One line of the template as it was written. */
  example: string;
}

export interface SpikeRow {
  program: string;
  /** `2026-12-06T03` (the log's wall clock). */
  hour: string;
  count: number;
  /** The program's usual lines per hour (the median over the hours the log covers). */
  usual: number;
}

export interface MatchLine {
  time?: string;
  host: string;
  program: string;
  pid?: string;
  message: string;
}

export interface SyslogSummary {
  records: number;
  unparsed: number;
  outOfRange: number;
  first?: string;
  last?: string;
  hosts: CountRow[];
  programs: CountRow[];
  severities: CountRow[];
  days: CountRow[];
  templates: TemplateRow[];
  /** Distinct templates beyond the table's cap, counted here only. */
  otherTemplates: number;
  spikes: SpikeRow[];
  /** Records at emerg, alert or crit, per program. */
  severe: CountRow[];
  matches: MatchLine[];
  matched: number;
  unparsedExamples: string[];
}

export interface SyslogSummaryOptions {
  since?: number;
  until?: number;
  top: number;
  program?: string;
  host?: string;
  keepMatches: number;
  keepUnparsed: number;
  /** A program's hour is a spike from this many times its usual rate (default 5)… */
  spikeFactor: number;
  /** …and this many lines (default 50). */
  spikeMin: number;
  maxTemplates: number;
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 19);

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function rows(m: Map<string, number>, top: number): CountRow[] {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([key, count]) => ({ key, count }));
}

export class SyslogSummarizer {
  private records = 0;
  private unparsed = 0;
  private outOfRange = 0;
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  private readonly hosts = new Map<string, number>();
  private readonly programs = new Map<string, number>();
  private readonly severities = new Map<string, number>();
  private readonly days = new Map<string, number>();
  private readonly severe = new Map<string, number>();
  private readonly templates = new Map<string, { count: number; example: string }>();
  private otherTemplates = 0;
  /** program → hour number → lines. */
  private readonly hourly = new Map<string, Map<number, number>>();
  private readonly matches: MatchLine[] = [];
  private matched = 0;
  private readonly unparsedExamples: string[] = [];

  constructor(private readonly o: SyslogSummaryOptions) {}

  add(rec: LogRecord): void {
    const timed = !Number.isNaN(rec.time);
    if (
      timed &&
      ((this.o.since !== undefined && rec.time < this.o.since) ||
        (this.o.until !== undefined && rec.time >= this.o.until))
    ) {
      this.outOfRange++;
      return;
    }
    this.records++;
    const program = rec.program || '-';
    bump(this.hosts, rec.host || '-');
    bump(this.programs, program);
    if (rec.severity !== undefined) {
      bump(this.severities, SEVERITY_NAMES[rec.severity] ?? String(rec.severity));
      if (rec.severity <= 2) bump(this.severe, program);
    }
    if (timed) {
      if (rec.time < this.first) this.first = rec.time;
      if (rec.time > this.last) this.last = rec.time;
      bump(this.days, iso(rec.time).slice(0, 10));
      const hour = Math.floor(rec.time / 3_600_000);
      let h = this.hourly.get(program);
      if (!h) {
        h = new Map();
        this.hourly.set(program, h);
      }
      h.set(hour, (h.get(hour) ?? 0) + 1);
    }
    const key = `${program}\t${messageTemplate(rec.message)}`;
    const t = this.templates.get(key);
    if (t) t.count++;
    else if (this.templates.size < this.o.maxTemplates)
      this.templates.set(key, { count: 1, example: rec.message.slice(0, 500) });
    else this.otherTemplates++;
    if (
      (this.o.program !== undefined || this.o.host !== undefined) &&
      (this.o.program === undefined ||
        program === this.o.program ||
        program.startsWith(`${this.o.program}/`)) &&
      (this.o.host === undefined || rec.host === this.o.host)
    ) {
      this.matched++;
      if (this.matches.length < this.o.keepMatches)
        this.matches.push({
          ...(timed ? { time: iso(rec.time) } : {}),
          host: rec.host,
          program,
          ...(rec.pid !== undefined ? { pid: rec.pid } : {}),
          message: rec.message,
        });
    }
  }

  addUnparsed(line: string): void {
    this.unparsed++;
    if (this.unparsedExamples.length < this.o.keepUnparsed) this.unparsedExamples.push(line.slice(0, 2000));
  }

  result(): SyslogSummary {
    const timed = Number.isFinite(this.first);
    const spikes: SpikeRow[] = [];
    if (timed) {
      const h0 = Math.floor(this.first / 3_600_000);
      const hours = Math.min(Math.floor(this.last / 3_600_000) - h0 + 1, 24 * 400);
      for (const [program, byHour] of this.hourly) {
        const counts = new Array<number>(hours).fill(0);
        for (const [h, n] of byHour) if (h - h0 < hours) counts[h - h0] = n;
        const sorted = [...counts].sort((a, b) => a - b);
        const usual = sorted[Math.floor(sorted.length / 2)] ?? 0;
        const threshold = Math.max(this.o.spikeMin, this.o.spikeFactor * Math.max(usual, 1));
        counts.forEach((n, i) => {
          if (n >= threshold && hours >= 3)
            spikes.push({ program, hour: iso((h0 + i) * 3_600_000).slice(0, 13), count: n, usual });
        });
      }
      spikes.sort((a, b) => b.count / Math.max(b.usual, 1) - a.count / Math.max(a.usual, 1));
    }
    return {
      records: this.records,
      unparsed: this.unparsed,
      outOfRange: this.outOfRange,
      ...(timed ? { first: iso(this.first), last: iso(this.last) } : {}),
      hosts: rows(this.hosts, this.o.top),
      programs: rows(this.programs, this.o.top),
      severities: SEVERITY_NAMES.filter((n) => this.severities.has(n)).map((key) => ({
        key,
        count: this.severities.get(key) as number,
      })),
      days: [...this.days.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([key, count]) => ({ key, count })),
      templates: [...this.templates.entries()]
        .sort((a, b) => b[1].count - a[1].count)
        .slice(0, this.o.top)
        .map(([k, v]) => {
          const tab = k.indexOf('\t');
          return { program: k.slice(0, tab), template: k.slice(tab + 1), count: v.count, example: v.example };
        }),
      otherTemplates: this.otherTemplates,
      spikes: spikes.slice(0, this.o.top),
      severe: rows(this.severe, this.o.top),
      matches: this.matches,
      matched: this.matched,
      unparsedExamples: this.unparsedExamples,
    };
  }
}
