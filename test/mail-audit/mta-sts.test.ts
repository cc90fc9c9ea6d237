/**
 * The MTA-STS policy fetch against a loopback HTTPS server with a test-CA certificate (never a
 * real site), the policy host found through the test BIND: what each way of serving the policy
 * wrong gives. Domain audit-sts-bad.test, whose mta-sts host is 127.25.0.80.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Resolver } from '../../src/dns/resolver.js';
import { auditMtaSts, type MxHost } from '../../src/mail/index.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { type HttpsRoute, startHttps } from '../harness/https.js';
import { DAY, makePki, type TestPki } from '../scan/tls-certs.js';

const HOST = 'mta-sts.audit-sts-bad.test';
const PATH = `${HOST}/.well-known/mta-sts.txt`;
const MX: MxHost = {
  exchange: 'mx.audit-sts-bad.test',
  preference: 10,
  addresses: ['127.25.7.10'],
  cnames: [],
  ipLiteral: false,
  status: { A: 'ok', AAAA: 'nodata' },
};

interface Case {
  name: string;
  route?: HttpsRoute;
  /** Serve a certificate for another name. */
  wrongName?: boolean;
  /** Do not give the client the test CA. */
  untrusted?: boolean;
  expect: string;
  error?: RegExp;
}

const policy = (mx: string, mode = 'enforce') => `version: STSv1\nmode: ${mode}\nmx: ${mx}\nmax_age: 86400\n`;

const CASES: Case[] = [
  {
    name: 'policy covering the MX by name',
    route: { body: policy('mx.audit-sts-bad.test') },
    expect: 'mail.mta-sts.ok',
  },
  {
    name: 'policy covering the MX by wildcard',
    route: { body: policy('*.audit-sts-bad.test') },
    expect: 'mail.mta-sts.ok',
  },
  {
    name: 'mode testing',
    route: { body: policy('mx.audit-sts-bad.test', 'testing') },
    expect: 'mail.mta-sts.not-enforced',
  },
  {
    name: 'MX not covered',
    route: { body: policy('mail.example.test') },
    expect: 'mail.mta-sts.mx-not-covered',
  },
  { name: 'not a policy', route: { body: '<html>hello</html>' }, expect: 'mail.mta-sts.policy-invalid' },
  {
    name: 'served as text/html',
    route: { body: policy('mx.audit-sts-bad.test'), contentType: 'text/html' },
    expect: 'mail.mta-sts.policy-invalid',
  },
  {
    name: 'a redirect is not followed (§3.3)',
    route: { status: 301, body: '' },
    expect: 'mail.mta-sts.policy-unreachable',
    error: /HTTP 301/,
  },
  { name: 'no policy file (404)', expect: 'mail.mta-sts.policy-unreachable', error: /HTTP 404/ },
  {
    name: 'larger than 64 KiB',
    route: { body: `${policy('mx.audit-sts-bad.test')}${'# padding\n'.repeat(8000)}` },
    expect: 'mail.mta-sts.policy-unreachable',
    error: /larger than 65536 bytes/,
  },
  {
    name: 'a server dripping the policy byte by byte meets the overall deadline',
    route: { body: policy('mx.audit-sts-bad.test'), dripMs: 100 },
    expect: 'mail.mta-sts.policy-unreachable',
    error: /did not arrive within 1 s/,
  },
  {
    name: 'certificate from an untrusted CA',
    route: { body: policy('mx.audit-sts-bad.test') },
    untrusted: true,
    expect: 'mail.mta-sts.policy-unreachable',
    error: /certificate/i,
  },
  {
    name: 'certificate for another name',
    route: { body: policy('mx.audit-sts-bad.test') },
    wrongName: true,
    expect: 'mail.mta-sts.policy-unreachable',
    error: /altnames|Hostname/i,
  },
];

describe('MTA-STS policy fetch over loopback HTTPS', () => {
  let bind: BindServer;
  let pki: TestPki;
  before(async () => {
    bind = await startBind();
    pki = makePki();
  });
  after(async () => {
    await bind?.stop();
    pki?.cleanup();
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const now = Date.now();
      const cert = pki.issue(
        [c.wrongName ? 'www.example.test' : HOST],
        new Date(now - DAY),
        new Date(now + 30 * DAY),
      );
      const web = await startHttps({
        host: '127.25.0.80',
        ...cert,
        routes: c.route ? { [PATH]: c.route } : {},
      });
      try {
        const resolver = new Resolver({ servers: [bind.address], timeoutMs: 2000 });
        const ctx = { resolver, domain: 'audit-sts-bad.test', ips: [], selectors: [] };
        const r = await auditMtaSts(ctx, [MX], {
          httpsPort: web.port,
          timeoutMs: c.route?.dripMs ? 1000 : 3000,
          ...(c.untrusted ? {} : { ca: pki.ca.cert }),
        });
        const f = r.findings.find((x) => x.id.startsWith('mail.mta-sts.'));
        assert.equal(f?.id, c.expect, JSON.stringify(r.findings));
        if (c.error) {
          // The reason is worded in both languages ({ en, ja }) or given as the peer said it.
          const e = f?.params?.error as unknown;
          const en = e && typeof e === 'object' && 'en' in e ? String((e as { en: unknown }).en) : String(e);
          assert.match(en, c.error);
        }
      } finally {
        await web.stop();
      }
    });
  }
});
