/**
 * Text from the network and from files reaches the terminal with its control characters escaped:
 * an ESC sequence in a TXT record must not clear the screen or set the window title. One hostile
 * string per kind of input — a TXT record served by a real BIND, an SMTP and a plain TCP greeting
 * from loopback servers, a bounce, a DMARC reporter's name, a DNS name and a TLS SNI in a crafted
 * capture, a file name — each shown escaped in the text output, and kept as it was in `--json`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CraftedPacket, pcapBytes } from '../capture/craft-pcap.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';
import { textServer } from '../scan/servers.js';
import { type FakeSmtp, startFakeSmtp } from '../scan/smtp-server.js';

/** Clears the screen, sets the window title, and a C1 CSI that turns text red. */
const HOSTILE = '\x1b[2J\x1b]0;owned\x07\u009b31m';
const SHOWN = '\\x1b[2J\\x1b]0;owned\\x07\\x9b31m';
/** What a server sends on the wire (bytes below 0x80: a greeting is read as Latin-1). */
const WIRE = '\x1b[2J\x1b]0;owned\x07\x1b[31m';
const WIRE_SHOWN = '\\x1b[2J\\x1b]0;owned\\x07\\x1b[31m';
/** Any control character a terminal would act on (line feed and tab are netdoctor's own layout). */
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

const dir = mkdtempSync(path.join(tmpdir(), 'nd-escaped-'));
let bind: BindServer | undefined;
let smtp: FakeSmtp | undefined;
let plain: net.Server | undefined;
let plainPort = 0;

before(async () => {
  const zones = path.join(dir, 'zones');
  (await import('node:fs')).mkdirSync(zones);
  // BIND's zone syntax: \DDD is one byte (decimal). ESC = \027, BEL = \007, U+009B = \194\155 in
  // UTF-8, U+202E (right-to-left override) = \226\128\174.
  writeFileSync(
    path.join(zones, 'hostile.test.zone'),
    [
      '$TTL 300',
      '@    IN SOA ns1.hostile.test. hostmaster.hostile.test. ( 1 3600 900 604800 300 )',
      '     IN NS  ns1.hostile.test.',
      '     IN TXT "v=spf1 \\027[2J\\027]0;owned\\007\\194\\15531m -all"',
      'ns1  IN A   127.0.0.1',
      'bidi IN TXT "invoice-\\226\\128\\174fdp.exe"',
      '',
    ].join('\n'),
  );
  bind = await startBind({ zoneDirs: [zones] });
  smtp = await startFakeSmtp({ banner: [`mx.hostile.test ESMTP ${WIRE}`] });
  plain = textServer(`hello ${WIRE}\r\n`, () => undefined);
  await new Promise<void>((r) => plain!.listen(0, '127.0.0.1', r));
  plainPort = (plain.address() as net.AddressInfo).port;
});

