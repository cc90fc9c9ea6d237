/**
 * Which files to read, and in what order: the paths the user gave, directories opened to the
 * log files in them, and rotated files (`maillog.1`, `maillog.2.gz`, `mail.log-20261201.gz`)
 * put oldest first by their names, so `netdoctor mail log /var/log/maillog*` reads in time order
 * whatever order the shell listed them in.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type ErrorText, NetdoctorError } from '../core/errors.js';
import { inputError } from '../core/input.js';

/** A log family's base name and how far back the rotation is (higher = older). */
export interface RotationKey {
  base: string;
  /** 0 for the live file; N for `.N`; for a date suffix, a negative so later dates sort later. */
  age: number;
}

const NUMBERED = /^(.*?)\.(\d{1,4})(?:\.(?:gz|xz|bz2))?$/;
const DATED = /^(.*?)[-.](\d{8})(?:\.(?:gz|xz|bz2))?$/;

export function rotationKey(file: string): RotationKey {
  const name = path.basename(file);
  const dated = DATED.exec(name);
  if (dated) return { base: path.join(path.dirname(file), dated[1] as string), age: 1e9 - Number(dated[2]) };
  const numbered = NUMBERED.exec(name);
  if (numbered)
    return { base: path.join(path.dirname(file), numbered[1] as string), age: Number(numbered[2]) };
  return { base: path.join(path.dirname(file), name.replace(/\.gz$/, '')), age: 0 };
}

/** Orders files oldest first within each log family; families keep the order first given. */
export function timeOrder(files: readonly string[]): string[] {
  const families = new Map<string, { file: string; age: number }[]>();
  for (const file of files) {
    const k = rotationKey(file);
    const list = families.get(k.base) ?? [];
    list.push({ file, age: k.age });
    families.set(k.base, list);
  }
  return [...families.values()].flatMap((list) => list.sort((a, b) => b.age - a.age).map((x) => x.file));
}

/** Mail log families first: where both exist, mail.log holds what syslog holds (read once). */
const MAIL_LOG = /^(maillog|mail\.log|mail\.info|mail\.warn|mail\.err|mail)(?:[-.]\d{1,8})?(?:\.gz)?$/;
const SYSTEM_LOG = /^(syslog|messages)(?:[-.]\d{1,8})?(?:\.gz)?$/;

/**
 * The log files in a directory: the mail log and its rotations when there is one, else syslog or
 * messages and theirs. Other files (and sub-directories) are left out and listed in `skipped`.
 */
export async function logFilesIn(dir: string): Promise<{ files: string[]; skipped: string[] }> {
  const names = (await readdir(dir)).sort();
  const regular: string[] = [];
  for (const n of names) {
    try {
      if ((await stat(path.join(dir, n))).isFile()) regular.push(n);
    } catch {
      // vanished or unreadable: not a candidate
    }
  }
  // mail.info/mail.warn/mail.err hold subsets of mail.log: read only the fullest family present.
  const mail = regular.filter((n) => MAIL_LOG.test(n));
  const pick = (re: RegExp) => mail.filter((n) => re.test(n));
  let chosen = pick(/^maillog/);
  if (chosen.length === 0) chosen = pick(/^mail\.log/);
  if (chosen.length === 0) chosen = pick(/^mail(?:[-.]\d{1,8})?(?:\.gz)?$/);
  if (chosen.length === 0) chosen = mail;
  if (chosen.length === 0) chosen = regular.filter((n) => SYSTEM_LOG.test(n));
  const set = new Set(chosen);
  return {
    files: timeOrder(chosen.map((n) => path.join(dir, n))),
    skipped: names.filter((n) => !set.has(n)).map((n) => path.join(dir, n)),
  };
}

/** One path the user gave: its files (a directory's, opened), or none for stdin (`-`). */
export interface InputPlan {
  name: string;
  files?: string[];
}

/**
 * Resolves the paths the user gave, before anything is read (a typo fails first): `-` is stdin, a
 * directory is opened to its files by `filesIn` (none is the error `noFiles` naming it), any other
 * path is one file; a path that does not exist is an error naming it.
 */
export async function planInputs(
  paths: readonly string[],
  filesIn: (dir: string) => Promise<{ files: string[]; skipped: string[] }>,
  noFiles: ErrorText,
): Promise<{ plan: InputPlan[]; skipped: string[] }> {
  const plan: InputPlan[] = [];
  const skipped: string[] = [];
  // One file named twice (`kern.log ./kern.log`, a link to it, a directory and a file in it) is
  // read once: counted twice, every number of the summary would double. The second name is
  // listed in `skipped`.
  const seen = new Set<string>();
  const firstTime = async (file: string, known?: Awaited<ReturnType<typeof stat>>): Promise<boolean> => {
    const st = known ?? (await stat(file).catch(() => undefined));
    if (!st) return true;
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) {
      skipped.push(file);
      return false;
    }
    seen.add(id);
    return true;
  };
  for (const p of paths) {
    if (p === '-') {
      plan.push({ name: '-' });
      continue;
    }
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(p);
    } catch (e) {
      throw inputError(e, p);
    }
    if (st.isDirectory()) {
      const found = await filesIn(p).catch((e: unknown) => {
        throw inputError(e, p);
      });
      if (found.files.length === 0) throw new NetdoctorError('ND_INPUT_UNREADABLE', noFiles, { input: p });
      skipped.push(...found.skipped);
      const files: string[] = [];
      for (const f of found.files) if (await firstTime(f)) files.push(f);
      if (files.length) plan.push({ name: p, files });
    } else if (await firstTime(p, st)) plan.push({ name: p, files: [p] });
  }
  return { plan, skipped };
}

/** A file's first 4 KiB (to tell gzip and binary data before it is streamed). */
export async function fileHead(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(b, 0, b.length, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
