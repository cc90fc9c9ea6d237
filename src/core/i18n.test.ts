import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finding } from './findings.js';
import { chooseLang, defineMessages, formatMessage, localize, mergeCatalogs, placeholders } from './i18n.js';

test('chooseLang: --lang wins, then LC_ALL, LC_MESSAGES, LANG', () => {
  assert.equal(chooseLang('ja', { LANG: 'en_US.UTF-8' }), 'ja');
  assert.equal(chooseLang('EN', { LANG: 'ja_JP.UTF-8' }), 'en');
  assert.equal(chooseLang(undefined, { LANG: 'ja_JP.UTF-8' }), 'ja');
  assert.equal(chooseLang(undefined, { LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }), 'en');
  assert.equal(chooseLang(undefined, { LC_MESSAGES: 'ja', LANG: 'en_US' }), 'ja');
  assert.equal(chooseLang(undefined, { LANG: 'jam_JM' }), 'en'); // Jamaican, not Japanese
  assert.equal(chooseLang(undefined, {}), 'en');
  assert.throws(() => chooseLang('fr', {}), /unknown language "fr"/);
});

test('formatMessage fills placeholders, joins lists per language, and refuses a missing one', () => {
  assert.equal(formatMessage('{a} and {b}', { a: 1, b: ['x', 'y'] }, 'en'), '1 and x, y');
  assert.equal(formatMessage('{b}', { b: ['x', 'y'] }, 'ja'), 'x、y');
  assert.throws(() => formatMessage('{missing}', {}, 'en', 'x.y'), /x\.y: parameter \{missing\}/);
  assert.deepEqual(placeholders('{b} {a} {b}'), ['a', 'b', 'b']);
});

test('localize renders title, detail and fix in the chosen language and keeps evidence', () => {
  const catalog = defineMessages({
    't.x': {
      en: { title: 'T {n}', detail: 'D', fix: 'F {n}' },
      ja: { title: 'タ {n}', fix: '対 {n}' },
    },
  });
  const f = finding('t.x', 'warn', { n: 3 }, { seen: [1] });
  assert.deepEqual(localize(f, catalog, 'en'), {
    id: 't.x',
    severity: 'warn',
    title: 'T 3',
    detail: 'D',
    fix: 'F 3',
    evidence: { seen: [1] },
  });
  assert.deepEqual(localize(f, catalog, 'ja'), {
    id: 't.x',
    severity: 'warn',
    title: 'タ 3',
    fix: '対 3',
    evidence: { seen: [1] },
  });
  assert.throws(() => localize(finding('t.unknown', 'ok'), catalog, 'en'), /no entry in the message catalog/);
});

test('mergeCatalogs refuses an id declared twice', () => {
  const a = { 'x.y': { en: { title: 'a' }, ja: { title: 'a' } } };
  assert.throws(() => mergeCatalogs(a, a), /declared twice.*x\.y/);
});
