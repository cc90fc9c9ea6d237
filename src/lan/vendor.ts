/**
 * Vendor names for MAC addresses from the IEEE registries, as Debian's `ieee-data` ships them:
 * MA-L (`oui.csv`, 24-bit prefixes), MA-M (`mam.csv`, 28-bit), MA-S (`oui36.csv`, 36-bit) and the
 * legacy IAB blocks (`iab.csv`, 36-bit). The longest registered prefix wins, so an IAB block
 * inside 00:50:C2 names its owner rather than "IEEE Registration Authority".
 *
 * Hand-written: the npm OUI packages carry MA-L only (some MA-M/MA-S), none the IAB blocks, and
 * each ships its own snapshot; reading the system's registry keeps one copy that apt updates.
 *
 * "Randomised" is decided with the registry, not the U/L bit alone: a handful of MA-L blocks were
 * assigned before the bit's meaning settled and carry it set — 3Com's 02:60:8C is one. A MAC with
 * the bit set is locally administered only when no registry names its prefix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NetdoctorError } from '../core/errors.js';
import { LAN_ERRORS as E } from './error-messages.js';
import { hasLocalBit, isGroupMac } from './mac.js';

export const DEFAULT_IEEE_DIR = '/usr/share/ieee-data';

const FILES = [
  { file: 'oui36.csv', registry: 'MA-S', digits: 9 },
  { file: 'iab.csv', registry: 'IAB', digits: 9 },
  { file: 'mam.csv', registry: 'MA-M', digits: 7 },
  { file: 'oui.csv', registry: 'MA-L', digits: 6 },
] as const;

export interface VendorEntry {
  registry: 'MA-L' | 'MA-M' | 'MA-S' | 'IAB';
  /** The assigned prefix in hex digits (6, 7 or 9). */
  prefix: string;
  organization: string;
}

/** One CSV record's fields (RFC 4180 quoting; the registry files quote names with commas). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          v += line.slice(i);
          i = line.length;
          break;
        }
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (line[i] === ',') i++;
      else break;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
  return out;
}

export class VendorRegistry {
  private readonly byDigits = new Map<number, Map<string, VendorEntry>>();
  readonly counts: Record<string, number> = {};

  /** Reads the registry CSVs from `dir`; files that are absent are skipped, none at all throws. */
  static load(dir: string = DEFAULT_IEEE_DIR): VendorRegistry {
    const reg = new VendorRegistry();
    let found = 0;
    for (const f of FILES) {
      let text: string;
      try {
        text = readFileSync(path.join(dir, f.file), 'utf8');
      } catch {
        continue;
      }
      found++;
      reg.addCsv(text, f.registry, f.digits);
    }
    if (found === 0) {
      throw new NetdoctorError('ND_DEPENDENCY', E.noIeeeData, { input: dir });
    }
    return reg;
  }

  addCsv(text: string, registry: VendorEntry['registry'], digits: number): void {
    let map = this.byDigits.get(digits);
    if (!map) {
      map = new Map();
      this.byDigits.set(digits, map);
    }
    let n = 0;
    for (const line of text.split('\n')) {
      if (line.length < 8 || line.startsWith('Registry,')) continue;
      const [reg, assignment, org] = csvFields(line.replace(/\r$/, ''));
      if (!assignment || assignment.length !== digits || reg !== registry) continue;
      map.set(assignment.toLowerCase(), {
        registry,
        prefix: assignment.toUpperCase(),
        organization: (org ?? '').trim(),
      });
      n++;
    }
    this.counts[registry] = (this.counts[registry] ?? 0) + n;
  }

  /** The registration covering `mac` (canonical form), longest prefix first. */
  lookup(mac: string): VendorEntry | undefined {
    const hex = mac.replace(/:/g, '');
    for (const digits of [9, 7, 6]) {
      const hit = this.byDigits.get(digits)?.get(hex.slice(0, digits));
      if (hit) return hit;
    }
    return undefined;
  }

  /**
   * Locally administered (a randomised or hand-set address): the U/L bit is set and no registry
   * assigned the prefix. 02:60:8C (3Com, MA-L) has the bit set and is NOT local.
   */
  isLocallyAdministered(mac: string): boolean {
    return hasLocalBit(mac) && !isGroupMac(mac) && this.lookup(mac) === undefined;
  }
}
