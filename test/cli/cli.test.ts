/**
 * The CLI contract end to end against the real BIND: --json, exit status 0/1/2, one-line errors,
 * --lang, colour, and --help on every command and action.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCapabilities } from '../../src/cli/commands/index.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';
import { freePort } from '../harness/ports.js';

let bind: BindServer;
before(async () => {
  bind = await startBind();
});
after(async () => bind?.stop());

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliCaptured(args, { env });

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

/** Runs the real executable (through tsx) as a user would. */
function spawnCli(args: string[]): Promise<{ status: number | null; out: string; err: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
      env: { ...process.env, LANG: 'C' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (status) => resolve({ status, out, err, ms: Date.now() - t0 }));
  });
}

const withoutSentences = (doc: { findings: Record<string, unknown>[] }) => ({
  ...doc,
  findings: doc.findings.map(({ title: _t, detail: _d, fix: _f, ...rest }) => rest),
});

test('dns reverse --json: verdicts and exit status for good, missing-PTR, mismatched and IPv6 hosts', async () => {
  const cases: [string, number, string[]][] = [
    ['192.0.2.10', 0, ['dns.fcrdns.ok']],
    ['192.0.2.20', 1, ['dns.ptr.missing']],
    ['192.0.2.30', 1, ['dns.fcrdns.mismatch']],
    ['2001:db8::25', 0, ['dns.fcrdns.ok']],
  ];
  for (const [ip, status, ids] of cases) {
    const r = await cli(['dns', 'reverse', ip, '--server', bind.address, '--json']);
    assert.equal(r.status, status, `${ip}: ${r.err}`);
    const doc = JSON.parse(r.out);
    assert.equal(doc.command, 'dns reverse');
    assert.deepEqual(
      doc.findings.map((f: { id: string }) => f.id),
      ids,
    );
    assert.ok(doc.findings.every((f: { title: string; severity: string }) => f.title && f.severity));
  }
});

test('--lang ja renders Japanese; the JSON is identical but for the sentences', async () => {
  const en = await cli(['dns', 'reverse', '192.0.2.20', '--server', bind.address, '--json', '--lang', 'en']);
  const ja = await cli(['dns', 'reverse', '192.0.2.20', '--server', bind.address, '--json', '--lang', 'ja']);
  const jd = JSON.parse(ja.out);
  assert.match(jd.findings[0].title, /PTR レコードがありません/);
  assert.deepEqual(withoutSentences(JSON.parse(en.out)), withoutSentences(jd));
  const text = await cli(['dns', 'reverse', '192.0.2.20', '--server', bind.address], { LANG: 'ja_JP.UTF-8' });
  assert.match(text.out, /逆引きゾーン 2\.0\.192\.in-addr\.arpa に「20 IN PTR/);
  assert.match(text.out, /対処: /);
});

test('dns lookup: a name that does not exist says NXDOMAIN clearly and exits 1', async () => {
  const r = await cli(['dns', 'lookup', 'nope.example.test', '--server', bind.address]);
  assert.equal(r.status, 1);
  assert.match(
    r.out,
    /FAIL {2}dns\.name\.nxdomain {2}nope\.example\.test does not exist \(NXDOMAIN from 127\.0\.0\.1:\d+\)/,
  );
});

test('dns lookup: records with TTLs in a table; several --type and comma lists', async () => {
  const r = await cli([
    'dns',
    'lookup',
    'example.test',
    '--type',
    'MX,TXT',
    '-t',
    'ns',
    '--server',
    bind.address,
  ]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /^NAME +TTL +TYPE +DATA$/m);
  assert.match(r.out, /^example\.test +300 +MX +10 mail\.example\.test\.$/m);
  assert.match(r.out, /^example\.test +300 +TXT +"v=spf1 ip4:192\.0\.2\.10 -all"$/m);
  assert.match(r.out, /^example\.test +300 +NS +ns1\.example\.test\.$/m);
});

