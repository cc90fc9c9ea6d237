/**
 * What `pcap protocols` and `pcap conversations` label, `pcap find --filter` selects (issue 12):
 * over every capture of the corpora, for every application label L and every TCP/UDP flow F,
 * F is labelled L (and carried payload) exactly when `--filter L` selects packets of F. The
 * filter and the analyses share one decoder and one classification, so this holds by
 * construction; the test keeps it so.
 *
 * Two nestings are part of the protocols themselves and are said here, not hidden: a UDP 4500
 * flow labelled `isakmp` carries IKE and ESP (RFC 3948 NAT traversal), so its packets answer to
 * `isakmp or esp`; a flow labelled by its port only, whose bytes none of the classifiers
 * recognised, carries no message the filter can point at, and is not required to be selected.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLASSIFIERS } from '../../src/capture/classifiers/index.js';
import { analyzeCapture } from '../../src/capture/engine.js';
import { compileFilter, type Predicate } from '../../src/capture/filter/compile.js';
import { PacketView } from '../../src/capture/filter/packet-view.js';
import { readCapture } from '../../src/capture/reader/open.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { captureFiles, corpusName } from './corpus-files.js';

const FILES = [
  ...captureFiles('wireshark'),
  ...captureFiles('ndpi', 'pcap'),
  ...captureFiles('pcapng-test-generator'),
];

/** The filter that selects a label's packets (see the header for the one nesting). */
const FILTER_OF: Record<string, string> = { isakmp: 'isakmp or esp' };

async function disagreements(file: string): Promise<{ flows: number; diffs: string[] }> {
  const analysis = await analyzeCapture(file);
  const flows = analysis.flows();
  const labels = CLASSIFIERS.map((c) => c.id);
  const predicates: [string, Predicate][] = labels.map((l) => [l, compileFilter(FILTER_OF[l] ?? l)]);
  /** label → flow indexes that `--filter label` selected packets of (the packet's innermost flow). */
  const selected = new Map<string, Set<number>>(labels.map((l) => [l, new Set()]));
  const view = new PacketView();
  await readCapture(file, (rec) => {
    view.reset(rec);
    let inner = -1;
    for (let i = 0; i < view.layerCount; i++) if (view.layerFlow[i]! >= 0) inner = view.layerFlow[i]!;
    for (const [label, match] of predicates) if (match(view) && inner >= 0) selected.get(label)!.add(inner);
  });
  const diffs: string[] = [];
  for (const f of flows) {
    if (f.protocol !== 6 && f.protocol !== 17) continue;
    const payload = f.payloadBytes[0] + f.payloadBytes[1] > 0;
    for (const label of labels) {
      const labelled = f.application === label && payload;
      const chosen = selected.get(label)!.has(f.index);
      if (labelled === chosen || (labelled && f.evidence === 'port')) continue;
      diffs.push(
        `${f.transport} ${f.client}:${f.clientPort} → ${f.server}:${f.serverPort} labelled ${f.application} (${f.evidence}) but --filter ${label} ${chosen ? 'selects' : 'does not select'} it`,
      );
    }
  }
  return { flows: flows.length, diffs };
}

test('find --filter L selects the flows protocols/conversations label L, in every corpus capture', {
  skip: corpusDir('ndpi') ? false : corpusSkipReason('ndpi'),
  timeout: 600_000,
}, async () => {
  assert.ok(FILES.length > 100, `the corpora hold captures (${FILES.length})`);
  let flows = 0;
  const failed: string[] = [];
  for (const file of FILES) {
    const r = await disagreements(file);
    flows += r.flows;
    for (const d of r.diffs) failed.push(`${corpusName(file)}: ${d}`);
  }
  console.log(
    `filter/protocols agreement: ${FILES.length} captures, ${flows} flows, ${failed.length} disagreements`,
  );
  for (const f of failed.slice(0, 400)) console.log(`  ${f}`);
  assert.deepEqual(failed, []);
});
