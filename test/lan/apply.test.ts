/**
 * `lan import` → `lan apply` round trip on hand-written files, and every way apply must refuse:
 * a malformed inventory, a duplicate address, a live file changed since `lan diff`, a validator
 * that fails, a kill -9 in the middle (the live file is the old or the new one, never half).
 */
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCliCaptured } from '../harness/cli.js';
import { peerSkipReason } from '../harness/netns.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'nd-lan-apply-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DHCPD = `# /etc/dhcp/dhcpd.conf — kept by hand since 2009
option domain-name "home.example";
option domain-name-servers 192.168.10.2;
default-lease-time 600;   max-lease-time 7200;
authoritative;

subnet 192.168.10.0 netmask 255.255.255.0 {
    range 192.168.10.100 192.168.10.199;
    option routers 192.168.10.1;
}

# the printer upstairs
host printer {
	hardware ethernet 00:16:3E:10:00:14;
	fixed-address 192.168.10.20;
}
host  nas   {  hardware ethernet 00:16:3e:10:00:15 ;  fixed-address 192.168.10.21; }
host laptop {
  hardware ethernet 00-16-3e-10-00-30;   # Windows spelling
  fixed-address 192.168.10.30;
  option host-name "laptop";
}
# end of file
`;

const ZONE = `$ORIGIN home.example.
$TTL 3600
@   IN  SOA ns1.home.example. hostmaster.home.example. (
        2024010101 ; serial
        3600 900 1209600 300 )
    IN  NS  ns1
    IN  MX  10 mail.provider.example.
ns1       IN A    192.168.10.2
printer   IN A    192.168.10.20   ; upstairs
nas       IN A    192.168.10.21
nas       IN AAAA 2001:db8:10::21
laptop    IN A    192.168.10.30
www       IN CNAME nas
`;

const HOSTS = `127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
# LAN
192.168.10.2    ns1.home.example ns1
192.168.10.20	printer.home.example   printer
192.168.10.21   nas.home.example nas www
`;

const skip = peerSkipReason(['dhcpd', 'named-checkzone'], 'isc-dhcp-server, bind9-utils');

/** The hosts a file lists, as comparable strings, through the same readers import uses. */
function hostSet(kind: 'dhcpd' | 'hosts', text: string): string[] {
  if (kind === 'dhcpd') {
    return [
      ...text.matchAll(
        /host\s+\S+\s*\{[^}]*?hardware ethernet\s+([0-9a-fA-F:-]+)\s*;[^}]*?fixed-address\s+([\d.]+)/g,
      ),
    ]
      .map((m) => `${(m[1] as string).toLowerCase().replace(/-/g, ':')} ${m[2]}`)
      .sort();
  }
  return text
    .split('\n')
    .filter((l) => /^\d/.test(l) && !l.startsWith('127.'))
    .map((l) => {
      const [ip, ...names] = l.trim().split(/\s+/);
      return `${ip} ${names
        .filter((n) => !n.includes('.'))
        .sort()
        .join(',')}`;
    })
    .sort();
}

