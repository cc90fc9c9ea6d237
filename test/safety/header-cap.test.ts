/**
 * `mail headers --max-size`: a header section longer than the cap is refused with one line naming
 * the flag, never cut and then misreported. Regression: a 1.2 MiB header with its `Date:` at the
 * end, read with `--max-size 1`, was cut silently and reported as `mail.headers.date-missing`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nd-header-cap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A message whose header section is about `kib` KiB, with Received first and Date last. */
function bigHeader(kib: number): string {
  const filler: string[] = [];
  for (let i = 0; filler.length * 80 < kib * 1024; i++) filler.push(`X-Filler-${i}: ${'x'.repeat(64)}`);
  return [
    'Received: from mail.example.test (mail.example.test [192.0.2.25]) by mx.example.net with ESMTPS id abc;',
    ' Tue, 14 Nov 2023 10:00:05 +0000',
    'From: a@example.test',
    'To: b@example.net',
    ...filler,
    'Date: Tue, 14 Nov 2023 10:00:00 +0000',
    '',
    'body',
    '',
  ].join('\r\n');
}

test('a header section longer than --max-size is refused, naming the flag; with room it is read whole', async () => {
  const file = path.join(dir, 'big.eml');
  const message = bigHeader(1200);
  writeFileSync(file, message);
  for (const args of [
    ['mail', 'headers', file, '--max-size', '1'],
    ['mail', 'headers', '-', '--max-size', '1'],
  ]) {
    const r = await runCliCaptured([...args, '--json'], { stdin: message });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.out}`);
    assert.match(
      r.err,
      /^netdoctor: .*header section is longer than the cap of 1 MiB; .*\(raise it with --max-size\)\n$/,
    );
    const doc = JSON.parse(r.out);
    assert.equal(doc.error.code, 'ND_INPUT_TOO_LARGE');
    assert.deepEqual(doc.findings, []);
  }
  const whole = await runCliCaptured(['mail', 'headers', file, '--max-size', '2', '--json']);
  const ids = (JSON.parse(whole.out).findings as { id: string }[]).map((f) => f.id);
  assert.ok(!ids.includes('mail.headers.date-missing'), `the Date at the end was read: ${ids.join(', ')}`);
  assert.ok([0, 1].includes(whole.status), whole.err);
});

test('a header-only file shorter than the cap, with no blank line, is read as before', async () => {
  const file = path.join(dir, 'short.eml');
  writeFileSync(
    file,
    'Received: from a by b; Tue, 14 Nov 2023 10:00:05 +0000\r\nDate: Tue, 14 Nov 2023 10:00:00 +0000',
  );
  const r = await runCliCaptured(['mail', 'headers', file, '--json']);
  assert.ok([0, 1].includes(r.status), r.err);
  const ids = (JSON.parse(r.out).findings as { id: string }[]).map((f) => f.id);
  assert.ok(!ids.includes('mail.headers.date-missing'), ids.join(', '));
});
