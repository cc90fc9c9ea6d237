/**
 * One big firewall log read on worker threads over byte ranges gives the summary, the findings
 * and the input reports of the single read in order — on the CrowdSec and glossy corpora, on
 * malformed and cut lines (every line cut at every length, over-long lines at a small cap, binary
 * bytes, CRLF, a last line without its newline), on a generated firewalld log with --since and
 * --until, with a forced format, past the pair table's cap, and on a log across New Year, where
 * the ranges cannot know the year and the reader falls back to one piece. (The real kernel lines
 * are compared in kernel-log.test.ts.) Ranges are forced on these small files
 * (`parallelFromBytes: 0`), mostly with 3 threads, and with 2 and 7 on the generated log.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from '../../bench/logs/generate.js';
import { type FirewallLogOptions, summarizeFirewallLog } from '../../src/firewall/index.js';
import { corpusDir } from '../harness/corpus.js';

const NOW = Date.UTC(2026, 11, 31);

/** Everything a caller sees, in a form deepEqual compares (the problems as their text). */
async function outcome(files: string[], o: FirewallLogOptions) {
  const r = await summarizeFirewallLog(files, { now: NOW, top: 1000, scanPorts: 5, ...o });
  return {
    summary: r.summary,
    findings: r.findings,
    inputs: r.inputs.map((i) => ({ ...i, problem: i.problem?.message })),
    skipped: r.skipped,
  };
}

/** The single read, and the split reads with these threads: all equal. */
export async function assertSameSplit(
  files: string[],
  o: FirewallLogOptions = {},
  threadCounts: number[] = [3],
): Promise<void> {
  const one = await outcome(files, { ...o, threads: 1 });
  for (const threads of threadCounts) {
    const split = await outcome(files, { ...o, threads, parallelFromBytes: 0 });
    assert.deepEqual(split.inputs, one.inputs, `${threads} threads on ${files.join(', ')}: inputs`);
    assert.deepEqual(split.summary, one.summary, `${threads} threads on ${files.join(', ')}: summary`);
    assert.deepEqual(split, one, `${threads} threads on ${files.join(', ')}`);
  }
}

const PACKET = (src: string, port: number, stamp = 'Dec  6 09:00:01') =>
  `${stamp} fw1 kernel: filter_IN_public_REJECT: IN=eth0 OUT= MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:08:00 SRC=${src} DST=192.0.2.10 LEN=52 TOS=0x00 PREC=0x00 TTL=117 ID=5151 DF PROTO=TCP SPT=50123 DPT=${port} WINDOW=64240 RES=0x00 SYN URGP=0 `;