function zoneRecords(file: string, origin: string): string[] {
  const r = spawnSync('named-compilezone', ['-q', '-D', '-o', '-', origin, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .split('\n')
    .filter((l) => /\s(A|AAAA|CNAME|MX|NS)\s/.test(l))
    .sort();
}

test('round trip: hand-written dhcpd.conf + zone + hosts → lan import → lan apply keeps the rest and the hosts', {
  skip,
}, async () => {
  const d = path.join(dir, 'roundtrip');
  mkdirSync(d);
  const f = (n: string) => path.join(d, n);
  writeFileSync(f('dhcpd.conf'), DHCPD);
  writeFileSync(f('db.home.example'), ZONE);
  writeFileSync(f('hosts'), HOSTS);
  const zoneBefore = zoneRecords(f('db.home.example'), 'home.example');
  const imp = await runCliCaptured([
    'lan',
    'import',
    f('dhcpd.conf'),
    f('db.home.example'),
    f('hosts'),
    '-o',
    f('lan.yaml'),
  ]);
  assert.equal(imp.status, 0, imp.err);
  let yaml = readFileSync(f('lan.yaml'), 'utf8');
  assert.match(yaml, /domain: home\.example/);
  assert.match(yaml, /cidr: 192\.168\.10\.0\/24/);
  assert.match(yaml, /mac: 00:16:3e:10:00:30/);
  yaml = yaml.replace(
    'targets: {}',
    `targets:\n    dhcpd: dhcpd.conf\n    zone: db.home.example\n    hosts: hosts`,
  );
  writeFileSync(f('lan.yaml'), yaml);
  const check = await runCliCaptured(['lan', 'check', f('lan.yaml')]);
  assert.equal(check.status, 0, check.out + check.err);
  const apply = await runCliCaptured(['lan', 'apply', f('lan.yaml')]);
  assert.equal(apply.status, 0, apply.out + apply.err);
  const dhcpd = readFileSync(f('dhcpd.conf'), 'utf8');
  const hosts = readFileSync(f('hosts'), 'utf8');
  // The hand-written parts are still there, byte for byte.
  for (const line of [
    '# /etc/dhcp/dhcpd.conf — kept by hand since 2009',
    'default-lease-time 600;   max-lease-time 7200;',
    '    range 192.168.10.100 192.168.10.199;',
    '# end of file',
  ]) {
    assert.ok(dhcpd.includes(line), `dhcpd.conf lost: ${line}`);
  }
  assert.ok(hosts.startsWith('127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n# LAN\n'));
  assert.match(readFileSync(f('db.home.example'), 'utf8'), /IN {2}MX {2}10 mail\.provider\.example\./);
  // The same hosts, now inside the markers, and no host twice.
  assert.deepEqual(hostSet('dhcpd', dhcpd), hostSet('dhcpd', DHCPD));
  // hosts now lists every device the three files knew (laptop came from dhcpd.conf, nas's IPv6
  // from the zone), each once.
  assert.deepEqual(hostSet('hosts', hosts), [
    ...hostSet('hosts', HOSTS),
    '192.168.10.30 laptop',
    '2001:db8:10::21 nas,www',
  ]);
  assert.deepEqual(zoneRecords(f('db.home.example'), 'home.example'), zoneBefore);
  assert.match(dhcpd, /# BEGIN netdoctor lan/);
  await run('dhcpd', ['-4', '-t', '-q', '-cf', f('dhcpd.conf')]);
  // Backups of the hand-written files were kept.
  assert.equal(readFileSync(f('dhcpd.conf.bak'), 'utf8'), DHCPD);
  // Applying again changes nothing.
  const again = await runCliCaptured(['lan', 'diff', f('lan.yaml')]);
  assert.match(again.out, /lan\.diff\.up-to-date/);
});

const INVENTORY = `site:
  domain: lab.example
  subnets:
    - cidr: 10.5.0.0/24
      pool: 10.5.0.100-10.5.0.199
  targets:
    dhcpd: dhcpd.conf
devices:
  - name: alpha
    mac: 00:16:3e:05:00:01
    ipv4: 10.5.0.10
  - name: beta
    mac: 00:16:3e:05:00:02
    ipv4: 10.5.0.11
`;

function setup(name: string, inventory = INVENTORY, live?: string) {
  const d = path.join(dir, name);
  mkdirSync(d);
  writeFileSync(path.join(d, 'lan.yaml'), inventory);
  if (live !== undefined) writeFileSync(path.join(d, 'dhcpd.conf'), live);
  return { d, inv: path.join(d, 'lan.yaml'), live: path.join(d, 'dhcpd.conf') };
}

test('a malformed inventory: one line naming file:line:column, exit 2, nothing written', async () => {
  const s = setup(
    'malformed',
    INVENTORY.replace('    ipv4: 10.5.0.11\n', '    ipv4: [10.5.0.11\n'),
    'keep me\n',
  );
  const r = await runCliCaptured(['lan', 'apply', s.inv]);
  assert.equal(r.status, 2);
  assert.match(r.err, /^netdoctor: \/\S+\/lan\.yaml:\d+:\d+: not valid YAML: Flow sequence/);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.equal(readFileSync(s.live, 'utf8'), 'keep me\n');
});

test('a duplicate address: lan check names both places; apply refuses and writes nothing', async () => {
  const s = setup('duplicate', INVENTORY.replace('ipv4: 10.5.0.11', 'ipv4: 10.5.0.10'), 'keep me\n');
  const c = await runCliCaptured(['lan', 'check', s.inv, '--json']);
  assert.equal(c.status, 1);
  const doc = JSON.parse(c.out);
  const dup = doc.findings.find((f: { id: string }) => f.id === 'lan.device.duplicate-ip');
  assert.ok(dup, c.out);
  assert.match(
    dup.title,
    /lan\.yaml:14:11: address 10\.5\.0\.10 of beta is already given to .*lan\.yaml:11:11/,
  );
  const r = await runCliCaptured(['lan', 'apply', s.inv]);
  assert.equal(r.status, 2);
  assert.match(r.err, /1 error\(s\) in the inventory, nothing generated/);
  assert.equal(readFileSync(s.live, 'utf8'), 'keep me\n');
  assert.equal(existsSync(`${s.live}.bak`), false);
});

test('a target file changed since lan diff: apply --plan refuses and writes nothing', { skip }, async () => {
  const s = setup('changed', INVENTORY, '# hand-written\n');
  const plan = path.join(s.d, 'plan.json');
  const diff = await runCliCaptured(['lan', 'diff', s.inv, '--save', plan]);
  assert.equal(diff.status, 0, diff.err);
  assert.match(diff.out, /\+host alpha \{/);
  writeFileSync(s.live, '# hand-written\n# edited by a colleague meanwhile\n');
  const r = await runCliCaptured(['lan', 'apply', s.inv, '--plan', plan]);
  assert.equal(r.status, 2);
  assert.match(r.err, /dhcpd\.conf: the live file changed since lan diff; nothing written/);
  assert.equal(readFileSync(s.live, 'utf8'), '# hand-written\n# edited by a colleague meanwhile\n');
  // Unchanged since the diff: the plan is honoured.
  const diff2 = await runCliCaptured(['lan', 'diff', s.inv, '--save', plan]);
  assert.equal(diff2.status, 0);
  const ok = await runCliCaptured(['lan', 'apply', s.inv, '--plan', plan]);
  assert.equal(ok.status, 0, ok.err + ok.out);
});

test('a validator that fails: the live file stays, no temporary file is left', { skip }, async () => {
  const broken =
    '# hand-written, with a typo dhcpd rejects\nsubnet 10.5.0.0 netmask 255.255.255.0 {\n  range 10.5.0.100 10.5.0.199\n}\n';
  const s = setup('rejected', INVENTORY, broken);
  const r = await runCliCaptured(['lan', 'apply', s.inv, '--json']);
  assert.equal(r.status, 1, r.err);
  const doc = JSON.parse(r.out);
  assert.ok(
    doc.findings.some((f: { id: string }) => f.id === 'lan.apply.rejected'),
    r.out,
  );
  assert.ok(doc.findings.some((f: { id: string }) => f.id === 'lan.apply.nothing-written'));
  assert.equal(readFileSync(s.live, 'utf8'), broken);
  assert.deepEqual(readdirSync(s.d).sort(), ['dhcpd.conf', 'lan.yaml']);
});

test('kill -9 in the middle of apply: the live file is the old or the new one, never half', {
  skip,
  timeout: 180_000,
}, async () => {
  const old = `# hand-written\n${'# padding line so the file is not tiny\n'.repeat(2000)}`;
  const s = setup('kill', INVENTORY, old);
  // The new text, from a run to completion in a copy.
  const ref = setup('kill-ref', INVENTORY, old);
  const t0 = Date.now();
  await run(process.execPath, ['--import', 'tsx', BIN, 'lan', 'apply', ref.inv]);
  const full = Date.now() - t0;
  const next = readFileSync(ref.live, 'utf8');
  assert.notEqual(next, old);
  const seen = { old: 0, new: 0 };
  for (let i = 0; i < 12; i++) {
    writeFileSync(s.live, old);
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'lan', 'apply', s.inv], {
      stdio: 'ignore',
    });
    const closed = new Promise((r) => child.once('close', r));
    // Spread the kills over the whole run, start-up to the last rename.
    await new Promise((r) => setTimeout(r, Math.round(full * (0.4 + (0.7 * i) / 11))));
    child.kill('SIGKILL');
    await closed;
    const now = readFileSync(s.live, 'utf8');
    assert.ok(now === old || now === next, `run ${i}: the live file is neither the old nor the new one`);
    seen[now === old ? 'old' : 'new']++;
  }
  assert.ok(seen.old + seen.new === 12);
  // A later apply finishes the job and clears what killed runs left behind.
  writeFileSync(s.live, old);
  await run(process.execPath, ['--import', 'tsx', BIN, 'lan', 'apply', s.inv]);
  assert.equal(readFileSync(s.live, 'utf8'), next);
  assert.deepEqual(
    readdirSync(s.d).filter((n) => n.endsWith('.tmp') || n.endsWith('.tmp.bak')),
    [],
  );
});
