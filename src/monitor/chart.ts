/** An SVG of the history: one row per check, one bar per bucket, coloured by its worst state. */
import type { RollupRow } from '../store/monitor-history.js';

const COLOURS = { ok: '#2e7d32', warning: '#f9a825', critical: '#c62828', unknown: '#6d6d6d' } as const;
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function historyChart(rows: readonly RollupRow[], title: string): string {
  const checks = [...new Set(rows.map((r) => r.check))].sort();
  const buckets = [...new Set(rows.map((r) => r.bucket))].sort((a, b) => a - b);
  const labelW = 180;
  const cell = Math.max(2, Math.min(12, Math.floor(900 / Math.max(1, buckets.length))));
  const width = labelW + buckets.length * cell + 20;
  const height = 40 + checks.length * 22;
  const at = new Map(buckets.map((b, i) => [b, i]));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<text x="10" y="18" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  checks.forEach((c, row) => {
    const y = 30 + row * 22;
    parts.push(`<text x="10" y="${y + 13}">${escapeXml(c)}</text>`);
    for (const r of rows.filter((x) => x.check === c)) {
      const worst = r.critical ? 'critical' : r.unknown ? 'unknown' : r.warning ? 'warning' : 'ok';
      const up = r.count ? ((r.ok / r.count) * 100).toFixed(1) : '0';
      parts.push(
        `<rect x="${labelW + (at.get(r.bucket) ?? 0) * cell}" y="${y}" width="${cell - 1}" height="16" fill="${COLOURS[worst]}"><title>${new Date(r.bucket).toISOString()} ${up}% ok, avg ${r.avgMs.toFixed(0)} ms</title></rect>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