describe('log firewall on worker threads: the same as one read in order', () => {
  let dir = '';
  const file = (name: string, text: string | Buffer) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nd-fwlog-split-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the CrowdSec iptables, scan and Proxmox lines, whole and cut at every length', async (t) => {
    const crowdsec = corpusDir('crowdsec-logs');
    if (!crowdsec) return t.skip('corpus crowdsec-logs not present');
    const whole: string[] = [];
    for (const folder of ['iptables-logs', 'iptables-scan-multi-port']) {
      const text = readFileSync(path.join(crowdsec, folder, `${folder}.log`), 'utf8');
      whole.push(text);
      await assertSameSplit([file(`${folder}.log`, text)], { now: NOW });
    }
    const prox = path.join(crowdsec, 'proxmox-iptables-logs');
    for (const f of readdirSync(prox).filter((n) => n.endsWith('.log')))
      await assertSameSplit([file(`prox-${f}`, readFileSync(path.join(prox, f)))]);
    const lines = whole.join('\n').split('\n').filter(Boolean);
    const cut: string[] = [];
    for (const l of lines) for (let n = 1; n < l.length; n += 3) cut.push(l.slice(0, n));
    await assertSameSplit([file('cut.log', `${cut.join('\n')}\n`)]);
  });

  it('glossy syslog vectors', async (t) => {
    const glossy = corpusDir('syslog-fixtures');
    if (!glossy) return t.skip('corpus syslog-fixtures not present');
    const cases = JSON.parse(readFileSync(path.join(glossy, 'glossy-parse-cases.json'), 'utf8')).parse as {
      input: string;
    }[];
    const text = cases.map((c) => c.input).join('\n');
    await assertSameSplit([file('glossy.log', `${text}\n${text}\n`)]);
  });

  it('malformed lines: over-long at a small cap, binary bytes, CRLF, no final newline, other formats', async () => {
    const parts: (string | Buffer)[] = [];
    for (let i = 0; i < 400; i++) {
      const p = PACKET(
        `203.0.113.${i % 7}`,
        20 + (i % 13),
        `Dec  6 09:${String(i % 60).padStart(2, '0')}:01`,
      );
      parts.push(`${p}\n`);
      if (i % 17 === 0) parts.push(`${p.slice(0, 90 + (i % 60))}\n`); // cut inside the fields
      if (i % 23 === 0) parts.push(`${p.repeat(3)}\n`); // longer than the 400-byte cap below
      if (i % 29 === 0) parts.push(`${p}\r\n`);
      if (i % 31 === 0) parts.push(Buffer.from([0xff, 0xfe, 0x41, 0x80, 0x0a]));
      if (i % 37 === 0)
        parts.push(
          `2026-12-06T09:00:${String(i % 60).padStart(2, '0')}+09:00 fw1 kernel: X IN=eth0 OUT= SRC=fd00:0000:0000:0000:0000:0000:0000:00${String(i % 90).padStart(2, '0')} DST=fd00::1 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=1 PROTO=UDP SPT=1 DPT=53 LEN=40 \n`,
        );
      if (i % 41 === 0)
        parts.push(
          `{"MESSAGE":"J: IN=eth0 OUT= SRC=198.51.100.${i % 9} DST=192.0.2.1 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=TCP SPT=1 DPT=443 ","__REALTIME_TIMESTAMP":"1765011600000000"}\n`,
        );
      if (i % 43 === 0)
        parts.push(
          `[ 1234.567${i}] dmesg: IN=eth0 OUT= SRC=10.0.0.${i % 5} DST=10.0.0.1 LEN=1 PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=1 \n`,
        );
      if (i % 47 === 0) parts.push('\n\n');
    }
    parts.push(PACKET('192.0.2.99', 9)); // no final newline
    const mixed = file(
      'mixed.log',
      Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x) : x))),
    );
    await assertSameSplit([mixed], { maxLineBytes: 400, keepUnparsed: 1000 });
    await assertSameSplit([mixed], { format: 'syslog-bsd', keepUnparsed: 5 });
  });

  it('a generated firewalld log: whole, with --since/--until, past the pair cap, beside a rotated file', async () => {
    const log = path.join(dir, 'firewalld');
    await generate(log, 20_000);
    const old = file('firewalld-20261204', `${PACKET('203.0.113.77', 3389, 'Dec  4 23:59:59')}\n`);
    await assertSameSplit([log], {}, [2, 7]);
    await assertSameSplit([log, old]);
    await assertSameSplit([log], { since: Date.UTC(2026, 11, 5, 6), until: Date.UTC(2026, 11, 5, 18, 30) });
    await assertSameSplit([log], { maxPairs: 300 });
  });

  it('a log across New Year: the year is right, as in one read', async () => {
    const lines: string[] = [];
    for (let d = 28; d <= 31; d++)
      for (let i = 0; i < 50; i++)
        lines.push(PACKET('203.0.113.5', 22, `Dec ${d} 10:00:${String(i).padStart(2, '0')}`));
    for (let d = 1; d <= 3; d++)
      for (let i = 0; i < 50; i++)
        lines.push(PACKET('203.0.113.5', 22, `Jan  ${d} 10:00:${String(i).padStart(2, '0')}`));
    const f = file('newyear.log', `${lines.join('\n')}\n`);
    await assertSameSplit([f], { now: Date.UTC(2027, 0, 4) });
    const r = await summarizeFirewallLog([f], {
      threads: 3,
      parallelFromBytes: 0,
      now: Date.UTC(2027, 0, 4),
    });
    assert.equal(r.summary.first, '2026-12-28T10:00:00');
    assert.equal(r.summary.last, '2027-01-03T10:00:49');
  });
});
