/**
 * `netdoctor pcap find|follow|write` end to end through the CLI: text, --json, stdin, exit status,
 * one-line errors for a bad filter, a bad flow and a damaged capture (results before the damage
 * still printed), and the files `write` makes read back by tshark.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/main.js';

const run = promisify(execFile);
const VPN = fileURLToPath(new URL('../fixtures/vpn/', import.meta.url));
const IKE = path.join(VPN, 'ikev2-no-proposal-chosen.pcap');
const ESP = path.join(VPN, 'esp-one-way.pcap');
const dir = mkdtempSync(path.join(tmpdir(), 'nd-tools-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], stdinData?: Buffer) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  stdin.end(stdinData ?? Buffer.alloc(0));
  const code = await runCli(args, { stdin, stdout, stderr, env: { LANG: 'C' } });
  return { code, out, err };
}

test('find: one line per packet and the count; --count; --json; stdin', async () => {
  const r = await cli(['pcap', 'find', ESP, '--filter', 'esp']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n').filter((l) => l.includes('10.99.0.1 → 10.99.0.2 ESP'));
  assert.equal(lines.length, 5);
  assert.match(r.out, /5 of 9 packets match esp/);

  const c = await cli(['pcap', 'find', ESP, '--filter', 'isakmp', '--count']);
  assert.match(c.out, /^4\n/);

  const j = await cli(['pcap', 'find', '-', '--filter', 'ip.src == 10.99.0.2', '--json'], readFileSync(IKE));
  const doc = JSON.parse(j.out) as {
    matched: number;
    packets: number;
    matches: { frame: number; protocol: string }[];
  };
  assert.equal(doc.packets, 2);
  assert.deepEqual(
    doc.matches.map((m) => [m.frame, m.protocol]),
    [[2, 'ISAKMP']],
  );
});

test('find: a filter outside the subset is one line naming the part and column, exit 2', async () => {
  const r = await cli(['pcap', 'find', ESP, '--filter', 'esp and tcp.window_size > 5']);
  assert.equal(r.code, 2);
  assert.equal(r.err.trim(), 'netdoctor: --filter: unknown field "tcp.window_size" at column 9');
  assert.equal(r.out, '');
});

test('find: a damaged capture prints what came before, then the error with its offset', async () => {
  const cut = path.join(dir, 'cut.pcap');
  const whole = readFileSync(ESP);
  writeFileSync(cut, whole.subarray(0, whole.length - 40));
  const r = await cli(['pcap', 'find', cut, '--filter', 'esp']);
  assert.equal(r.code, 2);
  assert.match(r.out, /4 of 8 packets match esp/);
  assert.match(r.err, /cut\.pcap: .*\(at byte \d+\)/);
  assert.equal(r.err.trim().split('\n').length, 1);
});

test('follow: a UDP conversation by endpoints, --json in hex; an unknown stream is exit 2', async () => {
  const r = await cli(['pcap', 'follow', IKE, '10.99.0.1:500-10.99.0.2:500', '--udp', '--json']);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as { nodes: string[]; bytes: number[]; chunks: { direction: number }[] };
  assert.deepEqual(doc.nodes, ['10.99.0.1:500', '10.99.0.2:500']);
  assert.deepEqual(
    doc.chunks.map((c) => c.direction),
    [0, 1],
  );
  assert.equal(doc.bytes[1], 78 - 42, 'the NO_PROPOSAL_CHOSEN answer: 36 bytes of IKE');

  const missing = await cli(['pcap', 'follow', IKE, '7']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no TCP stream 7 \(the capture has 0\)/);
  const bad = await cli(['pcap', 'follow', IKE, 'nonsense']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /neither a stream index/);
});

test('write: tshark opens the result with the selected packets', async () => {
  const out = path.join(dir, 'esp-only.pcapng');
  const r = await cli(['pcap', 'write', ESP, '--filter', 'esp', '-o', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /5 of 9 packets written/);
  const { stdout } = await run('tshark', [
    '-r',
    out,
    '-T',
    'fields',
    '-e',
    'frame.number',
    '-e',
    'frame.len',
  ]);
  assert.equal(stdout.trim().split('\n').length, 5);
  const noOut = await cli(['pcap', 'write', ESP]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.err, /--output: the output file is required/);
});
