/**
 * `applyPlan`: writes the planned target files the way a careful admin would — each new text to a
 * temporary file beside the live one, checked by the real program (dhcpd -t, kea-dhcp4 -t,
 * dnsmasq --test, named-checkzone), and only when every candidate passed, the live file copied
 * to `<file>.bak` and the candidate renamed over it. rename(2) is atomic, so a kill -9 at any
 * moment leaves the old or the new file, never half of one. A live file that changed since it was
 * read (or since the `diff` whose plan is given) stops everything before the first rename.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { causeText, NetdoctorError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import { LAN_ERRORS as E } from './error-messages.js';
import { type PlannedFile, readLive, sha256 } from './render.js';

/** What `lan diff --save` records: each file's live hash and the hash of what would be written. */
export interface SavedPlan {
  version: 1;
  inventory: string;
  files: { path: string; target: string; base: string; next: string }[];
}

export function savePlan(inventory: string, files: readonly PlannedFile[]): SavedPlan {
  return {
    version: 1,
    inventory,
    files: files.map((f) => ({ path: f.path, target: f.target, base: f.oldHash, next: f.nextHash })),
  };
}

export interface ApplyOptions {
  /** The plan `lan diff --save` wrote: refuse when a live file or the output differs from it. */
  plan?: SavedPlan;
  /** Run the real validators (default true). */
  validate?: boolean;
  /** Keep `<file>.bak` (default true). */
  backup?: boolean;
  /** Seconds a validator may run. */
  validatorTimeout?: number;
}

export interface AppliedFile {
  path: string;
  target: string;
  status: 'written' | 'unchanged' | 'rejected';
  validatorOutput?: string;
  reload: string[];
}

function planMismatch(files: readonly PlannedFile[], plan: SavedPlan): void {
  for (const f of files) {
    const saved = plan.files.find((p) => p.path === f.path);
    if (!saved) {
      throw new NetdoctorError('ND_USAGE', E.notInPlan, {
        input: f.path,
      });
    }
    if (saved.base !== f.oldHash) {
      throw new NetdoctorError('ND_USAGE', E.changedSinceDiff, { input: f.path });
    }
    if (saved.next !== f.nextHash) {
      throw new NetdoctorError('ND_USAGE', E.inventoryChanged, { input: f.path });
    }
  }
}

/**
 * Removes the temporary files a killed apply left beside `file` (`.<name>.netdoctor-<pid>-…`),
 * when their process is gone: a kill -9 can leave one, never a half-written live file.
 */
function removeStaleTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.netdoctor-`;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix) && /\.tmp(\.bak)?$/.test(n));
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number(/^(\d+)-/.exec(n.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      continue; // still running: another apply's file
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPERM') continue;
    }
    try {
      unlinkSync(path.join(dir, n));
    } catch {}
  }
}

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.netdoctor-${process.pid}-${Date.now()}.tmp`);
}

/** Writes `text` to a new file with `mode` and flushes it to disk. */
function writeDurably(file: string, text: string, mode: number): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    const buf = Buffer.from(text);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

function runValidator(
  argv: readonly string[],
  tmp: string,
  timeout: number,
): { ok: boolean; output: string } {
  const args = argv.map((a) => a.replaceAll('{}', tmp));
  const r = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8', timeout: timeout * 1000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new NetdoctorError('ND_DEPENDENCY', E.noValidator, {
      input: args[0],
      option: 'noValidate',
      params: { program: args[0] ?? '' },
    });
  }
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.replaceAll(tmp, '<new file>').trim();
  return { ok: r.status === 0, output: r.error ? `${r.error.message}\n${output}` : output };
}

/**
 * Applies the changed files of a plan. Returns per-file outcomes and findings; throws (nothing
 * written) when a live file no longer matches the plan or a directory cannot be written.
 */
export function applyPlan(
  files: readonly PlannedFile[],
  options: ApplyOptions = {},
): { files: AppliedFile[]; findings: Finding[] } {
  if (options.plan) planMismatch(files, options.plan);
  const validate = options.validate !== false;
  const timeout = options.validatorTimeout ?? 60;
  const staged: { f: PlannedFile; tmp: string }[] = [];
  const results: AppliedFile[] = [];
  const findings: Finding[] = [];
  const cleanup = () => {
    for (const s of staged) {
      try {
        unlinkSync(s.tmp);
      } catch {}
    }
  };
  try {
    // Phase 1: every candidate written beside its live file and validated.
    let rejected = false;
    for (const f of files) {
      if (!f.changed) {
        results.push({ path: f.path, target: f.target, status: 'unchanged', reload: f.reload });
        continue;
      }
      removeStaleTemps(f.path);
      let mode = 0o644;
      try {
        mode = statSync(f.path).mode & 0o7777;
      } catch {}
      const tmp = tempName(f.path);
      try {
        writeDurably(tmp, f.next, mode);
      } catch (e) {
        throw new NetdoctorError('ND_INPUT_UNREADABLE', E.cannotWriteBeside, {
          input: f.path,
          params: { why: causeText(e) },
          cause: e,
        });
      }
      staged.push({ f, tmp });
      if (validate && f.validator) {
        const v = runValidator(f.validator, tmp, timeout);
        if (!v.ok) {
          rejected = true;
          results.push({
            path: f.path,
            target: f.target,
            status: 'rejected',
            validatorOutput: v.output,
            reload: f.reload,
          });
          findings.push(
            finding(
              'lan.apply.rejected',
              'fail',
              {
                path: f.path,
                validator: f.validator[0] as string,
                output: v.output.split('\n').slice(-3).join(' / '),
              },
              { output: v.output },
            ),
          );
        }
      }
    }
    if (rejected) {
      findings.push(finding('lan.apply.nothing-written', 'fail', { count: staged.length }));
      return { files: results, findings };
    }
    // Phase 2: the live file must still be what the plan was made from, then backup and rename.
    for (const { f } of staged) {
      if (sha256(readLive(f.path)) !== f.oldHash) {
        throw new NetdoctorError('ND_USAGE', E.changedWhileApplying, {
          input: f.path,
        });
      }
    }
    for (const { f, tmp } of staged) {
      if (f.old !== undefined && options.backup !== false) {
        const bakTmp = `${tmp}.bak`;
        copyFileSync(f.path, bakTmp);
        renameSync(bakTmp, `${f.path}.bak`);
      }
      renameSync(tmp, f.path);
      fsyncDir(path.dirname(f.path));
      results.push({ path: f.path, target: f.target, status: 'written', reload: f.reload });
      findings.push(
        finding('lan.apply.written', 'ok', {
          path: f.path,
          target: f.target,
          reload: f.reload.length ? f.reload.join(' ') : '-',
        }),
      );
    }
    staged.length = 0;
    return { files: results, findings };
  } finally {
    cleanup();
  }
}
