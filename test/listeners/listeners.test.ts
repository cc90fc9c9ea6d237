/**
 * `listListeners` against this machine's real /proc: the test's own listeners with the right pid,
 * agreement with `ss -ltnup` (iproute2), the allow-list, and the /proc parsing on its own.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isNetdoctorError } from '../../src/core/errors.js';
import {
  type Listener,
  listListeners,
  parseAllowList,
  parseProcNet,
  procAddress,
} from '../../src/listeners/index.js';

interface Opened {
  tcp4: number;
  tcpAll: number;
  tcp6?: number;
  udp4: number;
}

const closers: (() => void)[] = [];

async function tcp(host: string): Promise<number | undefined> {
  const s = net.createServer();
  const ok = await new Promise<boolean>((resolve) => {
    s.once('error', () => resolve(false));
    s.listen(0, host, () => resolve(true));
  });
  if (!ok) return undefined;
  closers.push(() => s.close());
  return (s.address() as net.AddressInfo).port;
}

async function udp(host: string): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, host, () => r()));
  closers.push(() => s.close());
  return s.address().port;
}

/** `ss -ltnupH` as (family/proto, address, port) → pids. */
function ssSnapshot(): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const text = execFileSync('ss', ['-ltnupH'], { encoding: 'utf8' });
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const proto = f[0] as string;
    const local = f[4] as string;
    const m = /^(?:\[(.+)\]|(.+?))(?:%\S+)?:(\d+)$/.exec(local);
    if (!m) continue;
    let addr = (m[1] ?? m[2]) as string;
    if (addr === '*') addr = '::';
    const family = addr.includes(':') ? '6' : '';
    const key = `${proto}${family} ${addr} ${m[3]}`;
    const pids = new Set([...(line.matchAll(/pid=(\d+)/g) ?? [])].map((x) => Number(x[1])));
    out.set(key, new Set([...(out.get(key) ?? []), ...pids]));
  }
  return out;
}

function ourSnapshot(ls: Listener[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const l of ls) {
    const key = `${l.protocol} ${l.address} ${l.port}`;
    out.set(key, new Set([...(out.get(key) ?? []), ...l.processes.map((p) => p.pid)]));
  }
  return out;
}

describe('listeners', () => {
  let opened: Opened;
  before(async () => {
    const tcp6 = await tcp('::1');
    opened = {
      tcp4: (await tcp('127.0.0.1')) as number,
      tcpAll: (await tcp('0.0.0.0')) as number,
      udp4: await udp('127.0.0.1'),
      ...(tcp6 !== undefined ? { tcp6 } : {}),
    };
  });
  after(() => {
    for (const c of closers) c();
  });

  it("lists the test's own listeners with this process's pid", () => {
    const { listeners } = listListeners();
    const find = (protocol: string, port: number) =>
      listeners.find((l) => l.protocol === protocol && l.port === port);
    const t4 = find('tcp', opened.tcp4);
    assert.equal(t4?.address, '127.0.0.1');
    assert.equal(t4?.scope, 'loopback');
    assert.deepEqual(
      t4?.processes.map((p) => p.pid),
      [process.pid],
    );
    // The name is the process's comm, as ss shows it: `node` on Node 22, `MainThread` on Node 24.
    assert.equal(t4?.processes[0]?.name, readFileSync('/proc/self/comm', 'utf8').trim());
    assert.match(t4?.processes[0]?.cmdline ?? '', /node/);
    assert.equal(t4?.processes[0]?.user, os.userInfo().username);
    assert.equal(find('tcp', opened.tcpAll)?.scope, 'all');
    assert.equal(find('udp', opened.udp4)?.processes[0]?.pid, process.pid);
    if (opened.tcp6 !== undefined) assert.equal(find('tcp6', opened.tcp6)?.address, '::1');
  });

  it('agrees with ss -ltnup', () => {
    const before1 = ssSnapshot();
    const ours = ourSnapshot(listListeners().listeners);
    const after1 = ssSnapshot();
    // Other programs open and close sockets meanwhile: compare what both ss snapshots agree on.
    let compared = 0;
    for (const [key, pids] of before1) {
      const later = after1.get(key);
      if (!later) continue;
      const mine = ours.get(key);
      assert.ok(mine, `ss lists ${key}, netdoctor does not`);
      const stable = [...pids].filter((p) => later.has(p));
      for (const p of stable)
        assert.ok(mine.has(p), `${key}: ss says pid ${p}, netdoctor ${[...mine].join(',')}`);
      compared++;
    }
    for (const key of ours.keys()) {
      assert.ok(before1.has(key) || after1.has(key), `netdoctor lists ${key}, ss does not`);
    }
    assert.ok(ours.has(`tcp 127.0.0.1 ${opened.tcp4}`) && before1.has(`tcp 127.0.0.1 ${opened.tcp4}`));
    assert.ok(compared >= 3);
  });

  it('reports listeners the allow-list does not admit', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-allow-'));
    try {
      const file = path.join(dir, 'allow');
      const comm = readFileSync('/proc/self/comm', 'utf8').trim();
      writeFileSync(file, `# test\ntcp/127.0.0.1:${opened.tcp4} ${comm}\nudp/${opened.udp4}\n* sshd\n`);
      const rules = parseAllowList(`tcp/127.0.0.1:${opened.tcp4} ${comm}\nudp/${opened.udp4}\n`, file);
      const r = listListeners({ allow: { file, rules } });
      const unexpected = r.findings.filter((f) => f.id === 'listeners.unexpected');
      const ports = unexpected.map((f) => f.params?.port);
      assert.ok(ports.includes(opened.tcpAll), 'the 0.0.0.0 listener is not allowed');
      assert.ok(!ports.includes(opened.tcp4));
      assert.ok(!ports.includes(opened.udp4));
      const mine = unexpected.find((f) => f.params?.port === opened.tcpAll);
      assert.equal(mine?.params?.pid, process.pid);
      assert.equal(mine?.params?.rule, `tcp/${opened.tcpAll} ${comm}`);
      assert.equal(mine?.severity, 'warn');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a malformed allow-list line with the file and line', () => {
    assert.throws(
      () => parseAllowList('tcp/22 sshd\ntcp/99999 x\n', '/etc/allow'),
      (e: unknown) =>
        isNetdoctorError(e) &&
        e.oneLine() === '/etc/allow: line 2: port 99999 is out of range (expected e.g. "tcp/22 sshd")',
    );
    assert.throws(() => parseAllowList('ssh sshd\n', 'f'), /line 1: "ssh" is not protocol\/\[address:\]port/);
  });

  it('parses the kernel tables', () => {
    assert.equal(procAddress('0100007F'), '127.0.0.1');
    assert.equal(procAddress('00000000'), '0.0.0.0');
    assert.equal(procAddress('00000000000000000000000001000000'), '::1');
    assert.equal(procAddress('00000000000000000000000000000000'), '::');
    assert.equal(procAddress('B80D0120000000000000000001000000'), '2001:db8::1');
    assert.equal(procAddress('0000000000000000FFFF00000100007F'), '::ffff:127.0.0.1');
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   107        0 31337 1 0 100 0 0 10 0',
      '   1: 0100007F:0CEA 0100007F:D431 01 00000000:00000000 00:00000000 00000000   107        0 31338 1 0 100 0 0 10 0',
    ].join('\n');
    assert.deepEqual(parseProcNet(table, 'tcp'), [
      { protocol: 'tcp', address: '127.0.0.1', port: 3306, uid: 107, inode: 31337 },
    ]);
  });
});
