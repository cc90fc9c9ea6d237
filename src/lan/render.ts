/**
 * Rendering the inventory into every target file: the live file's hand-written parts kept, the
 * marked block replaced, a new file built from the target's skeleton when none exists.
 *
 * @example
 *   const plan = planTargets(inv, { source: 'lan.yaml' });
 *   for (const f of plan) if (f.changed) console.log(f.path, unifiedDiff(f));
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { NetdoctorError } from '../core/errors.js';
import { inputError } from '../core/input.js';
import { LAN_ERRORS as E } from './error-messages.js';
import { READERS } from './formats.js';
import type { Inventory } from './inventory.js';
import { findBlock, markedBlock, spliceBlock } from './markers.js';
import { TARGETS } from './targets/index.js';
import type { LanTarget, TargetFile } from './targets/target.js';
import { zoneAdoptSpans } from './zone.js';

export interface PlannedFile extends TargetFile {
  /** The live text (undefined: the file does not exist yet). */
  old: string | undefined;
  next: string;
  changed: boolean;
  /** sha256 of the live file (`absent` when there is none) and of the new text. */
  oldHash: string;
  nextHash: string;
  validator?: string[];
  reload: string[];
}

export interface PlanOptions {
  /** Only these target ids (default: every target the inventory names a path for). */
  only?: readonly string[];
  /** The inventory's name as written into the marker line. */
  source?: string;
  /** The clock for SOA serials (tests pin it). */
  now?: Date;
  /** Reads a live file; undefined when it does not exist (default: the file system). */
  read?: (path: string) => string | undefined;
  /** The target registry (default: all of `TARGETS`). */
  targets?: readonly LanTarget[];
}

export function sha256(text: string | undefined): string {
  return text === undefined ? 'absent' : createHash('sha256').update(text).digest('hex');
}

export function readLive(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw inputError(e, path);
  }
}

/** The files each target writes: `site.targets[id]`, or the target's own list (reverse zones). */
export function targetFiles(inv: Inventory, targets: readonly LanTarget[] = TARGETS): TargetFile[] {
  const out: TargetFile[] = [];
  for (const t of targets) {
    if (t.files) out.push(...t.files(inv));
    else if (inv.site.targets[t.id]) out.push({ target: t.id, path: inv.site.targets[t.id] as string });
  }
  return out;
}

export function planTargets(inv: Inventory, options: PlanOptions = {}): PlannedFile[] {
  const targets = options.targets ?? TARGETS;
  const known = new Set(targets.map((t) => t.id));
  for (const id of [...Object.keys(inv.site.targets), ...(options.only ?? [])]) {
    if (!known.has(id)) {
      throw new NetdoctorError('ND_USAGE', E.unknownTarget, {
        input: inv.file,
        params: { target: id, known: [...known] },
      });
    }
  }
  const read = options.read ?? readLive;
  const now = options.now ?? new Date();
  const source = options.source ?? basename(inv.file);
  const out: PlannedFile[] = [];
  for (const t of targets) {
    if (options.only && !options.only.includes(t.id)) continue;
    for (const file of targetFiles(inv, [t])) {
      const old = read(file.path);
      const block = markedBlock(t.comment, source, t.block(inv, file));
      let next =
        old === undefined
          ? t.skeleton(inv, file, block)
          : (adopt(t, inv, old, file, block) ?? spliceBlock(old, t.comment, file.path, block, t.appendable));
      if (t.finalize) next = t.finalize(next, old, file, now);
      out.push({
        ...file,
        old,
        next,
        changed: next !== old,
        oldHash: sha256(old),
        nextHash: sha256(next),
        ...(t.validator ? { validator: t.validator('{}', file) } : {}),
        reload: t.reload,
      });
    }
  }
  return out;
}

/**
 * A live file without markers whose entries name inventory devices (the first apply after
 * `lan import`): those entries are taken out and the block goes where the first of them was, so
 * the hosts are not listed twice and everything else the admin wrote stays.
 */
function adopt(
  t: LanTarget,
  inv: Inventory,
  old: string,
  file: TargetFile,
  block: string,
): string | undefined {
  const path = file.path;
  if (!t.reader || findBlock(old, t.comment, path)) return undefined;
  if (t.reader === 'zone') return cutSpans(old, zoneAdoptSpans(old, file.zone as string, path, inv), block);
  const reader = t.reader;
  const macs = new Set(inv.devices.flatMap((d) => d.macs));
  const addrs = new Set(inv.devices.flatMap((d) => [...(d.ipv4 ? [d.ipv4] : []), ...d.ipv6]));
  const names = new Set(inv.devices.flatMap((d) => [d.name, ...d.aliases]).map((n) => n.toLowerCase()));
  const spans = READERS[reader](old, path)
    .hosts.filter(
      (h) =>
        h.span &&
        (h.macs.some((m) => macs.has(m)) ||
          (h.ipv4 !== undefined && addrs.has(h.ipv4)) ||
          h.ipv6.some((a) => addrs.has(a)) ||
          (h.name !== undefined && names.has(h.name.toLowerCase().split('.')[0] as string))),
    )
    .map((h) => h.span as [number, number]);
  return cutSpans(old, spans, block);
}

/** `text` without `spans`, the block where the first of them was; undefined when there are none. */
function cutSpans(old: string, unsorted: [number, number][], block: string): string | undefined {
  const spans = [...unsorted].sort((a, b) => a[0] - b[0]);
  if (spans.length === 0) return undefined;
  let out = '';
  let pos = 0;
  spans.forEach(([s, e], i) => {
    if (s < pos) return;
    out += old.slice(pos, s) + (i === 0 ? block : '');
    pos = e;
  });
  return out + old.slice(pos);
}

/** A unified diff of the live file against the new text (empty when they agree). */
export function unifiedDiff(f: PlannedFile): string {
  if (!f.changed) return '';
  return createTwoFilesPatch(
    f.old === undefined ? '/dev/null' : f.path,
    f.path,
    f.old ?? '',
    f.next,
    f.old === undefined ? '(absent)' : 'live',
    'generated',
    { context: 3 },
  );
}
