/**
 * Corpora: CrowdSec's iptables, multi-port scan (with ufw) and Proxmox firewall lines, whose
 * parser.assert files give the expected source and destination port, read by `log firewall`; the
 * same lines cut at every length never crash the reader and are counted as unparsed or other. And
 * glossy's RFC 3164 / RFC 5424 vectors through the format registry: host, program, pid, severity,
 * facility and structured data as upstream expects; lines without a tag are counted, not read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { summarizeFirewallLog } from '../../src/firewall/index.js';
import { parseLine } from '../../src/logs/index.js';
import { summarizeSyslog } from '../../src/syslog/index.js';
import { corpusDir, corpusSkip } from '../harness/corpus.js';

const crowdsec = corpusDir('crowdsec-logs');
const glossy = corpusDir('syslog-fixtures');

function lines(folder: string, file: string): string[] {
  return readFileSync(path.join(crowdsec as string, folder, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

/** `results["s01-parse"]["…/iptables-logs"][N].Evt.Parsed["F"] == "V"` → N → F → V. */
function asserted(folder: string): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  const text = readFileSync(path.join(crowdsec as string, folder, 'parser.assert'), 'utf8');
  for (const m of text.matchAll(
    /results\["s01-parse"\]\["[^"]+"\]\[(\d+)\]\.Evt\.Parsed\["(\w+)"\] == "([^"]*)"/g,
  )) {
    const row = out.get(Number(m[1])) ?? {};
    row[m[2] as string] = m[3] as string;
    out.set(Number(m[1]), row);
  }
  return out;
}

async function summarize(text: string) {
  return summarizeFirewallLog(['-'], {
    stdin: Readable.from([Buffer.from(text)]),
    top: 1000,
    scanPorts: 10,
    now: Date.UTC(2026, 11, 31),
  });
}

describe('CrowdSec firewall corpus', { skip: corpusSkip('crowdsec-logs') }, () => {
  it('iptables-logs: the packets CrowdSec parses, with its source and port; the XX= line is not one', async () => {
    const input = lines('iptables-logs', 'iptables-logs.log');
    const want = asserted('iptables-logs');
    assert.ok(want.size >= 3);
    const r = await summarize(`${input.join('\n')}\n`);
    assert.equal(r.summary.packets, 3);
    assert.equal(r.summary.lines.other, 1);
    for (const [, f] of want) {
      const pair = r.summary.pairs.find((p) => p.source === f.src_ip && p.port.startsWith(`${f.dst_port}/`));
      assert.ok(pair, `no pair ${f.src_ip} ${f.dst_port}`);
    }
    assert.ok(r.summary.prefixes.some((p) => p.prefix === 'IPTABLES-DROP: '));
  });

  it('iptables-scan-multi-port: the scanner and the ufw lines (counted as samples)', async () => {
    const input = lines('iptables-scan-multi-port', 'iptables-scan-multi-port.log');
    const r = await summarize(`${input.join('\n')}\n`);
    assert.equal(r.summary.packets, input.length);
    const ufw = r.summary.prefixes.filter((p) => p.source === 'ufw').reduce((n, p) => n + p.packets, 0);
    assert.equal(ufw, input.filter((l) => l.includes('[UFW ')).length);
    assert.ok(r.summary.scanners.some((s) => s.source === '62.34.17.168' && s.ports === 17));
    assert.ok(r.findings.some((f) => f.id === 'firewall.ufw.sampled'));
    assert.ok(r.findings.some((f) => f.id === 'firewall.scanner'));
  });

  it('proxmox-iptables-logs (pvefw-logger, no syslog header): the packets with an IN=, their source and port', async () => {
    const input = lines('proxmox-iptables-logs', 'proxmox-iptables.log');
    const want = asserted('proxmox-iptables-logs');
    const r = await summarize(`${input.join('\n')}\n`);
    // the one line with only OUT= (a host's outgoing packet) has no IN= field: not read as a packet
    assert.equal(r.summary.packets, input.filter((l) => / IN=/.test(l)).length);
    for (const [, f] of want)
      if (f.src_ip && f.dst_port)
        assert.ok(
          r.summary.pairs.some((p) => p.source === f.src_ip && p.port.startsWith(`${f.dst_port}/`)),
          `${f.src_ip} ${f.dst_port}`,
        );
  });

  it('every line cut at every length: no crash, each counted once', async () => {
    const input = [
      ...lines('iptables-logs', 'iptables-logs.log'),
      ...lines('iptables-scan-multi-port', 'iptables-scan-multi-port.log').slice(0, 6),
    ];
    const cut: string[] = [];
    for (const l of input) for (let n = 1; n < l.length; n += 3) cut.push(l.slice(0, n));
    const r = await summarize(`${cut.join('\n')}\n`);
    const s = r.summary;
    assert.equal(s.lines.total, cut.length);
    assert.equal(s.packets + s.lines.other + s.lines.unparsed, cut.length);
    assert.ok(s.lines.unparsed > 0);
  });
});

describe('glossy RFC 3164 / RFC 5424 vectors', { skip: corpusSkip('syslog-fixtures') }, () => {
  const cases = glossy
    ? (JSON.parse(readFileSync(path.join(glossy, 'glossy-parse-cases.json'), 'utf8')).parse as {
        input: string;
        expected: Record<string, unknown>;
      }[])
    : [];
  const state = () => ({ year: 2026, lastMonth: -1, reference: Date.UTC(2026, 11, 31), utcOffsetMinutes: 0 });

  it('RFC 5424: host, app, pid, severity, facility, structured data and message as upstream', () => {
    const r5424 = cases.filter((c) => c.expected.type === 'RFC5424');
    assert.equal(r5424.length, 4);
    for (const c of r5424) {
      const rec = parseLine(c.input, state());
      assert.ok(rec, c.input);
      const e = c.expected;
      assert.equal(rec.host, e.host);
      assert.equal(rec.program, e.appName);
      assert.equal(rec.pid, e.pid ?? undefined);
      assert.equal(rec.severity, e.severityID);
      assert.equal(rec.facility, e.facilityID);
      assert.deepEqual(rec.structuredData, e.structuredData);
      assert.equal(rec.message, e.message);
    }
  });

  it('RFC 3164 with PRI: severity and facility; lines without a tag are counted as unparsed', async () => {
    const su = cases.find((c) => c.input.includes('mymachine su:'));
    const rec = parseLine(su?.input ?? '', state());
    assert.deepEqual([rec?.host, rec?.program, rec?.severity, rec?.facility], ['mymachine', 'su', 2, 4]);
    const r = await summarizeSyslog(['-'], {
      stdin: Readable.from([Buffer.from(`${cases.map((c) => c.input).join('\n')}\n`)]),
    });
    assert.equal(r.summary.records + r.summary.unparsed, cases.length);
    assert.equal(r.summary.records, 5); // the four RFC 5424 lines and su's
  });
});
