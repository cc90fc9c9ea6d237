/**
 * The dashboard's HTML: escaping, the page frame (navigation, language switch; script only on the
 * capture pages, see capture-script.ts), the
 * words of the interface in English and Japanese, tables and small SVG charts. Everything that came
 * from a request or a store passes through `esc` (or `attr`), and nothing is inline style or
 * script, so the Content-Security-Policy can forbid both.
 */

import type { LocalizedFinding } from '../core/findings.js';
import type { Lang } from '../core/i18n.js';

/** Markup made here (a link), which `table` puts in a cell as it is. */
export class Raw {
  constructor(readonly html: string) {}
}

const cell = (c: unknown): string => (c instanceof Raw ? c.html : esc(c));

export const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The interface's words: `W.key[lang]`. */
export const W = {
  title: { en: 'netdoctor dashboard', ja: 'netdoctor ダッシュボード' },
  overview: { en: 'Overview', ja: '概要' },
  monitor: { en: 'Monitor', ja: '監視' },
  dmarc: { en: 'DMARC', ja: 'DMARC' },
  mail: { en: 'Mail log', ja: 'メールログ' },
  lan: { en: 'LAN', ja: 'LAN' },
  capture: { en: 'Capture', ja: 'キャプチャ' },
  doctor: { en: 'Site doctor', ja: 'サイト診断' },
  nav: { en: 'Pages', ja: 'ページ' },
  skip: { en: 'Skip to content', ja: '本文へ移動' },
  langSwitch: { en: '日本語', ja: 'English' },
  logout: { en: 'Log out', ja: 'ログアウト' },
  login: { en: 'Log in', ja: 'ログイン' },
  token: { en: 'Access token', ja: 'アクセストークン' },
  wrongToken: { en: 'That token is not right.', ja: 'トークンが正しくありません。' },
  tooManyLogins: {
    en: 'Too many wrong tokens from this address: try again in {seconds} s.',
    ja: 'このアドレスからの誤ったトークンが多すぎます。{seconds} 秒後に再度お試しください。',
  },
  findings: { en: 'Findings', ja: '指摘' },
  noFindings: { en: 'Nothing to report.', ja: '指摘はありません。' },
  fix: { en: 'Fix', ja: '対処' },
  severity: { en: 'Severity', ja: '重要度' },
  concern: { en: 'Concern', ja: '分野' },
  notConfigured: { en: 'Not configured', ja: '未設定' },
  noData: { en: 'No data in the store yet.', ja: 'ストアにまだデータがありません。' },
  check: { en: 'Check', ja: 'チェック' },
  status: { en: 'Status', ja: '状態' },
  last: { en: 'Last result', ja: '最新の結果' },
  at: { en: 'At', ja: '日時' },
  time: { en: 'Time', ja: '応答時間' },
  finding: { en: 'Finding', ja: '指摘' },
  since: { en: 'Since', ja: '開始' },
  results: { en: 'Results', ja: '結果数' },
  availability: { en: 'Availability', ja: '稼働率' },
  avg: { en: 'Average', ja: '平均' },
  history: { en: 'History', ja: '履歴' },
  changes: { en: 'Status changes (what was announced)', ja: '状態の変化（通知した内容）' },
  announced: { en: 'Announced', ja: '通知' },
  domain: { en: 'Domain', ja: 'ドメイン' },
  reports: { en: 'Reports', ja: 'レポート数' },
  messages: { en: 'Messages', ja: '通数' },
  dmarcPass: { en: 'DMARC pass', ja: 'DMARC 合格' },
  dkimPass: { en: 'DKIM pass', ja: 'DKIM 合格' },
  spfPass: { en: 'SPF pass', ja: 'SPF 合格' },
  passOverTime: { en: 'DMARC pass rate per day', ja: '日別の DMARC 合格率' },
  failing: { en: 'Failing sources', ja: '不合格の送信元' },
  source: { en: 'Source IP', ja: '送信元 IP' },
  ptr: { en: 'Reverse DNS', ja: '逆引き' },
  failed: { en: 'Failed', ja: '不合格' },
  reporters: { en: 'Reporters', ja: 'レポートの送信元組織' },
  notifications: { en: 'Recent notifications', ja: '最近の通知' },
  notifier: { en: 'Notifier', ja: '通知先' },
  delivery: { en: 'Delivery', ja: '配信' },
  message: { en: 'Message', ja: 'メッセージ' },
  sent: { en: 'sent', ja: '送信済み' },
  deliveryFailed: { en: 'failed', ja: '失敗' },
  noNotifications: { en: 'No notifications in this period.', ja: 'この期間の通知はありません。' },
  reporter: { en: 'Reporter', ja: '組織' },
  period: { en: 'Period', ja: '期間' },
  show: { en: 'Show', ja: '表示' },
  all: { en: 'all', ja: 'すべて' },
  received: { en: 'Received', ja: '受信' },
  delivered: { en: 'Delivered', ja: '配送' },
  deferred: { en: 'Deferred', ja: '遅延' },
  bounced: { en: 'Bounced', ja: '不達' },
  rejected: { en: 'Rejected', ja: '拒否' },
  inputs: { en: 'Log files', ja: 'ログファイル' },
  lines: { en: 'Lines', ja: '行数' },
  devices: { en: 'Inventory', ja: 'インベントリー' },
  name: { en: 'Name', ja: '名前' },
  mac: { en: 'MAC', ja: 'MAC' },
  ip: { en: 'IP', ja: 'IP' },
  vendor: { en: 'Vendor', ja: 'ベンダー' },
  unknown: {
    en: 'Unknown devices (seen, not in the inventory)',
    ja: '不明な機器（観測されたがインベントリーにない）',
  },
  arp: { en: 'Stations seen (arp.dat)', ja: '観測された機器（arp.dat）' },
  lastSeen: { en: 'Last seen', ja: '最終確認' },
  arpEvents: {
    en: 'ARP events (last 7 days, lan watch --db)',
    ja: 'ARP イベント（直近 7 日、lan watch --db）',
  },
  site: { en: 'Site', ja: 'サイト' },
  kind: { en: 'Event', ja: 'イベント' },
  oldMac: { en: 'Previous MAC', ja: '以前の MAC' },
  upload: { en: 'Analyse a capture (pcap, pcapng, gzip)', ja: 'キャプチャを解析（pcap・pcapng・gzip）' },
  file: { en: 'Capture file', ja: 'キャプチャファイル' },
  analyse: { en: 'Analyse', ja: '解析' },
  maxUpload: { en: 'Largest upload', ja: 'アップロードの上限' },
  uploading: { en: 'Upload progress', ja: 'アップロードの進み具合' },
  uploadFailed: {
    en: 'The upload did not reach the server: try again.',
    ja: 'アップロードがサーバーに届きませんでした。もう一度お試しください。',
  },
  summary: { en: 'Summary', ja: '概要' },
  packets: { en: 'Packets', ja: 'パケット数' },
  bytes: { en: 'Bytes', ja: 'バイト数' },
  flows: { en: 'Flows', ja: 'フロー数' },
  first: { en: 'First packet', ja: '最初のパケット' },
  lastPacket: { en: 'Last packet', ja: '最後のパケット' },
  duration: { en: 'Duration', ja: '時間' },
  format: { en: 'Format', ja: '形式' },
  conversations: { en: 'Conversations', ja: '通信の組み合わせ' },
  protocols: { en: 'Protocols', ja: 'プロトコル' },
  io: { en: 'Traffic over time', ja: '時間ごとの通信量' },
  diagnose: { en: 'Diagnosis', ja: '診断' },
  protocol: { en: 'Protocol', ja: 'プロトコル' },
  doctorIps: { en: 'Other addresses of the site (optional)', ja: 'サイトのほかのアドレス（任意）' },
  runDoctor: { en: 'Run the site report', ja: 'サイト診断を実行' },
  pastReports: { en: 'Reports run here', ja: 'ここで実行したレポート' },
  fullReport: { en: 'The full report (HTML file)', ja: '完全なレポート（HTML ファイル）' },
  past: { en: 'Recent analyses (this session)', ja: '最近の解析（このセッション）' },
  notFound: { en: 'Not found.', ja: '見つかりません。' },
  tooLarge: {
    en: 'The upload is larger than the limit ({max}).',
    ja: 'アップロードが上限（{max}）を超えています。',
  },
  forbidden: {
    en: 'Refused: this request did not come from the dashboard’s own page.',
    ja: '拒否しました: ダッシュボード自身のページからの要求ではありません。',
  },
  badRequest: { en: 'Bad request.', ja: '不正な要求です。' },
  busy: {
    en: 'Busy with another analysis; try again shortly.',
    ja: '別の解析を実行中です。しばらくしてから再度お試しください。',
  },
  failedPage: {
    en: 'Something went wrong; the server log has the details.',
    ja: '問題が発生しました。詳細はサーバーのログにあります。',
  },
  cannotRead: { en: 'Cannot read', ja: '読めません' },
  ok: { en: 'ok', ja: '正常' },
  info: { en: 'info', ja: '情報' },
  warn: { en: 'warning', ja: '警告' },
  fail: { en: 'failure', ja: '異常' },
} as const satisfies Record<string, Record<Lang, string>>;

