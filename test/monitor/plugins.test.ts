/**
 * `netdoctor check … --nagios` side by side with Debian's monitoring-plugins (check_tcp,
 * check_http, check_smtp, check_dns) against the same loopback servers, healthy and broken:
 * both must reach the same state (the same exit status, 0-3), and ours prints one status line
 * with performance data.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';
import { skipIfMissing, unavailable } from '../harness/missing.js';
import { freePort } from '../harness/ports.js';
import { postfixSkipReason, startPostfix } from '../harness/postfix.js';
import { makePki, type TestPki } from '../scan/tls-certs.js';
import {
  type Listening,
  startBind53,
  startGreeter,
  startHostile,
  startHttp,
  startHttpsServer,
} from './servers.js';

const PLUGINS = '/usr/lib/nagios/plugins';
const need = ['check_tcp', 'check_http', 'check_smtp', 'check_dns'];
const pluginsMissing = need.some((p) => !existsSync(`${PLUGINS}/${p}`))
  ? 'monitoring-plugins are not installed (Debian monitoring-plugins-basic, monitoring-plugins-standard)'
  : false;
const skip = skipIfMissing(pluginsMissing);

function plugin(name: string, args: string[]): Promise<{ status: number; out: string }> {
  return new Promise((resolve) => {
    execFile(`${PLUGINS}/${name}`, args, { timeout: 30_000 }, (err, stdout) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 3) : 0;
      resolve({ status: code, out: String(stdout).trim() });
    });
  });
}

async function ours(args: string[]): Promise<{ status: number; out: string }> {
  const r = await runCliCaptured(['check', ...args, '--nagios']);
  return { status: r.status, out: r.out.trim() };
}

const STATUS_LINE = /^[A-Z0-9]+ (OK|WARNING|CRITICAL|UNKNOWN) - [^\n|]*(\|[^\n]*)?$/;

async function same(
  label: string,
  mine: string[],
  theirs: [string, string[]],
  expected: number,
): Promise<void> {
  const [a, b] = await Promise.all([ours(mine), plugin(...theirs)]);
  assert.match(a.out, STATUS_LINE, `${label}: our output is one status line: ${a.out}`);
  assert.equal(b.status, expected, `${label}: ${theirs[0]} said ${b.out}`);
  assert.equal(a.status, b.status, `${label}: ours "${a.out}" vs ${theirs[0]} "${b.out}"`);
}

describe('check --nagios agrees with monitoring-plugins', { skip }, () => {
  const H = '127.61.0.1';
  let web: Listening;
  let silent: Listening;
  let closedPort: number;
  let pki: TestPki;
  const tls: Record<string, Listening> = {};
  before(async () => {
    web = await startHttp(H);
    silent = await startHostile(H, 'silent');
    closedPort = await freePort();
    pki = makePki();
    const now = Date.now();
    const day = 86_400_000;
    tls.good = await startHttpsServer(H, pki.issue([H], new Date(now - day), new Date(now + 60 * day)));
    tls.soon = await startHttpsServer(H, pki.issue([H], new Date(now - day), new Date(now + 10 * day)));
    tls.expired = await startHttpsServer(H, pki.issue([H], new Date(now - 30 * day), new Date(now - day)));
  });
  after(async () => {
    await Promise.all([web, silent, ...Object.values(tls)].map((s) => s?.stop()));
    pki?.cleanup();
  });

  test('tcp: open, closed, silent with a warning time', async () => {
    await same('open', ['tcp', `${H}:${web.port}`], ['check_tcp', ['-H', H, '-p', String(web.port)]], 0);
    await same(
      'closed',
      ['tcp', `${H}:${closedPort}`],
      ['check_tcp', ['-H', H, '-p', String(closedPort)]],
      2,
    );
    await same(
      'expect banner from a silent server',
      ['tcp', `${H}:${silent.port}`, '--banner', 'SSH-', '--timeout', '2'],
      ['check_tcp', ['-H', H, '-p', String(silent.port), '-e', 'SSH-', '-t', '2']],
      2,
    );
  });

  test('http: 200, 404, 500, keyword found and missing, refused, silent', async () => {
    const p = String(web.port);
    const cases: [string, string[], string[], number][] = [
      ['200', ['--path', '/ok'], ['-u', '/ok'], 0],
      ['404', ['--path', '/missing'], ['-u', '/missing'], 1],
      ['500', ['--path', '/error'], ['-u', '/error'], 2],
      ['302 not followed', ['--path', '/moved'], ['-u', '/moved'], 0],
      ['keyword found', ['--path', '/ok', '--string', 'hello'], ['-u', '/ok', '-s', 'hello'], 0],
      ['keyword missing', ['--path', '/ok', '--string', 'absent'], ['-u', '/ok', '-s', 'absent'], 2],
      [
        'expected status',
        ['--path', '/ok', '--expect-status', '204'],
        ['-u', '/ok', '-e', 'HTTP/1.1 204'],
        2,
      ],
    ];
    for (const [label, mine, theirs, want] of cases)
      await same(label, ['http', `${H}:${p}`, ...mine], ['check_http', ['-H', H, '-p', p, ...theirs]], want);
    await same(
      'refused',
      ['http', `${H}:${closedPort}`],
      ['check_http', ['-H', H, '-p', String(closedPort)]],
      2,
    );
    await same(
      'silent',
      ['http', `${H}:${silent.port}`, '--timeout', '2'],
      ['check_http', ['-H', H, '-p', String(silent.port), '-t', '2']],
      2,
    );
  });

  test('https certificate: 60 days OK, 10 days WARNING, expired CRITICAL (check_http -C 30,5)', async () => {
    const ca = `${process.env.TMPDIR ?? '/tmp'}/nd-monitor-ca-${process.pid}.pem`;
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(ca, pki.ca.cert);
    try {
      for (const [name, want] of [
        ['good', 0],
        ['soon', 1],
        ['expired', 2],
      ] as const) {
        const p = String(tls[name]?.port);
        await same(
          `certificate ${name}`,
          ['tls', `${H}:${p}`, '--cert-warn', '30', '--cert-crit', '5', '--ca', ca],
          ['check_http', ['-H', H, '-p', p, '--ssl', '-C', '30,5']],
          want,
        );
      }
    } finally {
      rmSync(ca, { force: true });
    }
  });

  test('smtp: Postfix healthy, refused, a 554 greeting, silent', {
    skip: skipIfMissing(postfixSkipReason()),
  }, async () => {
    const mx = await startPostfix({ host: '127.61.0.25', hostname: 'mx.monitor.test' });
    const refusing = await startGreeter(H, '554 5.3.2 mx.monitor.test no service');
    try {
      const p = String(mx.port);
      await same('postfix', ['smtp', `${mx.host}:${p}`], ['check_smtp', ['-H', mx.host, '-p', p]], 0);
      await same(
        'refused',
        ['smtp', `${H}:${closedPort}`],
        ['check_smtp', ['-H', H, '-p', String(closedPort)]],
        2,
      );
      const r = String(refusing.port);
      const b = await plugin('check_smtp', ['-H', H, '-p', r]);
      const a = await ours(['smtp', `${H}:${r}`]);
      assert.equal(a.status, b.status, `554 greeting: ours "${a.out}" vs check_smtp "${b.out}"`);
      await same(
        'silent',
        ['smtp', `${H}:${silent.port}`, '--timeout', '2'],
        ['check_smtp', ['-H', H, '-p', String(silent.port), '-t', '2']],
        2,
      );
    } finally {
      await refusing.stop();
      await mx.stop();
    }
  });

  test('dns: the answer expected, another answer, NXDOMAIN, no server (test BIND on 127.0.0.1:53: named listens only on configured interface addresses)', async (t) => {
    let bind: Listening;
    try {
      bind = await startBind53('127.0.0.1');
    } catch (e) {
      t.skip(unavailable(`BIND could not listen on 127.0.0.1:53 (${(e as Error).message.split('\n')[0]})`));
      return;
    }
    try {
      const S = '127.0.0.1';
      const cases: [string, string, string[], string[], number][] = [
        ['expected', 'mx.audit-gmail.test', ['--expect', '127.25.1.10'], ['-a', '127.25.1.10'], 0],
        ['other answer', 'mx.audit-gmail.test', ['--expect', '127.25.1.99'], ['-a', '127.25.1.99'], 2],
        ['nxdomain', 'nope.audit-gmail.test', [], [], 2],
      ];
      for (const [label, name, mine, theirs, want] of cases)
        await same(
          label,
          ['dns', name, '--server', `${S}:53`, ...mine],
          ['check_dns', ['-H', name, '-s', S, ...theirs]],
          want,
        );
      await same(
        'no server',
        ['dns', 'mx.audit-gmail.test', '--server', '127.61.0.54:53', '--timeout', '3'],
        ['check_dns', ['-H', 'mx.audit-gmail.test', '-s', '127.61.0.54', '-t', '3']],
        2,
      );
    } finally {
      await bind.stop();
    }
  });
});
