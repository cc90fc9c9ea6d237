/**
 * Unit tables for the LAN library: MAC spellings, the IEEE registries (3Com's 02:60:8C, an IAB
 * block, MA-M, MA-S), the checker's findings with file:line:column, the markers, arp.dat, the
 * ARP watch's bookkeeping and the neighbour-line parser; and the target registry against its folder.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NetdoctorError } from '../core/errors.js';
import {
  type ArpEvent,
  ArpWatch,
  checkInventory,
  DEFAULT_IEEE_DIR,
  detectImportFormat,
  findBlock,
  formatArpDat,
  IMPORT_FORMATS,
  importInventory,
  isHostName,
  normalizeMac,
  parseArpDat,
  parseCidr,
  parseInventory,
  parseNeighLine,
  spliceBlock,
  TARGETS,
  VendorRegistry,
} from './index.js';
import { csvFields } from './vendor.js';
import { macFromText } from './watch.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

test('MAC addresses in every common spelling become one form; junk does not', () => {
  for (const s of [
    '00:16:3e:0a:0b:0c',
    '00-16-3E-0A-0B-0C',
    '0016.3e0a.0b0c',
    '00163E0A0B0C',
    '0:16:3e:a:b:c',
  ]) {
    assert.equal(normalizeMac(s), '00:16:3e:0a:0b:0c', s);
  }
  for (const s of [
    '00:16:3e:0a:0b',
    '00:16:3e:0a:0b:0c:0d',
    '00:16-3e:0a:0b:0c',
    'zz:16:3e:0a:0b:0c',
    '',
    `${'0'.repeat(5000)}`,
  ]) {
    assert.equal(normalizeMac(s), undefined, s);
  }
});

const ieee = existsSync(path.join(DEFAULT_IEEE_DIR, 'oui.csv'));
const ieeeSkip =
  ieee || process.env.CI === 'true' ? false : `${DEFAULT_IEEE_DIR} is absent (Debian ieee-data)`;

test("vendors: 3Com's 02:60:8C is registered despite its U/L bit; IAB, MA-M, MA-S by longest prefix", {
  skip: ieeeSkip,
}, () => {
  const reg = VendorRegistry.load();
  assert.equal(reg.lookup('02:60:8c:01:02:03')?.organization, '3COM');
  assert.equal(reg.isLocallyAdministered('02:60:8c:01:02:03'), false);
  assert.equal(reg.isLocallyAdministered('da:a1:19:00:00:01'), true, 'a randomised phone address');
  assert.equal(reg.isLocallyAdministered('00:16:3e:00:00:01'), false);
  const iab = reg.lookup('00:50:c2:7d:50:01');
  assert.deepEqual([iab?.registry, iab?.organization], ['IAB', 'DEUTA-WERKE GmbH']);
  assert.equal(reg.lookup('20:85:93:b0:00:01')?.registry, 'MA-M');
  assert.equal(reg.lookup('70:b3:d5:71:90:01')?.organization, '2M Technology');
  assert.equal(reg.lookup('70:b3:d5:71:90:01')?.registry, 'MA-S');
  assert.ok((reg.counts['MA-L'] ?? 0) > 30_000);
});

test('registry CSV fields: quoted commas and doubled quotes', () => {
  assert.deepEqual(csvFields('MA-L,F4BD9E,"Cisco Systems, Inc",80 West Tasman'), [
    'MA-L',
    'F4BD9E',
    'Cisco Systems, Inc',
    '80 West Tasman',
  ]);
  assert.deepEqual(csvFields('a,"say ""hi""",c'), ['a', 'say "hi"', 'c']);
});

test('host names per RFC 1123', () => {
  for (const ok of ['printer', 'pc-01', '3com', 'a.b.c', 'x'.repeat(63)]) assert.ok(isHostName(ok), ok);
  for (const bad of ['-pc', 'pc-', 'pc_1', 'a b', 'x'.repeat(64), '', 'a..b'])
    assert.ok(!isHostName(bad), bad);
});

const BASE = `site:
  domain: t.example
  subnets:
    - cidr: 10.1.0.0/24
      pool: 10.1.0.100-10.1.0.199
    - cidr: 2001:db8:1::/64
devices:
`;

/** Each row: device lines, the ids `lan check` must report, and the first finding's position. */
const TABLE: { devices: string; ids: string[]; at?: string }[] = [
  { devices: '  - name: ok\n    mac: 00:16:3e:01:00:01\n    ipv4: 10.1.0.10\n', ids: ['lan.inventory.ok'] },
  { devices: '  - name: bad_name\n    ipv4: 10.1.0.10\n', ids: ['lan.device.bad-name'], at: '8:11' },
  {
    devices: '  - name: pc\n    netbios: ABCDEFGHIJKLMNOP\n',
    ids: ['lan.device.netbios-too-long'],
    at: '9:14',
  },
  { devices: '  - name: pc\n    mac: 00:16:3e:01:00\n', ids: ['lan.device.bad-mac'], at: '9:10' },
  { devices: '  - name: pc\n    mac: 01:00:5e:00:00:01\n', ids: ['lan.device.bad-mac'] },
  { devices: '  - name: pc\n    ipv4: 10.1.0.300\n', ids: ['lan.device.bad-address'], at: '9:11' },
  { devices: '  - name: pc\n    ipv4: 10.2.0.10\n', ids: ['lan.device.outside-subnet'], at: '9:11' },
  { devices: '  - name: pc\n    ipv4: 10.1.0.150\n', ids: ['lan.device.in-pool'] },
  { devices: '  - name: pc\n    ipv4: 10.1.0.255\n', ids: ['lan.device.reserved-address'] },
  { devices: '  - name: pc\n    ipv6: 2001:db8:2::1\n', ids: ['lan.device.outside-subnet'] },
  {
    devices: '  - name: a\n    mac: 00:16:3e:01:00:01\n  - name: b\n    mac: 00-16-3E-01-00-01\n',
    ids: ['lan.device.duplicate-mac'],
    at: '11:10',
  },
  {
    devices: '  - name: a\n    ipv4: 10.1.0.5\n  - name: b\n    ipv4: 10.1.0.5\n',
    ids: ['lan.device.duplicate-ip'],
  },
  { devices: '  - name: a\n  - name: A\n', ids: ['lan.device.duplicate-name'] },
  { devices: '  - name: a\n    aliases: [b]\n  - name: b\n', ids: ['lan.device.duplicate-name'] },
  { devices: '  - name: a\n    colour: red\n', ids: ['lan.inventory.unknown-key'], at: '9:5' },
  { devices: '  - mac: 00:16:3e:01:00:01\n', ids: ['lan.inventory.missing'] },
];

