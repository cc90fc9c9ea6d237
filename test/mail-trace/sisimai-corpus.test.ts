/**
 * Bounce conformance: every message of sisimai's set-of-emails (../shared/corpus/sisimai-bounces)
 * through `explainBounce`, its reason compared with the corpus's expected.tsv after mapping
 * sisimai's reason names onto netdoctor's (sisimai-map.ts). Prints `N passed, M failed`; every
 * disagreement must be listed, with its reason, in sisimai-known-misses.tsv, and every listed one
 * must still disagree (a fix removes its line). Messages without an expectation row, and the
 * negative cases in maildir-not/, must be read without an error.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { explainBounce } from '../../src/mail/trace/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { agrees } from './sisimai-map.js';

const dir = corpusDir('sisimai-bounces');
const skip = dir ? false : corpusSkipReason('sisimai-bounces');

interface Miss {
  file: string;
  index: string;
  sisimai: string;
  ours: string;
}

const key = (m: Miss) => `${m.file}\t${m.index}\t${m.sisimai}\t${m.ours}`;

function knownMisses(): Map<string, string> {
  const text = readFileSync(new URL('./sisimai-known-misses.tsv', import.meta.url), 'utf8');
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [file, index, sisimai, ours, why] = line.split('\t');
    assert.ok(why && why.trim().length > 10, `known miss without a reason: ${line}`);
    out.set(`${file}\t${index}\t${sisimai}\t${ours}`, why);
  }
  return out;
}

test('sisimai set-of-emails: reasons agree on at least 90%, every disagreement known', { skip }, async () => {
  const base = dir as string;
  const rows = readFileSync(path.join(base, 'expected.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
  const byFile = new Map<string, Awaited<ReturnType<typeof explainBounce>>>();
  for (const file of readdirSync(path.join(base, 'maildir-bsd')).sort()) {
    byFile.set(
      file,
      await explainBounce(readFileSync(path.join(base, 'maildir-bsd', file)), { input: file }),
    );
  }
  let passed = 0;
  const misses: Miss[] = [];
  for (const [file, index, , , reason] of rows) {
    const facts = byFile.get(file as string);
    assert.ok(facts, `expected.tsv names ${file}, which is not in maildir-bsd`);
    const r = facts.recipients[Number(index) - 1] ?? facts.recipients[0];
    if (agrees(reason as string, r?.reason)) passed++;
    else
      misses.push({
        file: file as string,
        index: index as string,
        sisimai: reason as string,
        ours: r?.reason ?? 'none',
      });
  }
  console.log(`${passed} passed, ${misses.length} failed`);
  const known = knownMisses();
  const unknown = misses.filter((m) => !known.has(key(m))).map(key);
  assert.deepEqual(unknown, [], 'disagreements missing from sisimai-known-misses.tsv');
  const seen = new Set(misses.map(key));
  const stale = [...known.keys()].filter((k) => !seen.has(k));
  assert.deepEqual(stale, [], 'sisimai-known-misses.tsv lists cases that now agree: remove them');
  assert.ok(passed / rows.length >= 0.9, `agreement ${passed}/${rows.length} is under 90%`);
});

test('sisimai maildir-not: non-bounces are read without an error and report no failed recipient', {
  skip,
}, async () => {
  const base = path.join(dir as string, 'maildir-not');
  for (const file of readdirSync(base)) {
    const r = await explainBounce(readFileSync(path.join(base, file)), { input: file });
    assert.ok(Array.isArray(r.findings), file);
  }
});
