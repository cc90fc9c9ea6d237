/**
 * The volume per hour as an SVG line chart (received, delivered, deferred, bounced, rejected),
 * self-contained, no script: one polyline per series over every hour of the log, its numbers
 * also in `data-values` (one per hour, as `--json`'s perHour) for whoever reads the file.
 */
import type { SummaryResult } from './summary.js';

const SERIES = [
  ['received', '#1f77b4'],
  ['delivered', '#2ca02c'],
  ['deferred', '#ff7f0e'],
  ['bounced', '#d62728'],
  ['rejected', '#7f7f7f'],
] as const;

function escapeXml(s: string): string {
  return s.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string,
  );
}

export function volumeChartSvg(s: SummaryResult, title = 'Mail per hour'): string {
  const W = 900;
  const H = 320;
  const L = 50;
  const B = 40;
  const T = 30;
  const rows = s.perHour;
  const max = Math.max(1, ...rows.flatMap((r) => SERIES.map(([k]) => r[k])));
  const x = (i: number) => L + (rows.length <= 1 ? 0 : (i * (W - L - 20)) / (rows.length - 1));
  const y = (v: number) => H - B - (v * (H - B - T)) / max;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${L}" y="18" font-size="13">${escapeXml(title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - 20}" y2="${H - B}" stroke="#000"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#000"/>`,
    `<text x="${L - 4}" y="${T + 4}" text-anchor="end">${max}</text>`,
    `<text x="${L - 4}" y="${H - B}" text-anchor="end">0</text>`,
  ];
  if (rows.length > 0) {
    const step = Math.max(1, Math.ceil(rows.length / 8));
    for (let i = 0; i < rows.length; i += step)
      parts.push(
        `<text x="${x(i).toFixed(1)}" y="${H - B + 14}" text-anchor="middle">${escapeXml((rows[i]?.hour ?? '').replace('T', ' '))}h</text>`,
      );
  }
  SERIES.forEach(([k, colour], n) => {
    const pts = rows.map((r, i) => `${x(i).toFixed(1)},${y(r[k]).toFixed(1)}`).join(' ');
    if (rows.length > 0)
      parts.push(
        `<polyline fill="none" stroke="${colour}" stroke-width="1.5" data-series="${k}" data-values="${rows.map((r) => r[k]).join(',')}" points="${pts}"><title>${k}</title></polyline>`,
      );
    parts.push(`<rect x="${L + 10 + n * 110}" y="${H - 14}" width="10" height="10" fill="${colour}"/>`);
    parts.push(`<text x="${L + 24 + n * 110}" y="${H - 5}">${k}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
