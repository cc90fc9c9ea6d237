/**
 * `netdoctor mail audit` on the command line against the real BIND and a loopback HTTPS server:
 * --json carries the findings and the raw records, exit status per the contract (0, 1, 2), and
 * an SMTP port nobody listens on is a finding with exit 1, not a crash.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type BindServer, startBind } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';
import { type HttpsServer, startHttps } from '../harness/https.js';
import { freePort } from '../harness/ports.js';
import { DAY, makePki, type TestPki } from '../scan/tls-certs.js';

const cli = (args: string[]) => runCliCaptured(args);

describe('netdoctor mail audit (CLI)', () => {
  let bind: BindServer;
  let pki: TestPki;
  let web: HttpsServer;
  let caFile: string;
  let tmp = '';
  before(async () => {
    bind = await startBind();
    pki = makePki();
    const now = Date.now();
    web = await startHttps({
      host: '127.25.0.80',
      ...pki.issue(['mta-sts.audit-good.test'], new Date(now - DAY), new Date(now + 30 * DAY)),
      routes: {
        'mta-sts.audit-good.test/.well-known/mta-sts.txt': {
          body: 'version: STSv1\nmode: enforce\nmx: mx.audit-good.test\nmax_age: 604800\n',
        },
      },
    });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nd-mail-audit-'));
    caFile = path.join(tmp, 'trusted-ca.pem');
    writeFileSync(caFile, pki.ca.cert);
    process.env.NETDOCTOR_MTA_STS_PORT = String(web.port);
  });
  after(async () => {
    delete process.env.NETDOCTOR_MTA_STS_PORT;
    await web?.stop();
    await bind?.stop();
    pki?.cleanup();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('--json carries the findings and the raw records; a missing PTR is exit 1', async () => {
    const r = await cli([
      'mail',
      'audit',
      'audit-relay.test',
      '--ip',
      '127.25.128.3',
      '--no-smtp',
      '--server',
      bind.address,
      '--json',
    ]);
    assert.equal(r.status, 1, r.err);
    const doc = JSON.parse(r.out);
    const ids = doc.findings.map((f: { id: string }) => f.id);
    assert.ok(ids.includes('mail.ptr.missing'));
    const missing = doc.findings.find((f: { id: string }) => f.id === 'mail.ptr.missing');
    assert.match(missing.fix, /128\.25\.127\.in-addr\.arpa: "3 IN PTR mail\.audit-relay\.test\."/);
    assert.deepEqual(
      doc.mx.records.map((x: { text: string }) => x.text),
      ['10 mx.audit-relay.test.'],
    );
    assert.deepEqual(doc.spf.records, ['v=spf1 ip4:127.25.128.0/24 -all']);
    assert.deepEqual(doc.dmarc.records, ['v=DMARC1; p=quarantine']);
    assert.deepEqual(doc.ips, ['127.25.128.3']);
    assert.equal(doc.smtp, undefined);
    assert.ok(doc.dnsQueries > 0);
  });

  it('--lang ja renders the same finding in Japanese, with the same fix record', async () => {
    const args = [
      'mail',
      'audit',
      'audit-relay.test',
      '--ip',
      '127.25.128.3',
      '--no-smtp',
      '--server',
      bind.address,
    ];
    const r = await cli([...args, '--lang', 'ja']);
    assert.equal(r.status, 1, r.err);
    assert.match(r.out, /127\.25\.128\.3 に PTR レコードがありません/);
    assert.match(r.out, /逆引きゾーン 128\.25\.127\.in-addr\.arpa に「3 IN PTR mail\.audit-relay\.test\.」/);
  });

  it('a good domain is exit 0, with the MTA-STS policy fetched over HTTPS from the test CA', async () => {
    const r = await cli([
      'mail',
      'audit',
      'audit-good.test',
      '--no-smtp',
      '--ca-file',
      caFile,
      '--server',
      bind.address,
      '--json',
    ]);
    const doc = JSON.parse(r.out);
    const bad = doc.findings.filter(
      (f: { severity: string }) => f.severity === 'warn' || f.severity === 'fail',
    );
    assert.deepEqual(bad, []);
    assert.equal(r.status, 0);
    assert.match(doc.mtaSts.policyText, /mode: enforce/);
    assert.deepEqual(web.requests.slice(-1), ['mta-sts.audit-good.test/.well-known/mta-sts.txt']);
  });

  it('an SMTP port where nothing listens is the finding mail.smtp.port-closed, exit 1', async () => {
    // A port that was free a moment ago and is closed again: nothing listens on 127.25.6.10 there.
    const port = await freePort();
    const r = await cli([
      'mail',
      'audit',
      'audit-closed.test',
      '--smtp-port',
      String(port),
      '--smtp-timeout',
      '2',
      '--server',
      bind.address,
    ]);
    assert.equal(r.status, 1, r.err);
    assert.match(r.out, /mail\.smtp\.port-closed/);
    assert.match(r.out, /refused/);
  });

  it('an SMTP server that never greets is mail.smtp.timeout after --smtp-timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((res) => silent.listen(0, '127.25.6.10', res));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const r = await cli([
        'mail',
        'audit',
        'audit-closed.test',
        '--smtp-port',
        String(port),
        '--smtp-timeout',
        '0.5',
        '--server',
        bind.address,
        '--json',
      ]);
      assert.equal(r.status, 1, r.err);
      const f = JSON.parse(r.out).findings.find((x: { id: string }) => x.id === 'mail.smtp.timeout');
      assert.ok(f, r.out);
      assert.match(f.title, /no answer within 0\.5 s/);
    } finally {
      silent.close();
    }
  });

  it('bad input is exit 2 with one line naming it', async () => {
    const cases: [string[], RegExp][] = [
      [['mail', 'audit', 'not_a domain'], /not_a domain: not a domain name/],
      [['mail', 'audit', '192.0.2.1'], /192\.0\.2\.1: give the mail domain, not an IP address/],
      [
        ['mail', 'audit', 'audit-good.test', '--ip', 'mx.example'],
        /mx\.example: not an IPv4 or IPv6 address/,
      ],
      [['mail', 'audit', 'audit-good.test', '--smtp-port', '0'], /--smtp-port: must be a whole number/],
      [['mail', 'audit', 'audit-good.test', '--smtp', '--no-smtp'], /--no-smtp: give either/],
      [
        ['mail', 'audit', 'audit-good.test', '--ca-file', '/nonexistent/ca.pem'],
        /\/nonexistent\/ca\.pem: cannot read/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli([...args, '--server', bind.address]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.out}`);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });

  it('an unreachable DNS server is exit 2, not a crash', async () => {
    const port = await freePort();
    const r = await cli([
      'mail',
      'audit',
      'audit-good.test',
      '--no-smtp',
      '--server',
      `127.0.0.1:${port}`,
      '--timeout',
      '0.2',
      '--retries',
      '0',
    ]);
    assert.equal(r.status, 2);
    assert.match(r.err, /no DNS answer/);
  });

  it('--help shows usage and examples', async () => {
    const r = await cli(['mail', 'audit', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.out, /netdoctor mail audit <domain>/);
    assert.match(r.out, /--no-smtp/);
    assert.match(r.out, /--smtp-port/);
  });
});
