import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { canonicalLines, parseZoneFile, parseZoneText, ZoneSyntaxError } from './index.js';

const SOA = '@ SOA ns hostmaster 1 3600 900 604800 300\n NS ns\nns A 192.0.2.1\n';
const parse = (text: string, origin = 'example.org') => parseZoneText(text, { origin, file: 'z.db' });
/** Asserts that `fn` throws a ZoneSyntaxError whose one-line form (`file:line: problem`) matches. */
function throwsLine(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ZoneSyntaxError, String(e));
    assert.match(e.oneLine(), re);
    return true;
  });
}
const lines = (text: string, origin = 'example.org') => canonicalLines(parse(text, origin));

test('a line that starts with blank space keeps the previous owner; relative names get the origin', () => {
  const z = parse(`$TTL 1h\n${SOA}www A 192.0.2.2\n    AAAA 2001:DB8:0:0::2\n\tMX 10 mail\n`);
  const www = z.records.filter((r) => r.owner === 'www.example.org.');
  assert.deepEqual(
    www.map((r) => `${r.type} ${r.rdata}`),
    ['A 192.0.2.2', 'AAAA 2001:db8::2', 'MX 10 mail.example.org.'],
  );
  assert.deepEqual(www[2]?.data, { type: 'MX', preference: 10, exchange: 'mail.example.org.' });
  assert.equal(www[0]?.line, 5);
});

test('owner inheritance survives comment-only and empty lines between records', () => {
  const z = parse(`$TTL 60\n${SOA}host A 192.0.2.9\n\n; comment\n   ; indented comment\n  TXT "x"\n`);
  assert.equal(z.records.at(-1)?.owner, 'host.example.org.');
});

test('TTL units: 1h30m, 1W, 2d, mixed case, in $TTL, records and SOA timers', () => {
  const z = parse(
    '$TTL 1h30m\n@ SOA ns h 1 1H 15m 1w2d 5M\n NS ns\nns 1W A 192.0.2.1\nx 2d1s A 192.0.2.2\ny A 192.0.2.3\n',
  );
  assert.deepEqual(
    z.records.map((r) => r.ttl),
    [5400, 5400, 604800, 172801, 5400],
  );
  assert.equal(z.records[0]?.rdata, 'ns.example.org. h.example.org. 1 3600 900 777600 300');
});

test('without $TTL: last explicit TTL, else the SOA minimum (BIND rules, masterfile ttl1/ttl2)', () => {
  assert.deepEqual(
    parse('@ SOA ns h 1 2 3 4 7\n NS ns\nns A 192.0.2.1\nb 2 A 192.0.2.2\nc A 192.0.2.3\n').records.map(
      (r) => r.ttl,
    ),
    [7, 7, 7, 2, 7],
  );
  assert.deepEqual(
    parse('@ 1 SOA ns h 1 2 3 4 7\n NS ns\nb 2 A 192.0.2.2\nc A 192.0.2.3\n').records.map((r) => r.ttl),
    [1, 1, 2, 2],
  );
  throwsLine(() => parse('ns A 192.0.2.1\n'), /no TTL/);
});

test('parentheses join lines; comments inside them are ignored; nesting is counted', () => {
  const z = parse(
    '$TTL 60\n@ IN SOA ns hostmaster ( 2026120601 ; serial\n  3600 ; refresh\n  900 604800\n  300 )\n NS ns\nns A 192.0.2.1\nt TXT ((("a" "b")))\n',
  );
  assert.equal(z.records[0]?.rdata, 'ns.example.org. hostmaster.example.org. 2026120601 3600 900 604800 300');
  assert.equal(z.records[3]?.rdata, '"a" "b"');
  throwsLine(() => parse('$TTL 60\nx TXT ( "a"\n'), /z\.db:2: unbalanced parentheses/);
  throwsLine(() => parse('$TTL 60\nx TXT "a" )\n'), /unbalanced/);
});

test('quoted strings keep ";" and escapes; TXT is not cut at a semicolon', () => {
  const z = parse(
    `$TTL 60\n${SOA}dkim TXT "v=DKIM1; k=rsa; p=MIGf" ; a comment\ne TXT "a\\"b" "c\\\\d" x\\ y "\\065\\255"\n`,
  );
  const dkim = z.records.find((r) => r.owner.startsWith('dkim'));
  assert.equal(dkim?.rdata, '"v=DKIM1; k=rsa; p=MIGf"');
  assert.deepEqual(dkim?.data, {
    type: 'TXT',
    strings: ['v=DKIM1; k=rsa; p=MIGf'],
    text: 'v=DKIM1; k=rsa; p=MIGf',
  });
  assert.equal(z.records.at(-1)?.rdata, '"a\\"b" "c\\\\d" "x y" "A\\255"');
});

