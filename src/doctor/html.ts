/**
 * The doctor report as one HTML file a person can mail, open offline or print: inline CSS, no
 * script, no image, font or style sheet from anywhere (a Content-Security-Policy meta tag says
 * so to the browser too). Every string that came from the network or the user — names, banners,
 * certificate subjects, finding sentences with their parameters — is escaped.
 *
 * Japanese: `lang="ja"` (so the browser picks Japanese glyphs for the shared Han characters), a
 * font stack of the Japanese system fonts, a taller line height, and strict line breaking.
 * Hand-written: a template engine would add a dependency for about a hundred lines of markup.
 */
import type { Severity } from '../core/findings.js';
import type { Lang } from '../core/i18n.js';
import { type LocalizedDoctorReport, localizeDoctorReport } from './localize.js';
import type { Concern, DoctorReport } from './types.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML content and attribute values; control characters become U+FFFD. */
export function escapeHtml(s: string): string {
  return s
    .replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

const e = escapeHtml;

const WORDS = {
  en: {
    title: 'Site report',
    generated: 'Generated',
    took: 'took',
    overall: 'Overall',
    summary: 'Summary',
    concern: 'Concern',
    state: 'State',
    findings: 'Findings',
    fix: 'Fix',
    none: 'No findings.',
    hosts: 'Hosts examined',
    address: 'Address',
    names: 'Names',
    roles: 'Roles',
    port: 'Port',
    service: 'Service',
    subject: 'Subject',
    issuer: 'Issuer',
    validTo: 'Valid until',
    daysLeft: 'Days left',
    dmarcDays: 'DMARC results per day',
    day: 'Day',
    messages: 'Messages',
    pass: 'DMARC pass',
    failing: 'Sources failing DMARC',
    source: 'Source IP',
    role: { mx: 'mail (MX)', web: 'web', given: 'given' },
    states: { done: 'checked', skipped: 'not checked', failed: 'failed' },
    sev: { fail: 'FAIL', warn: 'WARN', info: 'INFO', ok: 'OK' },
    footer: 'Made by netdoctor doctor. Each finding names its fix; run the command again after a change.',
  },
  ja: {
    title: 'サイト診断レポート',
    generated: '作成日時',
    took: '所要時間',
    overall: '総合判定',
    summary: '概要',
    concern: '項目',
    state: '状態',
    findings: '指摘事項',
    fix: '対処',
    none: '指摘事項はありません。',
    hosts: '調べたホスト',
    address: 'アドレス',
    names: '名前',
    roles: '役割',
    port: 'ポート',
    service: 'サービス',
    subject: '対象',
    issuer: '発行者',
    validTo: '有効期限',
    daysLeft: '残り日数',
    dmarcDays: '日ごとの DMARC 結果',
    day: '日付',
    messages: '通数',
    pass: 'DMARC 合格',
    failing: 'DMARC に不合格の送信元',
    source: '送信元 IP',
    role: { mx: 'メール (MX)', web: 'ウェブ', given: '指定' },
    states: { done: '確認済み', skipped: '未確認', failed: '失敗' },
    sev: { fail: '要対応', warn: '警告', info: '情報', ok: '正常' },
    footer: 'netdoctor doctor が作成しました。各指摘に対処方法があります。変更後にもう一度実行してください。',
  },
} as const;

const CSS = `
:root{--fail:#b3261e;--warn:#8a5a00;--info:#1d4f91;--ok:#1e6b34;--line:#d0d4da;--muted:#555}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60rem;padding:1.5rem;color:#1b1b1b;background:#fff;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.55;overflow-wrap:anywhere}
html[lang=ja] body{font-family:"Hiragino Kaku Gothic ProN","Hiragino Sans","Noto Sans CJK JP","Noto Sans JP","Yu Gothic UI","Yu Gothic",Meiryo,"IPAPGothic","IPAGothic",system-ui,sans-serif;line-height:1.75;line-break:strict}
h1{font-size:1.6rem;margin:0 0 .25rem}h3{font-size:1.05rem;margin:1rem 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
.meta{color:var(--muted);margin:0 0 1rem}
.badge{display:inline-block;min-width:4.5em;text-align:center;font-weight:700;font-size:.85rem;padding:.05rem .5rem;border-radius:.25rem;color:#fff}
.sev-fail .badge,.badge.sev-fail{background:var(--fail)}.sev-warn .badge,.badge.sev-warn{background:var(--warn)}
.sev-info .badge,.badge.sev-info{background:var(--info)}.sev-ok .badge,.badge.sev-ok{background:var(--ok)}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
.finding{border:1px solid var(--line);border-left:.4rem solid var(--line);border-radius:.25rem;padding:.5rem .75rem;margin:.5rem 0}
.finding.sev-fail{border-left-color:var(--fail)}.finding.sev-warn{border-left-color:var(--warn)}
.finding.sev-info{border-left-color:var(--info)}.finding.sev-ok{border-left-color:var(--ok)}
.finding h3{font-size:1rem;margin:0;display:flex;gap:.5rem;align-items:baseline}
.finding p{margin:.35rem 0 0}.fix{background:#f6f7f9;padding:.35rem .5rem;border-radius:.2rem}
.id{color:var(--muted);font-size:.8rem}code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Noto Sans Mono CJK JP",monospace;font-size:.9em}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
@media (max-width:40rem){body{padding:.75rem}table{font-size:.8rem}}
@media print{@page{margin:15mm}body{max-width:none;padding:0;font-size:10.5pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid}.finding,tr{break-inside:avoid}thead{display:table-header-group}}
`;

function severityBadge(s: Severity, lang: Lang): string {
  return `<span class="badge sev-${s}">${e(WORDS[lang].sev[s])}</span>`;
}

function table(head: readonly string[], rows: readonly string[][], numeric: readonly number[] = []): string {
  if (rows.length === 0) return '';
  const th = head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One section per concern: its findings worst first, then its tables (hosts, certificates, DMARC days). */
function sectionsHtml(
  r: LocalizedDoctorReport,
  lang: Lang,
  tables: Partial<Record<Concern, string>>,
): string {
  const w = WORDS[lang];
  return r.sections
    .filter((s) => s.findings.length > 0 || s.state !== 'skipped' || tables[s.concern])
    .map((s) => {
      const items = s.findings.length
        ? s.findings
            .map(
              (f) =>
                `<article class="finding sev-${f.severity}"><h3>${severityBadge(f.severity, lang)}<span>${e(f.title)}</span></h3>` +
                (f.detail ? `<p>${e(f.detail)}</p>` : '') +
                (f.fix ? `<p class="fix"><strong>${e(w.fix)}:</strong> ${e(f.fix)}</p>` : '') +
                `<p class="id"><code>${e(f.id)}</code></p></article>`,
            )
            .join('\n')
        : `<p>${e(w.none)}</p>`;
      return `<section id="concern-${s.concern}"><h2>${e(s.name)}</h2>\n${items}\n${tables[s.concern] ?? ''}</section>`;
    })
    .join('\n');
}

function dmarcHtml(report: DoctorReport, lang: Lang): string {
  const w = WORDS[lang];
  const d = report.data.dmarc as
    | {
        days?: { day: string; messages: number; dmarcPass: number }[];
        failingSources?: { sourceIp: string; messages: number; dmarcPass: number }[];
      }
    | undefined;
  if (!d) return '';
  const pct = (p: number, n: number) => (n ? `${((100 * p) / n).toFixed(1)}%` : '-');
  const days = table(
    [w.day, w.messages, w.pass],
    (d.days ?? []).map((x) => [e(x.day), String(x.messages), pct(x.dmarcPass, x.messages)]),
    [1, 2],
  );
  const sources = table(
    [w.source, w.messages, w.pass],
    (d.failingSources ?? []).map((x) => [e(x.sourceIp), String(x.messages), pct(x.dmarcPass, x.messages)]),
    [1, 2],
  );
  return (
    (days ? `<h3>${e(w.dmarcDays)}</h3>${days}` : '') + (sources ? `<h3>${e(w.failing)}</h3>${sources}` : '')
  );
}

/**
 * The report as one self-contained HTML document in `lang`.
 *
 * @example
 *   writeOutputFile('report.html', renderDoctorHtml(await runDoctor('example.org', {}, { resolver }), 'ja'));
 */
export function renderDoctorHtml(report: DoctorReport, lang: Lang): string {
  const w = WORDS[lang];
  const r = localizeDoctorReport(report, lang);
  const summary = table(
    [w.concern, w.state, w.overall, ...(['fail', 'warn', 'info', 'ok'] as const).map((s) => w.sev[s])],
    r.sections.map((s) => [
      s.findings.length || s.state !== 'skipped'
        ? `<a href="#concern-${s.concern}">${e(s.name)}</a>`
        : e(s.name),
      e(w.states[s.state]),
      s.findings.length ? severityBadge(s.worst, lang) : '',
      String(s.counts.fail),
      String(s.counts.warn),
      String(s.counts.info),
      String(s.counts.ok),
    ]),
    [3, 4, 5, 6],
  );
  const hosts = table(
    [w.address, w.names, w.roles],
    r.hosts.map((h) => [
      `<code>${e(h.address)}</code>`,
      e(h.names.join(lang === 'ja' ? '、' : ', ')),
      e(h.roles.map((x) => w.role[x]).join(lang === 'ja' ? '、' : ', ')),
    ]),
  );
  const certs = table(
    [w.address, w.port, w.service, w.subject, w.issuer, w.validTo, w.daysLeft],
    r.certificates.map((c) => [
      `<code>${e(c.address)}</code>`,
      String(c.port),
      e(c.service),
      e(c.subject),
      e(c.issuer),
      e(c.validTo.slice(0, 10)),
      String(c.daysLeft),
    ]),
    [1, 6],
  );
  const when = r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const seconds = (r.elapsedMs / 1000).toFixed(1);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="netdoctor doctor">
<title>${e(w.title)}: ${e(r.domain)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(w.title)}: ${e(r.domain)}</h1>
<p class="meta">${e(w.generated)}: ${e(when)} · ${e(w.took)} ${seconds} s</p>
<p>${e(w.overall)}: ${severityBadge(r.worst, lang)} · ${(['fail', 'warn', 'info', 'ok'] as const)
    .map((s) => `${e(w.sev[s])} ${r.counts[s]}`)
    .join(' · ')}</p>
</header>
<main>
<h2>${e(w.summary)}</h2>
${summary}
${sectionsHtml(r, lang, {
  exposure: hosts ? `<h3>${e(w.hosts)}</h3>\n${hosts}` : '',
  tls: certs,
  dmarc: dmarcHtml(report, lang),
})}
</main>
<footer>${e(w.footer)}</footer>
</body>
</html>
`;
}
