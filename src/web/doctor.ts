/**
 * The dashboard's doctor page: a site report run on request (POST, CSRF-checked) through the site
 * doctor's library (`runDoctor`, the same call as `netdoctor doctor --json`), the reports of this
 * server's life kept in memory (the last few), each shown as a page and as the doctor's own
 * self-contained HTML file, whose inline style is allowed by its hash alone.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Lang } from '../core/i18n.js';
import type { Resolver } from '../dns/resolver.js';
import {
  type DoctorOptions,
  type DoctorReport,
  localizeDoctorReport,
  renderDoctorHtml,
  runDoctor,
} from '../doctor/index.js';
import { esc, findingsList, Raw, table, w } from './html.js';

export interface KeptReport {
  id: string;
  report: DoctorReport;
}

const KEPT = 10;

/** The reports run by this dashboard, newest first. */
export class DoctorReports {
  readonly #all: KeptReport[] = [];
  running = 0;

  list(): readonly KeptReport[] {
    return this.#all;
  }

  get(id: string): KeptReport | undefined {
    return this.#all.find((r) => r.id === id);
  }

  /** Runs the doctor for `domain` (and the addresses `ips`) and keeps the report. */
  async run(
    domain: string,
    ips: readonly string[],
    o: { resolver: Resolver; db: string; options?: DoctorOptions },
  ): Promise<KeptReport> {
    this.running++;
    try {
      const report = await runDoctor(domain, { ...o.options, ips, db: o.db }, { resolver: o.resolver });
      const kept = { id: randomBytes(12).toString('hex'), report };
      this.#all.unshift(kept);
      this.#all.splice(KEPT);
      return kept;
    } finally {
      this.running--;
    }
  }
}

export function doctorForm(
  lang: Lang,
  csrf: string,
  reports: readonly KeptReport[],
  message?: string,
): string {
  const note = message ? `<p class="error" role="alert">${esc(message)}</p>` : '';
  const form = `<form method="post" action="/doctor" class="stack">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="domain">${esc(w('domain', lang))}</label>
<input id="domain" name="domain" required maxlength="253" autocomplete="off" placeholder="example.org">
<label for="ips">${esc(w('doctorIps', lang))}</label>
<input id="ips" name="ips" maxlength="400" autocomplete="off" placeholder="192.0.2.10 2001:db8::10">
<button type="submit">${esc(w('runDoctor', lang))}</button>
</form>`;
  const past = reports.length
    ? table(
        w('pastReports', lang),
        [w('domain', lang), w('at', lang), w('severity', lang), w('fail', lang), w('warn', lang)],
        reports.map((k) => [
          new Raw(`<a href="/doctor/${esc(k.id)}">${esc(k.report.domain)}</a>`),
          k.report.startedAt,
          w(k.report.worst, lang),
          k.report.counts.fail,
          k.report.counts.warn,
        ]),
        { id: 'doctor-past', right: [3, 4] },
      )
    : '';
  return `${note}${form}${past}`;
}

export function doctorReportPage(k: KeptReport, lang: Lang): string {
  const r = localizeDoctorReport(k.report, lang);
  const sections = table(
    w('doctor', lang),
    [
      w('concern', lang),
      w('status', lang),
      w('severity', lang),
      w('fail', lang),
      w('warn', lang),
      w('info', lang),
      w('ok', lang),
    ],
    r.sections.map((s) => [
      s.name,
      s.state,
      w(s.worst, lang),
      s.counts.fail,
      s.counts.warn,
      s.counts.info,
      s.counts.ok,
    ]),
    { id: 'doctor-sections', right: [3, 4, 5, 6] },
  );
  const groups = r.sections
    .filter((s) => s.findings.length > 0)
    .map((s) => `<h2>${esc(s.name)}</h2>${findingsList(s.findings, lang)}`)
    .join('\n');
  return `<p>${esc(r.startedAt)} · ${esc(`${(r.elapsedMs / 1000).toFixed(1)} s`)} · <a href="/doctor/${esc(k.id)}/report.html">${esc(w('fullReport', lang))}</a></p>${sections}${groups}`;
}

/** The doctor's own HTML file, and the CSP that lets its one inline style (by hash) and nothing else. */
export function doctorHtml(k: KeptReport, lang: Lang): { html: string; csp: string } {
  const html = renderDoctorHtml(k.report, lang);
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return {
    html,
    csp: `default-src 'none'; style-src ${hashes.join(' ') || "'none'"}; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`,
  };
}
