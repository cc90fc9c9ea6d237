/**
 * Conformance with upstream nDPI's expected classifications (`../shared/corpus/ndpi`, read by
 * path): every TCP/UDP flow that nDPI labels with one of the protocols netdoctor classifies must
 * get an agreeing label from the capture engine. Prints `N passed, M failed`. Acceptance: ≥ 90%
 * agree, and no compared flow disagrees (there is no per-flow list of misses).
 *
 * One rule, for any capture: a flow that carries no payload at all (nDPI's `Goodput ratio: 0/0`,
 * and no payload byte in netdoctor's flow table either) and that nDPI labels only by its own port
 * list (`Confidence: Match by port`) gives neither side any evidence. It is compared when one of
 * netdoctor's classifiers lists either of its ports (transport included) as well known, since
 * netdoctor then labels it by port too; otherwise it is left out of the comparison, counted and
 * printed (a SYN-only port scan to 81 or 8181 is "HTTP" to nDPI, unknown to netdoctor).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLASSIFIERS, createFlowClassifier } from '../../../src/capture/classifiers/index.js';
import { analyzeCapture } from '../../../src/capture/index.js';
import { corpusDir, corpusSkipReason } from '../../harness/corpus.js';
import { flowKey, parseNdpiOut } from './ndpi-expected.js';

const dir = corpusDir('ndpi');

/** Whether one of netdoctor's classifiers lists `port` on `transport` as well known. */
function hasPortRule(transport: 'tcp' | 'udp', port: number): boolean {
  return CLASSIFIERS.some((c) => c.transports.includes(transport) && c.ports.includes(port));
}

test('classification agrees with nDPI on ≥ 90% of the flows of its captures', {
  skip: dir ? false : corpusSkipReason('ndpi'),
  timeout: 120_000,
}, async () => {
  let passed = 0;
  let passedByPayload = 0;
  const misses: string[] = [];
  const extra: string[] = [];
  const noEvidence: string[] = [];
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
    const withPayload = new Set<string>();
    for (const f of a.flows()) {
      if (f.transport !== 'tcp' && f.transport !== 'udp') continue;
      const k = `${f.transport} ${flowKey(f.client, f.clientPort, f.server, f.serverPort)}`;
      ours.set(k, f.application);
      if (f.evidence === 'payload') byPayload.add(k);
      if (f.payloadBytes[0] + f.payloadBytes[1] > 0) withPayload.add(k);
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
      if (
        e.byPort &&
        e.payloadLess &&
        !withPayload.has(k) &&
        !e.ports.some((p) => hasPortRule(e.transport, p))
      ) {
        noEvidence.push(`${id} nDPI=${e.label} (by port ${e.ports.join('/')}) ours=${label}`);
        continue;
      }
      if (e.accepted.includes(label)) {
        passed++;
        if (byPayload.has(k)) passedByPayload++;
        continue;
      }
      misses.push(`${id} nDPI=${e.label} ours=${label}`);
    }
  }
  const total = passed + misses.length;
  console.log(
    `${passed} passed, ${misses.length} failed (${((100 * passed) / total).toFixed(1)}% agree, ${passedByPayload} of them from payload evidence, ${passed - passedByPayload} from the port only)`,
  );
  console.log(
    `${noEvidence.length} payload-less flow(s) nDPI labels by a port no netdoctor classifier claims, not compared:\n  ${noEvidence.join('\n  ')}`,
  );
  if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
  console.log(
    `${extra.length} flow(s) outside nDPI's labels for these protocols got a payload label:\n  ${extra.join('\n  ')}`,
  );
  assert.ok(passed / total >= 0.9, `only ${passed} of ${total} flows agree with nDPI`);
  assert.deepEqual(misses, [], 'every compared flow agrees with nDPI');
});
