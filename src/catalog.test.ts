/**
 * The catalog stays complete: every finding id has every language with the same placeholders,
 * the README documents every id, the ids that source code emits are in the catalog, and the CLI
 * registry names every command module in its folder (a forgotten line fails silently otherwise).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { catalog } from './catalog.js';
import { LANGS, placeholders } from './core/i18n.js';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const README = readFileSync(path.join(SRC, '..', 'README.md'), 'utf8');
const ID = /^[a-z0-9]+(\.[a-z0-9-]+)+$/;

test('every finding id has an entry in every language, with the same placeholders', () => {
  const ids = Object.keys(catalog);
  assert.ok(ids.length > 0);
  for (const id of ids) {
    assert.match(id, ID, `finding id ${id} is not a dotted lower-case name`);
    const entry = catalog[id]!;
    for (const lang of LANGS) {
      const m = entry[lang];
      assert.ok(m?.title, `${id}: no ${lang} title`);
    }
    for (const part of ['title', 'detail', 'fix'] as const) {
      const want = placeholders(entry.en[part]);
      for (const lang of LANGS) {
        assert.equal(
          entry[lang][part] === undefined,
          entry.en[part] === undefined,
          `${id}: ${lang} ${part} present in one language only`,
        );
        assert.deepEqual(
          [...new Set(placeholders(entry[lang][part]))],
          [...new Set(want)],
          `${id}: ${lang} ${part} placeholders differ from en`,
        );
      }
    }
  }
});

test('the README documents every finding id, and lists none that does not exist', () => {
  const missing = Object.keys(catalog).filter((id) => !README.includes(`\`${id}\``));
  assert.deepEqual(missing, [], 'finding ids missing from the README "Finding ids" table');
  const table = README.slice(README.indexOf('## Finding ids'));
  const listed = [...table.matchAll(/^\| `([a-z0-9.-]+)` \|/gm)].map((m) => m[1] as string);
  const ghosts = listed.filter((id) => !(id in catalog));
  assert.deepEqual(ghosts, [], 'README lists finding ids that no catalog declares');
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

test('every id passed to finding(…) in the source has a catalog entry', () => {
  const unknown: string[] = [];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bfinding\(\s*'([a-z0-9.-]+)'/g)) {
      if (!(m[1]! in catalog)) unknown.push(`${path.relative(SRC, file)}: ${m[1]}`);
    }
  }
  assert.deepEqual(unknown, []);
});

test('the CLI registry imports every command module in src/cli/commands', () => {
  const dir = path.join(SRC, 'cli', 'commands');
  const index = readFileSync(path.join(dir, 'index.ts'), 'utf8');
  const modules = readdirSync(dir).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'shared.ts',
  );
  const forgotten = modules.filter((f) => !index.includes(`'./${f.replace(/\.ts$/, '.js')}'`));
  assert.deepEqual(forgotten, [], 'command modules not registered in src/cli/commands/index.ts');
});
