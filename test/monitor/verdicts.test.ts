/**
 * The kinds that ask DNS or scan, against real peers: `dnsbl` against the test BIND serving a
 * test blocklist zone (RFC 5782: 127.0.0.2 listed with a TXT reason, 127.0.0.1 not listed, a list
 * the server does not answer for → UNKNOWN, never clean); `exposure` against a loopback listener
 * (a port that must be closed is open → CRITICAL; closed → OK).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCheck } from '../../src/monitor/index.js';
import { type BindServer, namedPath, startBind } from '../harness/bind.js';
import { toolSkip } from '../harness/peers.js';
import { freePort } from '../harness/ports.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nd-monitor-verdicts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BL = 'bl.example.test';
const ZONE = `$TTL 60
@ IN SOA ns.${BL}. hostmaster.${BL}. 1 3600 600 86400 60
@ IN NS ns.${BL}.
ns IN A 127.0.0.1
; RFC 5782 §5: 127.0.0.2 is always listed, 127.0.0.1 never.
2.0.0.127 IN A 127.0.0.2
2.0.0.127 IN TXT "listed for the test: see https://bl.example.test/127.0.0.2"
`;

describe('dnsbl against the test BIND', { skip: toolSkip(namedPath()) }, () => {
  let bind: BindServer;
  before(async () => {
    const file = path.join(dir, `${BL}.zone`);
    writeFileSync(file, ZONE);
    bind = await startBind({ zones: [{ zone: BL, file }] });
  });
  after(async () => {
    await bind?.stop();
  });

  test('listed, not listed, and a list that does not answer', async () => {
    const o = { timeoutMs: 5000, servers: [bind.address], blocklists: [BL] };
    const listed = await runCheck('dnsbl', '127.0.0.2', o);
    assert.equal(listed.state, 'critical');
    assert.equal(listed.findings[0]?.id, 'monitor.dnsbl.listed');
    assert.match(JSON.stringify(listed.findings[0]?.params), /listed for the test/);
    const clean = await runCheck('dnsbl', '127.0.0.1', o);
    assert.equal(clean.state, 'ok', JSON.stringify(clean.findings));
    assert.equal(clean.findings[0]?.id, 'monitor.dnsbl.clean');
    // A zone this server is not authoritative for: REFUSED, so the address is not called clean.
    const unanswered = await runCheck('dnsbl', '127.0.0.1', { ...o, blocklists: [BL, 'other.example.test'] });
    assert.equal(unanswered.state, 'unknown', JSON.stringify(unanswered.findings));
    assert.ok(unanswered.findings.some((f) => f.id === 'monitor.dnsbl.unanswered'));
  });
});

test('exposure: a port that must be closed is open → CRITICAL; closed → OK', async () => {
  const host = '127.61.10.1';
  const server = net.createServer((c) => c.end());
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  const open = (server.address() as net.AddressInfo).port;
  const shut = await freePort();
  try {
    const bad = await runCheck('exposure', host, { timeoutMs: 5000, closedPorts: `${shut},${open}` });
    assert.equal(bad.state, 'critical');
    assert.deepEqual(bad.data?.open, [open]);
    assert.equal(bad.findings[0]?.id, 'monitor.exposure.open');
    const good = await runCheck('exposure', host, { timeoutMs: 5000, closedPorts: String(shut) });
    assert.equal(good.state, 'ok', JSON.stringify(good.findings));
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
