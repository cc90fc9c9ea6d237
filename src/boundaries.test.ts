/**
 * The house keeps its rooms (STYLE.md habit 16): the library (every module outside `src/cli/`)
 * imports nothing of the CLI, reads no environment variable and writes nothing to a terminal
 * (stdout, stderr, TTY checks, escape sequences); the CLI reaches a capability only through its
 * `index.ts`. Checked over the source of every module and the import graph it spells out.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('./', import.meta.url));
/**
 * Capabilities whose public API is a nested folder's index.ts (bounces and headers; the zone
 * checks, which the CLI loads only when `dns lint` or `dns check` runs).
 */
const NESTED_CAPABILITIES = ['mail/trace', 'dns/zone/lint', 'dns/zone/live'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The code without its comments (doc examples may show `process.stdout`), strings kept. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The src-relative files a module imports (static and dynamic, relative specifiers only). */
function imports(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).replace(/\.js$/, '.ts'));
}

const rel = (file: string) => path.relative(SRC, file);
const isCli = (r: string) => r.startsWith('cli/');

test('no library module imports cli/, reads process.env or writes to a terminal', () => {
  const problems: string[] = [];
  for (const file of sources(SRC)) {
    const r = rel(file);
    if (isCli(r)) continue;
    const text = code(readFileSync(file, 'utf8'));
    for (const target of imports(file, text)) if (isCli(target)) problems.push(`${r} imports ${target}`);
    for (const [pattern, what] of [
      [/\bprocess\.env\b/, 'reads process.env'],
      [/\bprocess\.(stdout|stderr)\b/, 'writes to process.stdout/stderr'],
      [/\bisTTY\b/, 'asks whether a stream is a terminal'],
      [/\\x1b\[|\\u001b\[|\\e\[/, 'writes terminal escape sequences'],
      [/\bconsole\.(log|error|warn|info)\(/, 'prints with console'],
    ] as const) {
      if (pattern.test(text)) problems.push(`${r} ${what}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the CLI reaches each capability only through its index.ts', () => {
  const capabilities = new Set([
    ...readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'cli' && e.name !== 'core')
      .map((e) => e.name),
    ...NESTED_CAPABILITIES,
  ]);
  const problems: string[] = [];
  for (const file of sources(path.join(SRC, 'cli'))) {
    for (const target of imports(file, code(readFileSync(file, 'utf8')))) {
      if (isCli(target) || target.startsWith('core/') || target === 'catalog.ts') continue;
      const dir = path.dirname(target);
      if (!(capabilities.has(dir) && path.basename(target) === 'index.ts'))
        problems.push(`${rel(file)} imports ${target}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the checks above see what they look for', () => {
  const sample = `import { x } from '../cli/main.js';\nconst e = process.env.HOME; // ok\n/* process.stdout */`;
  assert.deepEqual(imports(path.join(SRC, 'dns', 'x.ts'), code(sample)), ['cli/main.ts']);
  assert.ok(/\bprocess\.env\b/.test(code(sample)));
  assert.ok(!/process\.stdout/.test(code(sample)));
});
