/**
 * Conformance with upstream nDPI's expected classifications (`../shared/corpus/ndpi`, read by
 * path): every TCP/UDP flow that nDPI labels with one of the protocols netdoctor classifies must
 * get an agreeing label from the capture engine. Prints `N passed, M failed`; the known misses
 * live in `ndpi-known-misses.txt`, one per line with its reason. Acceptance: ≥ 90% agree.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createFlowClassifier } from '../../../src/capture/classifiers/index.js';
import { analyzeCapture } from '../../../src/capture/index.js';
import { corpusDir, corpusSkipReason } from '../../harness/corpus.js';
import { flowKey, parseNdpiOut } from './ndpi-expected.js';

const dir = corpusDir('ndpi');
const KNOWN = fileURLToPath(new URL('./ndpi-known-misses.txt', import.meta.url));

/** `capture key` → reason, from the known-misses file (`# …` lines are comments). */
function knownMisses(): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of readFileSync(KNOWN, 'utf8').split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const [file, key, ...reason] = t.split(/\s+/);
    m.set(`${file} ${key}`, reason.join(' '));
  }
  return m;
}

test('classification agrees with nDPI on ≥ 90% of the flows of its captures', {
  skip: dir ? false : corpusSkipReason('ndpi'),
  timeout: 120_000,
}, async () => {
  const known = knownMisses();
  let passed = 0;
  let failed = 0;
  let passedByPayload = 0;
  const unexpected: string[] = [];
  const extra: string[] = [];
  const stale = new Set(known.keys());
  const files = readdirSync(path.join(dir!, 'result'))
    .filter((f) => f.endsWith('.out'))
    .sort();
  for (const out of files) {
    const capture = out.slice(0, -4);
    const all = parseNdpiOut(readFileSync(path.join(dir!, 'result', out), 'utf8'));
    const expected = all.filter((e) => e.accepted.length > 0);
    if (all.length === 0) continue;
    const a = await analyzeCapture(path.join(dir!, 'pcap', capture), { classifier: createFlowClassifier });
    const ours = new Map<string, string>();
    const byPayload = new Set<string>();
    for (const f of a.flows()) {
      if (f.transport !== 'tcp' && f.transport !== 'udp') continue;
      const k = `${f.transport} ${flowKey(f.client, f.clientPort, f.server, f.serverPort)}`;
      ours.set(k, f.application);
      if (f.evidence === 'payload') byPayload.add(k);
    }
    // Flows nDPI leaves outside these protocols (another app, or Unknown) that netdoctor labels
    // from payload: not failures (nDPI knows hundreds of protocols), but counted and shown.
    for (const e of all) {
      const k = `${e.transport} ${e.key}`;
      if (e.accepted.length === 0 && byPayload.has(k))
        extra.push(`${capture} ${k} nDPI=${e.label} ours=${ours.get(k)}`);
    }
    const seen = new Set<string>();
    for (const e of expected) {
      const k = `${e.transport} ${e.key}`;
      if (seen.has(k)) continue; // nDPI split one 5-tuple after an idle gap: count it once
      seen.add(k);
      const label = ours.get(k) ?? '(no such flow)';
      const id = `${capture} ${e.transport}:${e.key}`;
      if (e.accepted.includes(label)) {
        passed++;
        if (byPayload.has(k)) passedByPayload++;
        continue;
      }
      failed++;
      if (known.has(id)) stale.delete(id);
      else unexpected.push(`${id} nDPI=${e.label} ours=${label}`);
    }
  }
  const total = passed + failed;
  console.log(
    `${passed} passed, ${failed} failed (${((100 * passed) / total).toFixed(1)}% agree, ${passedByPayload} of them from payload evidence, ${passed - passedByPayload} from the port only; ${known.size} known misses)`,
  );
  if (unexpected.length) console.log(`misses not in ndpi-known-misses.txt:\n  ${unexpected.join('\n  ')}`);
  console.log(
    `${extra.length} flow(s) outside nDPI's labels for these protocols got a payload label:\n  ${extra.join('\n  ')}`,
  );
  if (stale.size)
    console.log(`known misses that now agree (remove them from the file):\n  ${[...stale].join('\n  ')}`);
  assert.ok(passed / total >= 0.9, `only ${passed} of ${total} flows agree with nDPI`);
  assert.deepEqual(unexpected, [], 'every miss is listed, with its reason, in ndpi-known-misses.txt');
});
