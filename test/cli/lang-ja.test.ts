/**
 * Acceptance: every command and every action, run with `--lang ja`, prints no English prose — in
 * --help, in tables and summary lines, in findings and in errors. Real inputs exercise the
 * tables: the test BIND for DNS and mail, the repo's DMARC, mail and VPN fixtures, a capture
 * written here, a loopback SSH-like server for the scan, this machine's own listeners; dead
 * servers and bad inputs for the errors. `englishRuns` (test/harness/english.ts) allows
 * identifiers, record text, commands and quoted text, word by word: no line is allowed whole.
 *
 * A registry test makes sure that a new action cannot slip past: each one needs a case here.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import stringWidth from 'string-width';
import { loadCapabilities } from '../../src/cli/commands/index.js';
import { pcapBytes } from '../capture/craft-pcap.js';
import { arpFrame, pcapOf } from '../harness/arp-pcap.js';
import { type BindServer, namedPath, startBind } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';
import { englishRuns } from '../harness/english.js';
import { freePort } from '../harness/ports.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixture = (...p: string[]) => path.join(FIXTURES, ...p);

function bindMissing(): string | undefined {
  try {
    namedPath();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A capture with DNS (one query unanswered), a TCP conversation with data and a RST, and UDP noise. */
function capture(): Buffer {
  const t = 1_700_000_000;
  const dnsQuery = (id: number, name: string) => {
    const labels = name.split('.').flatMap((l) => [l.length, ...Buffer.from(l)]);
    return Uint8Array.from([id >> 8, id & 0xff, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1]);
  };
  const answer = (q: Uint8Array) => {
    const a = Uint8Array.from(q);
    a[2] = 0x81;
    a[3] = 0x80;
    return a;
  };
  const q1 = dnsQuery(0x1234, 'example.test');
  const q2 = dnsQuery(0x2345, 'lost.example.test');
  const http = Buffer.from('GET / HTTP/1.1\r\nHost: example.test\r\n\r\n');
  const reply = Buffer.from('HTTP/1.1 200 OK\r\nServer: Apache/2.4.41\r\nContent-Length: 0\r\n\r\n');
  const c = '192.168.1.129';
  const s = '192.168.1.10';
  return pcapBytes([
    { time: t, src: c, dst: '192.168.1.1', sport: 40000, dport: 53, payload: q1 },
    { time: t + 0.01, src: '192.168.1.1', dst: c, sport: 53, dport: 40000, payload: answer(q1) },
    { time: t + 0.02, src: c, dst: '192.168.1.1', sport: 40001, dport: 53, payload: q2 },
    {
      time: t + 0.1,
      src: c,
      dst: s,
      protocol: 6,
      sport: 50000,
      dport: 80,
      seq: 1,
      flags: 0x02,
      payload: new Uint8Array(),
    },
    {
      time: t + 0.11,
      src: s,
      dst: c,
      protocol: 6,
      sport: 80,
      dport: 50000,
      seq: 100,
      flags: 0x12,
      payload: new Uint8Array(),
    },
    {
      time: t + 0.12,
      src: c,
      dst: s,
      protocol: 6,
      sport: 50000,
      dport: 80,
      seq: 2,
      flags: 0x18,
      payload: http,
    },
    {
      time: t + 0.2,
      src: s,
      dst: c,
      protocol: 6,
      sport: 80,
      dport: 50000,
      seq: 101,
      flags: 0x18,
      payload: reply,
    },
    {
      time: t + 0.3,
      src: c,
      dst: s,
      protocol: 6,
      sport: 50000,
      dport: 80,
      seq: 2,
      flags: 0x18,
      payload: http,
    },
    {
      time: t + 1.5,
      src: c,
      dst: s,
      protocol: 6,
      sport: 50001,
      dport: 443,
      seq: 9,
      flags: 0x04,
      payload: new Uint8Array(),
    },
    { time: t + 2.5, src: c, dst: '192.168.1.255', sport: 137, dport: 137, payload: new Uint8Array(50) },
  ]);
}