test('lan check: a table of inventories and the findings each must give, with file:line:column', {
  skip: ieeeSkip,
}, () => {
  const vendors = VendorRegistry.load();
  for (const row of TABLE) {
    const inv = parseInventory(BASE + row.devices, 'inv.yaml');
    const r = checkInventory(inv, { vendors });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      row.ids,
      row.devices,
    );
    if (row.at)
      assert.match(String(r.findings[0]?.params?.where), new RegExp(`^inv\\.yaml:${row.at}$`), row.devices);
  }
  const random = checkInventory(
    parseInventory(`${BASE}  - name: phone\n    mac: da:a1:19:00:00:01\n`, 'inv.yaml'),
    { vendors },
  );
  assert.deepEqual(
    random.findings.map((f) => f.id),
    ['lan.device.random-mac'],
  );
  assert.equal(random.ok, true, 'a randomised MAC is a warning, not an error');
  const threeCom = checkInventory(
    parseInventory(`${BASE}  - name: old\n    mac: 02:60:8c:01:02:03\n`, 'inv.yaml'),
    { vendors },
  );
  assert.deepEqual(
    threeCom.findings.map((f) => f.id),
    ['lan.inventory.ok'],
  );
});

test('a YAML syntax error is one line naming file:line:column', () => {
  assert.throws(
    () => parseInventory('site:\n  domain: x\ndevices:\n  - name: a\n    mac: [1, 2\n', 'bad.yaml'),
    (e: Error & { oneLine(): string }) => /^bad\.yaml:\d+:\d+: /.test(e.oneLine()),
  );
});

test('markers: the block is replaced, everything else kept; doubled or unbalanced markers refused', () => {
  const text = 'a\n# BEGIN netdoctor lan — old\nold\n# END netdoctor lan\nb\n';
  assert.equal(
    spliceBlock(text, '#', 'f', '# BEGIN netdoctor lan\nnew\n# END netdoctor lan\n', true),
    'a\n# BEGIN netdoctor lan\nnew\n# END netdoctor lan\nb\n',
  );
  assert.equal(spliceBlock('x', '#', 'f', 'B\n', true), 'x\n\nB\n');
  assert.throws(() => findBlock('# BEGIN netdoctor lan\n', '#', 'f'), /has no/);
  assert.throws(() => findBlock('# END netdoctor lan\n', '#', 'f'), /without/);
  assert.throws(
    () => findBlock('# BEGIN netdoctor lan\n# END netdoctor lan\n# BEGIN netdoctor lan\n', '#', 'f'),
    /second/,
  );
  assert.throws(() => spliceBlock('{}', '//', 'kea.conf', 'B\n', false), /put them where/);
});

