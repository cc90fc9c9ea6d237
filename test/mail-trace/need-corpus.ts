/**
 * A corpus folder for a test, through the harness's corpusDir: absent, the test skips with the
 * harness's reason locally and fails under CI=true (issue 12: a corpus must not vanish silently).
 */
import assert from 'node:assert/strict';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

export function needCorpus(t: { skip(reason: string): void }, name: string): string | undefined {
  const dir = corpusDir(name);
  if (dir) return dir;
  assert.notEqual(process.env.CI, 'true', `CI: ${corpusSkipReason(name)}`);
  t.skip(corpusSkipReason(name));
  return undefined;
}