interface Case {
  /** Without `--lang ja` (added by the runner). */
  args: string[];
  /** The exit statuses this run may end with (2 for the error cases). */
  status: number[];
  env?: NodeJS.ProcessEnv;
  /** For a daemon (`monitor run`): stop it as SIGTERM would, after this many ms. */
  stopAfterMs?: number;
}

describe('--lang ja: every command and action, in Japanese', () => {
  const skip = process.env.CI ? undefined : bindMissing();
  let bind: BindServer | undefined;
  let tmp = '';
  let ssh: net.Server | undefined;
  let sshPort = 0;
  let closedPort = 0;
  const cases: Case[] = [];

  before(async () => {
    if (skip) return;
    bind = await startBind();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nd-lang-ja-'));
    writeFileSync(path.join(tmp, 'office.pcap'), capture());
    copyFileSync(fixture('vpn', 'esp-one-way.pcap'), path.join(tmp, 'vpn.pcap'));
    writeFileSync(path.join(tmp, 'listeners.allow'), '# sshd only\ntcp/22 sshd\n');
    writeFileSync(path.join(tmp, 'bad.allow'), 'tcp/99999 x\n');
    copyFileSync(fixture('maillog', 'maillog'), path.join(tmp, 'maillog'));
    copyFileSync(fixture('maillog', 'queue.json'), path.join(tmp, 'queue.json'));
    copyFileSync(fixture('logs', 'firewalld'), path.join(tmp, 'firewalld'));
    copyFileSync(fixture('logs', 'syslog'), path.join(tmp, 'syslog'));
    // lan: the office inventory, its targets written under tmp/out; an ARP capture; ip -j neigh
    copyFileSync(fixture('lan', 'office.yaml'), path.join(tmp, 'lan.yaml'));
    mkdirSync(path.join(tmp, 'out'));
    writeFileSync(path.join(tmp, 'bad-lan.yaml'), 'site: [1, 2\n');
    writeFileSync(
      path.join(tmp, 'arp.pcap'),
      pcapOf(
        [
          arpFrame(1, '00:16:3e:77:00:14', '10.77.0.20', '10.77.0.1'),
          arpFrame(1, '00:16:3e:77:0a:0a', '10.77.0.20', '10.77.0.1'),
          arpFrame(1, '00:16:3e:77:00:99', '10.77.0.60', '10.77.0.1'),
        ].map((data, i) => ({ t: 1_700_000_000 + i, data })),
      ),
    );
    writeFileSync(
      path.join(tmp, 'neigh.json'),
      JSON.stringify([
        { dst: '192.168.5.7', dev: 'eth0', lladdr: '00:16:3e:05:00:07', state: ['REACHABLE'] },
      ]),
    );
    writeFileSync(path.join(tmp, 'words.txt'), 'just some words\n');
    mkdirSync(path.join(tmp, 'dkim'));
    writeFileSync(
      path.join(tmp, 'dkim-long.txt'),
      `s1._domainkey.example.org. IN TXT "v=DKIM1; k=rsa; p=${'A'.repeat(300)}"\n`,
    );
    ssh = net.createServer((s) => {
      s.on('error', () => {}); // a probe may reset the connection
      s.end('SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5\r\n');
    });
    await new Promise<void>((r) => ssh?.listen(0, '127.0.0.1', () => r()));
    sshPort = (ssh.address() as net.AddressInfo).port;
    closedPort = await freePort();
    writeFileSync(
      path.join(tmp, 'monitor.yaml'),
      `checks:\n  - { name: ssh, kind: tcp, target: "127.0.0.1:${sshPort}", interval: 1m }\n  - { name: gone, kind: tcp, target: "127.0.0.1:${closedPort}", interval: 1m, retries: 0 }\n`,
    );
    const dns = ['--server', bind.address];
    const dead = ['--server', `127.0.0.1:${closedPort}`, '--timeout', '0.2', '--retries', '0'];
    const db = path.join(tmp, 'dmarc.db');
    const pcap = path.join(tmp, 'office.pcap');
    const ok = [0, 1];
    const err = [2];
    cases.push(
      // dns
      { args: ['dns', 'lookup', 'audit-good.test', '--type', 'A,MX,TXT', ...dns], status: ok },
      { args: ['dns', 'lookup', 'nothing.audit-good.test', ...dns], status: ok },
      { args: ['dns', 'lookup', 'mx.audit-good.test', '--type', 'AAAA', ...dns], status: ok },
      { args: ['dns', 'reverse', '127.25.0.10', ...dns], status: ok },
      { args: ['dns', 'reverse', '127.25.4.40', ...dns], status: ok },
      { args: ['dns', 'reverse', '192.0.2.99', ...dns], status: ok },
      { args: ['dns', 'lookup', 'audit-good.test', ...dead], status: err },
      { args: ['dns', 'lookup', 'a.test', '--type', 'XYZ'], status: err },
      { args: ['dns', 'lookup', 'a.test', '--timeout', 'abc'], status: err },
      { args: ['dns', 'lookup', 'a.test', '--server', 'ns.example'], status: err },
      { args: ['dns', 'reverse', 'not-an-ip'], status: err },
      { args: ['dns', 'lookup'], status: err },
      // mail audit: a good domain, one with a bad PTR and closed SMTP, one without mail
      { args: ['mail', 'audit', 'audit-good.test', '--no-smtp', ...dns], status: ok },
      {
        args: [
          'mail',
          'audit',
          'audit-relay.test',
          '--ip',
          '127.25.128.3',
          '--smtp-port',
          String(closedPort),
          '--smtp-timeout',
          '1',
          ...dns,
        ],
        status: ok,
        env: { NETDOCTOR_MTA_STS_PORT: String(closedPort) },
      },
      { args: ['mail', 'audit', 'audit-no-mail.test', '--no-smtp', ...dns], status: ok },
      {
        args: ['mail', 'audit', 'audit-sts-down.test', '--no-smtp', ...dns],
        status: ok,
        env: { NETDOCTOR_MTA_STS_PORT: String(closedPort) },
      },
      { args: ['mail', 'audit', 'audit-dynamic.test', '--no-smtp', ...dns], status: ok },
      { args: ['mail', 'audit', 'auth-lookups.test', '--no-smtp', ...dns], status: ok },
      { args: ['mail', 'audit', '192.0.2.1', '--no-smtp', ...dns], status: err },
      { args: ['mail', 'audit', 'example.test', '--smtp', '--no-smtp'], status: err },
      // mail dkim: a key made into tmp/dkim, checked as published (BIND) and as written (--record), a rotation plan
      {
        args: ['mail', 'dkim', 'keygen', 'example.org', '--selector', 's1', '--out', path.join(tmp, 'dkim')],
        status: ok,
      },
      {
        args: ['mail', 'dkim', 'keygen', 'example.org', '--selector', 's1', '--out', path.join(tmp, 'dkim')],
        status: err,
      },
      { args: ['mail', 'dkim', 'keygen', 'example.org', '--selector', 's2', '--type', 'dsa'], status: err },
      { args: ['mail', 'dkim', 'check', 'auth-good.test', '--selector', 's2048', ...dns], status: ok },
      {
        args: [
          'mail',
          'dkim',
          'check',
          'auth-good.test',
          '--selector',
          'ed',
          '--key',
          path.join(tmp, 'dkim', 's1.private'),
          ...dns,
        ],
        status: ok,
      },
      { args: ['mail', 'dkim', 'check', 'auth-weakdkim.test', '--selector', 'old', ...dns], status: ok },
      {
        args: [
          'mail',
          'dkim',
          'check',
          'example.org',
          '--selector',
          's1',
          '--record',
          path.join(tmp, 'dkim-long.txt'),
        ],
        status: ok,
      },
      {
        args: [
          'mail',
          'dkim',
          'check',
          'example.org',
          '--selector',
          's1',
          '--key',
          path.join(tmp, 'words.txt'),
          '--record',
          path.join(tmp, 'dkim-long.txt'),
        ],
        status: err,
      },
      {
        args: [
          'mail',
          'dkim',
          'rotate',
          'example.org',
          '--from',
          's1',
          '--to',
          's2',
          '--start',
          '2026-12-07',
          '--key-dir',
          path.join(tmp, 'dkim'),
        ],
        status: ok,
      },
      {
        args: [
          'mail',
          'dkim',
          'rotate',
          'example.org',
          '--from',
          's1',
          '--to',
          's2',
          '--start',
          '2026-02-31',
        ],
        status: err,
      },
      // mail explain and headers
      {
        args: [
          'mail',
          'explain',
          '550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users',
        ],
        status: ok,
      },
      {
        args: ['mail', 'explain', '450 4.7.1 Access denied. IP name lookup failed [202.241.128.3]'],
        status: ok,
      },
      { args: ['mail', 'explain', '554 5.3.0 something nobody has seen before'], status: ok },
      { args: ['mail', 'explain', fixture('mail-trace', 'docomo-unknown-user.eml')], status: ok },
      { args: ['mail', 'explain', fixture('mail-trace', 'qmail-mailbox-full.eml')], status: ok },
      { args: ['mail', 'explain', fixture('mail-trace', 'gmail-5.7.26.eml')], status: ok },
      { args: ['mail', 'explain', ' '], status: err },
      { args: ['mail', 'headers', fixture('mail-trace', 'headers-clock-skew.eml')], status: ok },
      {
        args: ['mail', 'headers', fixture('mail-trace', 'headers-internal-relay.eml'), '--max-delay', '1'],
        status: ok,
      },
      { args: ['mail', 'headers', fixture('mail-trace', 'headers-no-received.eml')], status: ok },
      { args: ['mail', 'headers', fixture('mail-trace', 'japanese-iso-2022-jp.eml')], status: ok },
      { args: ['mail', 'headers', path.join(tmp, 'missing.eml')], status: err },
      { args: ['mail', 'headers', pcap], status: err },
      // dmarc
      {
        args: [
          'dmarc',
          'read',
          fixture('dmarc', 'reporter.example!example.test!1700000000!1700086399.xml'),
          '--no-resolve',
        ],
        status: ok,
      },
      {
        args: [
          'dmarc',
          'read',
          fixture('dmarc', 'ns.reporter.example!example.test!1700086400!1700172799.xml'),
          ...dns,
        ],
        status: ok,
      },
      { args: ['dmarc', 'read', fixture('dmarc'), '--no-resolve'], status: ok },
      { args: ['dmarc', 'read', fixture('dmarc', 'xxe.xml'), '--no-resolve'], status: err },
      { args: ['dmarc', 'read', fixture('dmarc', 'not-dmarc.xml'), '--max-size', '0'], status: err },
      { args: ['dmarc', 'ingest', fixture('dmarc'), '--db', db], status: ok },
      { args: ['dmarc', 'ingest', fixture('dmarc'), '--db', db], status: ok },
      { args: ['dmarc', 'summary', '--db', db], status: ok },
      { args: ['dmarc', 'summary', '--db', db, '--since', '2w', '--domain', 'example.test'], status: ok },
      { args: ['dmarc', 'summary', '--db', db, '--since', 'yesterday'], status: err },
      { args: ['dmarc', 'reporters', '--db', db], status: ok },
      { args: ['dmarc', 'reporters', '--db', db, '--since', 'yesterday'], status: err },
      // pcap
      { args: ['pcap', 'summary', pcap], status: ok },
      { args: ['pcap', 'protocols', pcap], status: ok },
      { args: ['pcap', 'conversations', pcap], status: ok },
      { args: ['pcap', 'conversations', pcap, '--by', 'tcp', '--top', '1'], status: ok },
      { args: ['pcap', 'endpoints', pcap, '--top', '2'], status: ok },
      { args: ['pcap', 'io', pcap, '--interval', '1s', '--chart', path.join(tmp, 'io.svg')], status: ok },
      { args: ['pcap', 'diagnose', pcap], status: ok },
      { args: ['pcap', 'diagnose', path.join(tmp, 'vpn.pcap')], status: ok },
      { args: ['pcap', 'diagnose', fixture('vpn', 'ikev2-no-proposal-chosen.pcap')], status: ok },
      { args: ['pcap', 'find', pcap, '--filter', 'tcp.port == 80'], status: ok },
      { args: ['pcap', 'find', pcap, '--rst'], status: ok },
      { args: ['pcap', 'find', pcap, '--dns-unanswered'], status: ok },
      { args: ['pcap', 'find', pcap, '--filter', 'tcp.window_size == 5'], status: err },
      { args: ['pcap', 'find', pcap, '--filter', 'ip.addr == 10.0.0.300'], status: err },
      { args: ['pcap', 'follow', pcap, '0'], status: ok },
      { args: ['pcap', 'follow', pcap, '0', '--hex'], status: ok },
      { args: ['pcap', 'follow', pcap, '9'], status: err },
      { args: ['pcap', 'write', pcap, '--rst', '-o', path.join(tmp, 'rst.pcap')], status: ok },
      { args: ['pcap', 'write', pcap, '-o', pcap], status: err },
      { args: ['pcap', 'summary', path.join(tmp, 'missing.pcap')], status: err },
      { args: ['pcap', 'summary', fixture('dmarc', 'xxe.xml')], status: err },
      { args: ['pcap', 'conversations', pcap, '--by', 'mac'], status: err },
      // scan: an SSH-like server and a closed port on loopback
      { args: ['scan', '127.0.0.1', '-p', `${sshPort},${closedPort}`, '--as', `${sshPort}=ssh`], status: ok },
      { args: ['scan', '127.0.0.1', '-p', String(closedPort), '--no-probe'], status: ok },
      { args: ['scan', '127.0.0.1', '-p', '70000'], status: err },
      { args: ['scan', '127.0.0.0/8', '-p', '22'], status: err },
      { args: ['scan', 'not_a_host!', '-p', '22'], status: err },
      // listeners
      { args: ['listeners'], status: ok },
      { args: ['listeners', '--tcp', '--exposed', '--allow', path.join(tmp, 'listeners.allow')], status: ok },
      { args: ['listeners', '--allow', path.join(tmp, 'bad.allow')], status: err },
      // mail log and queue: a Postfix log with a deferral and a bounce, and its postqueue -j line
      { args: ['mail', 'log', path.join(tmp, 'maillog')], status: ok },
      { args: ['mail', 'log', path.join(tmp, 'maillog'), '--queue-id', '4ABC123'], status: ok },
      { args: ['mail', 'log', path.join(tmp, 'missing.log')], status: err },
      // log firewall / syslog: firewalld, ufw and ICMP-error lines; BSD, RFC 5424 and PRI lines
      {
        args: [
          'log',
          'firewall',
          path.join(tmp, 'firewalld'),
          '--volume-per-day',
          '0',
          '--hammer-per-day',
          '1',
          '--chart',
          path.join(tmp, 'fw.svg'),
        ],
        status: ok,
      },
      { args: ['log', 'firewall', path.join(tmp, 'firewalld'), '--csv'], status: ok },
      { args: ['log', 'firewall', path.join(tmp, 'firewalld'), '--format', 'syslog-bsd'], status: ok },
      { args: ['log', 'firewall', path.join(tmp, 'firewalld'), '--format', 'nope'], status: err },
      { args: ['log', 'firewall', path.join(tmp, 'missing')], status: err },
      { args: ['log', 'syslog', path.join(tmp, 'syslog')], status: ok },
      { args: ['log', 'syslog', path.join(tmp, 'syslog'), '--program', 'sshd'], status: ok },
      { args: ['log', 'syslog', path.join(tmp, 'syslog'), '--format', 'nope'], status: err },
      { args: ['mail', 'queue', '--from-json', path.join(tmp, 'queue.json')], status: ok },
      {
        args: ['mail', 'queue', 'plan', '--from-json', path.join(tmp, 'queue.json'), '--older-than', '1d'],
        status: ok,
      },
      // log waf: a real mod_security2 + CRS serial audit log (SQLi, XSS, traversal, a scanner, a clean request)
      { args: ['log', 'waf', fixture('waf', 'modsec_audit')], status: ok },
      {
        args: ['log', 'waf', fixture('waf', 'modsec_audit'), '--min-sources', '1', '--min-hits', '1'],
        status: ok,
      },
      { args: ['log', 'waf', path.join(tmp, 'missing.log')], status: err },
      { args: ['log', 'waf', fixture('waf', 'modsec_audit'), '--format', 'serial'], status: ok },
      { args: ['log', 'waf', fixture('waf', 'modsec_audit'), '--format', 'xml'], status: err },
      // check and monitor: the SSH-like server is up, the closed port is down
      { args: ['check', 'tcp', `127.0.0.1:${sshPort}`], status: ok },
      { args: ['check', 'tcp', `127.0.0.1:${closedPort}`, '--timeout', '1'], status: ok },
      { args: ['check', 'nope', 'x'], status: err },
      {
        args: ['monitor', 'once', path.join(tmp, 'monitor.yaml'), '--db', path.join(tmp, 'monitor.db')],
        status: ok,
      },
      { args: ['monitor', 'status', '--db', path.join(tmp, 'monitor.db')], status: ok },
      { args: ['monitor', 'history', '--db', path.join(tmp, 'monitor.db')], status: ok },
      { args: ['monitor', 'notifications', '--db', path.join(tmp, 'monitor.db')], status: ok },
      {
        args: ['monitor', 'run', path.join(tmp, 'monitor.yaml'), '--db', path.join(tmp, 'monitor.db')],
        status: ok,
        stopAfterMs: 1500,
      },
      // doctor: the mail audit's healthy domain, the SSH-like server given with --ip, the monitor's store
      {
        args: [
          'doctor',
          'audit-good.test',
          ...dns,
          '--parent',
          bind.address,
          '--no-smtp',
          '--ip',
          '127.0.0.1',
          '--ports',
          String(sshPort),
          '--db',
          path.join(tmp, 'monitor.db'),
          '--html',
          path.join(tmp, 'doctor.html'),
          '--keep',
        ],
        status: ok,
      },
      { args: ['doctor', 'history', '--db', path.join(tmp, 'monitor.db')], status: ok },
      { args: ['doctor', 'show', '1', '--db', path.join(tmp, 'monitor.db')], status: ok },
      { args: ['doctor', 'show', '999', '--db', path.join(tmp, 'monitor.db')], status: err },
      { args: ['doctor', 'audit-good.test', '--ip', '192.0.2.300'], status: err },
      { args: ['doctor', 'bad_domain!'], status: err },
      { args: ['monitor', 'once', path.join(tmp, 'missing.yaml')], status: err },
      // serve: the dashboard on a free loopback port over the DMARC store, stopped as SIGTERM would
      { args: ['serve', '--listen', '127.0.0.1:0', '--db', db], status: ok, stopAfterMs: 1000 },
      { args: ['serve', '--listen', '0.0.0.0:0', '--db', db], status: err },
      // db: the DMARC store made above, migrated and copied into a second SQLite file
      { args: ['db', 'migrate', '--db', db, '--dry-run'], status: ok },
      { args: ['db', 'copy', '--from', db, '--to', path.join(tmp, 'copy.db')], status: ok },
      { args: ['db', 'copy', '--from', db, '--to', db], status: err },
      // dns lint and dns check: zone files, forward and reverse; the test BIND as server and parent
      {
        args: [
          'dns',
          'lint',
          fixture('zone-lint', 'example.org.db'),
          fixture('zone-lint', '2.0.192.in-addr.arpa.db'),
          '--origin',
          'example.org',
          '--origin',
          '2.0.192.in-addr.arpa',
        ],
        status: ok,
      },
      {
        args: ['dns', 'lint', fixture('zone-lint', 'broken', 'mx-cname.db'), '--origin', 'example.org'],
        status: ok,
      },
      { args: ['dns', 'lint', fixture('zone-lint', 'broken', 'syntax.db')], status: [1, 2] },
      { args: ['dns', 'lint', path.join(tmp, 'missing.db')], status: err },
      { args: ['dns', 'lint', fixture('zone-lint', 'example.org.db'), '--sending-ip', 'x'], status: err },
      { args: ['dns', 'check', 'audit-good.test', ...dns, '--parent', bind.address], status: [0, 1, 2] },
      { args: ['dns', 'check', 'bad_domain!'], status: err },
      // lan
      { args: ['lan', 'check', path.join(tmp, 'lan.yaml')], status: ok },
      { args: ['lan', 'check', path.join(tmp, 'bad-lan.yaml')], status: err },
      { args: ['lan', 'diff', path.join(tmp, 'lan.yaml'), '--target', 'hosts'], status: ok },
      { args: ['lan', 'apply', path.join(tmp, 'lan.yaml'), '--target', 'hosts'], status: ok },
      // the rendered file and the drafted inventory are data (config text), so read as JSON
      { args: ['lan', 'render', path.join(tmp, 'lan.yaml'), '--target', 'dnsmasq', '--json'], status: ok },
      { args: ['lan', 'render', path.join(tmp, 'lan.yaml')], status: err },
      {
        args: [
          'lan',
          'import',
          path.join(tmp, 'neigh.json'),
          '--domain',
          'home.arpa',
          '-o',
          path.join(tmp, 'draft.yaml'),
        ],
        status: ok,
      },
      { args: ['lan', 'import', path.join(tmp, 'words.txt')], status: err },
      { args: ['lan', 'discover', '127.0.0.0/30', '--no-sweep'], status: ok },
      { args: ['lan', 'discover', '10.0.0.0/16'], status: err },
      { args: ['lan', 'vendor', '02:60:8C:01:02:03', 'da:a1:19:00:00:01'], status: ok },
      { args: ['lan', 'vendor', 'not-a-mac'], status: err },
      {
        args: ['lan', 'watch', path.join(tmp, 'arp.pcap'), '--inventory', path.join(tmp, 'lan.yaml')],
        status: ok,
      },
      {
        args: [
          'lan',
          'watch',
          path.join(tmp, 'arp.pcap'),
          '--inventory',
          path.join(tmp, 'lan.yaml'),
          '--digest',
          '60',
        ],
        status: ok,
      },
      { args: ['lan', 'watch', path.join(tmp, 'arp.pcap'), '--neigh'], status: err },
      {
        args: [
          'lan',
          'watch',
          path.join(tmp, 'arp.pcap'),
          '--db',
          path.join(tmp, 'lan.db'),
          '--site',
          'office',
        ],
        status: ok,
      },
      { args: ['lan', 'events', '--db', path.join(tmp, 'lan.db'), '--since', '2000-01-01'], status: ok },
      { args: ['lan', 'events', '--db', path.join(tmp, 'lan.db'), '--limit', '0'], status: err },
      // the CLI itself
      { args: ['frobnicate'], status: err },
      { args: ['dns', 'frob'], status: err },
      { args: ['dns', 'lookup', 'a.test', '--bogus'], status: err },
      { args: ['dns', 'lookup', 'a.test', '--timeout', '-1'], status: err },
    );
  });

  after(async () => {
    await new Promise<void>((r) => (ssh ? ssh.close(() => r()) : r()));
    await bind?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * `listeners` shows every process's command line in its last column (コマンド): data of other
   * programs on the machine running the tests, not netdoctor's words. That column is cut off
   * (by display width, as the table pads) before the check; its header is still checked.
   */
  function withoutCommandColumn(text: string): string {
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.includes('コマンド'));
    if (header < 0) return text;
    const h = lines[header] as string;
    const width = stringWidth(h.slice(0, h.indexOf('コマンド')));
    return lines
      .map((l, i) => {
        if (i <= header) return l;
        let cut = 0;
        let w = 0;
        for (const ch of l) {
          if (w >= width) break;
          w += stringWidth(ch);
          cut += ch.length;
        }
        return l.slice(0, cut);
      })
      .join('\n');
  }

  /** Runs one case; returns what is wrong with it (nothing when it is Japanese and exits as expected). */
  async function check(args: string[], status: number[], env?: NodeJS.ProcessEnv): Promise<string[]> {
    const r = await runCliCaptured([...args, '--lang', 'ja'], env ? { env } : {});
    if (process.env.ND_SHOW_JA)
      process.stdout.write(`\n$ netdoctor ${args.join(' ')} --lang ja\n${r.out}${r.err}`);
    const shown = `netdoctor ${args.join(' ')} --lang ja`;
    const problems: string[] = [];
    if (!status.includes(r.status)) problems.push(`${shown}: exit ${r.status}\n${r.err}`);
    const out = args[0] === 'listeners' ? withoutCommandColumn(r.out) : r.out;
    for (const run of englishRuns(`${out}\n${r.err}`)) problems.push(`${shown}: English "${run}"`);
    return problems;
  }

  it('--help of netdoctor, of every command and of every action is Japanese', async (t) => {
    if (skip) return t.skip(skip);
    const problems = await check(['--help'], [0]);
    for (const c of await loadCapabilities()) {
      problems.push(...(await check([c.name, '--help'], [0])));
      for (const a of c.actions)
        problems.push(...(await check([c.name, ...(a.name ? a.name.split(' ') : []), '--help'], [0])));
    }
    assert.deepEqual(problems, []);
  });

  it('every command and action: tables, summaries, findings and errors are Japanese', async (t) => {
    if (skip) return t.skip(skip);
    const problems: string[] = [];
    for (const c of cases) {
      // The daemon's SIGTERM handler is called as the signal would call it; no signal is sent.
      const stop = c.stopAfterMs ? setTimeout(() => process.emit('SIGTERM'), c.stopAfterMs) : undefined;
      problems.push(...(await check(c.args, c.status, c.env)));
      if (stop) clearTimeout(stop);
    }
    assert.deepEqual(problems, []);
  });

  it('every action of the registry has a run here (a new one must add its own)', async (t) => {
    if (skip) return t.skip(skip);
    // Keys of up to four words: an action's name may be several (`mail dkim keygen`).
    const covered = new Set(
      cases
        .filter((c) => c.status.includes(0))
        .flatMap((c) => [2, 3, 4].map((n) => c.args.slice(0, n).join(' '))),
    );
    const missing: string[] = [];
    for (const c of await loadCapabilities()) {
      for (const a of c.actions) {
        const key = a.name ? `${c.name} ${a.name}` : c.name;
        if (![...covered].some((k) => k === key || (a.name === '' && k.startsWith(`${c.name} `))))
          missing.push(key);
      }
    }
    assert.deepEqual(missing, []);
  });
});
