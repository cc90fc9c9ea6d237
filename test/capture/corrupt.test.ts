/**
 * Corrupt and truncated captures end with a clear error naming the byte offset, with the results
 * up to that point — never a crash or a hang. Regression tests are named after what broke.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { analyzeCapture } from '../../src/capture/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const run = promisify(execFile);
const dir = corpusDir('wireshark');
const skip = dir ? false : corpusSkipReason('wireshark');
const tmp = mkdtempSync(path.join(tmpdir(), 'nd-capture-'));

function write(name: string, data: Uint8Array): string {
  const p = path.join(tmp, name);
  writeFileSync(p, data);
  return p;
}

test('a pcap cut in the middle of a record: ND_CAPTURE_TRUNCATED at that record, frames before it kept', {
  skip,
}, async () => {
  const buf = readFileSync(`${dir}/dhcp.pcap`);
  // dhcp.pcap: 24-byte header, then records of 16 + 314/342 bytes; cut inside the third record.
  const full = await analyzeCapture(`${dir}/dhcp.pcap`);
  assert.equal(full.counters.packets, 4);
  const cut = await analyzeCapture(write('cut.pcap', buf.subarray(0, buf.length - 100)));
  assert.equal(cut.error?.code, 'ND_CAPTURE_TRUNCATED');
  assert.equal(cut.counters.packets, 3);
  assert.equal(cut.error?.offset, 24 + (16 + 314) + (16 + 342) + (16 + 314));
  assert.match(
    cut.error!.oneLine(),
    /cut\.pcap: capture ends in the middle of a packet record \(at byte \d+\)/,
  );
});

test('every truncation point of a pcapng gives a truncation error or a clean end, never a crash', {
  skip,
}, async () => {
  const buf = readFileSync(`${dir}/dhcp.pcapng`);
  for (let n = 1; n < buf.length; n++) {
    const a = await analyzeCapture('-', { stdin: Readable.from([buf.subarray(0, n)]) }).catch((e) => e);
    if (a instanceof Error) {
      // Too short to hold even the file's magic number.
      assert.equal((a as { code?: string }).code, 'ND_CAPTURE_TRUNCATED', `cut at ${n}: ${a.message}`);
      assert.ok(n < 4, `cut at ${n}: ${a.message}`);
      continue;
    }
    if (a.error) assert.equal(a.error.code, 'ND_CAPTURE_TRUNCATED', `cut at ${n}: ${a.error.oneLine()}`);
    assert.ok(a.counters.packets <= 4);
  }
});

test('a record length beyond any real frame is ND_CAPTURE_CORRUPT with its offset', { skip }, async () => {
  const buf = Buffer.from(readFileSync(`${dir}/dhcp.pcap`));
  const second = 24 + 16 + 314;
  buf.writeUInt32LE(0x7fffffff, second + 8);
  const a = await analyzeCapture(write('huge.pcap', buf));
  assert.equal(a.error?.code, 'ND_CAPTURE_CORRUPT');
  assert.equal(a.error?.offset, second);
  assert.equal(a.counters.packets, 1);
});

test('a pcapng block whose trailer length differs is ND_CAPTURE_CORRUPT', { skip }, async () => {
  const buf = Buffer.from(readFileSync(`${dir}/dhcp.pcapng`));
  // Find the first EPB (type 6) and break its trailing length.
  let o = 0;
  while (buf.readUInt32LE(o) !== 6) o += buf.readUInt32LE(o + 4);
  const len = buf.readUInt32LE(o + 4);
  buf.writeUInt32LE(len + 4, o + len - 4);
  const a = await analyzeCapture(write('trailer.pcapng', buf));
  assert.equal(a.error?.code, 'ND_CAPTURE_CORRUPT');
  assert.equal(a.error?.offset, o + len - 4);
});

test('an EPB naming an interface the section never described is corrupt, not a crash', { skip }, async () => {
  const buf = Buffer.from(readFileSync(`${dir}/dhcp.pcapng`));
  let o = 0;
  while (buf.readUInt32LE(o) !== 6) o += buf.readUInt32LE(o + 4);
  buf.writeUInt32LE(7, o + 8);
  const a = await analyzeCapture(write('iface.pcapng', buf));
  assert.equal(a.error?.code, 'ND_CAPTURE_CORRUPT');
  assert.match(a.error!.message, /interface 7/);
});

test('a gzip capture cut short reports the truncation after the frames it could read', { skip }, async () => {
  const gz = gzipSync(readFileSync(`${dir}/dhcp.pcap`));
  const a = await analyzeCapture(write('cut.pcap.gz', gz.subarray(0, gz.length - 30)));
  assert.equal(a.error?.code, 'ND_CAPTURE_TRUNCATED');
  assert.ok(a.counters.packets < 4);
});

test('not a capture: ND_INPUT_FORMAT naming the first bytes; empty input too', async () => {
  await assert.rejects(
    analyzeCapture(write('notes.txt', Buffer.from('hello world, not a capture'))),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ND_INPUT_FORMAT');
      assert.match(e.message, /starts with 68 65 6c 6c/);
      return true;
    },
  );
  await assert.rejects(analyzeCapture(write('empty', Buffer.alloc(0))), /empty input/);
  await assert.rejects(analyzeCapture(path.join(tmp, 'missing.pcap')), /no such file/);
});

test('CLI: a truncated capture prints the results so far, then one line with the offset, exit 2', {
  skip,
}, async () => {
  const buf = readFileSync(`${dir}/dhcp.pcap`);
  const file = write('cli-cut.pcap', buf.subarray(0, buf.length - 100));
  const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'pcap', 'summary', file]).catch(
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  assert.equal((r as { code?: number }).code, 2);
  assert.match(r.stdout, /packets\s+3/);
  assert.match(r.stdout, /pcap\.capture\.truncated/);
  assert.match(
    r.stderr,
    /^netdoctor: .*cli-cut\.pcap: capture ends in the middle of a packet record \(at byte 1042\)\n$/,
  );
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});

test('a capture that stops the reader early (corrupt or cut frame, not a capture, gzip of each) closes its file', async () => {
  // A handle left open is closed by the garbage collector with a warning; collect after each read.
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let leaked = 0;
  const onWarning = (w: Error) => {
    if (/Closing file descriptor/.test(w.message)) leaked++;
  };
  process.on('warning', onWarning);
  // A pcap header, then records: one good frame, then one claiming a 200 MiB frame (corrupt),
  // or one cut short (truncated).
  const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');
  const frame = (caplen: number, bytes: number) => {
    const r = Buffer.alloc(16 + bytes);
    r.writeUInt32LE(caplen, 8);
    r.writeUInt32LE(caplen, 12);
    return r;
  };
  const corrupt = Buffer.concat([header, frame(60, 60), frame(200 * 1024 * 1024, 64)]);
  const cut = Buffer.concat([header, frame(60, 60), frame(1000, 100)]);
  const text = Buffer.from('this is not a capture\n'.repeat(100));
  const files = [
    write('early-corrupt.pcap', corrupt),
    write('early-corrupt.pcap.gz', gzipSync(corrupt)),
    write('early-cut.pcap', cut),
    write('early-cut.pcap.gz', gzipSync(cut)),
    write('early-text.pcap', text),
    write('early-text.pcap.gz', gzipSync(text)),
  ];
  try {
    for (const f of files) {
      const r = await analyzeCapture(f).catch((e: Error) => e);
      assert.ok(r instanceof Error || r.error, `${f}: read as a good capture`);
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(
        leaked,
        0,
        `${path.basename(f)}: its file was left open until the garbage collector closed it`,
      );
    }
  } finally {
    process.off('warning', onWarning);
  }
});