export type WordKey = keyof typeof W;
export const w = (key: WordKey, lang: Lang): string => W[key][lang];

export const PAGES = ['overview', 'monitor', 'dmarc', 'mail', 'lan', 'capture', 'doctor'] as const;
export type PageName = (typeof PAGES)[number];
export const PAGE_PATH: Record<PageName, string> = {
  overview: '/',
  monitor: '/monitor',
  dmarc: '/dmarc',
  mail: '/mail',
  lan: '/lan',
  capture: '/capture',
  doctor: '/doctor',
};

export interface FrameOptions {
  lang: Lang;
  page: PageName | 'login' | 'error';
  title: string;
  body: string;
  /** The session's CSRF token (for the log-out form); none on the login page. */
  csrf?: string;
  /** Show the log-out button (token logins only). */
  loggedIn?: boolean;
  /** The pages to list (doctor only when the library is there). */
  pages?: readonly PageName[];
  /** The path of this page, for the language switch. */
  here?: string;
  /** A script of this server to load (the capture page's upload, see capture-script.ts). */
  script?: string;
}

export function frame(o: FrameOptions): string {
  const other: Lang = o.lang === 'ja' ? 'en' : 'ja';
  const here = o.here ?? '/';
  const sep = here.includes('?') ? '&' : '?';
  const nav = (o.pages ?? PAGES)
    .map((p) => {
      const current = p === o.page ? ' aria-current="page"' : '';
      return `<li><a href="${PAGE_PATH[p]}"${current}>${esc(w(p, o.lang))}</a></li>`;
    })
    .join('');
  const logout =
    o.loggedIn && o.csrf
      ? `<form method="post" action="/logout" class="logout"><input type="hidden" name="csrf" value="${esc(o.csrf)}"><button type="submit">${esc(w('logout', o.lang))}</button></form>`
      : '';
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${esc(o.title)} — netdoctor</title>
<link rel="stylesheet" href="/static/app.css">
${o.script ? `<script src="${esc(o.script)}" defer></script>\n` : ''}</head>
<body>
<a class="skip" href="#main">${esc(w('skip', o.lang))}</a>
<header>
<p class="brand">netdoctor</p>
<nav aria-label="${esc(w('nav', o.lang))}"><ul>${o.page === 'login' ? '' : nav}</ul></nav>
<p class="tools"><a href="${esc(here + sep)}lang=${other}" lang="${other}" hreflang="${other}">${esc(w('langSwitch', o.lang))}</a>${logout}</p>
</header>
<main id="main">
<h1>${esc(o.title)}</h1>
${o.body}
</main>
</body>
</html>
`;
}

/** A table with a caption; `right` are the numeric columns. Cells are escaped here. */
export function table(
  caption: string,
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  o: { right?: readonly number[]; id?: string } = {},
): string {
  const right = new Set(o.right ?? []);
  const cls = (i: number) => (right.has(i) ? ' class="num"' : '');
  const head = header.map((h, i) => `<th scope="col"${cls(i)}>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cell(c)}</th>` : `<td${cls(i)}>${cell(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  const id = o.id ? ` id="${esc(o.id)}"` : '';
  return `<div class="scroll" role="region" aria-label="${esc(caption)}" tabindex="0"><table${id}><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function findingsList(findings: readonly LocalizedFinding[], lang: Lang): string {
  if (findings.length === 0) return `<p>${esc(w('noFindings', lang))}</p>`;
  const items = findings.map((f) => {
    const sev = `<span class="sev sev-${esc(f.severity)}">${esc(w(f.severity as WordKey, lang))}</span>`;
    const detail = f.detail ? `<p>${esc(f.detail)}</p>` : '';
    const fix = f.fix ? `<p class="fix"><strong>${esc(w('fix', lang))}:</strong> ${esc(f.fix)}</p>` : '';
    return `<li class="finding" data-id="${esc(f.id)}">${sev} <strong>${esc(f.title)}</strong> <code>${esc(f.id)}</code>${detail}${fix}</li>`;
  });
  return `<ul class="findings">${items.join('\n')}</ul>`;
}

export const pct = (part: number, total: number): string =>
  total ? `${((100 * part) / total).toFixed(1)}%` : '-';

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * A line chart of series over time (one polyline per series, values 0..100 %), with axes and a
 * text alternative. `points` are [ms since epoch, value] sorted by time.
 */
export function lineChart(
  title: string,
  series: readonly { name: string; points: readonly [number, number][] }[],
  o: { max?: number; unit?: string } = {},
): string {
  const W0 = 720;
  const H0 = 240;
  const L = 48;
  const R = 150;
  const T = 16;
  const B = 28;
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return '';
  const t0 = Math.min(...all.map((p) => p[0]));
  const t1 = Math.max(...all.map((p) => p[0]));
  const max = o.max ?? Math.max(1, ...all.map((p) => p[1]));
  const x = (t: number) => L + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (W0 - L - R));
  const y = (v: number) => T + (1 - v / max) * (H0 - T - B);
  const colours = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#4e342e', '#ad1457'];
  const shown = series.slice(0, 8);
  const lines = shown.map((s, i) => {
    const c = colours[i % colours.length] as string;
    const pts = s.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    const dots = s.points
      .slice(-60)
      .map((p) => `<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="3" fill="${c}"/>`)
      .join('');
    return `<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts}"/>${dots}<text x="${W0 - R + 8}" y="${T + 14 + i * 16}" fill="${c}" font-size="12">${esc(s.name.slice(0, 22))}</text>`;
  });
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const unit = o.unit ?? '';
  return `<figure><svg viewBox="0 0 ${W0} ${H0}" width="${W0}" height="${H0}" role="img" aria-label="${esc(title)}" font-family="sans-serif" font-size="11">
<title>${esc(title)}</title>
<line x1="${L}" y1="${T}" x2="${L}" y2="${H0 - B}" stroke="#555"/><line x1="${L}" y1="${H0 - B}" x2="${W0 - R}" y2="${H0 - B}" stroke="#555"/>
<text x="${L - 4}" y="${T + 4}" text-anchor="end">${esc(`${max}${unit}`)}</text><text x="${L - 4}" y="${H0 - B}" text-anchor="end">0${esc(unit)}</text>
<text x="${L}" y="${H0 - 8}">${esc(day(t0))}</text><text x="${W0 - R}" y="${H0 - 8}" text-anchor="end">${esc(day(t1))}</text>
${lines.join('\n')}
</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

/** Wraps an SVG document made elsewhere (monitor history, capture I/O) as a labelled figure. */
export function figure(svg: string, title: string): string {
  const inner = svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/<svg /, `<svg role="img" aria-label="${esc(title)}" `);
  return `<figure>${inner}<figcaption>${esc(title)}</figcaption></figure>`;
}

export const CSS = `:root{color-scheme:light;--fg:#1a1a1a;--bg:#fff;--muted:#555;--line:#ccc;--accent:#0b57d0}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:focus,button:focus,input:focus,select:focus,[tabindex]:focus{outline:3px solid #f9a825;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em}
.skip:focus{left:.5em}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em;padding:.5em 1em;border-bottom:1px solid var(--line);background:#f5f7fa}
.brand{font-weight:700;margin:0}
nav ul{display:flex;flex-wrap:wrap;gap:.25em .75em;list-style:none;margin:0;padding:0}
nav a{display:inline-block;padding:.25em .4em;text-decoration:none;border-radius:4px}
nav a[aria-current=page]{background:var(--accent);color:#fff}
.tools{margin:0 0 0 auto;display:flex;gap:1em;align-items:center}
.logout{display:inline;margin:0}
main{padding:1em;max-width:1200px}
h1{font-size:1.5em;margin:.2em 0 .6em}
h2{font-size:1.2em;margin:1.4em 0 .5em}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5em 0;min-width:50%}
caption{text-align:left;font-weight:600;padding:.25em 0}
th,td{border:1px solid var(--line);padding:.25em .5em;text-align:left;vertical-align:top}
thead th{background:#eef1f5}
.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:.5em 0;max-width:100%;overflow-x:auto}
figure svg{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:.9em}
.findings{list-style:none;padding:0}
.finding{border-left:4px solid var(--line);padding:.25em .75em;margin:.5em 0}
.finding p{margin:.25em 0}
.sev{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:3px;color:#fff;background:#555}
.sev-ok{background:#1b5e20}.sev-info{background:#0d47a1}.sev-warn{background:#8a5300}.sev-fail{background:#b71c1c}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:1em;padding:0;list-style:none}
.card{border:1px solid var(--line);border-radius:6px;padding:.75em;min-width:0;overflow-wrap:anywhere}
.card h2{margin:0 0 .3em;font-size:1.1em}
.counts{margin:0;padding:0;list-style:none;display:flex;gap:.75em;flex-wrap:wrap}
form.stack{display:grid;gap:.6em;max-width:30em}
label{font-weight:600}
input,button,select{font:inherit;padding:.35em .5em}
button{background:var(--accent);color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#b71c1c;font-weight:600}
progress{width:100%;height:1em}
code{font-size:.85em;color:var(--muted)}
@media (max-width:600px){body{font-size:15px}main{padding:.6em}header{padding:.4em .6em}.tools{margin-left:0}table{min-width:100%}}
`;
