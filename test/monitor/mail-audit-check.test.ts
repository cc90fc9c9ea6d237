/**
 * The mail audit as a check (`mail-audit`), against real peers: the test BIND serving a healthy and
 * a broken domain (zones written here), Postfix with STARTTLS on the MX address (a certificate
 * from the test's own CA), and a local webhook receiver standing in for the notification channel.
 * Through `check mail-audit … --nagios` (the plugin convention: status line, exit status) and
 * through `monitor once` (the state and the one message it sends on the change, and none again
 * when nothing changed).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BindServer, namedPath, startBind, ZONES_DIR } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';
import { toolSkip } from '../harness/peers.js';
import { freePort } from '../harness/ports.js';
import { type PostfixServer, postfixSkipReason, startPostfix } from '../harness/postfix.js';
import { DAY, makePki, type TestPki } from '../scan/tls-certs.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-monitor-mail-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Both domains send through mx.audit-good.test (127.25.0.10, its PTR in the fixture reverse zone).
const zone = (domain: string, body: string) => `$TTL 300
@ IN SOA ns1.audit-good.test. hostmaster.${domain}. ( 2026120701 3600 900 604800 300 )
  IN NS ns1.audit-good.test.
${body}
`;
const GOOD = zone(
  'monitor-good.test',
  `  IN MX 10 mx.audit-good.test.
  IN TXT "v=spf1 ip4:127.25.0.10 -all"
mail._domainkey IN TXT  ( "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1kTJLrqrAhUP5TwbplsoLoIb8AoOY961x0qvnud5Mo/zfJ3BW7F/ndrVmbqUsyc/aFvXzmRs6uyC5JbrnoU6dZ5EQBZgOFrVCbcFKqeT1kgxGMn1PnWkSacmS/fCXCYCfZlGtDYKIDkA83lOmwh5RM5NFUdk"
                          "XWoGQBiNKnB1b+3PaRA8PX0iRWD5XsGE6MH/tC/EyHQtrFIenbrOAFOOOuNV3vwQbf/GabAXrejuzxTs+XlxOFETzNZCvmbPs992ky9OcQi/Dq/CrNKLpgflhaYZXlZUYwTPlxTtvRbReHENVrnHNFvILxV1QTgN/02JVmZRO/vZGAhsmg+25fcC5wIDAQAB" )
_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@monitor-good.test"`,
);
// Broken: SPF allows the whole Internet, no DMARC, and the MX host answers no SMTP.
const BAD = zone(
  'monitor-bad.test',
  `  IN MX 10 mx.monitor-bad.test.
  IN TXT "v=spf1 +all"
mx IN A 127.25.9.10`,
);

interface Hook {
  url: string;
  payloads: Record<string, unknown>[];
  stop(): Promise<void>;
}

async function startHook(host: string): Promise<Hook> {
  const payloads: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      payloads.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://${host}:${port}/`,
    payloads,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const skip = toolSkip(namedPath()) || postfixSkipReason() || false;

describe('mail-audit as a check: BIND, Postfix, a webhook', { skip }, () => {
  let bind: BindServer;
  let pki: TestPki;
  let postfix: PostfixServer;
  let hook: Hook;
  let caFile: string;
  let smtpPort: number;
  before(async () => {
    writeFileSync(path.join(dir, 'monitor-good.test.zone'), GOOD);
    writeFileSync(path.join(dir, 'monitor-bad.test.zone'), BAD);
    bind = await startBind({ zoneDirs: [ZONES_DIR, dir] });
    pki = makePki();
    caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, pki.ca.cert);
    smtpPort = await freePort();
    const now = Date.now();
    postfix = await startPostfix({
      host: '127.25.0.10',
      port: smtpPort,
      hostname: 'mx.audit-good.test',
      tls: pki.issue(['mx.audit-good.test'], new Date(now - DAY), new Date(now + 90 * DAY)),
    });
    hook = await startHook('127.61.12.1');
  });
  after(async () => {
    await hook?.stop();
    await postfix?.stop();
    await bind?.stop();
    pki?.cleanup();
  });

  const check = (domain: string) =>
    runCliCaptured([
      'check',
      'mail-audit',
      domain,
      '--server',
      bind.address,
      '--port',
      String(smtpPort),
      '--ca',
      caFile,
      '--timeout',
      '8',
      '--nagios',
    ]);

  test('check --nagios: the healthy domain OK (exit 0), the broken one CRITICAL (exit 2)', async () => {
    const good = await check('monitor-good.test');
    assert.equal(good.status, 0, good.out + good.err);
    assert.match(good.out, /^MAIL OK - /);
    assert.match(good.out, /\|fail=0;;1;0 warn=0;1;;0\n$/);
    const bad = await check('monitor-bad.test');
    assert.equal(bad.status, 2, bad.out + bad.err);
    assert.match(bad.out, /^MAIL CRITICAL - /);
    const fails = Number(/fail=(\d+)/.exec(bad.out)?.[1]);
    assert.ok(fails >= 2, bad.out);
  });

  test('monitor once: the broken domain DOWN with one message, the healthy one UP with none; again: no repeat', async () => {
    const cfg = path.join(dir, 'monitor.yaml');
    const db = path.join(dir, 'monitor.db');
    const options = `{ server: [${bind.address}], port: ${smtpPort}, ca: ${caFile}, timeout: 8s }`;
    writeFileSync(
      cfg,
      [
        'defaults: { retries: 0 }',
        'notifiers:',
        `  - { name: hook, type: webhook, url: "${hook.url}" }`,
        'checks:',
        `  - { name: good, kind: mail-audit, target: monitor-good.test, options: ${options} }`,
        `  - { name: bad, kind: mail-audit, target: monitor-bad.test, options: ${options} }`,
        '',
      ].join('\n'),
    );
    const first = await runCliCaptured(['monitor', 'once', cfg, '--db', db, '--json']);
    assert.equal(first.status, 1, first.err);
    const doc = JSON.parse(first.out) as { checks: { name: string; state: string; status: string }[] };
    assert.deepEqual(
      doc.checks.map((c) => [c.name, c.state, c.status]),
      [
        ['good', 'ok', 'UP'],
        ['bad', 'critical', 'DOWN'],
      ],
    );
    assert.equal(hook.payloads.length, 1, JSON.stringify(hook.payloads));
    const n = hook.payloads[0] as Record<string, string>;
    assert.equal(n.check, 'bad');
    assert.equal(n.event, 'down');
    assert.equal(n.status, 'DOWN');
    assert.equal(n.kind, 'mail-audit');
    assert.ok((n.detail ?? '') !== '' || (n.fix ?? '') !== '', JSON.stringify(n));
    // The same states again: nothing new to say.
    const second = await runCliCaptured(['monitor', 'once', cfg, '--db', db, '--json']);
    assert.equal(second.status, 1, second.err);
    assert.equal(hook.payloads.length, 1, JSON.stringify(hook.payloads));
  });
});
