import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { NetdoctorError } from './errors.js';
import { openOutput, sameFile, writeOutputFile } from './output.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nd-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an aborted output leaves the existing target as it was, and no temporary file', () => {
  const target = path.join(dir, 'kept.txt');
  writeFileSync(target, 'before');
  const out = openOutput(target);
  writeSync(out.fd, 'half of the new');
  out.abort();
  out.abort();
  assert.equal(readFileSync(target, 'utf8'), 'before');
  assert.deepEqual(readdirSync(dir), ['kept.txt']);
});

test('writing through a symlink replaces the file it points to and keeps the link', () => {
  const real = path.join(dir, 'real.svg');
  const link = path.join(dir, 'link.svg');
  writeFileSync(real, 'old');
  symlinkSync('real.svg', link);
  writeOutputFile(link, 'new');
  assert.equal(readFileSync(real, 'utf8'), 'new');
  assert.equal(readFileSync(link, 'utf8'), 'new');
  assert.ok(sameFile(link, real));
});

test('an output that is an input is refused with a usage error naming the option; a directory too', () => {
  const input = path.join(dir, 'in.pem');
  writeFileSync(input, 'CA');
  assert.throws(
    () => writeOutputFile(path.join(dir, '.', 'in.pem'), 'xml', { inputs: [input], option: 'xml' }),
    (e: unknown) => e instanceof NetdoctorError && e.code === 'ND_USAGE' && e.option === 'xml',
  );
  assert.equal(readFileSync(input, 'utf8'), 'CA');
  assert.throws(() => writeOutputFile(dir, 'x'), /is a directory/);
  assert.equal(sameFile(path.join(dir, 'missing'), input), false);
});

test('a replaced target keeps its permissions', () => {
  const target = path.join(dir, 'mode.svg');
  writeFileSync(target, 'old', { mode: 0o600 });
  chmodSync(target, 0o640);
  writeOutputFile(target, 'new');
  assert.equal(statSync(target).mode & 0o777, 0o640);
  assert.equal(readFileSync(target, 'utf8'), 'new');
});

test('a device is written directly (nothing to rename over /dev/null)', () => {
  writeOutputFile('/dev/null', 'discarded');
  const out = openOutput('/dev/null');
  writeSync(out.fd, 'x');
  out.commit();
  assert.deepEqual(
    readdirSync('/dev').filter((n) => n.includes('netdoctor')),
    [],
  );
});
