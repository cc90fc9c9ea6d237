/** The check registry names every kind file in checks/ (a forgotten line fails silently otherwise). */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CHECK_HELPERS, CHECK_KINDS } from './checks/index.js';
import { nagiosLine, perfData } from './nagios.js';

test('every file in monitor/checks/ is a registered kind or a declared helper; the list is sorted', () => {
  const dir = fileURLToPath(new URL('./checks/', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .filter((f) => !(CHECK_HELPERS as readonly string[]).includes(f))
    .sort();
  const kinds = CHECK_KINDS.map((k) => k.kind);
  assert.deepEqual(kinds, [...kinds].sort());
  assert.deepEqual(kinds, files);
});

test('performance data follows the plugin guidelines (label=value[UOM];warn;crit;min;max)', () => {
  assert.equal(
    perfData([{ label: 'time', value: 0.0012345678, uom: 's', min: 0, max: 10 }]),
    'time=0.001235s;;;0;10',
  );
  assert.equal(
    perfData([{ label: 'pl', value: 0, uom: '%', warn: 20, crit: 60, min: 0, max: 100 }]),
    'pl=0%;20;60;0;100',
  );
  assert.equal(perfData([{ label: "a b'c", value: 3, uom: '' }]), "'a b''c'=3");
  assert.equal(perfData([{ label: 'size', value: 10, uom: 'B', min: 0 }]), 'size=10B;;;0');
});

test('the status line is one line without a pipe in the text', () => {
  assert.equal(nagiosLine('HTTP', 'critical', 'a|b\nc', []), 'HTTP CRITICAL - a/b c');
  assert.equal(
    nagiosLine('TCP', 'ok', 'fine', [{ label: 'time', value: 1, uom: 's' }]),
    'TCP OK - fine|time=1s',
  );
});

test('every file in monitor/notifiers/ is a registered notifier or a declared helper; the list is sorted', async () => {
  const { NOTIFIERS, NOTIFIER_HELPERS } = await import('./notifiers/index.js');
  const dir = fileURLToPath(new URL('./notifiers/', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .filter((f) => !(NOTIFIER_HELPERS as readonly string[]).includes(f))
    .sort();
  const types = NOTIFIERS.map((n) => n.type);
  assert.deepEqual(types, [...types].sort());
  assert.deepEqual(types, files);
});
