/**
 * Real kernel packet logs: in network namespaces this test creates (with
 * net.netfilter.nf_log_all_netns=1, so the kernel logs from them), iptables, ip6tables and nftables
 * rules log the packets the test sends — a fixed number per source address and port — under a
 * prefix unique to this run. The kernel's own lines (`dmesg -T`, filtered by that prefix) are
 * summarized, and every count must equal what was sent: per (source, port), per prefix, ICMP errors
 * counted as ICMP (their bracketed inner packet's ports are not the logged packet's). Read in byte
 * ranges on worker threads, the same lines give the same summary and findings.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { summarizeFirewallLog } from '../../src/firewall/index.js';
import { createNamespaces, netnsSkipReason, peerSkipReason } from '../harness/netns.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'nd-fwlog-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const skip =
  netnsSkipReason() ||
  peerSkipReason(['iptables', 'ip6tables', 'nft', 'dmesg'], 'iptables, nftables, util-linux');

/** What each sender does: protocol, source address, destination, port, count. */
const SENDS = [
  { proto: 'udp', from: '10.201.0.11', to: '10.201.0.1', port: 5001, count: 3 },
  { proto: 'udp', from: '10.201.0.11', to: '10.201.0.1', port: 5002, count: 2 },
  { proto: 'udp', from: '10.201.0.12', to: '10.201.0.1', port: 5003, count: 4 },
  { proto: 'udp', from: '10.201.0.13', to: '10.201.0.1', port: 5001, count: 1 },
  { proto: 'udp', from: 'fd20::11', to: 'fd20::1', port: 6001, count: 3 },
  { proto: 'tcp', from: '10.201.0.11', to: '10.201.0.1', port: 7001, count: 2 },
  { proto: 'udp', from: '10.201.0.12', to: '10.201.0.1', port: 7002, count: 2 },
] as const;

const SENDER = `
const dgram = require('node:dgram'); const net = require('node:net');
const [proto, from, to, port, count] = process.argv.slice(1);
(async () => {
  for (let i = 0; i < Number(count); i++) {
    if (proto === 'udp') {
      const s = dgram.createSocket(from.includes(':') ? 'udp6' : 'udp4');
      await new Promise((r) => s.bind(0, from, r));
      await new Promise((r) => s.send('netdoctor', Number(port), to, r));
      s.close();
    } else {
      await new Promise((r) => { const c = net.connect({ host: to, port: Number(port), localAddress: from }); c.on('error', r); c.on('connect', () => { c.destroy(); r(); }); });
    }
    await new Promise((r) => setTimeout(r, 30));
  }
})();
`;

