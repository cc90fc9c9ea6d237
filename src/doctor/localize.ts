/** A doctor report with its findings' sentences in one language: what `--json` prints. */
import { catalog } from '../catalog.js';
import type { LocalizedFinding } from '../core/findings.js';
import { type Lang, localize } from '../core/i18n.js';
import { concernName } from './concerns.js';
import type { Concern, DoctorReport, DoctorSection } from './types.js';

export interface LocalizedDoctorReport extends Omit<DoctorReport, 'findings' | 'sections'> {
  lang: Lang;
  findings: (LocalizedFinding & { concern: Concern })[];
  sections: (Omit<DoctorSection, 'findings'> & { name: string; findings: LocalizedFinding[] })[];
}

export function localizeDoctorReport(report: DoctorReport, lang: Lang): LocalizedDoctorReport {
  return {
    ...report,
    lang,
    findings: report.findings.map((f) => ({ ...localize(f, catalog, lang), concern: f.concern })),
    sections: report.sections.map((s) => ({
      ...s,
      name: concernName(s.concern, lang),
      findings: s.findings.map((f) => localize(f, catalog, lang)),
    })),
  };
}
