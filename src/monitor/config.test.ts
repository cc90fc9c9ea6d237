import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNetdoctorError } from '../core/errors.js';
import { expandedSize, parseMonitorConfig } from './config.js';

const rejects = (text: string, why: RegExp) =>
  assert.throws(
    () => parseMonitorConfig(text, 'm.yaml'),
    (e) => isNetdoctorError(e) && e.code === 'ND_USAGE' && why.test(e.message),
  );

test('anchors and aliases in moderation are read as YAML; times stay text', () => {
  const c = parseMonitorConfig(
    `opts: &o { port: 8080, timeout: 3s }
checks:
  - { name: a, kind: tcp, target: 127.0.0.1, options: *o }
  - { name: b, kind: tcp, target: 127.0.0.2, options: *o }
maintenance:
  - { checks: [a], from: 2026-12-24T22:00:00Z, to: 2026-12-25T02:00:00Z }
`,
    'm.yaml',
  );
  assert.deepEqual(
    c.checks.map((x) => [x.name, x.options.port, x.options.timeoutMs]),
    [
      ['a', 8080, 3000],
      ['b', 8080, 3000],
    ],
  );
  assert.equal(c.maintenance[0]?.from, Date.parse('2026-12-24T22:00:00Z'));
});

test('a billion-laughs file is refused before anything expands it', () => {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('checks:', '  - { name: x, kind: tcp, target: 127.0.0.1, options: { expect: *a9 } }');
  const t0 = performance.now();
  rejects(lines.join('\n'), /aliases expand to too much/);
  assert.ok(performance.now() - t0 < 2000);
});

test('a node that contains itself is refused; broken YAML names the file', () => {
  assert.equal(expandedSize(Object.assign([], { 0: 1 })), 2);
  rejects('a: &a [*a]\nchecks: []\n', /contains itself|unidentified alias/);
  rejects('checks: [ { name: x\n', /m\.yaml/);
  rejects(
    'checks:\n  - { name: a, kind: tcp, target: 127.0.0.1:22 }\n  - { name: a, kind: tcp, target: 127.0.0.1:22 }\n',
    /used twice/,
  );
});