test('arp.dat: five fields read and written, older 3-field lines read, junk refused with file:line', () => {
  const text = '00:16:3e:00:00:0c\t10.9.0.5\t1700000005\t\teth0\n0:16:3e:0:0:d\t10.9.0.6\t1700000004\n';
  const e = parseArpDat(text, 'arp.dat');
  assert.deepEqual(e[1], {
    mac: '00:16:3e:00:00:0d',
    ip: '10.9.0.6',
    time: 1700000004,
    hostname: '',
    iface: '',
  });
  assert.equal(formatArpDat(e.slice(0, 1)), '00:16:3e:00:00:0c\t10.9.0.5\t1700000005\t\teth0\n');
  assert.throws(
    () => parseArpDat('hello world\n', 'arp.dat'),
    (e: unknown) => e instanceof NetdoctorError && /^arp\.dat:1: not an arp\.dat line/.test(e.oneLine()),
  );
});

function feed(w: ArpWatch, mac: string, ip: string, t: number, src = mac) {
  const b = Buffer.from([...src.split(':'), ...mac.split(':')].map((x) => Number.parseInt(x, 16)));
  const spa = ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  w.arp(b, 0, 6, spa, t);
}

test("the ARP watch's bookkeeping: arpwatch's kinds, new activity after six months, state reload", () => {
  const events: ArpEvent[] = [];
  const w = new ArpWatch((e) => events.push(e), {
    localNets: [parseCidr('10.0.0.0/24')!],
    conflictSeconds: 5,
  });
  const B = '00:16:3e:00:00:0b';
  const C = '00:16:3e:00:00:0c';
  feed(w, B, '10.0.0.5', 1000);
  feed(w, B, '10.0.0.5', 1001);
  feed(w, C, '10.0.0.5', 1100);
  feed(w, B, '10.0.0.5', 1102);
  feed(w, B, '10.0.0.5', 1102 + 181 * 86400);
  feed(w, B, '192.0.2.1', 1200);
  feed(w, B, '10.0.0.7', 1300, C);
  feed(w, 'ff:ff:ff:ff:ff:ff', '10.0.0.8', 1400);
  feed(w, B, '0.0.0.0', 1500);
  assert.deepEqual(
    events.map((e) => e.kind),
    [
      'new-station',
      'changed-ethernet',
      'flip-flop',
      'duplicate-ip',
      'new-activity',
      'bogon',
      'ethernet-mismatch',
      'ethernet-broadcast',
    ],
  );
  const again: ArpEvent[] = [];
  const w2 = new ArpWatch((e) => again.push(e));
  w2.load(parseArpDat(formatArpDat(w.entries()), 'state'));
  feed(w2, B, '10.0.0.5', 1102 + 181 * 86400 + 10);
  feed(w2, C, '10.0.0.5', 1102 + 181 * 86400 + 100);
  assert.deepEqual(
    again.map((e) => e.kind),
    ['flip-flop'],
    'no new station after a restart; C is the previous MAC',
  );
  assert.equal(macFromText('02:60:8c:01:02:03').toString(16), '2608c010203');
});

test('the ARP watch with an inventory: unknown, not allowed, wrong address, claimed address', () => {
  const inv = parseInventory(
    `${BASE}  - name: printer\n    mac: 00:16:3e:01:00:14\n    ipv4: 10.1.0.20\n  - name: banned\n    mac: 00:16:3e:01:00:99\n    allowed: false\n`,
    'inv.yaml',
  );
  const events: ArpEvent[] = [];
  const w = new ArpWatch((e) => events.push(e), { inventory: inv });
  feed(w, '00:16:3e:01:00:14', '10.1.0.20', 1);
  feed(w, '00:16:3e:01:00:14', '10.1.0.21', 2);
  feed(w, '00:16:3e:01:00:99', '10.1.0.30', 3);
  feed(w, '00:16:3e:01:00:77', '10.1.0.20', 100);
  assert.deepEqual(
    events.map((e) => `${e.kind} ${e.ip} ${e.name ?? ''}`),
    [
      'new-station 10.1.0.20 printer',
      'new-station 10.1.0.21 printer',
      'wrong-address 10.1.0.21 printer',
      'new-station 10.1.0.30 banned',
      'not-allowed 10.1.0.30 banned',
      'changed-ethernet 10.1.0.20 ',
      'unknown-mac 10.1.0.20 ',
      'claimed-address 10.1.0.20 printer',
    ],
  );
});

