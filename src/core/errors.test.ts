/**
 * Errors: one class, stable message ids, every sentence in every language, and library errors
 * that name library options, never the CLI's flags (the CLI maps options to flags).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { errorTexts } from '../catalog.js';
import { MAIL_LOG_CLI_ERRORS } from '../cli/commands/mail-log.js';
import { CLI_ERRORS, flagFor } from '../cli/l10n.js';
import { defineErrors, NetdoctorError, optionError } from './errors.js';
import { placeholders } from './i18n.js';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

test('every error sentence has both languages with the same placeholders, and a unique id', () => {
  assert.ok(errorTexts.length > 50);
  const seen = new Set<string>();
  for (const t of [...errorTexts, ...Object.values(CLI_ERRORS), ...Object.values(MAIL_LOG_CLI_ERRORS)]) {
    assert.match(t.id, /^[a-z0-9]+\.[A-Za-z0-9]+$/, t.id);
    assert.ok(!seen.has(t.id), `error id declared twice: ${t.id}`);
    seen.add(t.id);
    assert.ok(t.en.trim() && t.ja.trim(), `${t.id}: empty sentence`);
    assert.deepEqual(
      [...new Set(placeholders(t.ja))],
      [...new Set(placeholders(t.en))],
      `${t.id}: placeholders differ`,
    );
    assert.doesNotMatch(t.ja, /\b[a-z]+ [a-z]+ [a-z]+\b/, `${t.id}: English words in the Japanese sentence`);
  }
});

test('no library error sentence names a command-line flag', () => {
  const library = errorTexts.filter((t) => !t.id.startsWith('cli.'));
  const flagLike = /(^|[\s(「"'])--?[a-z][a-z0-9-]*/;
  const offenders = library.filter((t) => flagLike.test(t.en) || flagLike.test(t.ja)).map((t) => t.id);
  assert.deepEqual(offenders, []);
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

test('library code throws only NetdoctorError, and names no flag as the input of one', () => {
  const problems: string[] = [];
  for (const file of sources(SRC)) {
    const rel = path.relative(SRC, file);
    if (rel.startsWith(`cli${path.sep}`)) continue;
    const text = readFileSync(file, 'utf8');
    // A stray Error to the user: `throw new Error(`, `throw new RangeError(` …
    for (const m of text.matchAll(/throw new (Range|Type|Syntax)?Error\(/g))
      problems.push(`${rel}: ${m[0]} at ${text.slice(0, m.index).split('\n').length}`);
    for (const m of text.matchAll(/\b(input|option):\s*'--[a-z-]+'/g))
      problems.push(`${rel}: names a flag (${m[0]})`);
  }
  assert.deepEqual(problems, []);
});

test('an error renders in each language, naming the input, the offset or the flag', () => {
  const E = defineErrors('t', { cap: { en: 'larger than {n} MiB', ja: '{n} MiB を超えています' } });
  const e = new NetdoctorError('ND_INPUT_TOO_LARGE', E.cap, { input: '-', offset: 12, params: { n: 64 } });
  assert.equal(e.message, 'larger than 64 MiB');
  assert.equal(e.messageId, 't.cap');
  assert.equal(e.oneLine(), 'stdin: larger than 64 MiB (at byte 12)');
  assert.equal(e.oneLine('ja'), '標準入力: 64 MiB を超えています（12 バイト目）');
  const o = optionError(E.cap, 'timeoutMs', { n: 1 });
  assert.equal(o.oneLine('en', flagFor(o.option ?? '')), '--timeout: larger than 1 MiB');
  assert.equal(flagFor('dnsUnanswered'), '--dns-unanswered');
});