test('escapes in names: \\. is a literal dot, \\DDD a byte; the same name spelt two ways is one name', () => {
  const z = parse(`$TTL 60\n${SOA}a\\.b A 192.0.2.5\n\\097bc A 192.0.2.6\nabc A 192.0.2.7\n`);
  assert.equal(z.records[3]?.owner, 'a\\.b.example.org.');
  assert.equal(z.records[4]?.owner, 'abc.example.org.');
  throwsLine(() => parse(`$TTL 60\n${SOA}a\\256 A 192.0.2.5\n`), /over 255/);
});

test('$ORIGIN is relative to the current origin; @ follows it', () => {
  const z = parse(
    `$TTL 60\n${SOA}$ORIGIN sub\n@ A 192.0.2.8\nx A 192.0.2.9\n$ORIGIN other.test.\ny CNAME x\n`,
  );
  assert.deepEqual(
    z.records.slice(3).map((r) => `${r.owner} ${r.rdata}`),
    ['sub.example.org. 192.0.2.8', 'x.sub.example.org. 192.0.2.9', 'y.other.test. x.other.test.'],
  );
  assert.equal(z.notes.find((n) => n.code === 'out-of-zone')?.line, 9);
  assert.ok(!lines(`$TTL 60\n${SOA}$ORIGIN other.test.\ny CNAME x\n`).some((l) => l.startsWith('y.')));
});

test('the missing trailing dot: a PTR target becomes a name under the reverse zone', () => {
  const z = parse(
    '$TTL 60\n@ SOA ns.example.org. h.example.org. 1 2 3 4 5\n NS ns.example.org.\n25 PTR mail.example.org\n',
    '2.0.192.in-addr.arpa',
  );
  assert.equal(z.records[2]?.rdata, 'mail.example.org.2.0.192.in-addr.arpa.');
});

test('RFC 3597: TYPEnnn, CLASS1, \\# data; known types given as \\# become their own form', () => {
  const z = parse(
    `$TTL 60\n${SOA}u TYPE65280 \\# 3 0A0B0C\nv CLASS1 TYPE1 \\# 4 C0000201\nw TXT \\# 6 0568656C6C6F\nx TXT \\# text\ne TYPE65281 \\# 0\n`,
  );
  assert.deepEqual(
    z.records.slice(3).map((r) => `${r.type} ${r.rdata}`),
    ['TYPE65280 \\# 3 0A0B0C', 'A 192.0.2.1', 'TXT "hello"', 'TXT "#" "text"', 'TYPE65281 \\# 0'],
  );
  throwsLine(() => parse(`$TTL 60\n${SOA}u TYPE65280 \\# 4 0A0B0C\n`), /3 bytes, length says 4/);
  // BIND refuses generic data a known type cannot decode ("extra input data", "unexpected end
  // of input"); kept as unknown data it once crashed lint, which reads an A record's address.
  throwsLine(
    () => parse(`$TTL 60\n${SOA}a A \\# 5 0A00000100\n`),
    /z\.db:5: RFC 3597 data of 5 bytes is not A data/,
  );
  throwsLine(() => parse(`$TTL 60\n${SOA}m MX \\# 1 00\n`), /z\.db:5: .* is not MX data/);
  throwsLine(() => parse(`$TTL 60\n${SOA}t TXT \\# 0\n`), /z\.db:5: .* is not TXT data/);
  throwsLine(() => parse(`$TTL 60\n${SOA}u TYPE65280 plain\n`), /RFC 3597/);
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: the title quotes BIND's ${…} syntax
test('$GENERATE expands with ${offset,width,base}; the zone notes it', () => {
  const z = parse(
    `$TTL 60\n${SOA}$GENERATE 1-3 host$ A 192.0.2.$\n$GENERATE 10-11/1 \${0,3,d} PTR h\${-9,2,x}\n`,
  );
  const gen = z.records.filter((r) => r.generated);
  assert.deepEqual(
    gen.map((r) => `${r.owner} ${r.rdata}`),
    [
      'host1.example.org. 192.0.2.1',
      'host2.example.org. 192.0.2.2',
      'host3.example.org. 192.0.2.3',
      '010.example.org. h01.example.org.',
      '011.example.org. h02.example.org.',
    ],
  );
  assert.ok(z.notes.some((n) => n.code === 'generate'));
  throwsLine(() => parse(`$TTL 60\n${SOA}$GENERATE 5-1 x$ A 192.0.2.1\n`), /stop before start/);
});

test('errors name file:line and are one line; collect mode gathers them all', () => {
  try {
    parse(`$TTL 60\n${SOA}bad A 192.0.2.256\n`);
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof ZoneSyntaxError);
    assert.equal(e.oneLine(), 'z.db:5: "192.0.2.256" is not an IPv4 address');
  }
  const z = parseZoneText(`$TTL 60\n${SOA}a A 1.2.3\nb MX mail\nc FOO x\nd A 192.0.2.4\n`, {
    origin: 'example.org',
    file: 'z.db',
    onError: 'collect',
  });
  assert.deepEqual(
    z.errors.map((e) => e.line),
    [5, 6, 7],
  );
  assert.equal(z.records.at(-1)?.owner, 'd.example.org.');
});

test('$INCLUDE: origin argument, owner and origin restored after, loops and escapes refused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-zone-'));
  writeFileSync(path.join(dir, 'sub.db'), 'a A 192.0.2.11\n');
  writeFileSync(
    path.join(dir, 'main.db'),
    `$TTL 60\n${SOA}x A 192.0.2.10\n$INCLUDE sub.db x\n  TXT "after"\n$INCLUDE "sub.db"\n`,
  );
  const z = parseZoneFile(path.join(dir, 'main.db'), { origin: 'example.org' });
  assert.deepEqual(
    z.records.slice(3).map((r) => `${r.owner} ${r.type}`),
    ['x.example.org. A', 'a.x.example.org. A', 'x.example.org. TXT', 'a.example.org. A'],
  );
  assert.equal(z.records[4]?.file.endsWith('sub.db'), true);

  writeFileSync(path.join(dir, 'loop1.db'), '$INCLUDE loop2.db\n');
  writeFileSync(path.join(dir, 'loop2.db'), '$INCLUDE loop1.db\n');
  throwsLine(
    () => parseZoneFile(path.join(dir, 'loop1.db'), { origin: 'x' }),
    /\$INCLUDE loop: loop1\.db → loop2\.db → loop1\.db/,
  );

  writeFileSync(path.join(dir, 'shadow.db'), '$TTL 60\n$INCLUDE /etc/shadow\n');
  throwsLine(
    () => parseZoneFile(path.join(dir, 'shadow.db'), { origin: 'x' }),
    /shadow\.db:2: \$INCLUDE \/etc\/shadow: outside the zone's folder/,
  );
  mkdirSync(path.join(dir, 'inner'));
  writeFileSync(path.join(dir, 'inner', 'up.db'), '$INCLUDE ../sub.db\n');
  throwsLine(
    () => parseZoneFile(path.join(dir, 'inner', 'up.db'), { origin: 'x' }),
    /outside the zone's folder/,
  );
  throwsLine(
    () => parseZoneFile(path.join(dir, 'inner', 'up.db'), { origin: 'x', includeRoot: dir }),
    /no TTL/,
  );
  writeFileSync(path.join(dir, 'dir.db'), '$INCLUDE .\n');
  throwsLine(() => parseZoneFile(path.join(dir, 'dir.db'), { origin: 'x' }), /is a folder/);
});

