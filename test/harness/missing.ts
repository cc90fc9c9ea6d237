/**
 * What a test does when a peer tool or a corpus it needs is absent. Locally: it is skipped with
 * its reason, so a laptop without tshark still runs the rest. With `CI=true` (any value but
 * `false`/`0`): a failure naming what is missing, so that a peer cannot silently vanish from the
 * suite — the file gets one extra test, `required: <reason>`, that fails, while the test that
 * needed it is skipped (its body would only crash on the absence).
 *
 * Only absences go through here (a tool, a corpus folder or file). What the machine does not
 * allow (root, network namespaces) stays a plain skip with its reason.
 *
 * @example
 *   test('agrees with tshark', { skip: toolSkip('tshark', 'tshark') }, async () => { … });
 */
import { test } from 'node:test';

/** Whether this run is CI's: `CI` set to anything but empty, `false` or `0` (GitHub, GitLab … set `true`). */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

const reported = new Set<string>();

/**
 * The `skip` value for a test whose `reason` names something absent: the reason locally; in CI
 * the same, plus a failing test named after it (once per reason and file).
 */
export function unavailable(reason: string): string {
  if (inCI() && !reported.has(reason)) {
    reported.add(reason);
    test(`required: ${reason}`, () => {
      throw new Error(`${reason} — with CI=true a missing peer or corpus fails the run`);
    });
  }
  return reason;
}

/** `false` when nothing is missing, else `unavailable(reason)`; for `{ skip: … }`. */
export function skipIfMissing(reason: string | false | undefined): string | false {
  return reason ? unavailable(reason) : false;
}
