/**
 * Runs Debian's pflogsumm and reads the parts of its report the comparison needs: the grand
 * totals, the per-day rows and the per-domain delivery rows. Used by the tests and bench/maillog.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function pflogsummPath(): string | undefined {
  for (const p of ['/usr/sbin/pflogsumm', '/usr/bin/pflogsumm']) if (existsSync(p)) return p;
  return undefined;
}

export interface PflogsummReport {
  totals: {
    received: number;
    delivered: number;
    forwarded: number;
    deferred: number;
    deferrals: number;
    bounced: number;
    rejected: number;
  };
  perDay: {
    day: string;
    received: number;
    delivered: number;
    deferred: number;
    bounced: number;
    rejected: number;
  }[];
  domains: { domain: string; delivered: number; deferrals: number }[];
}

const MON: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

/** pflogsumm prints 1000 and more as `1000k`-style units: undo that. */
function units(s: string): number {
  const m = /^(\d+)([km]?)$/.exec(s.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] === 'k' ? 1024 : m[2] === 'm' ? 1024 * 1024 : 1);
}

export function parsePflogsumm(text: string): PflogsummReport {
  const total = (label: string) => {
    const m = new RegExp(`^\\s*(\\d+[km]?)\\s+${label}\\b`, 'm').exec(text);
    return m ? units(m[1] as string) : 0;
  };
  const deferrals = /deferred\s+\((\d+[km]?)\s+deferrals\)/.exec(text);
  const perDay: PflogsummReport['perDay'] = [];
  const dayBlock = /Per-Day Traffic Summary\n[^\n]*\n[^\n]*\n([\s\S]*?)\n\n/.exec(text);
  for (const line of (dayBlock?.[1] ?? '').split('\n')) {
    const m = /^\s*([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{4})\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) continue;
    perDay.push({
      day: `${m[3]}-${MON[m[1] as string]}-${(m[2] as string).padStart(2, '0')}`,
      received: units(m[4] as string),
      delivered: units(m[5] as string),
      deferred: units(m[6] as string),
      bounced: units(m[7] as string),
      rejected: units(m[8] as string),
    });
  }
  const domains: PflogsummReport['domains'] = [];
  const domBlock = /Host\/Domain Summary: Message Delivery\s*\n[^\n]*\n[^\n]*\n[^\n]*\n([\s\S]*?)\n\n/.exec(
    text,
  );
  for (const line of (domBlock?.[1] ?? '').split('\n')) {
    const m = /^\s*(\d+[km]?)\s+(\d+[km]?)\s+(\d+[km]?)\s+[\d.]+ [smhd]\s+[\d.]+ [smhd]\s+(\S+)/.exec(line);
    if (m)
      domains.push({
        domain: m[4] as string,
        delivered: units(m[1] as string),
        deferrals: units(m[3] as string),
      });
  }
  return {
    totals: {
      received: total('received'),
      delivered: total('delivered'),
      forwarded: total('forwarded'),
      deferred: total('deferred'),
      deferrals: deferrals ? units(deferrals[1] as string) : 0,
      bounced: total('bounced'),
      rejected: total('rejected'),
    },
    perDay,
    domains,
  };
}

/** pflogsumm over files (read in the order given), its report parsed. */
export function runPflogsumm(files: string[]): { report: PflogsummReport; text: string } {
  const bin = pflogsummPath();
  if (!bin) throw new Error('pflogsumm is not installed');
  const r = spawnSync(bin, ['--problems-first', ...files], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`pflogsumm exited ${r.status}: ${r.stderr}`);
  return { report: parsePflogsumm(r.stdout), text: r.stdout };
}

export { execFileSync };
