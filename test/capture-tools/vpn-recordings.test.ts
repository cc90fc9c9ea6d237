/**
 * The recorded VPN failures (test/fixtures/vpn, made by scripts/record-vpn-failures.sh with
 * strongSwan's charon between two network namespaces): what each capture shows, read with `find`
 * filters and explained by `pcap diagnose`; and a fresh recording where namespaces are allowed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findPackets } from '../../src/capture/filter/find.js';
import { summarize } from '../../src/capture/filter/packet-line.js';
import { diagnoseCapture } from '../../src/capture/index.js';
import { unavailable } from '../harness/missing.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = path.join(REPO, 'test/fixtures/vpn');
const IKE = 'ikev2-no-proposal-chosen.pcap';
const ESP = 'esp-one-way.pcap';

async function lines(file: string, filter: string): Promise<string[]> {
  const out: string[] = [];
  await findPackets(file, { filter }, (v) => {
    const s = summarize(v);
    out.push(`${s.source}>${s.destination} ${s.protocol}`);
  });
  return out;
}

/** What both recordings must show, whether committed or just recorded. */
async function checkRecordings(dir: string): Promise<void> {
  const ike = path.join(dir, IKE);
  // The initiator's IKE_SA_INIT and the responder's short answer (the notify), nothing else.
  assert.deepEqual(await lines(ike, 'isakmp'), ['10.99.0.1>10.99.0.2 ISAKMP', '10.99.0.2>10.99.0.1 ISAKMP']);
  assert.deepEqual(await lines(ike, 'esp'), []);
  const esp = path.join(dir, ESP);
  const espOut = await lines(esp, 'esp and ip.src == 10.99.0.1');
  assert.ok(espOut.length >= 3, `ESP leaves A: ${espOut.length} packets`);
  assert.deepEqual(await lines(esp, 'esp and ip.src == 10.99.0.2'), [], 'no ESP comes back from B');
  assert.ok(
    (await lines(esp, 'isakmp and ip.src == 10.99.0.2')).length >= 2,
    'B answers IKE: the tunnel was set up',
  );
}

test('the committed VPN recordings show the two failures', async () => {
  await checkRecordings(FIXTURES);
});

test('pcap diagnose explains NO_PROPOSAL_CHOSEN: who proposed what', async () => {
  const r = await diagnoseCapture(path.join(FIXTURES, IKE));
  const f = r.findings.find((x) => x.id === 'pcap.ike.no-proposal-chosen');
  assert.ok(f, `findings: ${r.findings.map((x) => x.id).join(', ')}`);
  const params = f.params as Record<string, string>;
  assert.equal(params.initiator, '10.99.0.1');
  assert.equal(params.responder, '10.99.0.2');
  assert.match(String(params.proposed), /aes128-sha256/);
});

test('pcap diagnose explains the one-way ESP (inside UDP 4500): which side never answers', async () => {
  const r = await diagnoseCapture(path.join(FIXTURES, ESP));
  const f = r.findings.find((x) => x.id === 'pcap.esp.one-way-udp' || x.id === 'pcap.esp.one-way');
  assert.ok(f, `findings: ${r.findings.map((x) => x.id).join(', ')}`);
  assert.equal(f.severity, 'fail');
  const params = f.params as Record<string, string | number>;
  assert.equal(params.sender, '10.99.0.1');
  assert.equal(params.receiver, '10.99.0.2');
  assert.equal(params.packets, 5);
});

function recordSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'recording needs root (network namespaces)';
  if (!existsSync('/usr/lib/ipsec/charon'))
    return unavailable(
      'peer strongSwan charon (/usr/lib/ipsec/charon) is not installed (Debian charon-systemd; bash scripts/install-peers.sh)',
    );
  const probe = spawnSync('ip', ['netns', 'add', `nd-probe-${process.pid}`]);
  if (probe.status !== 0) return `network namespaces are not allowed here: ${String(probe.stderr).trim()}`;
  spawnSync('ip', ['netns', 'del', `nd-probe-${process.pid}`]);
  return false;
}

test('scripts/record-vpn-failures.sh records both failures again', {
  skip: recordSkipReason(),
}, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-vpn-'));
  try {
    const r = spawnSync('bash', [path.join(REPO, 'scripts/record-vpn-failures.sh'), dir], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status === 77) {
      // namespaces refused after all: a skip that says why, not a silent pass
      t.skip(`the script could not create network namespaces: ${r.stderr.trim().split('\n').pop()}`);
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    await checkRecordings(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
