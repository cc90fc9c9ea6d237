/**
 * Filter conformance: for every expression of `filter-table.ts` and each of its captures, the frame
 * numbers `find` selects equal `tshark -r FILE -Y EXPR -T fields -e frame.number`. Prints
 * `N passed, M failed`. Every pair must agree: there is no list of misses.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findPackets } from '../../src/capture/filter/find.js';
import { corpusRoot } from '../harness/corpus.js';
import { FILTER_CASES } from './filter-table.js';

const run = promisify(execFile);
const TEST_DIR = fileURLToPath(new URL('../', import.meta.url));

function resolve(rel: string): string {
  return rel.startsWith('fixtures/') ? path.join(TEST_DIR, rel) : path.join(corpusRoot(), rel);
}

async function tsharkFrames(file: string, expr: string): Promise<string> {
  const { stdout } = await run('tshark', ['-r', file, '-Y', expr, '-T', 'fields', '-e', 'frame.number'], {
    maxBuffer: 1 << 26,
  });
  return stdout.split('\n').filter(Boolean).join(',');
}

async function mineFrames(file: string, expr: string): Promise<string> {
  const frames: number[] = [];
  await findPackets(file, { filter: expr }, (_v, rec) => frames.push(rec.frame));
  return frames.join(',');
}

/** Runs `jobs` two at a time (the machine has two cores; tshark is the slow side). */
async function pool<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

const corpusThere = (() => {
  try {
    readFileSync(path.join(corpusRoot(), 'ndpi/pcap/android.pcap'));
    return true;
  } catch {
    return false;
  }
})();

test('find --filter selects the same frames as tshark -Y', {
  skip: corpusThere ? false : `corpus ${corpusRoot()}/ndpi is absent (set NETDOCTOR_CORPUS)`,
}, async () => {
  assert.ok(FILTER_CASES.length >= 40, 'the table holds at least 40 expressions');
  const pairs = FILTER_CASES.flatMap((c) => c.files.map((f) => ({ expr: c.expr, file: f })));
  const results = await pool(
    pairs.map(({ expr, file }) => async () => {
      const path = resolve(file);
      const [want, got] = await Promise.all([tsharkFrames(path, expr), mineFrames(path, expr)]);
      return { expr, file, same: want === got, want, got };
    }),
  );
  let passed = 0;
  const failed: string[] = [];
  for (const r of results) {
    if (r.same) passed++;
    else {
      const w = new Set(r.want.split(','));
      const g = new Set(r.got.split(','));
      const extra = [...g].filter((x) => x && !w.has(x)).slice(0, 5);
      const missing = [...w].filter((x) => x && !g.has(x)).slice(0, 5);
      failed.push(`${r.file} «${r.expr}»: extra frames ${extra.join(' ')}; missing ${missing.join(' ')}`);
    }
  }
  console.log(
    `filter conformance: ${passed} passed, ${failed.length} failed (${FILTER_CASES.length} expressions)`,
  );
  for (const f of failed) console.log(`  ${f}`);
  assert.deepEqual(failed, []);
});

const RETRANSMISSION_CAPTURES = [
  'ndpi/pcap/android.pcap',
  'ndpi/pcap/1kxun.pcap',
  'ndpi/pcap/gnutella.pcap',
  'ndpi/pcap/synscan.pcap',
  'wireshark/retrans-tls.pcap',
  'wireshark/challenge01_ooo_stream.pcapng.gz',
];

test('find --retransmissions selects the frames tshark marks as retransmissions (out-of-order is not one)', {
  skip: corpusThere ? false : `corpus ${corpusRoot()}/ndpi is absent (set NETDOCTOR_CORPUS)`,
}, async () => {
  const expr =
    'tcp.analysis.retransmission or tcp.analysis.fast_retransmission or tcp.analysis.spurious_retransmission';
  for (const rel of RETRANSMISSION_CAPTURES) {
    const file = resolve(rel);
    const frames: number[] = [];
    await findPackets(file, { retransmissions: true }, (_v, rec) => frames.push(rec.frame));
    assert.equal(frames.join(','), await tsharkFrames(file, expr), rel);
  }
});

/** Captures without retransmitted queries: tshark links a repeated query's answer to one copy only. */
const DNS_CAPTURES = [
  'ndpi/pcap/android.pcap',
  'ndpi/pcap/bad-dns-traffic.pcap',
  'ndpi/pcap/iphone.pcap',
  'wireshark/dns-ooo.pcap',
];

test('find --dns-unanswered selects the UDP queries tshark (two passes) finds without a response', {
  skip: corpusThere ? false : `corpus ${corpusRoot()}/ndpi is absent (set NETDOCTOR_CORPUS)`,
}, async () => {
  let total = 0;
  for (const rel of DNS_CAPTURES) {
    const file = resolve(rel);
    const frames: number[] = [];
    await findPackets(file, { dnsUnanswered: true }, (_v, rec) => frames.push(rec.frame));
    const { stdout } = await run('tshark', [
      '-2',
      '-r',
      file,
      '-Y',
      'udp.port == 53 and dns.flags.response == 0 and not dns.response_in',
      '-T',
      'fields',
      '-e',
      'frame.number',
    ]);
    assert.equal(frames.join(','), stdout.split('\n').filter(Boolean).join(','), rel);
    total += frames.length;
  }
  assert.ok(total > 10, `some unanswered queries were compared (${total})`);
});
