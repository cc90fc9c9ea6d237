/**
 * Where the external corpora live: `$NETDOCTOR_CORPUS`, default `../shared/corpus` next to the
 * repository. Corpus files are read by path, never copied into the repo. A suite whose folder or
 * file is absent skips with a message that says so locally, and fails naming it in CI
 * (`missing.ts`).
 *
 * @example
 *   const dir = corpusDir('spf-rfc7208-suite');
 *   test('RFC 7208 suite', { skip: dir ? false : corpusSkipReason('spf-rfc7208-suite') }, …);
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unavailable } from './missing.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function corpusRoot(): string {
  return path.resolve(REPO, process.env.NETDOCTOR_CORPUS ?? '../shared/corpus');
}

/** The path of one corpus folder, or undefined when it is absent. */
export function corpusDir(name: string): string | undefined {
  const p = path.join(corpusRoot(), name);
  return existsSync(p) ? p : undefined;
}

/** The skip reason for an absent corpus folder; in CI the run fails naming it. */
export function corpusSkipReason(name: string): string {
  return unavailable(
    `corpus folder ${path.join(corpusRoot(), name)} is absent (set NETDOCTOR_CORPUS to the shared corpus)`,
  );
}

/** `{ skip }` for a test that needs the corpus folder `name`: false when present. */
export function corpusSkip(name: string): string | false {
  return corpusDir(name) ? false : corpusSkipReason(name);
}

/**
 * The corpus files (paths relative to the corpus root) a test needs, all of them: false when every
 * one is there; else a reason naming the absent ones (a failure in CI). No file is dropped silently.
 */
export function corpusFilesSkip(files: readonly string[]): string | false {
  const absent = files.filter((f) => !existsSync(path.join(corpusRoot(), f)));
  if (absent.length === 0) return false;
  return unavailable(
    `corpus file(s) ${absent.map((f) => path.join(corpusRoot(), f)).join(', ')} absent (set NETDOCTOR_CORPUS to the shared corpus)`,
  );
}
