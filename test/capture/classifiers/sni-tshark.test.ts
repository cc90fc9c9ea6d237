/**
 * Server names agree with tshark (Debian tshark 4.0, the real peer): the SNIs netdoctor reads
 * from TLS ClientHellos (also split over segments and after STARTTLS) and from QUIC Initials
 * (decrypted as RFC 9001 §5 allows: v1, v2, draft-29) equal the set tshark shows for
 * `tls.handshake.type == 1` in the same nDPI captures.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createFlowClassifier } from '../../../src/capture/classifiers/index.js';
import { analyzeCapture } from '../../../src/capture/index.js';
import { corpusDir, corpusSkip } from '../../harness/corpus.js';
import { toolSkip } from '../../harness/peers.js';

const run = promisify(execFile);
const dir = corpusDir('ndpi');

/** QUIC v1/v2/draft-29, TLS reassembly, STARTTLS, and larger mixed captures. */
const CAPTURES = [
  'quic-29.pcap',
  'quic-v2.pcapng',
  'sites.pcapng',
  'tls_2_reasms.pcapng',
  'smtp-starttls.pcap',
  'pop3_stls.pcap',
  'alexa-app.pcapng',
  'iphone.pcap',
];

const skip = corpusSkip('ndpi') || toolSkip('tshark');

for (const name of CAPTURES) {
  test(`SNIs of ${name} agree with tshark`, { skip }, async () => {
    const file = path.join(dir!, 'pcap', name);
    const { stdout } = await run(
      'tshark',
      [
        '-n',
        '-2',
        '-r',
        file,
        '-Y',
        'tls.handshake.type == 1',
        '-T',
        'fields',
        '-e',
        'tls.handshake.extensions_server_name',
      ],
      { maxBuffer: 1 << 24 },
    );
    const theirs = new Set(stdout.split(/[\n,]/).filter(Boolean));
    const a = await analyzeCapture(file, { classifier: createFlowClassifier });
    const ours = new Set(
      a.flows().flatMap((f) => (f.details?.sni === undefined ? [] : [String(f.details.sni)])),
    );
    assert.ok(theirs.size > 0, 'tshark sees server names here');
    assert.deepEqual([...ours].sort(), [...theirs].sort());
  });
}
