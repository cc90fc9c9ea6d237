/**
 * Lint oracles: broken zones written for this test, judged by named-checkzone (BIND 9) and by
 * `dns lint`. Every zone named-checkzone rejects must be rejected here too (a fail finding, and
 * `loads: false`); each mistake it lets through must be found with its line; the clean forward
 * + reverse set gives nothing worse than info.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { severityRank } from '../../src/core/findings.js';
import { lintZoneFiles } from '../../src/dns/zone/lint/index.js';

const DIR = fileURLToPath(new URL('../fixtures/zone-lint/', import.meta.url));
const CHECKZONE = ['/usr/bin/named-checkzone', '/usr/sbin/named-checkzone'].find((p) => existsSync(p));
const skip = CHECKZONE
  ? false
  : process.env.CI
    ? false
    : 'named-checkzone (Debian bind9-utils) is not installed';
const today = new Date(Date.UTC(2026, 11, 6));

function checkzone(origin: string, file: string): number {
  if (!CHECKZONE) throw new Error('named-checkzone is not installed: run bash scripts/install-peers.sh');
  return spawnSync(CHECKZONE, ['-q', origin, file], { cwd: DIR }).status ?? -1;
}

const FWD = 'example.org';
const REV = '2.0.192.in-addr.arpa';

const CASES: { files: [string, string][]; story: string; expect: { id: string; line?: number }[] }[] = [
  {
    files: [['broken/syntax.db', FWD]],
    story: 'an address with 300 in it',
    expect: [{ id: 'zone.syntax.error', line: 6 }],
  },
  {
    files: [['broken/cname-and-a.db', FWD]],
    story: 'CNAME next to an A',
    expect: [{ id: 'zone.cname.other-data', line: 6 }],
  },
  {
    files: [['broken/ns-cname.db', FWD]],
    story: 'NS pointing at a CNAME',
    expect: [{ id: 'zone.target.cname', line: 3 }],
  },
  {
    files: [['broken/ns-no-address.db', FWD]],
    story: 'in-zone NS without address',
    expect: [{ id: 'zone.target.no-address', line: 4 }],
  },
  {
    files: [['broken/mx-cname.db', FWD]],
    story: 'MX pointing at a CNAME (named: warning, exit 0)',
    expect: [{ id: 'zone.target.cname', line: 6 }],
  },
  {
    files: [['broken/serial-day32.db', FWD]],
    story: 'serial dated December 32',
    expect: [{ id: 'zone.serial.bad-date', line: 2 }],
  },
  {
    files: [['broken/underscore.db', FWD]],
    story: 'mail_server (check-names)',
    expect: [{ id: 'zone.name.not-hostname', line: 6 }],
  },
  {
    files: [['broken/spf-invalid.db', FWD]],
    story: 'SPF with ip4:192.0.2.300',
    expect: [{ id: 'zone.txt.policy-invalid', line: 6 }],
  },
  {
    files: [['broken/out-of-zone.db', FWD]],
    story: 'out-of-zone glue',
    expect: [{ id: 'zone.name.outside-zone', line: 6 }],
  },
  {
    files: [['broken/ttl-mismatch.db', FWD]],
    story: 'one RRset, two TTLs',
    expect: [{ id: 'zone.ttl.mismatch', line: 6 }],
  },
  {
    files: [['broken/mx-address.db', FWD]],
    story: 'MX 10 192.0.2.25',
    expect: [{ id: 'zone.target.is-address', line: 6 }],
  },
  {
    files: [['broken/mx-missing-dot.db', FWD]],
    story: 'MX target without trailing dot',
    expect: [{ id: 'zone.name.missing-dot', line: 6 }],
  },
  {
    files: [['broken/glue-missing.db', FWD]],
    story: 'delegation without glue',
    expect: [{ id: 'zone.glue.missing', line: 6 }],
  },
  {
    files: [['broken/rev-missing-dot.db', REV]],
    story: 'PTR mail.example.org (becomes mail.example.org.2.0.192.in-addr.arpa.)',
    expect: [{ id: 'zone.name.missing-dot', line: 5 }],
  },
  {
    files: [['broken/rev-two-ptr.db', REV]],
    story: 'two PTRs for 192.0.2.25',
    expect: [{ id: 'zone.ptr.multiple', line: 5 }],
  },
  {
    files: [
      ['broken/fwd-for-rev.db', FWD],
      ['broken/rev-no-mail-ptr.db', REV],
    ],
    story: 'the mail host has no PTR; a PTR names a host that is gone',
    expect: [
      { id: 'zone.ptr.missing', line: 7 },
      { id: 'zone.ptr.no-forward', line: 7 },
    ],
  },
];

for (const c of CASES) {
  test(`lint oracle: ${c.story}`, { skip }, () => {
    const r = lintZoneFiles(
      c.files.map(([file, origin]) => ({ file: path.join(DIR, file), origin })),
      { today },
    );
    c.files.forEach(([file, origin], i) => {
      const bindOk = checkzone(origin, file) === 0;
      const zone = r.zones[i];
      assert.ok(zone);
      if (!bindOk) {
        assert.equal(zone.loads, false, `${file}: named-checkzone rejects it, lint must too`);
        assert.ok(
          r.findings.some((f) => f.severity === 'fail'),
          `${file}: no fail finding`,
        );
      }
    });
    for (const e of c.expect) {
      const hit = r.findings.find(
        (f) => f.id === e.id && (e.line === undefined || (f.evidence as { line?: number }).line === e.line),
      );
      assert.ok(
        hit,
        `${e.id} at line ${e.line} not found in ${JSON.stringify(r.findings.map((f) => [f.id, (f.evidence as { line?: number }).line]))}`,
      );
      assert.ok(severityRank(hit.severity) >= severityRank('warn'), `${e.id} should be warn or fail`);
    }
  });
}

test('lint oracle: the clean forward zone and its three reverse zones give nothing worse than info', {
  skip,
}, () => {
  const files: [string, string][] = [
    ['example.org.db', FWD],
    ['2.0.192.in-addr.arpa.db', REV],
    ['100.51.198.in-addr.arpa.db', '100.51.198.in-addr.arpa'],
    ['8.b.d.0.1.0.0.2.ip6.arpa.db', '8.b.d.0.1.0.0.2.ip6.arpa'],
  ];
  for (const [file, origin] of files) assert.equal(checkzone(origin, file), 0, `${file} must load in BIND`);
  const r = lintZoneFiles(
    files.map(([file]) => ({ file: path.join(DIR, file) })),
    { today, sendingIps: ['192.0.2.25'] },
  );
  assert.deepEqual(
    r.zones.map((z) => z.origin),
    files.map(([, o]) => `${o}.`),
    'origins inferred from $ORIGIN and file names',
  );
  const bad = r.findings.filter((f) => severityRank(f.severity) > severityRank('info'));
  assert.deepEqual(bad, []);
  assert.equal(r.findings.filter((f) => f.id === 'zone.loaded').length, 4);
});
