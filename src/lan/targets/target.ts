/**
 * What a generated LAN target is: which files it writes, the lines of its generated block, a whole
 * file for when none exists yet, the real program that validates it and the command that reloads
 * the service. One file per target in this folder, one line in `index.ts`.
 */
import type { ImportFormat } from '../formats.js';
import type { Device, Inventory } from '../inventory.js';

export interface TargetFile {
  target: string;
  path: string;
  /** Zone targets: the zone's name (origin) without the final dot. */
  zone?: string;
}

export interface LanTarget {
  id: string;
  summary: string;
  /** The comment leader of the file's syntax, used by the markers. */
  comment: string;
  /** A file without markers gets the block appended (false: refuse, e.g. Kea's JSON). */
  appendable: boolean;
  /** Files this target writes for the inventory (default: `site.targets[id]`). */
  files?(inv: Inventory): TargetFile[];
  /** The lines between the markers. */
  block(inv: Inventory, file: TargetFile): string[];
  /** A complete new file (with the marked `block` inside) for when the live file does not exist. */
  skeleton(inv: Inventory, file: TargetFile, block: string): string;
  /**
   * The format of the live file, so that the first apply on a file without markers adopts it:
   * the hand-kept entries of inventory devices are replaced by the block, the rest stays.
   */
  reader?: ImportFormat | 'zone';
  /** Adjusts the whole new text given the old (the zone's SOA serial). */
  finalize?(next: string, old: string | undefined, file: TargetFile, now: Date): string;
  /** The validator's argv for a candidate file at `path` (undefined: no real validator exists). */
  validator?(path: string, file: TargetFile): string[];
  /** The reload command an admin runs afterwards (printed; `--reload` runs it). */
  reload: string[];
}

/** Devices that go into generated files: the allowed ones, in inventory order. */
export function generatedDevices(inv: Inventory): Device[] {
  return inv.devices.filter((d) => d.allowed && d.name);
}

/** A device's fully qualified name in the site's domain (no final dot). */
export function fqdn(name: string, inv: Inventory): string {
  const n = name.replace(/\.$/, '').toLowerCase();
  if (!inv.site.domain || n === inv.site.domain || n.endsWith(`.${inv.site.domain}`)) return n;
  return `${n}.${inv.site.domain}`;
}

/** A name safe inside a double-quoted configuration string (the checker already refused worse). */
export function quoted(s: string): string {
  return `"${s.replace(/[\\"]/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, '')}"`;
}

/** Pads columns with spaces so generated files read like hand-kept ones. */
export function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join(' ')
      .trimEnd(),
  );
}
