/** The summary's top-k selection: what a stable sort and a slice give, on many ties. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rng } from '../../test/harness/rng.js';
import { topIndices } from './summary.js';

test('topIndices equals a stable descending sort cut to k, ties in index order', () => {
  const r = rng(7);
  for (let round = 0; round < 300; round++) {
    const n = Math.floor(r() * 60);
    const spread = 1 + Math.floor(r() * 8); // few distinct keys: many ties
    const keys = Array.from({ length: n }, () => Math.floor(r() * spread) - (r() < 0.1 ? 1 : 0));
    for (const k of [0, 1, 3, 10, 100]) {
      const want = [...keys.keys()].sort((a, b) => (keys[b] as number) - (keys[a] as number)).slice(0, k);
      assert.deepEqual(
        topIndices(n, k, (i) => keys[i] as number),
        want,
        `keys ${keys.join(',')} k ${k}`,
      );
    }
  }
});