test('hostile input: NUL bytes, a 20 MB line, 100,000 nested parentheses — one error or a result, in linear time', () => {
  throwsLine(() => parse('$TTL 60\nx TXT "a\0b"\n'), /z\.db:2: binary data/);
  const big = `$TTL 60\n${SOA}x TXT ${'a'.repeat(20_000_000)}\n`;
  let t = performance.now();
  throwsLine(() => parse(big), /z\.db:5: word longer than 65536 bytes/);
  assert.ok(performance.now() - t < 3000);
  const many = `$TTL 60\n${SOA}x TXT ${'ab '.repeat(3_000_000)}\n`;
  t = performance.now();
  throwsLine(() => parse(many), /z\.db:5: record with more than 140000 fields/);
  assert.ok(performance.now() - t < 5000);
  const deep = `$TTL 60\n${SOA}x TXT ${'('.repeat(100_000)}"a"${')'.repeat(100_000)}\n`;
  assert.equal(parse(deep).records.at(-1)?.rdata, '"a"');
  throwsLine(
    () => parse(`$TTL 60\n${SOA}x TXT ${'('.repeat(100_000)}"a"\n`),
    /z\.db:5: unbalanced parentheses/,
  );
});

test('SVCB/HTTPS parameters: BIND order and quoting; bad ones refused', () => {
  const z = parse(
    `$TTL 60\n${SOA}a HTTPS 1 . port=443 alpn=h2,h3 ech="ZWFzdGVyIGVnZyE=" ipv4hint="192.0.2.1,192.0.2.2"\nb SVCB 0 svc.example.net.\nc SVCB 1 . mandatory=port,alpn port=60 alpn="h1\\\\,h2,h3" key9999="x"\n`,
  );
  assert.deepEqual(
    z.records.slice(3).map((r) => r.rdata),
    [
      '1 . alpn="h2,h3" port=443 ipv4hint=192.0.2.1,192.0.2.2 ech=ZWFzdGVyIGVnZyE=',
      '0 svc.example.net.',
      '1 . mandatory=alpn,port alpn="h1\\\\,h2,h3" port=60 key9999="x"',
    ],
  );
  throwsLine(() => parse(`$TTL 60\n${SOA}a SVCB 1 . alpn=a,,b\n`), /z\.db:5: SVCB: empty alpn id/);
  throwsLine(() => parse(`$TTL 60\n${SOA}a SVCB 1 . unknown=x\n`), /unknown parameter/);
  throwsLine(
    () => parse(`$TTL 60\n${SOA}a SVCB 1 . mandatory=alpn port=1\n`),
    /mandatory key alpn is missing/,
  );
  throwsLine(() => parse(`$TTL 60\n${SOA}a SVCB 0 . port=1\n`), /AliasMode/);
});

