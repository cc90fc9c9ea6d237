/**
 * `log firewall --format`: the format of an input is named from its first lines (in --json), and
 * a forced format reads every line in it — a packet line in another format is then unparsed, as
 * the shared reader counts it — and an unknown format is a usage error naming it (exit 2).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { summarizeFirewallLog } from '../../src/firewall/index.js';
import { runCliCaptured } from '../harness/cli.js';

const FIELDS =
  'kernel: filter_IN_public_REJECT: IN=eth0 OUT= MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:08:00 SRC=203.0.113.77 DST=192.0.2.10 LEN=52 TOS=0x00 PREC=0x00 TTL=117 ID=5151 DF PROTO=TCP SPT=50123 DPT=3389 WINDOW=64240 RES=0x00 SYN URGP=0 ';
const BSD = `Dec  6 09:00:01 fw1 ${FIELDS}`;
const RFC3339 = `2026-12-06T09:00:02.123456+09:00 fw1 ${FIELDS}`;

describe('log firewall --format', () => {
  let dir = '';
  let mixed = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nd-fwlog-format-'));
    mixed = path.join(dir, 'kern.log');
    writeFileSync(mixed, `${BSD}\n${BSD}\n${BSD}\n${RFC3339}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('detected per line by default; the input named by its first lines', async () => {
    const r = await summarizeFirewallLog([mixed], { now: Date.UTC(2026, 11, 7) });
    assert.equal(r.summary.packets, 4);
    assert.equal(r.summary.lines.unparsed, 0);
    assert.equal(r.inputs[0]?.format, 'syslog-bsd');
  });

  it('forced: lines in another format are unparsed, the others read as before', async () => {
    const bsd = await summarizeFirewallLog([mixed], { format: 'syslog-bsd', now: Date.UTC(2026, 11, 7) });
    assert.equal(bsd.summary.packets, 3);
    assert.equal(bsd.summary.lines.unparsed, 1);
    assert.match(bsd.summary.unparsedExamples[0] ?? '', /^2026-12-06T09:00:02/);
    const rfc = await summarizeFirewallLog([mixed], { format: 'syslog-rfc3339' });
    assert.equal(rfc.summary.packets, 1);
    assert.equal(rfc.summary.lines.unparsed, 3);
    assert.equal(rfc.summary.pairs[0]?.source, '203.0.113.77');
  });

  it('an unknown format: a usage error naming it, exit 2 in one line', async () => {
    await assert.rejects(
      summarizeFirewallLog([mixed], { format: 'nope' }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'ND_USAGE');
        assert.match(e.message, /syslog-bsd/);
        return true;
      },
    );
    const cli = await runCliCaptured(['log', 'firewall', mixed, '--format', 'nope']);
    assert.equal(cli.status, 2);
    assert.equal(cli.err.trim().split('\n').length, 1, cli.err);
    assert.match(cli.err, /nope/);
    const ok = await runCliCaptured(['log', 'firewall', mixed, '--format', 'syslog-bsd', '--json']);
    const data = JSON.parse(ok.out);
    assert.equal(data.inputs[0].format, 'syslog-bsd');
    assert.equal(data.summary.lines.unparsed, 1);
  });
});
