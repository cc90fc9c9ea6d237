/**
 * Port lists as admins write them: `22,80,443`, `1-1024`, `8000-`, `top100`, `top1000`, `all`.
 * Errors name the option (`ports`) and the bad item.
 */
import { NetdoctorError, optionError } from '../core/errors.js';
import { SCAN_ERRORS as E } from './error-messages.js';
import { NMAP_SERVICES, type ServiceTable, serviceTable } from './services.js';

export const DEFAULT_PORTS = 'top1000';
const MAX_TOP = 65535;

function portNumber(s: string, item: string, flag: string): number {
  if (!/^\d+$/.test(s)) throw optionError(E.notPort, flag, { item });
  const n = Number(s);
  if (n < 1 || n > 65535) throw optionError(E.portRange, flag, { port: s });
  return n;
}

/** Parses a port list; returns ascending unique ports. */
export function parsePorts(spec: string, flag = 'ports', table: () => ServiceTable = serviceTable): number[] {
  const out = new Set<number>();
  const items = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw optionError(E.noPorts, flag);
  for (const item of items) {
    const lower = item.toLowerCase();
    if (lower === 'all' || lower === '-') {
      for (let p = 1; p <= 65535; p++) out.add(p);
      continue;
    }
    const top = /^top(\d+)$/.exec(lower);
    if (top) {
      const n = Number(top[1]);
      if (n < 1 || n > MAX_TOP) throw optionError(E.topCount, flag, { item, max: MAX_TOP });
      const ranked = table().byFrequency;
      if (ranked.length === 0) {
        throw new NetdoctorError('ND_DEPENDENCY', E.needsNmapTable, {
          option: flag,
          params: { item, file: NMAP_SERVICES },
        });
      }
      for (const p of ranked.slice(0, n)) out.add(p);
      continue;
    }
    const range = /^(\d*)-(\d*)$/.exec(item);
    if (range) {
      const lo = range[1] === '' ? 1 : portNumber(range[1] as string, item, flag);
      const hi = range[2] === '' ? 65535 : portNumber(range[2] as string, item, flag);
      if (lo > hi) throw optionError(E.rangeBackwards, flag, { item });
      for (let p = lo; p <= hi; p++) out.add(p);
      continue;
    }
    out.add(portNumber(item, item, flag));
  }
  return [...out].sort((a, b) => a - b);
}