test('types BIND rewrites: LOC, WKS, IPSECKEY, DOA, EID in named-compilezone -D form', () => {
  const z = lines(
    `$TTL 60\n${SOA}a LOC 60 9 N 24 39 E 10 20 2000 20\nb LOC 1 2 3.456 N 1 2 3 E 5.5m 11m 19 0.11\n` +
      'c LOC 90 S 180 W -100000.00m 90000000m 0.5m 0.05m\nd WKS 10.0.0.1 tcp 23 21 0\ne WKS 10.0.0.1 17 53\n' +
      'f IPSECKEY 10 2 2 2001:DB8::1 AQNR\ng IPSECKEY 10 0 2 .\nh DOA 1 2 3 "" -\ni EID 12 89 ab\n',
  );
  for (const want of [
    'a.example.org. 60 IN LOC 60 9 0.000 N 24 39 0.000 E 10.00m 20m 2000m 20m',
    'b.example.org. 60 IN LOC 1 2 3.456 N 1 2 3.000 E 5.50m 10m 10m 0.10m',
    'c.example.org. 60 IN LOC 90 0 0.000 S 180 0 0.000 W -100000.00m 90000000m 0.50m 0.05m',
    'd.example.org. 60 IN WKS 10.0.0.1 6 0 21 23',
    'e.example.org. 60 IN WKS 10.0.0.1 17 53',
    'f.example.org. 60 IN IPSECKEY 10 2 2 2001:db8::1 AQNR',
    'g.example.org. 60 IN IPSECKEY 10 0 2 .',
    'h.example.org. 60 IN DOA 1 2 3 "" -',
    'i.example.org. 60 IN EID 1289AB',
  ])
    assert.ok(
      z.some((l) => l.replace(/\s+/g, ' ') === want),
      `${want}\n${z.join('\n')}`,
    );
  throwsLine(() => parse(`$TTL 60\n${SOA}a LOC 1 2 3.4567 N 1 E 0\n`), /z\.db:5: .*seconds/);
  throwsLine(() => parse(`$TTL 60\n${SOA}a LOC 91 N 1 E 0\n`), /z\.db:5: .*degrees/);
});

test('NSEC3 next hash: base32hex without padding, 20 bytes for SHA-1 (as BIND 9.18)', () => {
  const ok = lines(`$TTL 60\n${SOA}h NSEC3 1 0 10 76931F imq912breqp1polah3rmongued541asu A RRSIG\n`);
  assert.ok(ok.some((l) => l.includes('IMQ912BREQP1POLAH3RMONGUED541ASU A RRSIG')));
  throwsLine(
    () => parse(`$TTL 60\n${SOA}h NSEC3 1 0 10 - IMQ912BREQP1POLAH3RMONG A\n`),
    /z\.db:5: .*out of range/,
  );
  throwsLine(() => parse(`$TTL 60\n${SOA}h NSEC3 1 0 10 - CPNMU=== A\n`), /z\.db:5: .*base32hex/);
  // 7 characters leave 3 spare bits, which must be zero.
  throwsLine(() => parse(`$TTL 60\n${SOA}h NSEC3 2 0 10 - IMQ912B A\n`), /z\.db:5: .*base32hex/);
});

test('RRSIG times: YYYYMMDDHHmmSS or seconds, printed as the date nearest to now (serial arithmetic)', async () => {
  const { signatureTime, signatureTimeText } = await import('./rdata-special.js');
  const now = Date.UTC(2026, 11, 6) / 1000;
  assert.equal(signatureTimeText(signatureTime('20270101000000'), now), '20270101000000');
  assert.equal(signatureTimeText(signatureTime('1262304000'), now), '20100101000000');
  // Year 10 wraps modulo 2^32 to a date within 68 years of now, as BIND prints it.
  // named-compilezone -D printed 20510909190448 for this time of BIND's crashzone.db on this day.
  assert.equal(signatureTimeText(signatureTime('00100227180048'), now), '20510909190448');
  assert.throws(() => signatureTime('20270230000000'), /not a valid date/);
});
