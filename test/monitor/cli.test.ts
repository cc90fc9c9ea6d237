/** `netdoctor check` and `monitor` at the command line: --json, --lang ja, bad input exit 2 (3 with --nagios), config errors naming the place. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCliCaptured } from '../harness/cli.js';
import { freePort } from '../harness/ports.js';
import { startHttp } from './servers.js';

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-monitor-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('check --json: state, perfdata and findings; exit 1 when CRITICAL', async () => {
  const closed = await freePort();
  const r = await runCliCaptured(['check', 'tcp', `127.61.4.1:${closed}`, '--json']);
  assert.equal(r.status, 1, r.err);
  const doc = JSON.parse(r.out) as { state: string; findings: { id: string; fix: string }[] };
  assert.equal(doc.state, 'critical');
  assert.equal(doc.findings[0]?.id, 'monitor.connect.refused');
  assert.match(doc.findings[0]?.fix ?? '', /systemctl status/);
});

test('check --lang ja: Japanese sentences', async () => {
  const web = await startHttp('127.61.4.1');
  try {
    const r = await runCliCaptured([
      'check',
      'http',
      `127.61.4.1:${web.port}`,
      '--path',
      '/missing',
      '--lang',
      'ja',
      '--nagios',
    ]);
    assert.equal(r.status, 1);
    assert.match(r.out, /^HTTP WARNING - http:\/\/127\.61\.4\.1:\d+\/missing: HTTP 404\|/);
    const ok = await runCliCaptured(['check', 'http', `127.61.4.1:${web.port}`, '--lang', 'ja']);
    assert.match(ok.out, /バイト/);
  } finally {
    await web.stop();
  }
});

test('bad input: one line naming it, exit 2; with --nagios UNKNOWN, exit 3', async () => {
  const a = await runCliCaptured(['check', 'tcp', 'not a host!']);
  assert.equal(a.status, 2);
  assert.match(a.err, /^netdoctor: not a host!: /);
  const b = await runCliCaptured(['check', 'nope', 'x', '--nagios']);
  assert.equal(b.status, 3);
  assert.match(b.out, /^CHECK UNKNOWN - nope: unknown check kind/);
  const c = await runCliCaptured(['check', 'tcp', '127.0.0.1:1', '--timeout', 'soon', '--nagios']);
  assert.equal(c.status, 3);
});

test('check --nagios called wrongly (unknown flag, missing target): one UNKNOWN line on stdout, exit 3', async () => {
  for (const argv of [
    ['check', 'tcp', '127.0.0.1:1', '--nagios', '--bogus'],
    ['check', 'tcp', '--nagios'],
    ['check', '--nagios'],
    ['check', 'tcp', '127.0.0.1:1', '--nagios', '--lang', 'ja', '--port'],
  ]) {
    const r = await runCliCaptured(argv);
    assert.equal(r.status, 3, argv.join(' '));
    assert.match(r.out, /^CHECK UNKNOWN - \S[^\n|]*\n$/, `${argv.join(' ')}: ${JSON.stringify(r.out)}`);
    assert.equal(r.err, '', argv.join(' '));
  }
});

test('monitor: a broken configuration is refused naming the place', async () => {
  const cfg = path.join(dir, 'bad.yaml');
  writeFileSync(cfg, 'checks:\n  - { name: a, kind: tcp, target: "127.0.0.1:1", interval: often }\n');
  const r = await runCliCaptured(['monitor', 'once', cfg, '--db', path.join(dir, 'x.db')]);
  assert.equal(r.status, 2);
  assert.match(r.err, /checks\[0\]\.interval/);
  writeFileSync(cfg, 'checks:\n  - { name: a, kind: tcp, target: "127.0.0.1:1", notify: [nobody] }\n');
  const r2 = await runCliCaptured(['monitor', 'once', cfg, '--db', path.join(dir, 'x.db')]);
  assert.equal(r2.status, 2);
  assert.match(r2.err, /no notifier named nobody/);
});

test('monitor once: names with control characters reach the log (stderr/journal) and the tables escaped, never obeyed', async () => {
  const closed = await freePort();
  const file = path.join(dir, 'hostile-names.yaml');
  const db = path.join(dir, 'hostile-names.db');
  const hostileName = String.raw`web\e]0;pwn\a\u202e\u009b2J`;
  writeFileSync(
    file,
    `notifiers:\n  - { name: "${String.raw`j\e[31mx`}", type: log }\nchecks:\n` +
      `  - { name: "${hostileName}", kind: tcp, target: "127.61.4.1:${closed}", retries: 0 }\n`,
  );

  // A process of its own: the log line goes to the real stderr, as under systemd.
  const child = spawnSync(process.execPath, [BIN, 'monitor', 'once', file, '--db', db], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C' },
  });
  const once = { out: child.stdout, err: child.stderr };
  const list = await runCliCaptured(['monitor', 'notifications', '--db', db]);
  for (const r of [once, list]) {
    assert.doesNotMatch(
      r.out + r.err,
      /[\u001b\u0007\u009b\u202e]/,
      'a control character reached the terminal',
    );
  }
  assert.match(once.err, /^<3>\[DOWN\] web\\x1b\]0;pwn\\x07\\u202e\\x9b2J: /m);
  assert.match(list.out, /j\\x1b\[31mx/);
});
