/**
 * `netdoctor dns lint` end to end: exit status 0/1/2, --json, --lang ja, and hostile zone files
 * (include loops, $INCLUDE /etc/shadow, binary, a 100 MB line, deep parentheses) ending in one
 * line that names file:line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCliCaptured } from '../harness/cli.js';

const DIR = fileURLToPath(new URL('../fixtures/zone-lint/', import.meta.url));
const f = (p: string) => path.join(DIR, p);
const cli = (args: string[]) => runCliCaptured(args, { env: { LANG: 'C' } });

test('dns lint: a clean forward + reverse set exits 0 and lists the zones', async () => {
  const r = await cli([
    'dns',
    'lint',
    f('example.org.db'),
    f('2.0.192.in-addr.arpa.db'),
    f('100.51.198.in-addr.arpa.db'),
    f('8.b.d.0.1.0.0.2.ip6.arpa.db'),
  ]);
  assert.equal(r.status, 0, r.err + r.out);
  assert.match(r.out, /example\.org\.\s+2026120601\s+12\s+yes/);
});

test('dns lint: the missing trailing dot is a failure with the line to write; --json and --lang ja', async () => {
  const r = await cli(['dns', 'lint', f('broken/rev-missing-dot.db'), '--origin', '2.0.192.in-addr.arpa']);
  assert.equal(r.status, 1, r.err);
  assert.match(
    r.out,
    /rev-missing-dot\.db:5: mail\.example\.org lacks its trailing dot and became mail\.example\.org\.2\.0\.192\.in-addr\.arpa\./,
  );
  assert.match(r.out, /25\s+IN PTR\s+mail\.example\.org\./);
  const j = await cli([
    'dns',
    'lint',
    f('broken/rev-missing-dot.db'),
    '--origin',
    '2.0.192.in-addr.arpa',
    '--json',
  ]);
  const doc = JSON.parse(j.out) as {
    zones: { origin: string; loads: boolean }[];
    findings: { id: string; evidence: { line: number } }[];
  };
  assert.equal(doc.zones[0]?.origin, '2.0.192.in-addr.arpa.');
  assert.equal(doc.zones[0]?.loads, true);
  assert.ok(doc.findings.some((x) => x.id === 'zone.name.missing-dot' && x.evidence.line === 5));
  const ja = await cli([
    'dns',
    'lint',
    f('broken/rev-missing-dot.db'),
    '--origin',
    '2.0.192.in-addr.arpa',
    '--lang',
    'ja',
  ]);
  assert.match(ja.out, /末尾にドットがなく/);
});

test('dns lint: forward and reverse together find the mail host without PTR (fail) and the PTR without A', async () => {
  const r = await cli([
    'dns',
    'lint',
    f('broken/fwd-for-rev.db'),
    f('broken/rev-no-mail-ptr.db'),
    '--origin',
    'example.org',
    '--origin',
    '2.0.192.in-addr.arpa',
    '--json',
  ]);
  assert.equal(r.status, 1);
  const doc = JSON.parse(r.out) as { findings: { id: string; severity: string; fix: string }[] };
  const missing = doc.findings.find((x) => x.id === 'zone.ptr.missing');
  assert.equal(missing?.severity, 'fail');
  assert.match(missing?.fix ?? '', /rev-no-mail-ptr\.db: 25\s+IN PTR\s+mail\.example\.org\./);
  assert.ok(doc.findings.some((x) => x.id === 'zone.ptr.no-forward'));
});

test('dns lint: usage errors and unreadable files exit 2 with one line', async () => {
  const none = await cli(['dns', 'lint', f('nonexistent.db'), '--origin', 'example.org']);
  assert.equal(none.status, 2);
  assert.equal(none.err.trim().split('\n').length, 1, none.err);
  assert.match(none.err, /nonexistent\.db/);
  const noOrigin = await cli(['dns', 'lint', f('broken/syntax.db')]);
  assert.equal(noOrigin.status, 2);
  assert.match(noOrigin.err, /--origin/);
});

test('hostile zone files: one line naming file:line, exit 2, no hang', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-hostile-'));
  const w = (name: string, text: string | Buffer) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  w('b.db', '$INCLUDE a.db\n');
  const cases: [string, RegExp][] = [
    [w('a.db', '$TTL 1h\n$INCLUDE b.db\n'), /b\.db:1: \$INCLUDE loop: a\.db → b\.db → a\.db/],
    [
      w('shadow.db', '$TTL 1h\n$INCLUDE /etc/shadow\n'),
      /shadow\.db:2: \$INCLUDE \/etc\/shadow: outside the zone's folder/,
    ],
    [
      w(
        'bin.db',
        Buffer.from([0x24, 0x54, 0x54, 0x4c, 0x20, 0x31, 0x0a, 0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x0a]),
      ),
      /bin\.db:2: binary data/,
    ],
    [w('paren.db', `$TTL 1h\n@ TXT ${'('.repeat(1_000_000)}\n`), /paren\.db:2: unbalanced parentheses/],
    [
      w('long.db', `$TTL 1h\n@ TXT "${'x'.repeat(100 * 1024 * 1024)}"\n`),
      /long\.db:2: quoted string longer than 65536 bytes/,
    ],
  ];
  for (const [file, re] of cases) {
    const t0 = Date.now();
    const r = await cli(['dns', 'lint', file, '--origin', 'example.org']);
    assert.equal(r.status, 2, `${file}: ${r.err}${r.out}`);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, re);
    assert.ok(Date.now() - t0 < 10_000, `${file} took ${Date.now() - t0} ms`);
  }
});

test('dns lint --lang ja: every zone syntax error is worded in Japanese, with its file:line', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-zone-ja-'));
  const zone = path.join(dir, 'example.org.db');
  writeFileSync(
    zone,
    '$TTL 1h\n@ SOA ns hostmaster 2026120601 1h 15m 1w 5m\n NS ns\nns A 192.0.2.1\n' +
      'bad A 192.0.2.999\nmx MX ten mail\nodd BOGUS data\n$TTL soon\nloc LOC 91 N 1 E 0\n',
  );
  const ja = await cli(['dns', 'lint', zone, '--lang', 'ja']);
  assert.equal(ja.status, 1, ja.err);
  for (const want of [
    /example\.org\.db:5: 「192\.0\.2\.999」は IPv4 アドレスではありません/,
    /example\.org\.db:6: 「ten」は数値ではありません（MX のフィールド）/,
    /example\.org\.db:7: 不明なレコードタイプ「BOGUS」です/,
    /example\.org\.db:8: \$TTL「soon」は TTL の値ではありません/,
    /example\.org\.db:9: LOC: 91 度は範囲外です/,
  ])
    assert.match(ja.out, want);
  assert.doesNotMatch(ja.out, /is not an IPv4 address|is not a number|unknown record type|is not a TTL/);
  // The same lines in English.
  const en = await cli(['dns', 'lint', zone]);
  assert.match(en.out, /example\.org\.db:5: "192\.0\.2\.999" is not an IPv4 address/);
  // A file that is not a zone at all: one line naming file:line, exit 2, in Japanese.
  const bin = path.join(dir, 'binary.db');
  writeFileSync(bin, Buffer.from([0x24, 0x54, 0x54, 0x4c, 0x20, 0x31, 0x0a, 0x00, 0x01, 0x02]));
  const b = await cli(['dns', 'lint', bin, '--origin', 'example.org', '--lang', 'ja']);
  assert.equal(b.status, 2, b.out);
  assert.match(b.err, /binary\.db:2: バイナリデータ（NUL バイト）です。ゾーンファイルではありません/);
});
