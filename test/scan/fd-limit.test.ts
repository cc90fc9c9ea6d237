/**
 * Running out of file descriptors slows the scan down instead of failing it: under `ulimit -n 256`
 * with every free descriptor taken for 300 ms, the scan still completes with every port classified.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

it('backs off on EMFILE and still classifies every port', () => {
  const child = fileURLToPath(new URL('./fd-limit-child.ts', import.meta.url));
  const r = spawnSync('sh', ['-c', `ulimit -n 256 && exec "${process.execPath}" --import tsx "${child}"`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(out.hoarded > 0, 'the child took descriptors away');
  assert.ok(out.stats.fdBackoffs > 0, 'the scanner met EMFILE and backed off');
  assert.deepEqual(out.open, out.expectedOpen);
  assert.equal(out.counts.open + out.counts.closed + out.counts.filtered, out.scanned);
  assert.equal(out.counts.filtered, 0, 'no port was given up as filtered for want of a descriptor');
});