after(async () => {
  await bind?.stop();
  await smtp?.close();
  await new Promise((r) => (plain ? plain.close(r) : r(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

function assertEscaped(where: string, text: string, shown = SHOWN): void {
  const raw = RAW.exec(text);
  assert.equal(
    raw,
    null,
    `${where}: a raw control character U+${raw?.[0].charCodeAt(0).toString(16)} reached the terminal`,
  );
  assert.ok(text.includes(shown), `${where}: ${JSON.stringify(shown)} not shown in:\n${text}`);
}

test('DNS TXT from a real BIND: shown escaped in text, kept in --json', async () => {
  const args = ['dns', 'lookup', 'hostile.test', '--type', 'TXT', '--server', bind!.address];
  const r = await runCliCaptured(args);
  assert.equal(r.status, 0, r.err);
  assertEscaped('dns lookup', r.out, 'v=spf1 \\x1b[2J\\x1b]0;owned\\x07\\x9b31m -all');
  const j = await runCliCaptured([...args, '--json']);
  assert.ok(j.out.includes('\\u001b[2J\\u001b]0;owned\\u0007'), 'JSON escapes ESC and BEL itself');
  assert.ok(j.out.includes('\\u009b31m'), 'JSON writes the C1 character as an escape');
  assert.equal(RAW.exec(j.out.replace(/\n/g, ' ')), null, 'no raw control character in the JSON');
  const records = JSON.parse(j.out).answers[0].records as { data: { text: string } }[];
  assert.equal(records[0]?.data.text, 'v=spf1 \x1b[2J\x1b]0;owned\x07\u009b31m -all', 'JSON keeps the text');
  const bidi = await runCliCaptured([
    'dns',
    'lookup',
    'bidi.hostile.test',
    '--type',
    'TXT',
    '--server',
    bind!.address,
  ]);
  assertEscaped('dns lookup (bidi)', bidi.out, 'invoice-\\u202efdp.exe');
});

test('SMTP greeting and a plain TCP greeting (scan): shown escaped', async () => {
  const r = await runCliCaptured([
    'scan',
    '127.0.0.1',
    '-p',
    `${smtp!.port},${plainPort}`,
    '--as',
    `${smtp!.port}=smtp`,
    '--probe-timeout',
    '2',
  ]);
  assert.ok(r.status === 0 || r.status === 1, r.err);
  assertEscaped('scan (SMTP banner)', r.out, `220 mx.hostile.test ESMTP ${WIRE_SHOWN}`);
  assertEscaped('scan (plain greeting)', r.out, `hello ${WIRE_SHOWN}`);
  const j = await runCliCaptured([
    'scan',
    '127.0.0.1',
    '-p',
    String(plainPort),
    '--probe-timeout',
    '2',
    '--json',
  ]);
  const banner = JSON.parse(j.out).hosts[0].ports[0].probe.banner as string;
  assert.equal(banner, `hello ${WIRE}`, 'JSON keeps the greeting as it came');
});

test('a bounce: recipient and reply shown escaped', async () => {
  const reply = `550 5.1.1 <taro${HOSTILE}@example.jp>: Recipient address rejected: User unknown ${HOSTILE}`;
  const r = await runCliCaptured(['mail', 'explain', reply]);
  assert.ok(r.status === 0 || r.status === 1, r.err);
  assertEscaped('mail explain', r.out);
  const j = await runCliCaptured(['mail', 'explain', reply, '--json']);
  assert.ok(
    j.out.includes('User unknown \\u001b[2J\\u001b]0;owned\\u0007'),
    'JSON keeps the reply, JSON-escaped',
  );
  const file = path.join(dir, 'bounce.eml');
  writeFileSync(
    file,
    [
      'From: MAILER-DAEMON@mx.example.net',
      `Subject: Undelivered Mail Returned to Sender ${HOSTILE}`,
      'Content-Type: text/plain',
      '',
      `<hanako@example.jp>: host mx.example.jp[192.0.2.1] said: 550 5.1.1 ${HOSTILE} user unknown`,
      '',
    ].join('\r\n'),
  );
  const f = await runCliCaptured(['mail', 'explain', file]);
  assertEscaped('mail explain (file)', f.out);
});

test('a DMARC reporter name and a message header: shown escaped', async () => {
  const fixture = fileURLToPath(
    new URL('../fixtures/dmarc/reporter.example!example.test!1700000000!1700086399.xml', import.meta.url),
  );
  // XML 1.0 forbids C0 controls (raw or as references): the one strict parser refuses such a
  // report as malformed, and the error line itself shows them escaped. C1 controls (CSI, &#155;)
  // are legal XML characters and reach the report: they must be shown escaped.
  const xml = readFileSync(fixture, 'utf8');
  const c0 = path.join(dir, 'report-c0.xml');
  writeFileSync(
    c0,
    xml.replace('<org_name>reporter.example</org_name>', `<org_name>Evil Corp ${HOSTILE}</org_name>`),
  );
  const bad = await runCliCaptured(['dmarc', 'read', c0, '--no-resolve']);
  assert.equal(bad.status, 2, bad.err);
  assert.match(bad.err, /malformed XML/);
  assert.doesNotMatch(bad.err, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, 'the error line holds no raw control');
  const file = path.join(dir, 'report.xml');
  writeFileSync(
    file,
    xml.replace(
      '<org_name>reporter.example</org_name>',
      '<org_name>Evil Corp &#155;31m&#x202E;gnp.exe</org_name>',
    ),
  );
  const r = await runCliCaptured(['dmarc', 'read', file, '--no-resolve']);
  assert.ok(r.status === 0 || r.status === 1, r.err);
  assertEscaped('dmarc read', r.out, 'Evil Corp \\x9b31m');
  assert.doesNotMatch(r.out, /[\u009b\u202e]/, 'no raw CSI or bidi override in the text');
  const j = await runCliCaptured(['dmarc', 'read', file, '--no-resolve', '--json']);
  assert.ok(j.out.includes('Evil Corp \\u009b31m\\u202egnp.exe'), 'JSON keeps the name, JSON-escaped');

  const headers = path.join(dir, 'headers.eml');
  writeFileSync(
    headers,
    `Received: from helo${HOSTILE}.example (mail.example.test [192.0.2.25]) by mx.example.net with ESMTPS id x;\r\n Tue, 14 Nov 2023 10:00:05 +0000\r\nDate: Tue, 14 Nov 2023 10:00:00 +0000\r\n\r\n`,
  );
  const h = await runCliCaptured(['mail', 'headers', headers]);
  assertEscaped('mail headers', h.out, 'helo\\x1b[2J\\x1b]0;owned\\x07');
});

/** A DNS query for `name` (labels may hold any byte, RFC 2181 §11). */
function dnsQuery(labels: Buffer[]): Buffer {
  const head = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const name = Buffer.concat([...labels.flatMap((l) => [Buffer.from([l.length]), l]), Buffer.from([0])]);
  return Buffer.concat([head, name, Buffer.from([0, 1, 0, 1])]);
}

/** A TLS 1.2 ClientHello record carrying `sni` in its server_name extension (RFC 6066 §3). */
function clientHello(sni: Buffer): Buffer {
  const entry = Buffer.concat([Buffer.from([0, sni.length >> 8, sni.length & 0xff]), sni]);
  const list = Buffer.concat([Buffer.from([entry.length >> 8, entry.length & 0xff]), entry]);
  const ext = Buffer.concat([Buffer.from([0, 0, list.length >> 8, list.length & 0xff]), list]);
  const body = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32, 7),
    Buffer.from([0]), // session id
    Buffer.from([0, 2, 0x13, 0x01]), // one cipher suite
    Buffer.from([1, 0]), // null compression
    Buffer.from([ext.length >> 8, ext.length & 0xff]),
    ext,
  ]);
  const hs = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 3, 1, hs.length >> 8, hs.length & 0xff]), hs]);
}

