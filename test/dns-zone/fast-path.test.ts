/**
 * The zone reader's fast path (plain lines read as bare words, `Lexer.simpleLine`) and the
 * lint's fused, index-based checks must change nothing but the time: on every zone of BIND's
 * system tests, the project's zone fixtures, hostile files and a generated forward + reverse
 * set full of mistakes, the fast reader gives the same records, notes, errors (or the same
 * fatal error) as the token-by-token reader, and lint the same findings. The generated set's
 * findings are also pinned (id, severity, file:line), as the lint gave them before the fast
 * paths, so a faster check that finds less fails here.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ParseZoneOptions, parseZoneFile } from '../../src/dns/zone/index.js';
import { lintZoneFiles, lintZones } from '../../src/dns/zone/lint/index.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const today = new Date('2026-12-06T00:00:00Z');

function walk(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = path.join(d, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The zone and its lint as JSON, or the fatal error's message. */
function read(file: string, opts: ParseZoneOptions & { fastLines: boolean }): string {
  try {
    const z = parseZoneFile(file, { ...opts, onError: 'collect' });
    const l = lintZones([z], { today });
    return JSON.stringify({ z, zones: l.zones, findings: l.findings });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

function agree(file: string, opts: ParseZoneOptions): void {
  const slow = read(file, { ...opts, fastLines: false });
  const fast = read(file, { ...opts, fastLines: true });
  assert.ok(
    slow === fast,
    `${file}: the fast reader differs\n slow: ${slow.slice(0, 400)}\n fast: ${fast.slice(0, 400)}`,
  );
}

test('BIND system-test zones: the fast reader gives the same records and findings', {
  skip: corpusDir('bind-zones') ? false : corpusSkipReason('bind-zones'),
}, () => {
  const root = corpusDir('bind-zones') as string;
  const files = walk(root).filter((f) => /\.db(\.in)?$/.test(f));
  assert.ok(files.length > 300, `only ${files.length} zones in ${root}`);
  for (const f of files) {
    const base = path.basename(f).replace(/\.db(\.in)?$/, '');
    agree(f, { origin: base === 'root' ? '.' : base, directory: path.dirname(f), includeRoot: root });
  }
});

test('the project zone fixtures: the fast reader gives the same records and findings', () => {
  let n = 0;
  for (const d of ['zones', 'zones-tld', 'zone-lint', 'zone-lint/broken']) {
    for (const f of readdirSync(path.join(FIXTURES, d))) {
      const file = path.join(FIXTURES, d, f);
      if (!statSync(file).isFile()) continue;
      const origin = d.endsWith('broken')
        ? f.startsWith('rev-')
          ? '2.0.192.in-addr.arpa'
          : 'example.org'
        : f.replace(/\.(db|zone)$/, '');
      agree(file, { origin });
      n++;
    }
  }
  assert.ok(n > 40, `${n} fixture zones`);
});

test('hostile and odd files: the fast reader gives the same records, errors and refusals', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-fast-path-'));
  try {
    const cases: Record<string, string | Buffer> = {
      'crlf.db':
        '$TTL 1h\r\n@ IN SOA ns h 1 1 1 1 1\r\nns IN A 192.0.2.1\r\n  IN AAAA 2001:db8::1 ; c\r\nwww 300 IN CNAME ns\r\nmx in mx 20 ns.example.org.\r\n',
      'mixed.db': [
        '$TTL 1h',
        '@ IN SOA ns h ( 1 1 1 1 1 )',
        '\tNS ns',
        'ns A 192.0.2.1',
        'ns A 192.0.2.1',
        'ns 60 A 192.0.2.1',
        'a\\.b A 192.0.2.2',
        'c A 192.0.2.300',
        'd A 01.2.3.4',
        'e IN',
        'f IN A',
        'g CH A 192.0.2.4',
        'h TYPE1 \\# 4 01020304',
        'h2 A 192.0.2.4 192.0.2.5',
        '* A 192.0.2.4',
        '@ MX 10',
        '@ MX 70000 ns',
        '@ MX x ns',
        `long${'x'.repeat(70)} A 192.0.2.4`,
        '$ORIGIN sub',
        'x A 192.0.2.4',
        'out.example.com. A 192.0.2.4',
        '  PTR foo',
        '  ptr foo.',
        '9 IN 3600 A 192.0.2.1',
        '1h30m A 192.0.2.2',
        '99999999999 A 192.0.2.3',
        'big 3000000000 A 192.0.2.7',
        'big2 3000000000 MX 10 big',
        'z NS a b',
        'q ANY x',
        ' $x A 192.0.2.1',
        'r AAAA 2001:db8::ffff:1.2.3.4',
        's aaaa ::1',
        '',
      ].join('\n'),
      'no-owner.db': '  A 192.0.2.1\n$TTL 1h\n  A 192.0.2.1\n',
      'no-ttl.db': '@ SOA ns h 1 1 1 1 300\n@ NS ns\nns A 192.0.2.1\n',
      'binary.db': Buffer.from([
        0x24, 0x54, 0x54, 0x4c, 0x20, 0x31, 0x0a, 0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x0a,
      ]),
      'nul.db': '$TTL 1h\n@ A 192.0.2.1 ; \0 in a comment\nx A 192.0.2.1\0\n',
      'parens.db': `$TTL 1h\n@ TXT ${'('.repeat(100_000)}\n`,
      'long-word.db': `$TTL 1h\n@ TXT ${'x'.repeat(200_000)}\nb A 192.0.2.1\n`,
      'long-quoted.db': `$TTL 1h\n@ TXT "${'x'.repeat(200_000)}"\n`,
      'many-words.db': `$TTL 1h\n@ TXT ${'a '.repeat(150_000)}\n`,
      'no-final-newline.db': '$TTL 1h\n@ SOA ns h 1 1 1 1 1\nns A 192.0.2.1',
      'directives.db': '$TTL 1h\n@ SOA ns h 1 1 1 1 1\n$foo bar\n$ORIGIN other.org.\nq A 192.0.2.1\n',
      'class.db': '$TTL 1h\n@ CH SOA ns h 1 1 1 1 1\nx IN A 192.0.2.1\ny CLASS1 A 192.0.2.1\n',
      'include.db': '$TTL 1h\n@ SOA ns h 1 1 1 1 1\n$INCLUDE inc.db sub\nafter A 192.0.2.9\n  A 192.0.2.10\n',
      'inc.db': 'x A 192.0.2.1\n  MX 10 x\n',
      'loop.db': '$INCLUDE loop.db\n',
      'shadow.db': '$TTL 1h\n$INCLUDE /etc/shadow\n',
    };
    for (const [name, text] of Object.entries(cases)) writeFileSync(path.join(dir, name), text);
    for (const name of Object.keys(cases)) agree(path.join(dir, name), { origin: 'example.org' });
    const rev = path.join(dir, 'rev.db');
    writeFileSync(
      rev,
      '$TTL 1h\n@ SOA ns.example.org. h 1 1 1 1 1\n@ NS ns.example.org.\n1.2 PTR host\n1.2 PTR host.example.org.\n3.2 PTR host.example.org\n',
    );
    agree(rev, { origin: '2.0.192.in-addr.arpa' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A forward zone and its reverse zones with every pairing mistake, 20,000 hosts. */
function messy(dir: string): { file: string; origin: string }[] {
  const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const head = (ns: string) =>
    `$TTL 1h\n@ IN SOA ${ns} hostmaster ( 2026120601 3h 15m 2w 1h )\n  IN NS ${ns}\n`;
  const f = [`$ORIGIN m.test.\n${head('ns1')}  IN MX 10 h5\n  IN MX 20 h77\nns1 IN A 10.255.255.254\n`];
  const r = [`$ORIGIN 10.in-addr.arpa.\n${head('ns1.m.test.')}254.255.255 IN PTR ns1.m.test.\n`];
  const r6 = [`$ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.\n${head('ns1.m.test.')}`];
  for (let i = 1; i <= 20_000; i++) {
    const [, b, c, d] = ip(i).split('.');
    if (i % 97 !== 0) f.push(`h${i} IN A ${ip(i)}\n`);
    if (i % 5 === 0) f.push(`h${i} IN A 172.16.${(i >> 8) & 255}.${i & 255}\n`);
    if (i % 11 === 0) f.push(`H${i}\tin a ${ip(i + 1)} ; alias\n`);
    if (i % 13 === 0) f.push(`  IN AAAA 2001:db8::${i.toString(16)}\n`);
    if (i % 17 === 0) f.push(`c${i} IN CNAME h${i}\n`);
    if (i % 89 !== 0) r.push(`${d}.${c}.${b} IN PTR h${i}.m.test.\n`);
    if (i % 101 === 0) r.push(`${d}.${c}.${b} IN PTR other${i}.m.test.\n`);
    if (i % 103 === 0) r.push(`${d}.${c}.${b} IN PTR h${i}.m.test\n`);
    if (i % 13 === 0 && i % 3) {
      const nibbles = i.toString(16).padStart(4, '0').split('').reverse().join('.');
      r6.push(`${nibbles}${'.0'.repeat(24)} IN PTR h${i}.m.test.\n`);
    }
  }
  const w = (name: string, origin: string, lines: string[]) => {
    writeFileSync(path.join(dir, name), lines.join(''));
    return { file: path.join(dir, name), origin };
  };
  return [
    w('m.test.db', 'm.test', f),
    w('m10.db', '10.in-addr.arpa', r),
    w('m6.db', '8.b.d.0.1.0.0.2.ip6.arpa', r6),
  ];
}

test('a generated forward + reverse set full of mistakes: the same findings, fast or not, as pinned', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-fast-path-'));
  try {
    const inputs = messy(dir);
    const opts = { today, sendingIps: ['10.0.0.97'] };
    const fast = lintZoneFiles(inputs, opts);
    const slow = lintZones(
      inputs.map((i) => parseZoneFile(i.file, { origin: i.origin, onError: 'collect', fastLines: false })),
      opts,
    );
    assert.deepEqual(fast.zones, slow.zones);
    assert.ok(JSON.stringify(fast.findings) === JSON.stringify(slow.findings), 'findings differ');
    const counts: Record<string, number> = {};
    for (const f of fast.findings)
      counts[`${f.id} ${f.severity}`] = (counts[`${f.id} ${f.severity}`] ?? 0) + 1;
    // As the lint found them before the fast paths (netdoctor 0.1.0 at 9dbbbeb).
    assert.deepEqual(counts, {
      'zone.cname.other-data fail': 1,
      'zone.name.missing-dot fail': 194,
      'zone.ptr.no-forward fail': 1,
      'zone.ptr.missing warn': 1756,
      'zone.ptr.multiple warn': 387,
      'zone.ptr.no-forward warn': 401,
      'zone.reverse.zone-missing warn': 1,
      'zone.ptr.other-name info': 1,
      'zone.reverse.zone-missing info': 78,
      'zone.loaded ok': 3,
    });
    const digest = createHash('sha256')
      .update(
        fast.findings
          .map((f) => {
            const e = f.evidence as { file?: string; line?: number } | undefined;
            return `${f.id} ${f.severity} ${e?.file ? path.basename(e.file) : ''}:${e?.line ?? ''}`;
          })
          .join('\n'),
      )
      .digest('hex');
    assert.equal(digest, PINNED_DIGEST);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const PINNED_DIGEST = '3ae0fa01bdf04d6b1c6cf490489b57dbf74b89a3335fdb58404be4970d2e1c5b';
