/**
 * A real DHCP exchange in network namespaces this test creates: dnsmasq, then Kea, each run from
 * the configuration `lan apply` generated, serve a veth; a client (busybox udhcpc) whose veth
 * carries an inventory MAC gets exactly its fixed address, and a stranger gets a pool address.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { applyPlan, parseInventory, planTargets } from '../../src/lan/index.js';
import { createNamespaces, netnsSkipReason, peerSkipReason } from '../harness/netns.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nd-lan-dhcp-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const INVENTORY = `site:
  domain: dhcp.test
  interface: eth0
  lease-time: 600
  subnets:
    - cidr: 10.66.0.0/24
      gateway: 10.66.0.1
      pool: 10.66.0.100-10.66.0.150
  targets:
    dnsmasq: dnsmasq.conf
    kea: kea-dhcp4.conf
devices:
  - name: server
    mac: 00:16:3e:66:00:01
    ipv4: 10.66.0.1
  - name: printer
    mac: 00:16:3e:66:00:14
    ipv4: 10.66.0.20
  - name: laptop
    macs: [00:16:3e:66:00:30, 00:16:3e:66:01:30]
    ipv4: 10.66.0.30
`;

const skip =
  netnsSkipReason() ||
  peerSkipReason(['dnsmasq', 'kea-dhcp4', 'busybox'], 'dnsmasq, kea-dhcp4-server, busybox');

/** udhcpc in `cli` on eth0 with MAC `mac`: the address it was offered and bound. */
async function lease(ns: Awaited<ReturnType<typeof createNamespaces>>, mac: string): Promise<string> {
  await ns.run('cli', ['ip', 'link', 'set', 'eth0', 'down']);
  await ns.run('cli', ['ip', 'link', 'set', 'eth0', 'address', mac]);
  await ns.run('cli', ['ip', 'link', 'set', 'eth0', 'up']);
  const script = path.join(dir, 'udhcpc.sh');
  writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] && echo "BOUND $ip"\nexit 0\n');
  chmodSync(script, 0o755);
  const { stdout } = await ns.run(
    'cli',
    ['busybox', 'udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-t', '8', '-T', '1', '-s', script],
    {
      timeout: 30_000,
    },
  );
  const m = /BOUND (\S+)/.exec(stdout);
  assert.ok(m, `udhcpc bound no address: ${stdout}`);
  return m[1] as string;
}

async function withServer(argv: string[], env: NodeJS.ProcessEnv, body: () => Promise<void>): Promise<void> {
  const child: ChildProcess = spawn('ip', argv, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(child.exitCode, null, `the DHCP server exited: ${err}`);
    await body();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
  }
}

test('dnsmasq and Kea from the generated configs give inventory MACs their fixed addresses', {
  skip,
  timeout: 180_000,
}, async () => {
  const invFile = path.join(dir, 'lan.yaml');
  writeFileSync(invFile, INVENTORY);
  // Kea: the admin's own configuration with the markers inside "reservations" (the usual case).
  writeFileSync(
    path.join(dir, 'kea-dhcp4.conf'),
    `// hand-written
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "eth0" ] },
    "lease-database": { "type": "memfile", "persist": false },
    "valid-lifetime": 600,
    "subnet4": [ { "id": 66, "subnet": "10.66.0.0/24", "pools": [ { "pool": "10.66.0.100 - 10.66.0.150" } ],
                   "reservations-global": true, "reservations-in-subnet": false } ],
    "reservations": [
      // BEGIN netdoctor lan
      // END netdoctor lan
    ]
} }
`,
  );
  const inv = parseInventory(INVENTORY, invFile);
  const r = applyPlan(planTargets(inv));
  assert.deepEqual(
    r.files.map((f) => f.status),
    ['written', 'written'],
  );
  assert.match(readFileSync(path.join(dir, 'kea-dhcp4.conf'), 'utf8'), /"hw-address": "00:16:3e:66:00:14"/);
  const ns = await createNamespaces(['srv', 'cli']);
  try {
    await ns.veth('srv', 'eth0', '10.66.0.1/24', 'cli', 'eth0', undefined, '00:16:3e:66:00:14');
    await withServer(
      [
        'netns',
        'exec',
        ns.name('srv'),
        'dnsmasq',
        '--no-daemon',
        `--conf-file=${path.join(dir, 'dnsmasq.conf')}`,
        '--port=0',
        '--user=root',
        `--dhcp-leasefile=${path.join(dir, 'dnsmasq.leases')}`,
        `--pid-file=${path.join(dir, 'dnsmasq.pid')}`,
      ],
      {},
      async () => {
        assert.equal(await lease(ns, '00:16:3e:66:00:14'), '10.66.0.20', 'dnsmasq: printer');
        assert.equal(await lease(ns, '00:16:3e:66:01:30'), '10.66.0.30', 'dnsmasq: laptop, second MAC');
        const stranger = await lease(ns, '00:16:3e:66:0f:0f');
        assert.match(stranger, /^10\.66\.0\.(1[0-4]\d|150)$/, 'dnsmasq: a stranger gets a pool address');
      },
    );
    await withServer(
      ['netns', 'exec', ns.name('srv'), 'kea-dhcp4', '-c', path.join(dir, 'kea-dhcp4.conf')],
      { KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: path.join(dir, 'kea.log') },
      async () => {
        assert.equal(await lease(ns, '00:16:3e:66:00:14'), '10.66.0.20', 'Kea: printer');
        assert.equal(await lease(ns, '00:16:3e:66:00:30'), '10.66.0.30', 'Kea: laptop');
        const stranger = await lease(ns, '00:16:3e:66:0e:0e');
        assert.match(stranger, /^10\.66\.0\.(1[0-4]\d|150)$/, 'Kea: a stranger gets a pool address');
      },
    );
  } finally {
    await ns.destroy();
  }
});