test('a DNS name and a TLS SNI in a crafted capture, and a file name: shown escaped', async () => {
  const evil = Buffer.from(`www${HOSTILE}`, 'utf8');
  const packets: CraftedPacket[] = [
    {
      time: 1_700_000_000,
      src: '192.0.2.10',
      dst: '192.0.2.53',
      sport: 40000,
      dport: 53,
      payload: dnsQuery([evil, Buffer.from('example'), Buffer.from('test')]),
    },
    {
      time: 1_700_000_001,
      src: '192.0.2.10',
      dst: '192.0.2.80',
      protocol: 6,
      sport: 40001,
      dport: 443,
      flags: 0x18,
      payload: clientHello(Buffer.from(`sni${HOSTILE}.example.test`, 'utf8')),
    },
  ];
  const name = `cap${HOSTILE}.pcap`;
  const file = path.join(dir, name);
  writeFileSync(file, pcapBytes(packets));
  const find = await runCliCaptured(['pcap', 'find', file]);
  assert.equal(find.status, 0, find.err);
  assert.equal(RAW.exec(find.out), null, `pcap find: a raw control character in:\n${find.out}`);
  assert.ok(find.out.includes('www\\x1b[2J'), `the DNS name, escaped:\n${find.out}`);
  assert.ok(find.out.includes('sni\\x1b[2J'), `the SNI, escaped:\n${find.out}`);
  const diagnose = await runCliCaptured(['pcap', 'diagnose', file]);
  assert.equal(RAW.exec(diagnose.out), null, `pcap diagnose: a raw control character in:\n${diagnose.out}`);

  // The file name itself: in the error line of a missing file, and in what `write` reports.
  const missing = await runCliCaptured(['pcap', 'summary', path.join(dir, `missing${HOSTILE}.pcap`)]);
  assert.equal(missing.status, 2);
  assertEscaped('the error line', missing.err);
  const out = path.join(dir, `out${HOSTILE}.pcap`);
  const write = await runCliCaptured(['pcap', 'write', file, '-o', out]);
  assert.equal(write.status, 0, write.err);
  assertEscaped('pcap write', write.out);
  const j = await runCliCaptured(['pcap', 'write', file, '-o', out, '--json']);
  assert.equal(JSON.parse(j.out).output, out, 'JSON keeps the name as it is');
});
