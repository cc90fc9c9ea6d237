/** The findings list as a person reads it: worst first, severity tag, id, title, then detail and fix. */
import type { LocalizedFinding, Severity } from '../../core/findings.js';
import type { Lang } from '../../core/i18n.js';
import { terminalSafe } from './escape.js';
import type { Style } from './style.js';

const TAG: Record<Severity, string> = { ok: 'OK  ', info: 'INFO', warn: 'WARN', fail: 'FAIL' };
const FIX_LABEL: Record<Lang, string> = { en: 'fix: ', ja: '対処: ' };
const NONE: Record<Lang, string> = { en: 'No findings.', ja: '指摘事項はありません。' };

export function renderFindings(findings: readonly LocalizedFinding[], style: Style, lang: Lang): string {
  if (findings.length === 0) return style.dim(NONE[lang]);
  const idWidth = Math.max(...findings.map((f) => f.id.length));
  const lines: string[] = [];
  for (const shown of findings) {
    // Titles and details carry evidence from the network (a TXT record, a greeting): escaped, and
    // kept to one line each (no message has a line break; one from the input could fake a finding).
    const f = {
      ...shown,
      title: terminalSafe(shown.title),
      ...(shown.detail ? { detail: terminalSafe(shown.detail) } : {}),
      ...(shown.fix ? { fix: terminalSafe(shown.fix) } : {}),
    };
    lines.push(
      `${style.severity(f.severity, TAG[f.severity])}  ${style.dim(f.id.padEnd(idWidth))}  ${style.bold(f.title)}`,
    );
    const pad = ' '.repeat(6 + idWidth + 2);
    if (f.detail) lines.push(`${pad}${f.detail}`);
    if (f.fix)
      lines.push(`${pad}${style.severity(f.severity === 'ok' ? 'ok' : 'info', FIX_LABEL[lang])}${f.fix}`);
  }
  return lines.join('\n');
}