test('neighbour lines: ip monitor text and ip -j JSON; deletions and IPv6 skipped; long lines cheap', () => {
  assert.deepEqual(parseNeighLine('10.1.1.1 dev eth0 lladdr 00:11:22:33:44:55 REACHABLE'), {
    ip: '10.1.1.1',
    mac: '00:11:22:33:44:55',
    dev: 'eth0',
  });
  assert.deepEqual(
    parseNeighLine('{"dst":"10.1.1.2","dev":"eth0","lladdr":"00:11:22:33:44:56","state":["STALE"]}'),
    { ip: '10.1.1.2', mac: '00:11:22:33:44:56', dev: 'eth0' },
  );
  assert.equal(parseNeighLine('Deleted 10.1.1.1 dev eth0 lladdr 00:11:22:33:44:55 STALE'), undefined);
  assert.equal(parseNeighLine('fe80::1 dev eth0 lladdr 00:11:22:33:44:55 router STALE'), undefined);
  assert.equal(parseNeighLine('10.1.1.3 dev eth0  FAILED'), undefined);
  const t0 = performance.now();
  assert.equal(parseNeighLine(`10.1.1.1 dev ${'x'.repeat(1_000_000)}`), undefined);
  assert.ok(performance.now() - t0 < 100);
});

test('the target registry lists every file of src/lan/targets', () => {
  const files = readdirSync(path.join(HERE, 'targets'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'target.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(TARGETS.map((t) => t.id).sort(), files);
  const index = readFileSync(path.join(HERE, 'targets', 'index.ts'), 'utf8');
  for (const f of files) assert.ok(index.includes(`'./${f}.js'`), f);
});

test('lan import reads every format it names, detected from the content, and merges one device', () => {
  const sources = [
    {
      path: 'kea-dhcp4.conf',
      text: '// c\n{ "Dhcp4": { "subnet4": [ { "id": 1, "subnet": "10.3.0.0/24", "pools": [ { "pool": "10.3.0.100 - 10.3.0.150" } ],\n "reservations": [ { "hw-address": "00:16:3e:03:00:01", "ip-address": "10.3.0.10", "hostname": "cam" } ] } ] } }\n',
    },
    { path: 'dnsmasq.conf', text: 'domain=lab.example\ndhcp-host=00:16:3e:03:00:02,10.3.0.11,tv,infinite\n' },
    { path: 'ethers', text: '# ethers\n00:16:3e:03:00:03 fridge\n' },
    { path: 'arp.dat', text: '00:16:3e:03:00:04\t10.3.0.13\t1700000000\t\teth0\n' },
    { path: 'hosts', text: '127.0.0.1 localhost\n10.3.0.12 fridge.lab.example fridge\n' },
  ];
  const r = importInventory(sources);
  assert.equal(r.domain, 'lab.example');
  assert.deepEqual(
    r.devices.map((d) => [d.name, d.macs.join(','), d.ipv4 ?? '-']),
    [
      ['cam', '00:16:3e:03:00:01', '10.3.0.10'],
      ['tv', '00:16:3e:03:00:02', '10.3.0.11'],
      ['fridge', '00:16:3e:03:00:03', '10.3.0.12'],
      ['host-10-3-0-13', '00:16:3e:03:00:04', '10.3.0.13'],
    ],
  );
  const inv = parseInventory(r.yaml, 'draft.yaml');
  assert.equal(checkInventory(inv).ok, true, r.yaml);
  assert.deepEqual(
    sources.map((s) => detectImportFormat(s.text)),
    ['kea', 'dnsmasq', 'ethers', 'arpdat', 'hosts'],
  );
});

test('dhcpd.conf: any white space separates words (ideographic, no-break, vertical tab), and it always ends', () => {
  // Every white-space character JavaScript knows, each between the words of a host block: the
  // tokenizer once skipped only space, tab, CR and LF, and stood still on the others for ever.
  const spaces = [...'\u000b\u000c\u00a0\u1680\u2000\u2003\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'];
  for (const sp of spaces) {
    const text = `host${sp}pc1${sp}{${sp}hardware${sp}ethernet 00:11:22:33:44:55;${sp}fixed-address${sp}192.168.1.10;${sp}}\n`;
    const { devices } = importInventory([{ path: 'dhcpd.conf', text, format: 'dhcpd' }]);
    const code = sp.codePointAt(0)?.toString(16);
    assert.deepEqual(
      devices.map((d) => [d.name, d.macs, d.ipv4]),
      [['pc1', ['00:11:22:33:44:55'], '192.168.1.10']],
      `U+${code}`,
    );
  }
});

test('lan import refuses binary data (a NUL byte) in every format, naming the input', () => {
  const text = `\u007fELF\u0000\u0001\u0002 00:11:22:33:44:55 192.168.1.10 pc1\n`;
  for (const format of [undefined, ...IMPORT_FORMATS, 'zone' as const]) {
    assert.throws(
      () => importInventory([{ path: 'leases.bin', text, ...(format ? { format } : {}) }]),
      (e: unknown) =>
        e instanceof NetdoctorError &&
        e.oneLine('en') === 'leases.bin: binary data (a NUL byte): not a configuration file or host list',
      String(format),
    );
  }
});
