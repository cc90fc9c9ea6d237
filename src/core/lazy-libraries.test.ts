import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tldts, tr46 } from './lazy-libraries.js';

test('the message catalog loads neither tldts nor tr46 (they load at their first use)', () => {
  const catalog = fileURLToPath(new URL('../catalog.ts', import.meta.url));
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       await import(${JSON.stringify(catalog)});
       const cache = Object.keys(createRequire(import.meta.url).cache);
       console.log(JSON.stringify(cache.filter((k) => /node_modules\\/(tldts|tr46)\\//.test(k))));`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
});

test('loaded on first use, the same module each time', () => {
  assert.equal(tldts().getDomain('mail.example.co.jp'), 'example.co.jp');
  assert.equal(tldts(), tldts());
  assert.equal(tr46().toASCII('例え.jp', { transitionalProcessing: false }), 'xn--r8jz45g.jp');
});