test('unreachable --server: exit 2 within the timeout, one line on stderr naming the server, no stack', async () => {
  const port = await freePort();
  const r = await spawnCli([
    'dns',
    'lookup',
    'example.test',
    '--server',
    `127.0.0.1:${port}`,
    '--timeout',
    '1',
  ]);
  assert.equal(r.status, 2);
  assert.equal(r.out, '');
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.err);
  assert.match(
    lines[0]!,
    new RegExp(
      `^netdoctor: 127\\.0\\.0\\.1:${port}: no DNS answer for example\\.test A \\(.*connection refused`,
    ),
  );
  assert.ok(r.ms < 10_000);
  const dbg = await cli(['dns', 'lookup', 'example.test', '--server', `127.0.0.1:${port}`, '--debug']);
  assert.match(dbg.err, /\n\s+at /, '--debug prints the stack');
});

test('usage errors: exit 2 with one line that names the problem', async () => {
  const cases: [string[], RegExp][] = [
    [['dns', 'lookup'], /^netdoctor: dns lookup: missing argument; usage: netdoctor dns lookup <name>/],
    [['dns', 'lookup', 'a.test', '--type', 'XYZ'], /^netdoctor: --type: unknown record type "XYZ"/],
    [['dns', 'lookup', 'a.test', '--bogus'], /^netdoctor: Unknown option '--bogus'/],
    [['dns', 'lookup', 'a.test', '--server', 'ns.example'], /^netdoctor: ns\.example: not an IP address/],
    [['dns', 'lookup', 'a.test', '--timeout=-1'], /^netdoctor: --timeout: must be a number/],
    [['dns', 'lookup', 'a.test', '--timeout', '-1'], /^netdoctor: Option '--timeout' argument is ambiguous/],
    [
      ['dns', 'lookup', 'a.test', '--retries', '1.5'],
      /^netdoctor: --retries: must be a whole number from 0 to 10/,
    ],
    [['dns', 'reverse', 'not-an-ip'], /^netdoctor: not-an-ip: not an IPv4 or IPv6 address/],
    [['dns', 'lookup', 'a.test', '--lang', 'fr'], /^netdoctor: --lang: unknown language "fr"/],
    [['frobnicate'], /^netdoctor: frobnicate: unknown command/],
    [['dns', 'frob'], /^netdoctor: frob: unknown action for dns/],
  ];
  for (const [args, want] of cases) {
    const r = await cli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.err, want);
    assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
  }
});

test('--help on every command and action shows usage and an example', async () => {
  const top = await cli(['--help']);
  assert.equal(top.status, 0);
  for (const c of await loadCapabilities()) {
    assert.ok(top.out.includes(c.name));
    const ch = await cli([c.name, '--help']);
    assert.equal(ch.status, 0, c.name);
    for (const a of c.actions) {
      const args = a.name ? [c.name, ...a.name.split(' '), '--help'] : [c.name, '--help'];
      const h = a.name ? await cli(args) : ch;
      assert.equal(h.status, 0, args.join(' '));
      if (a.name) assert.match(h.out, /^Usage: netdoctor /m);
      assert.ok(
        a.examples.length > 0 && a.examples.every((e) => /(^|\| )([A-Z_]+=\S+ )*netdoctor /.test(e)),
        `${args.join(' ')}: examples`,
      );
    }
  }
});

test('colour only when asked for (FORCE_COLOR) and never with NO_COLOR', async () => {
  const args = ['dns', 'reverse', '192.0.2.20', '--server', bind.address];
  assert.ok(!(await cli(args)).out.includes('\x1b['), 'a pipe gets no colour');
  assert.ok((await cli(args, { FORCE_COLOR: '1' })).out.includes('\x1b[31m'));
  assert.ok(!(await cli(args, { FORCE_COLOR: '1', NO_COLOR: '1' })).out.includes('\x1b['));
  assert.ok(!(await cli([...args, '--no-color'], { FORCE_COLOR: '1' })).out.includes('\x1b['));
});
