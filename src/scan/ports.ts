/**
 * Port lists as admins write them: `22,80,443`, `1-1024`, `8000-`, `top100`, `top1000`, `all`.
 * Errors name the flag and the bad item.
 */
import { NetdoctorError, usageError } from '../core/errors.js';
import { NMAP_SERVICES, type ServiceTable, serviceTable } from './services.js';

export const DEFAULT_PORTS = 'top1000';
const MAX_TOP = 65535;

function portNumber(s: string, item: string, flag: string): number {
  if (!/^\d+$/.test(s))
    throw usageError(`"${item}" is not a port, a range (1-1024), top100, top1000 or all`, flag);
  const n = Number(s);
  if (n < 1 || n > 65535) throw usageError(`port ${s} is out of range (ports are 1-65535)`, flag);
  return n;
}

/** Parses a port list; returns ascending unique ports. */
export function parsePorts(
  spec: string,
  flag = '--ports',
  table: () => ServiceTable = serviceTable,
): number[] {
  const out = new Set<number>();
  const items = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw usageError('no ports given', flag);
  for (const item of items) {
    const lower = item.toLowerCase();
    if (lower === 'all' || lower === '-') {
      for (let p = 1; p <= 65535; p++) out.add(p);
      continue;
    }
    const top = /^top(\d+)$/.exec(lower);
    if (top) {
      const n = Number(top[1]);
      if (n < 1 || n > MAX_TOP) throw usageError(`"${item}": top needs a count from 1 to ${MAX_TOP}`, flag);
      const ranked = table().byFrequency;
      if (ranked.length === 0) {
        throw new NetdoctorError(
          'ND_DEPENDENCY',
          `"${item}" needs nmap's port-frequency table ${NMAP_SERVICES} (Debian package nmap-common); give ports as a list or range instead`,
          { input: flag },
        );
      }
      for (const p of ranked.slice(0, n)) out.add(p);
      continue;
    }
    const range = /^(\d*)-(\d*)$/.exec(item);
    if (range) {
      const lo = range[1] === '' ? 1 : portNumber(range[1] as string, item, flag);
      const hi = range[2] === '' ? 65535 : portNumber(range[2] as string, item, flag);
      if (lo > hi) throw usageError(`"${item}": the range runs backwards`, flag);
      for (let p = lo; p <= hi; p++) out.add(p);
      continue;
    }
    out.add(portNumber(item, item, flag));
  }
  return [...out].sort((a, b) => a - b);
}
