/**
 * Where the external corpora live: `$NETDOCTOR_CORPUS`, default `../shared/corpus` next to the
 * repository. Corpus files are read by path, never copied into the repo. A suite whose folder is
 * absent skips with a message that says so.
 *
 * @example
 *   const dir = corpusDir('spf-rfc7208-suite');
 *   test('RFC 7208 suite', { skip: dir ? false : corpusSkipReason('spf-rfc7208-suite') }, …);
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function corpusRoot(): string {
  return path.resolve(REPO, process.env.NETDOCTOR_CORPUS ?? '../shared/corpus');
}

/** The path of one corpus folder, or undefined when it is absent. */
export function corpusDir(name: string): string | undefined {
  const p = path.join(corpusRoot(), name);
  return existsSync(p) ? p : undefined;
}

export function corpusSkipReason(name: string): string {
  return `corpus folder ${path.join(corpusRoot(), name)} is absent (set NETDOCTOR_CORPUS to the shared corpus)`;
}
