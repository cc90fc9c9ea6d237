/** Logged packets per hour as a self-contained SVG bar chart (no script). */
import type { HourRow } from './summary.js';

function escapeXml(s: string): string {
  return s.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string,
  );
}

export function hourlyChartSvg(rows: readonly HourRow[], title = 'Logged packets per hour'): string {
  const W = 900;
  const H = 320;
  const L = 60;
  const B = 40;
  const T = 30;
  const max = Math.max(1, ...rows.map((r) => r.packets));
  const step = rows.length > 0 ? (W - L - 20) / rows.length : 0;
  const y = (v: number) => H - B - (v * (H - B - T)) / max;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${L}" y="18" font-size="13">${escapeXml(title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - 20}" y2="${H - B}" stroke="#000"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#000"/>`,
    `<text x="${L - 4}" y="${T + 4}" text-anchor="end">${max}</text>`,
    `<text x="${L - 4}" y="${H - B}" text-anchor="end">0</text>`,
  ];
  const labelEvery = Math.max(1, Math.ceil(rows.length / 8));
  rows.forEach((r, i) => {
    const x = L + i * step;
    parts.push(
      `<rect x="${(x + step * 0.1).toFixed(1)}" y="${y(r.packets).toFixed(1)}" width="${Math.max(0.5, step * 0.8).toFixed(1)}" height="${(H - B - y(r.packets)).toFixed(1)}" fill="#d62728"><title>${escapeXml(r.hour)}h: ${r.packets}</title></rect>`,
    );
    if (i % labelEvery === 0)
      parts.push(
        `<text x="${(x + step / 2).toFixed(1)}" y="${H - B + 14}" text-anchor="middle">${escapeXml(r.hour.replace('T', ' '))}h</text>`,
      );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
