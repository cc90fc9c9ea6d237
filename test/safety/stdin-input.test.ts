/**
 * Every command that reads a file reads stdin when no file is given and stdin is not a terminal:
 * `netdoctor mail explain < bounce.eml` said "missing argument". `-` keeps working, and from a
 * terminal the missing file is still a usage error (nothing waits on a keyboard).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../src/cli/main.js';

const fixture = (p: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)));
const PCAP = fixture('vpn/esp-one-way.pcap');
const BOUNCE = fixture('mail-trace/gmail-5.7.26.eml');
const REPORT = fixture('dmarc/reporter.example!example.test!1700000000!1700086399.xml');
const dir = mkdtempSync(path.join(tmpdir(), 'nd-stdin-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], input: Buffer, tty = false) {
  const stdin = new PassThrough();
  if (tty) Object.assign(stdin, { isTTY: true });
  else stdin.end(input);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const status = await runCli(args, { stdin, stdout, stderr, env: { LANG: 'C' } });
  return { status, out, err };
}

/** [args without the file, args with `-` in its place, stdin] */
const CASES: [string[], string[], Buffer][] = [
  [['pcap', 'summary'], ['pcap', 'summary', '-'], PCAP],
  [['pcap', 'protocols'], ['pcap', 'protocols', '-'], PCAP],
  [['pcap', 'conversations'], ['pcap', 'conversations', '-'], PCAP],
  [['pcap', 'endpoints'], ['pcap', 'endpoints', '-'], PCAP],
  [['pcap', 'io'], ['pcap', 'io', '-'], PCAP],
  [['pcap', 'diagnose'], ['pcap', 'diagnose', '-'], PCAP],
  [['pcap', 'find', '--filter', 'esp'], ['pcap', 'find', '-', '--filter', 'esp'], PCAP],
  [['pcap', 'follow', '0', '--udp'], ['pcap', 'follow', '-', '0', '--udp'], PCAP],
  [['mail', 'explain'], ['mail', 'explain', '-'], BOUNCE],
  [['mail', 'headers'], ['mail', 'headers', '-'], BOUNCE],
  [['dmarc', 'read', '--no-resolve'], ['dmarc', 'read', '-', '--no-resolve'], REPORT],
];

test('no file and stdin not a terminal: each reader reads stdin, as with -', async () => {
  for (const [bare, dash, input] of CASES) {
    const a = await run([...bare, '--json'], input);
    const b = await run([...dash, '--json'], input);
    assert.ok(a.status === 0 || a.status === 1, `${bare.join(' ')}: ${a.err}`);
    assert.equal(a.status, b.status, bare.join(' '));
    assert.deepEqual(JSON.parse(a.out), JSON.parse(b.out), bare.join(' '));
  }
});

test('pcap write and dmarc ingest read stdin when no file is given', async () => {
  const out = path.join(dir, 'w.pcap');
  const w = await run(['pcap', 'write', '-o', out], PCAP);
  assert.equal(w.status, 0, w.err);
  assert.deepEqual(readFileSync(out), PCAP);
  const i = await run(['dmarc', 'ingest', '--db', path.join(dir, 'h.db'), '--json'], REPORT);
  assert.equal(i.status, 0, i.err);
  assert.equal(JSON.parse(i.out).stored, 1);
});

test('no file and stdin a terminal: still "missing argument", exit 2', async () => {
  for (const [bare] of CASES) {
    const r = await run(bare, Buffer.alloc(0), true);
    assert.equal(r.status, 2, bare.join(' '));
    assert.match(r.err, /missing argument/, bare.join(' '));
  }
});

/**
 * A named pipe or process substitution (`netdoctor mail log <(ssh mx cat /var/log/maillog)`)
 * reads as the file does: a reader that looked at a file's first bytes and then read it again
 * from the start lost them on a pipe (ESPIPE, or the first 4 KiB gone).
 */
test('a named pipe (process substitution) gives what the file gives', { timeout: 60_000 }, async () => {
  const file = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
  const MAILLOG = readFileSync(file('maillog/maillog'));
  const cases: [string[], string, Buffer][] = [
    [['mail', 'log'], file('maillog/maillog'), MAILLOG],
    [['mail', 'log'], file('maillog/maillog'), gzipSync(MAILLOG)],
    [['log', 'syslog'], file('logs/syslog'), readFileSync(file('logs/syslog'))],
    [['log', 'firewall'], file('logs/firewalld'), readFileSync(file('logs/firewalld'))],
    [['log', 'waf'], file('waf/modsec_audit'), readFileSync(file('waf/modsec_audit'))],
    [
      ['dns', 'lint', '--origin', 'test'],
      file('zones-tld/test.zone'),
      readFileSync(file('zones-tld/test.zone')),
    ],
    [['pcap', 'summary'], file('vpn/esp-one-way.pcap'), PCAP],
  ];
  let n = 0;
  for (const [command, path_, bytes] of cases) {
    const fifo = path.join(dir, `pipe-${n++}`);
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    // The writer is another process, as with `<(…)`: a reader may open the pipe synchronously.
    const source = `${fifo}.src`;
    writeFileSync(source, bytes);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, fifo], { stdio: 'ignore' });
    const piped = await run([...command, fifo, '--json'], Buffer.alloc(0));
    const plain = await run([...command, path_, '--json'], Buffer.alloc(0));
    const what = `${command.join(' ')} ${path.basename(path_)}`;
    assert.ok(piped.status === 0 || piped.status === 1, `${what}: ${piped.err}`);
    assert.equal(piped.status, plain.status, what);
    const doc = (s: string, name: string) =>
      JSON.parse(s.split(name).join('INPUT')) as Record<string, unknown>;
    const a = doc(piped.out, fifo);
    const b = doc(plain.out, path_);
    assert.deepEqual(a.findings, b.findings, what);
    assert.ok(!/ESPIPE/.test(piped.out), what);
    await new Promise((resolve) => (writer.exitCode === null ? writer.once('exit', resolve) : resolve(null)));
  }
});
