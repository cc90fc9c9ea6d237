/**
 * `netdoctor lan` through the CLI: help with examples, Japanese, vendors, render, import from
 * stdin, the watch from stdin with --json / --exec (no shell) / --digest, usage errors; and
 * `lan discover` and `lan watch --neigh` inside network namespaces this test creates.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { arpFrame, pcapOf } from '../harness/arp-pcap.js';
import { runCliCaptured } from '../harness/cli.js';
import { createNamespaces, netnsSkipReason } from '../harness/netns.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/lan/office.yaml', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'nd-lan-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('lan --help lists every action; each action has examples', async () => {
  const r = await runCliCaptured(['lan', '--help']);
  assert.equal(r.status, 0);
  for (const a of ['check', 'diff', 'apply', 'render', 'import', 'discover', 'vendor', 'watch'])
    assert.match(r.out, new RegExp(`\\n  ${a} `));
  for (const a of ['check', 'diff', 'apply', 'render', 'import', 'discover', 'vendor', 'watch']) {
    const h = await runCliCaptured(['lan', a, '--help']);
    assert.equal(h.status, 0);
    assert.match(h.out, /Examples:\n {2}(\S.*)?netdoctor lan /);
  }
});

test('lan check in Japanese; lan vendor knows 3Com and IAB blocks', async () => {
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, readFileSync(FIXTURE, 'utf8').replace('ipv4: 10.77.0.22', 'ipv4: 10.77.0.150'));
  const r = await runCliCaptured(['lan', 'check', bad, '--lang', 'ja']);
  assert.equal(r.status, 1);
  assert.match(
    r.out,
    /bad\.yaml:\d+:11: legacy-3com の固定アドレス 10\.77\.0\.150 が動的プール 10\.77\.0\.100-10\.77\.0\.199 の中にあります/,
  );
  const v = await runCliCaptured([
    'lan',
    'vendor',
    '02:60:8C:01:02:03',
    '0050.c27d.5001',
    'da:a1:19:00:00:01',
    '--json',
  ]);
  assert.equal(v.status, 0, v.err);
  const doc = JSON.parse(v.out);
  assert.deepEqual(
    doc.vendors.map((x: { organization: string; randomised: boolean }) => [x.organization, x.randomised]),
    [
      ['3COM', false],
      ['DEUTA-WERKE GmbH', false],
      ['?', true],
    ],
  );
  const u = await runCliCaptured(['lan', 'vendor', 'not-a-mac']);
  assert.equal(u.status, 2);
  assert.match(u.err, /^netdoctor: not-a-mac: not a MAC address\n$/);
});

test('lan render prints one target; lan import drafts from ip -j neigh on stdin', async () => {
  const r = await runCliCaptured(['lan', 'render', FIXTURE, '--target', 'dnsmasq']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /^dhcp-host=00:16:3e:77:00:15,00:16:3e:77:01:15,10\.77\.0\.21,nas$/m);
  assert.doesNotMatch(r.out, /banned-phone/);
  const neigh = JSON.stringify([
    { dst: '192.168.5.7', dev: 'eth0', lladdr: '00:16:3e:05:00:07', state: ['REACHABLE'] },
    { dst: '192.168.5.8', dev: 'eth0', state: ['FAILED'] },
  ]);
  const i = await runCliCaptured(['lan', 'import', '-', '--domain', 'home.arpa'], { stdin: neigh });
  assert.equal(i.status, 0, i.err);
  assert.match(i.out, /- name: host-192-168-5-7\n {4}mac: 00:16:3e:05:00:07\n {4}ipv4: 192\.168\.5\.7/);
  assert.match(i.out, /cidr: 192\.168\.5\.0\/24/);
  const e = await runCliCaptured(['lan', 'import', '-'], { stdin: 'just some words\n' });
  assert.equal(e.status, 2);
  assert.match(e.err, /cannot tell what this file is/);
});

test('lan watch from stdin: --json lines, --exec without a shell, --digest', async () => {
  const frames = [
    arpFrame(1, '00:16:3e:77:00:14', '10.77.0.20', '10.77.0.1'),
    arpFrame(1, '00:16:3e:77:0a:0a', '10.77.0.20', '10.77.0.1'),
    arpFrame(1, '00:16:3e:77:00:99', '10.77.0.60', '10.77.0.1'),
  ].map((data, i) => ({ t: 1_700_000_000 + i, data }));
  const pcap = pcapOf(frames);
  const j = await runCliCaptured(['lan', 'watch', '-', '--inventory', FIXTURE, '--json'], { stdin: pcap });
  assert.equal(j.status, 1, j.err);
  const kinds = j.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((o) => o.evidence?.kind)
    .map((o) => o.evidence.kind);
  assert.deepEqual(kinds, [
    'new-station',
    'changed-ethernet',
    'duplicate-ip',
    'unknown-mac',
    'claimed-address',
    'new-station',
    'not-allowed',
  ]);
  // --exec: a program (with a space and a ; in its path: no shell may split it) per event.
  const log = path.join(dir, 'exec.log');
  const prog = path.join(dir, 'on event;x');
  writeFileSync(prog, `#!/bin/sh\nprintf '%s|' "$@" >> '${log}'\ncat >> '${log}'\n`);
  chmodSync(prog, 0o755);
  const x = await runCliCaptured(['lan', 'watch', '-', '--inventory', FIXTURE, '--exec', prog, '--quiet'], {
    stdin: pcap,
  });
  assert.equal(x.status, 1, x.err);
  const logged = readFileSync(log, 'utf8');
  assert.match(logged, /^new-station\|10\.77\.0\.20\|00:16:3e:77:00:14\|\|printer\|\{"kind":"new-station"/);
  assert.equal(logged.match(/\|\{"kind"/g)?.length, 7);
  const d = await runCliCaptured(['lan', 'watch', '-', '--inventory', FIXTURE, '--digest', '3600'], {
    stdin: pcap,
  });
  assert.match(
    d.out,
    /^digest: 7 event\(s\) — new-station 2, changed-ethernet 1, duplicate-ip 1, unknown-mac 1, claimed-address 1, not-allowed 1\n/,
  );
  const both = await runCliCaptured(['lan', 'watch', '-', '--neigh']);
  assert.equal(both.status, 2);
  assert.match(both.err, /name one source/);
  const notPcap = await runCliCaptured(['lan', 'watch', '-'], { stdin: 'hello world, not a capture' });
  assert.equal(notPcap.status, 2);
  assert.match(notPcap.err, /^netdoctor: stdin: not a pcap or pcapng capture/);
});

const nsSkip = netnsSkipReason();

test('lan discover: a ping sweep of one subnet in a namespace names the neighbours', {
  skip: nsSkip,
  timeout: 120_000,
}, async () => {
  const ns = await createNamespaces(['me', 'lan']);
  try {
    await ns.veth('me', 'eth0', '10.88.0.1/29', 'lan', 'eth0', '10.88.0.2/29', '00:16:3e:88:00:02');
    await ns.run('lan', ['ip', 'addr', 'add', '10.88.0.3/29', 'dev', 'eth0']);
    const inv = path.join(dir, 'discover.yaml');
    writeFileSync(
      inv,
      'site:\n  domain: d.test\n  subnets:\n    - cidr: 10.88.0.0/29\ndevices:\n  - name: known\n    mac: 00:16:3e:88:00:02\n    ipv4: 10.88.0.2\n',
    );
    const { stdout } = await ns
      .run('me', [
        process.execPath,
        '--import',
        'tsx',
        BIN,
        'lan',
        'discover',
        '10.88.0.0/29',
        '--inventory',
        inv,
        '--json',
      ])
      .catch((e: { stdout: string }) => e);
    const doc = JSON.parse(stdout);
    assert.deepEqual(
      doc.neighbours.map((n: { ip: string; mac: string; name?: string; vendor?: string }) => [
        n.ip,
        n.mac,
        n.name ?? '-',
        n.vendor,
      ]),
      [
        ['10.88.0.2', '00:16:3e:88:00:02', 'known', 'Xensource, Inc.'],
        ['10.88.0.3', '00:16:3e:88:00:02', 'known', 'Xensource, Inc.'],
      ],
    );
    assert.equal(doc.swept, 6);
    assert.ok(!doc.findings.some((f: { id: string }) => f.id === 'lan.discover.unknown'));
    // An inventory without that MAC: both addresses are reported unknown, with the vendor.
    writeFileSync(inv, 'site:\n  domain: d.test\n  subnets:\n    - cidr: 10.88.0.0/29\ndevices: []\n');
    const again = await ns
      .run('me', [
        process.execPath,
        '--import',
        'tsx',
        BIN,
        'lan',
        'discover',
        '10.88.0.0/29',
        '--inventory',
        inv,
        '--no-sweep',
      ])
      .catch((e: { stdout: string }) => e);
    assert.match(again.stdout, /10\.88\.0\.2 +00:16:3e:88:00:02 +Xensource, Inc\. +UNKNOWN/);
    assert.match(
      again.stdout,
      /WARN +lan\.discover\.unknown +10\.88\.0\.3 00:16:3e:88:00:02 \(Xensource, Inc\.\) is on the LAN but not in the inventory/,
    );
    const big = await runCliCaptured(['lan', 'discover', '10.0.0.0/16']);
    assert.equal(big.status, 2);
    assert.match(big.err, /65534 addresses to sweep; confirm more than 256 \(use --yes\)/);
  } finally {
    await ns.destroy();
  }
});

test('lan watch --neigh follows the kernel neighbour table in a namespace', {
  skip: nsSkip,
  timeout: 120_000,
}, async () => {
  const ns = await createNamespaces(['me', 'lan']);
  try {
    await ns.veth('me', 'eth0', '10.89.0.1/24', 'lan', 'eth0', '10.89.0.2/24', '00:16:3e:89:00:02');
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns.name('me'),
        process.execPath,
        '--import',
        'tsx',
        BIN,
        'lan',
        'watch',
        '--neigh',
        '--json',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const closed = new Promise((r) => child.once('close', r));
    for (let i = 0; i < 60 && !out.includes('10.89.0.2'); i++) {
      await ns.run('me', ['ip', 'neigh', 'flush', 'dev', 'eth0']).catch(() => {});
      await ns.run('me', ['ping', '-c', '1', '-W', '1', '10.89.0.2']).catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
    }
    child.kill('SIGINT');
    await closed;
    const events = out
      .split('\n')
      .filter((l) => l.includes('"kind"'))
      .map((l) => JSON.parse(l).evidence);
    assert.ok(
      events.some((e) => e.kind === 'new-station' && e.ip === '10.89.0.2' && e.mac === '00:16:3e:89:00:02'),
      out,
    );
    assert.match(out, /"command":"lan watch"/, 'the summary line after SIGINT');
  } finally {
    await ns.destroy();
  }
});