test('iptables, ip6tables and nftables LOG lines from the kernel: counts equal what was sent', {
  skip,
  timeout: 60_000,
}, async () => {
  const tag = `ND${process.pid}${Math.floor(Math.random() * 1e4)}`;
  const old = readFileSync('/proc/sys/net/netfilter/nf_log_all_netns', 'utf8').trim();
  await run('sysctl', ['-qw', 'net.netfilter.nf_log_all_netns=1']);
  const ns = await createNamespaces(['srv', 'cli']);
  try {
    await ns.veth('srv', 'eth0', '10.201.0.1/24', 'cli', 'eth0', '10.201.0.11/24');
    for (const a of ['10.201.0.12/24', '10.201.0.13/24'])
      await ns.run('cli', ['ip', 'addr', 'add', a, 'dev', 'eth0']);
    await ns.run('srv', ['ip', '-6', 'addr', 'add', 'fd20::1/64', 'dev', 'eth0', 'nodad']);
    await ns.run('cli', ['ip', '-6', 'addr', 'add', 'fd20::11/64', 'dev', 'eth0', 'nodad']);
    await ns.run('srv', [
      'iptables',
      '-A',
      'INPUT',
      '-p',
      'udp',
      '--dport',
      '5001:5003',
      '-j',
      'LOG',
      '--log-prefix',
      `${tag}-ipt: `,
    ]);
    await ns.run('srv', ['iptables', '-A', 'INPUT', '-p', 'udp', '--dport', '5001:5003', '-j', 'DROP']);
    await ns.run('srv', [
      'ip6tables',
      '-A',
      'INPUT',
      '-p',
      'udp',
      '--dport',
      '6001',
      '-j',
      'LOG',
      '--log-prefix',
      `${tag}-ip6 `,
    ]);
    await ns.run('srv', ['ip6tables', '-A', 'INPUT', '-p', 'udp', '--dport', '6001', '-j', 'DROP']);
    const rules = path.join(dir, 'rules.nft');
    writeFileSync(
      rules,
      `table inet ndtest {
  chain in { type filter hook input priority 0; policy accept;
    tcp dport 7001 log prefix "${tag}-nft: " reject with tcp reset
    udp dport 7002 log prefix "${tag}-nftu:" reject
  }
  chain out { type filter hook output priority 0; policy accept;
    icmp type destination-unreachable log prefix "${tag}-unreach: "
  }
}
`,
    );
    await ns.run('srv', ['nft', '-f', rules]);
    for (const s of SENDS)
      await ns.run('cli', [
        process.execPath,
        '-e',
        SENDER,
        s.proto,
        s.from,
        s.to,
        String(s.port),
        String(s.count),
      ]);
    const want = SENDS.reduce((n, s) => n + s.count, 0) + 2; // + the two ICMP port-unreachable errors
    let lines: string[] = [];
    for (let tries = 0; tries < 50; tries++) {
      const { stdout } = await run('dmesg', ['-T'], { maxBuffer: 64 << 20 });
      lines = stdout.split('\n').filter((l) => l.includes(tag));
      if (lines.length >= want) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(lines.length, want, `kernel lines with ${tag}:\n${lines.join('\n')}`);
    const file = path.join(dir, 'kern.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await summarizeFirewallLog([file], { top: 100, scanPorts: 100, threads: 1 });
    const s = r.summary;
    // Read in byte ranges on worker threads (forced on this small file): the same summary and findings.
    const split = await summarizeFirewallLog([file], {
      top: 100,
      scanPorts: 100,
      threads: 3,
      parallelFromBytes: 0,
    });
    assert.deepEqual(split.summary, s);
    assert.deepEqual(split.findings, r.findings);
    assert.equal(s.lines.unparsed, 0);
    assert.equal(s.packets, want);
    const pair = (source: string, port: string) =>
      s.pairs.find((p) => p.source === source && p.port === port)?.packets;
    for (const x of SENDS) {
      const sum = SENDS.filter((y) => y.from === x.from && y.port === x.port).reduce(
        (n, y) => n + y.count,
        0,
      );
      assert.equal(pair(x.from, `${x.port}/${x.proto}`), sum, `${x.from} ${x.port}/${x.proto}`);
    }
    // The ICMP errors come from the server, as ICMP type 3; their inner packet (the UDP datagram
    // to 7002) is not counted as a packet of the server to port 7002.
    assert.equal(pair('10.201.0.1', 'icmp 3'), 2);
    assert.equal(s.pairs.filter((p) => p.source === '10.201.0.1').length, 1);
    const prefix = (p: string) => s.prefixes.find((x) => x.prefix === p)?.packets;
    assert.equal(prefix(`${tag}-ipt: `), 10);
    assert.equal(prefix(`${tag}-ip6 `), 3);
    assert.equal(prefix(`${tag}-nft: `), 2);
    assert.equal(prefix(`${tag}-nftu:`), 2); // a prefix without a space: printed straight before IN=
    assert.equal(prefix(`${tag}-unreach: `), 2);
    assert.equal(s.prefixes.find((x) => x.prefix === `${tag}-unreach: `)?.output, 2);
    const udp5001 = s.ports.find((p) => p.port === '5001/udp');
    assert.deepEqual([udp5001?.packets, udp5001?.sources], [4, 2]);
    assert.equal(s.sources.find((x) => x.source === 'fd20::11')?.packets, 3);
    // dmesg -T stamps carry the wall clock: every packet falls in an hour row.
    assert.equal(s.untimed, 0);
    assert.equal(
      s.perHour.reduce((n, h) => n + h.packets, 0),
      want,
    );
  } finally {
    await ns.destroy();
    await run('sysctl', ['-qw', `net.netfilter.nf_log_all_netns=${old}`]).catch(() => {});
  }
});
