/**
 * Bad input to `log waf`: binary data, a 100 MB line, a file cut in the middle of an entry, a
 * missing Z boundary, a gzip cut short, a concurrent-log tree with stray files — each counted and
 * named in a finding, the rest still read, memory flat, exit status per the contract. And the
 * same counts whatever the chunk boundaries of the input (STYLE habit 10), whatever the order the
 * rotated files are named in.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { summarizeWafLog } from '../../src/waf/index.js';
import { runCliCaptured } from '../harness/cli.js';

/** A real mod_security2 + CRS 3.3.4 serial audit log: 5 entries (SQLi, XSS, traversal, Nikto, a clean request). */
const FIXTURE = fileURLToPath(new URL('../fixtures/waf/modsec_audit', import.meta.url));
const TEXT = readFileSync(FIXTURE, 'utf8');
const ENTRIES = TEXT.split(/^--[0-9a-f]{8}-A--$/m).length - 1;

function ruleCounts(r: Awaited<ReturnType<typeof summarizeWafLog>>): Record<string, number> {
  return Object.fromEntries(r.summary.rules.map((x) => [x.id, x.hits]));
}

describe('log waf: bad input is counted, never fatal', () => {
  let dir = '';
  let whole: Record<string, number> = {};

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nd-waf-bad-'));
    const r = await summarizeWafLog([FIXTURE], { top: 1000 });
    whole = ruleCounts(r);
    assert.equal(ENTRIES, 5);
    assert.equal(r.summary.totals.entries, ENTRIES);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the same counts fed whole, byte by byte and in random chunks', async () => {
    const bytes = Buffer.from(TEXT);
    const chunkings: number[][] = [[bytes.length], Array(bytes.length).fill(1)];
    let seed = 7;
    const random: number[] = [];
    for (let n = 0; n < bytes.length; ) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const k = 1 + (seed % 700);
      random.push(k);
      n += k;
    }
    chunkings.push(random);
    for (const sizes of chunkings) {
      const chunks: Buffer[] = [];
      let at = 0;
      for (const k of sizes) {
        chunks.push(bytes.subarray(at, at + k));
        at += k;
      }
      const r = await summarizeWafLog(['-'], { stdin: Readable.from(chunks), top: 1000 });
      assert.deepEqual(ruleCounts(r), whole, `${sizes.length} chunks`);
      assert.equal(r.summary.totals.unparsed, 0);
    }
  });

  it('stdin: gzip is unpacked, binary data refused with a finding', async () => {
    const gz = await summarizeWafLog(['-'], {
      stdin: Readable.from([gzipSync(Buffer.from(TEXT))]),
      top: 1000,
    });
    assert.deepEqual(ruleCounts(gz), whole);
    const bin = await summarizeWafLog(['-'], { stdin: Readable.from([Buffer.from([0, 1, 2, 0, 0x7f, 0])]) });
    assert.ok(bin.findings.some((f) => f.id === 'waf.input.problem'));
    assert.equal(bin.summary.totals.entries, 0);
    // Binary data inside gzip too, looked at once decompressed.
    const gzBin = await summarizeWafLog(['-'], {
      stdin: Readable.from([gzipSync(Buffer.concat([Buffer.from([0, 1, 2, 0]), randomBytes(20_000)]))]),
    });
    const problem = gzBin.findings.find((f) => f.id === 'waf.input.problem');
    assert.match(JSON.stringify(problem?.params), /binary/);
    assert.equal(gzBin.summary.totals.entries, 0);
  });

  it('a file cut in the middle of an entry: the entries before are read, the cut one counted', async () => {
    const cut = path.join(dir, 'cut.log');
    const lastA = TEXT.lastIndexOf('-A--');
    writeFileSync(cut, TEXT.slice(0, lastA + 400));
    const r = await summarizeWafLog([cut]);
    assert.equal(r.summary.totals.entries, ENTRIES - 1);
    assert.equal(r.summary.totals.unparsed, 1);
    const f = r.findings.find((x) => x.id === 'waf.input.unparsed');
    assert.equal(f?.params?.count, 1);
    assert.match(String(f?.params?.sample), /^cut-entry/);
  });

  it('a missing Z boundary: that entry is counted as unparsed, the next one read', async () => {
    const noZ = path.join(dir, 'no-z.log');
    const firstZ = /^--[0-9a-f]{8}-Z--\n/m.exec(TEXT) as RegExpExecArray;
    writeFileSync(noZ, TEXT.slice(0, firstZ.index) + TEXT.slice(firstZ.index + firstZ[0].length));
    const r = await summarizeWafLog([noZ]);
    assert.equal(r.summary.totals.entries, ENTRIES - 1);
    assert.equal(r.summary.totals.unparsed, 1);
  });

  it('binary data is skipped with a finding; the other inputs are read', async () => {
    const bin = path.join(dir, 'modsec_audit.bin');
    writeFileSync(bin, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), randomBytes(8000)]));
    const r = await summarizeWafLog([bin, FIXTURE], { top: 1000 });
    assert.deepEqual(ruleCounts(r), whole);
    const p = r.findings.find((x) => x.id === 'waf.input.problem');
    assert.equal(p?.params?.input, bin);
  });

  it('a 100 MB line is cut at the 4 MiB cap, memory stays flat, the entries around it are read', async () => {
    const f = path.join(dir, 'huge.log');
    const fd = openSync(f, 'w');
    const half = TEXT.indexOf('--', TEXT.indexOf('-Z--') + 4);
    writeSync(fd, TEXT.slice(0, half));
    const block = Buffer.alloc(1024 * 1024, 0x7b); // '{' — a JSON entry that never ends
    for (let i = 0; i < 100; i++) writeSync(fd, block);
    writeSync(fd, `\n${TEXT.slice(half)}`);
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const r = await summarizeWafLog([f], { top: 1000 });
    const grew = process.memoryUsage().rss - before;
    assert.deepEqual(ruleCounts(r), whole);
    assert.equal(r.inputs[0]?.cutLines, 1);
    assert.equal(r.summary.totals.unparsed, 1);
    // Held whole the line would cost 100 MB (200 MB as a string); the reader keeps 4 MiB of it.
    assert.ok(grew < 90 * 1024 * 1024, `rss grew ${grew} bytes`);
    assert.ok(Date.now() - t0 < 20_000);
  });

  it('rotations are read oldest first, a gzip cut short read up to the cut', async () => {
    const d = path.join(dir, 'rotated');
    mkdirSync(d);
    writeFileSync(path.join(d, 'modsec_audit.log'), TEXT);
    writeFileSync(path.join(d, 'modsec_audit.log.1'), TEXT);
    const gz = gzipSync(Buffer.from(TEXT.repeat(40)));
    writeFileSync(path.join(d, 'modsec_audit.log.2.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(
      path.join(d, 'access.log'),
      '127.0.0.1 - - [06/Dec/2026:21:00:00 +0000] "GET / HTTP/1.1" 200 5\n',
    );
    const named = ['modsec_audit.log', 'modsec_audit.log.2.gz', 'modsec_audit.log.1'].map((n) =>
      path.join(d, n),
    );
    const r = await summarizeWafLog(named);
    assert.deepEqual(
      r.inputs.map((i) => path.basename(i.name)),
      ['modsec_audit.log.2.gz', 'modsec_audit.log.1', 'modsec_audit.log'],
    );
    assert.ok((r.inputs[0]?.entries ?? 0) > 10, 'the cut .gz is read up to the cut');
    assert.ok(
      r.findings.some((x) => x.id === 'waf.input.problem' && String(x.params?.input).endsWith('.2.gz')),
    );
    const asDir = await summarizeWafLog([d]);
    assert.deepEqual(
      asDir.skipped.map((s) => path.basename(s)),
      ['access.log'],
    );
    assert.equal(asDir.summary.totals.entries, r.summary.totals.entries);
  });

  it('--since/--until keep the entries in the window', async () => {
    const all = await summarizeWafLog([FIXTURE]);
    const first = all.summary.totals.first as number;
    const last = all.summary.totals.last as number;
    assert.ok(last > first);
    const late = await summarizeWafLog([FIXTURE], { since: last });
    assert.equal(late.summary.totals.entries, 1);
    assert.equal(late.summary.totals.filteredOut, ENTRIES - 1);
    const early = await summarizeWafLog([FIXTURE], { until: last });
    assert.equal(early.summary.totals.entries, ENTRIES - 1);
    const none = await summarizeWafLog([FIXTURE], { host: 'other.example' });
    assert.equal(none.summary.totals.entries, 0);
    assert.ok(!none.findings.some((f) => f.id === 'waf.no-entries'), 'entries were there, only filtered out');
  });

  it('the CLI: a missing file or an empty directory is one line and exit 2; text that is no audit log is a finding, exit 1', async () => {
    const missing = await runCliCaptured(['log', 'waf', path.join(dir, 'nope.log')]);
    assert.equal(missing.status, 2);
    assert.equal(missing.err.trim().split('\n').length, 1, missing.err);
    assert.match(missing.err, /nope\.log/);
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'notes.txt'), 'x\n');
    const e = await runCliCaptured(['log', 'waf', empty, '--lang', 'ja']);
    assert.equal(e.status, 2);
    assert.match(e.err, /監査ログがありません/);
    const text = path.join(dir, 'syslog');
    writeFileSync(text, 'Dec  6 10:00:00 host kernel: hello\n');
    const r = await runCliCaptured(['log', 'waf', text, '--json']);
    assert.equal(r.status, 1, r.err);
    const ids = (JSON.parse(r.out) as { findings: { id: string }[] }).findings.map((f) => f.id);
    assert.deepEqual(ids.sort(), ['waf.input.unparsed', 'waf.no-entries']);
    const none = await runCliCaptured(['log', 'waf']);
    assert.equal(none.status, 2);
  });
});
