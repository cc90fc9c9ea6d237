/**
 * Hostile input to `log firewall` and `log syslog`: a binary file, a `.gz` cut short, a 100 MB
 * line (cut at the cap, memory flat, the lines around it read), megabyte lines without a newline
 * or a space (no search past the line: linear time), and a missing file (one line, exit 2).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { summarizeFirewallLog } from '../../src/firewall/index.js';
import { summarizeSyslog } from '../../src/syslog/index.js';
import { runCliCaptured } from '../harness/cli.js';

const PACKET =
  'Dec  6 09:00:01 fw1 kernel: filter_IN_public_REJECT: IN=eth0 OUT= MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:08:00 SRC=203.0.113.77 DST=192.0.2.10 LEN=52 TOS=0x00 PREC=0x00 TTL=117 ID=5151 DF PROTO=TCP SPT=50123 DPT=3389 WINDOW=64240 RES=0x00 SYN URGP=0 ';

describe('bad input to log firewall and log syslog', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nd-fwlog-bad-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a binary file and a cut .gz: findings naming them, the rest read', async () => {
    const good = path.join(dir, 'firewalld');
    writeFileSync(good, `${PACKET}\n`.repeat(3));
    const bin = path.join(dir, 'firewalld.1');
    writeFileSync(bin, Buffer.concat([Buffer.from([0, 1, 2, 0]), randomBytes(8192)]));
    const gz = gzipSync(`${PACKET}\n`.repeat(2000));
    const cut = path.join(dir, 'firewalld.2.gz');
    writeFileSync(cut, gz.subarray(0, gz.length - 40));
    const r = await summarizeFirewallLog([good, bin, cut]);
    const problems = r.findings.filter((f) => f.id === 'firewall.input.problem').map((f) => f.params?.input);
    assert.deepEqual(problems.sort(), [bin, cut].sort());
    assert.ok(r.summary.packets > 1000, `${r.summary.packets} packets read`);
    const s = await summarizeSyslog([bin, cut]);
    assert.equal(s.findings.filter((f) => f.id === 'syslog.input.problem').length, 2);
  });

  it('a 100 MB line is cut, memory stays flat, the lines around it are read', async () => {
    const f = path.join(dir, 'huge');
    const fd = openSync(f, 'w');
    writeSync(fd, `${PACKET}\n`);
    writeSync(fd, 'Dec  6 10:00:00 fw1 kernel: IN=eth0 OUT= SRC=');
    const block = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 100; i++) writeSync(fd, block);
    writeSync(fd, `\n${PACKET}\n`);
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const r = await summarizeFirewallLog([f]);
    const grew = process.memoryUsage().rss - before;
    assert.equal(r.summary.packets, 2);
    assert.equal(r.inputs[0]?.cut, 1);
    assert.ok(r.findings.some((x) => x.id === 'firewall.input.cut-lines'));
    assert.ok(grew < 90 * 1024 * 1024, `rss grew ${grew} bytes`);
    assert.ok(Date.now() - t0 < 15_000);
    const s = await summarizeSyslog([f]);
    assert.equal(s.summary.records, 2);
    assert.ok(s.findings.some((x) => x.id === 'syslog.input.cut-lines'));
  });

  it('many long lines without a space, a bracket or a field: linear time', async () => {
    const line = `Dec  6 10:00:00 fw1 kernel: [${'x'.repeat(30_000)}`;
    const noSpace = `2026-12-06T10:00:00${'y'.repeat(30_000)}`;
    const f = path.join(dir, 'long');
    writeFileSync(
      f,
      `${Array.from({ length: 400 }, (_, i) => (i % 2 ? line : noSpace)).join('\n')}\n${PACKET}\n`,
    );
    const t0 = Date.now();
    const r = await summarizeFirewallLog([f]);
    assert.equal(r.summary.packets, 1);
    assert.ok(Date.now() - t0 < 5_000, `${Date.now() - t0} ms`);
  });

  it('a gzipped binary (a core dump, an archive) is refused at its first bytes, not read to the end', async () => {
    const good = path.join(dir, 'firewalld-ok');
    writeFileSync(good, `${PACKET}\n`.repeat(3));
    const zeros = path.join(dir, 'firewalld.3.gz');
    writeFileSync(zeros, gzipSync(Buffer.alloc(50 * 1024 * 1024)));
    const random = path.join(dir, 'firewalld.4.gz');
    writeFileSync(random, gzipSync(randomBytes(100_000)));
    const t0 = Date.now();
    const r = await summarizeFirewallLog([good, zeros, random]);
    const problems = r.findings.filter((f) => f.id === 'firewall.input.problem');
    assert.deepEqual(problems.map((f) => f.params?.input).sort(), [zeros, random].sort());
    for (const f of problems) assert.match(JSON.stringify(f.params), /binary data/);
    assert.equal(r.summary.packets, 3);
    const s = await summarizeSyslog([zeros, random]);
    assert.equal(s.findings.filter((f) => f.id === 'syslog.input.problem').length, 2);
    // 50 MB of zeros were not decompressed to the end.
    assert.ok(Date.now() - t0 < 5_000, `${Date.now() - t0} ms`);
  });

  it('the CLI: a missing file is one line and exit 2; a binary file alone is a finding', async () => {
    for (const action of ['firewall', 'syslog']) {
      const missing = await runCliCaptured(['log', action, path.join(dir, 'nope')]);
      assert.equal(missing.status, 2);
      assert.equal(missing.err.trim().split('\n').length, 1, missing.err);
      assert.match(missing.err, /nope/);
    }
    const bin = path.join(dir, 'binary');
    writeFileSync(bin, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), randomBytes(2000)]));
    const r = await runCliCaptured(['log', 'firewall', bin, '--json']);
    assert.equal(r.status, 1, r.err);
    assert.ok(JSON.parse(r.out).findings.some((f: { id: string }) => f.id === 'firewall.input.problem'));
    const ja = await runCliCaptured(['log', 'firewall', bin, '--lang', 'ja']);
    assert.match(ja.out, /バイナリ/);
  });
});
