/**
 * Timestamps are exact: the four DHCP captures (µs pcap, ns pcap, µs pcapng, ns pcapng) give the
 * epoch times of Wireshark's own baseline (ff-ts-usec-pcap-direct.txt).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readCapture } from '../../src/capture/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const dir = corpusDir('wireshark');

test('timestamps match Wireshark’s baseline in µs and ns pcap and pcapng', {
  skip: dir ? false : corpusSkipReason('wireshark'),
}, async () => {
  const baseline = readFileSync(`${dir}/baseline/ff-ts-usec-pcap-direct.txt`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t')[1]);
  for (const name of ['dhcp.pcap', 'dhcp-nanosecond.pcap', 'dhcp.pcapng', 'dhcp-nanosecond.pcapng']) {
    const times: string[] = [];
    const info = await readCapture(`${dir}/${name}`, (r) => {
      times.push(`${r.tsSec}.${String(r.tsNsec).padStart(9, '0')}`);
    });
    assert.deepEqual(times, baseline, name);
    if (name.endsWith('nanosecond.pcap')) assert.equal(info.resolution, 'nano');
    if (name.endsWith('nanosecond.pcapng')) assert.equal(info.interfaces[0]!.unitsPerSecond, 1e9);
  }
});
