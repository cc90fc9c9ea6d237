/**
 * Every generated target passes its real validator (dhcpd -t, kea-dhcp4 -t, dnsmasq --test,
 * named-checkzone), and a real BIND loads the generated forward and reverse zones: dig answers the
 * A/AAAA and the PTR of every device, forward and reverse agreeing.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { arpaName } from '../../src/dns/ip.js';
import { applyPlan, checkInventory, parseInventory, planTargets, TARGETS } from '../../src/lan/index.js';
import { startBind } from '../harness/bind.js';
import { peerSkipReason } from '../harness/netns.js';

const run = promisify(execFile);
const FIXTURE = fileURLToPath(new URL('../fixtures/lan/office.yaml', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'nd-lan-gen-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The office fixture with its outputs in `out`, zone files named as the BIND harness wants them. */
function inventoryIn(out: string) {
  mkdirSync(out, { recursive: true });
  const text = readFileSync(FIXTURE, 'utf8')
    .replace('out/db.10.77.0', 'zones/0.77.10.in-addr.arpa.zone')
    .replace('out/db.2001-db8-77', 'zones/0.0.0.0.7.7.0.0.8.b.d.0.1.0.0.2.ip6.arpa.zone')
    .replace('out/db.office.example', 'zones/office.example.zone')
    .replaceAll('out/', 'conf/');
  const file = path.join(out, 'office.yaml');
  writeFileSync(file, text);
  mkdirSync(path.join(out, 'zones'));
  mkdirSync(path.join(out, 'conf'));
  return parseInventory(text, file);
}

const skip = peerSkipReason(
  ['dhcpd', 'kea-dhcp4', 'dnsmasq', 'named-checkzone', 'named', 'dig'],
  'isc-dhcp-server, kea-dhcp4-server, dnsmasq, bind9, bind9-utils, bind9-dnsutils',
);

test('every target is generated and passes its real validator', { skip, timeout: 120_000 }, async () => {
  const inv = inventoryIn(path.join(dir, 'validators'));
  assert.equal(checkInventory(inv).ok, true);
  const plan = planTargets(inv);
  assert.deepEqual(
    [...new Set(plan.map((f) => f.target))].sort(),
    TARGETS.map((t) => t.id).sort(),
    'every registered target renders for the fixture',
  );
  const r = applyPlan(plan);
  assert.deepEqual(
    r.findings.filter((f) => f.severity === 'fail'),
    [],
  );
  assert.equal(r.files.filter((f) => f.status === 'written').length, plan.length);
  // The validators again, by hand, on the files as written (not only through applyPlan).
  const conf = (n: string) => path.join(inv.site.targets[n] as string);
  await run('dhcpd', ['-4', '-t', '-q', '-cf', conf('dhcpd')]);
  await run('kea-dhcp4', ['-t', conf('kea')]);
  await run('dnsmasq', ['--test', `--conf-file=${conf('dnsmasq')}`]);
  for (const f of plan.filter((p) => p.zone)) {
    await run('named-checkzone', ['-k', 'fail', '-n', 'fail', f.zone as string, f.path]);
  }
  // A second plan finds nothing to change (serials stay).
  assert.deepEqual(
    planTargets(inv)
      .filter((f) => f.changed)
      .map((f) => f.path),
    [],
  );
});

test('a real BIND loads the generated zones; dig answers A/AAAA and PTR of every device', {
  skip,
  timeout: 120_000,
}, async () => {
  const inv = inventoryIn(path.join(dir, 'bind'));
  applyPlan(planTargets(inv, { only: ['zone', 'reverse'] }));
  const bind = await startBind({ zoneDirs: [path.join(dir, 'bind', 'zones')] });
  try {
    const dig = async (name: string, type: string) => {
      const { stdout } = await run('dig', [
        '+short',
        '+norec',
        '+time=2',
        '+tries=2',
        '-p',
        String(bind.port),
        '@127.0.0.1',
        name,
        type,
      ]);
      return stdout.trim().split('\n').filter(Boolean).sort();
    };
    let checked = 0;
    for (const d of inv.devices.filter((x) => x.allowed)) {
      const fq = `${d.name}.${inv.site.domain}`;
      if (d.ipv4) {
        assert.deepEqual(await dig(fq, 'A'), [d.ipv4], `${fq} A`);
        assert.deepEqual(await dig(arpaName(d.ipv4), 'PTR'), [`${fq}.`], `${d.ipv4} PTR`);
        checked++;
      }
      const want6 = d.ipv6;
      assert.deepEqual(await dig(fq, 'AAAA'), [...want6].sort(), `${fq} AAAA`);
      for (const a of want6) {
        assert.deepEqual(await dig(arpaName(a), 'PTR'), [`${fq}.`], `${a} PTR`);
        checked++;
      }
      for (const alias of d.aliases) {
        assert.deepEqual(await dig(`${alias}.${inv.site.domain}`, 'CNAME'), [`${fq}.`]);
      }
    }
    assert.ok(checked >= 7, `checked ${checked} addresses`);
    // The banned device is in no zone.
    assert.deepEqual(await dig(`banned-phone.${inv.site.domain}`, 'A'), []);
  } finally {
    await bind.stop();
  }
});

test('the SOA serial is raised only when the zone changes', { skip }, () => {
  const out = path.join(dir, 'serial');
  const inv = inventoryIn(out);
  const jan = new Date(Date.UTC(2026, 0, 5));
  applyPlan(planTargets(inv, { only: ['zone'], now: jan }));
  const zoneFile = inv.site.targets.zone as string;
  assert.match(readFileSync(zoneFile, 'utf8'), /2026010500/);
  // Same inventory, later day: nothing changes, the serial stays.
  const same = planTargets(inv, { only: ['zone'], now: new Date(Date.UTC(2026, 0, 9)) });
  assert.equal(same[0]?.changed, false);
  // One more device: the serial moves to that day.
  const more =
    readFileSync(path.join(out, 'office.yaml'), 'utf8') +
    '  - name: camera\n    mac: 00:16:3e:77:00:30\n    ipv4: 10.77.0.30\n';
  const inv2 = parseInventory(more, path.join(out, 'office.yaml'));
  const changed = planTargets(inv2, { only: ['zone'], now: new Date(Date.UTC(2026, 0, 9)) });
  assert.match(changed[0]?.next ?? '', /2026010900/);
  applyPlan(changed);
  const r = spawnSync('named-checkzone', ['office.example', zoneFile], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /serial 2026010900/);
});
