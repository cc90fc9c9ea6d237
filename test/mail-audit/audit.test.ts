/**
 * `auditMail` against the real BIND (fixture zones audit-*.test, reverse zones of 127.25.0.0/16),
 * a real Postfix with and without STARTTLS, and a loopback HTTPS server for MTA-STS — table
 * style: zone case → the finding ids it must (and must not) produce.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exitStatusFor } from '../../src/core/findings.js';
import { Resolver } from '../../src/dns/resolver.js';
import { auditMail, type MailAuditResult } from '../../src/mail/index.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { type HttpsServer, startHttps } from '../harness/https.js';
import { freePort } from '../harness/ports.js';
import { type PostfixServer, postfixSkipReason, startPostfix } from '../harness/postfix.js';
import { DAY, makePki, type TestPki } from '../scan/tls-certs.js';

interface Case {
  name: string;
  domain: string;
  ips?: string[];
  smtp?: boolean;
  /** Trust the test CA for the SMTP certificate (default true). */
  trustCa?: boolean;
  expect: string[];
  absent?: string[];
  /** Extra checks on the result. */
  check?: (r: MailAuditResult) => void;
}

const POLICY_GOOD = 'version: STSv1\r\nmode: enforce\r\nmx: mx.audit-good.test\r\nmax_age: 86400\r\n';
const POLICY_OTHER_MX = 'version: STSv1\nmode: enforce\nmx: other.audit-sts-bad.test\nmax_age: 86400\n';

const ids = (r: MailAuditResult) => r.findings.map((f) => f.id);
const params = (r: MailAuditResult, id: string) => r.findings.find((f) => f.id === id)?.params ?? {};

const CASES: Case[] = [
  {
    name: 'a good domain passes everything (SMTP with STARTTLS, MTA-STS enforce)',
    domain: 'audit-good.test',
    smtp: true,
    expect: [
      'mail.mx.ok',
      'mail.fcrdns.ok',
      'mail.spf.result.pass',
      'mail.dkim.key-found',
      'mail.mta-sts.ok',
      'mail.tlsrpt.ok',
      'mail.smtp.ok',
      'mail.smtp.starttls-ok',
      'mail.provider.meets',
    ],
    absent: ['mail.provider.misses', 'mail.smtp.banner-ptr-mismatch', 'mail.smtp.cert-untrusted'],
    check: (r) => {
      const bad = r.findings.filter((f) => f.severity === 'warn' || f.severity === 'fail');
      assert.deepEqual(bad, [], 'no warn or fail finding');
      assert.equal(exitStatusFor(r.findings), 0);
      assert.deepEqual(r.ips, ['127.25.0.10']);
      assert.equal(r.ipsFrom, 'mx');
      assert.ok(r.providers.every((p) => p.meets && p.lines.every((l) => l.pass === true)));
      // The certificate as Postfix presented it after STARTTLS: names, issuer, expiry, protocol.
      const tls = params(r, 'mail.smtp.starttls-ok');
      assert.deepEqual(tls.names, ['mx.audit-good.test']);
      assert.equal(tls.issuer, 'netdoctor test CA');
      assert.match(String(tls.protocol), /^TLSv1\.[23]$/);
      assert.match(String(tls.validTo), /^\d{4}-\d{2}-\d{2}$/);
      assert.match(String(params(r, 'mail.smtp.ok').banner), /^220 mx\.audit-good\.test ESMTP/);
    },
  },
  {
    name: 'story 1: Gmail 550-5.7.26 — the self-hosted MX address has no PTR',
    domain: 'audit-gmail.test',
    expect: ['mail.ptr.missing', 'mail.spf.result.pass', 'mail.provider.misses'],
    absent: ['mail.fcrdns.ok'],
    check: (r) => {
      const p = params(r, 'mail.ptr.missing');
      assert.equal(p.ip, '127.25.1.10');
      assert.equal(p.zone, '25.127.in-addr.arpa');
      assert.equal(p.label, '10.1');
      assert.equal(p.host, 'mx.audit-gmail.test'); // the fix: "10.1 IN PTR mx.audit-gmail.test."
      const gmail = r.providers.find((x) => x.provider === 'Gmail');
      assert.equal(gmail?.lines.find((l) => l.requirement === 'ptr')?.pass, false);
      assert.equal(exitStatusFor(r.findings), 1);
    },
  },
  {
    name: 'the PTR names a host that resolves elsewhere: FCrDNS fails',
    domain: 'audit-fcrdns.test',
    expect: ['mail.fcrdns.mismatch', 'mail.provider.misses'],
    absent: ['mail.ptr.missing', 'mail.fcrdns.ok'],
    check: (r) => assert.deepEqual(params(r, 'mail.fcrdns.mismatch').addresses, ['127.25.2.99']),
  },
  {
    name: 'story 2: "IP name lookup failed" — the relay lacks its "3 IN PTR" line',
    domain: 'audit-relay.test',
    ips: ['127.25.128.3'],
    expect: ['mail.ptr.missing', 'mail.spf.result.pass', 'mail.fcrdns.ok'],
    check: (r) => {
      const p = params(r, 'mail.ptr.missing');
      assert.equal(p.ip, '127.25.128.3');
      assert.equal(p.zone, '128.25.127.in-addr.arpa');
      assert.equal(p.label, '3');
      assert.equal(r.ipsFrom, 'given');
      // The MX host's address is checked too (and passes), the relay is the sending IP.
      assert.deepEqual(r.addresses.map((a) => [a.ip, a.sending]).sort(), [
        ['127.25.128.1', false],
        ['127.25.128.3', true],
      ]);
    },
  },
  {
    name: 'story 3: docomo "Unknown user" — the domain has no SPF record',
    domain: 'audit-docomo.test',
    expect: ['mail.spf.none', 'mail.dmarc.none', 'mail.fcrdns.ok', 'mail.provider.misses'],
    absent: ['mail.spf.result.pass'],
    check: (r) => {
      const missing = r.findings.find((f) => f.id === 'mail.provider.misses')?.params?.missing;
      // the requirement names in both languages (SPF か DKIM for Japanese readers)
      assert.deepEqual(missing, {
        en: 'SPF or DKIM, DMARC, DMARC alignment',
        ja: 'SPF か DKIM、DMARC、DMARC アライメント',
      });
    },
  },
  {
    name: 'MX pointing at a CNAME',
    domain: 'audit-mx-cname.test',
    expect: ['mail.mx.cname'],
    absent: ['mail.mx.ok'],
  },
  {
    name: 'MX written as an IP address',
    domain: 'audit-mx-ip.test',
    expect: ['mail.mx.ip-literal'],
    absent: ['mail.mx.ok', 'dns.server.refused'],
    check: (r) => assert.equal(params(r, 'mail.mx.ip-literal').ip, '127.25.4.20'),
  },
  { name: 'no MX: implicit MX', domain: 'audit-no-mx.test', expect: ['mail.mx.implicit', 'mail.fcrdns.ok'] },
  { name: 'null MX', domain: 'audit-null-mx.test', expect: ['mail.mx.null'], absent: ['mail.mx.ok'] },
  {
    name: 'MX host that does not exist',
    domain: 'audit-mx-dangling.test',
    expect: ['mail.mx.unresolvable'],
    absent: ['mail.mx.ok'],
  },
  {
    name: 'PTR name of a dynamic pool',
    domain: 'audit-dynamic.test',
    expect: ['mail.ptr.generic', 'mail.fcrdns.ok'],
  },
  {
    name: 'an MX address with two PTR records',
    domain: 'audit-multi-ptr.test',
    expect: ['mail.ptr.multiple', 'mail.fcrdns.ok'],
    check: (r) => assert.equal(params(r, 'mail.ptr.multiple').count, 2),
  },
  {
    name: 'the PTR of the MX address names a host that does not exist',
    domain: 'audit-ptr-dangling.test',
    expect: ['mail.fcrdns.unresolvable', 'mail.provider.misses'],
    check: (r) => assert.equal(params(r, 'mail.fcrdns.unresolvable').ptr, 'ghost.audit-ptr-dangling.test'),
  },
  {
    name: 'neither MX nor A',
    domain: 'audit-no-mail.test',
    expect: ['mail.mx.none'],
    absent: ['mail.mx.implicit'],
  },
  { name: 'two MTA-STS records', domain: 'audit-sts-two.test', expect: ['mail.mta-sts.multiple'] },
  {
    name: 'an MTA-STS record with a malformed id',
    domain: 'audit-sts-syntax.test',
    expect: ['mail.mta-sts.record-invalid'],
    absent: ['mail.mta-sts.policy-unreachable'],
  },
  {
    name: 'an IPv6 sending IP: ip6.arpa PTR, FCrDNS by AAAA, SPF without an ip6: term fails',
    domain: 'example.test',
    ips: ['2001:db8::25'],
    expect: ['mail.fcrdns.ok', 'mail.spf.result.fail'],
    check: (r) => {
      const v6 = r.findings.find((f) => f.id === 'mail.fcrdns.ok' && f.params?.ip === '2001:db8::25');
      assert.equal(v6?.params?.ptr, 'v6.example.test');
      assert.equal(v6?.params?.rrtype, 'AAAA');
    },
  },
  {
    name: 'domain that does not exist',
    domain: 'nothing-here.audit-good.test',
    expect: ['mail.domain.nxdomain'],
  },
  {
    name: 'STARTTLS absent, banner name is not the PTR',
    domain: 'audit-nostarttls.test',
    smtp: true,
    expect: [
      'mail.smtp.ok',
      'mail.smtp.no-starttls',
      'mail.smtp.banner-ptr-mismatch',
      'mail.provider.misses',
    ],
    absent: ['mail.smtp.starttls-ok'],
  },
  {
    name: 'STARTTLS working, but with a certificate from a CA the client does not trust',
    domain: 'audit-good.test',
    smtp: true,
    trustCa: false,
    expect: ['mail.smtp.starttls-ok', 'mail.smtp.cert-untrusted'],
    absent: ['mail.smtp.starttls-failed', 'mail.smtp.cert-name-mismatch'],
  },
  {
    name: 'SMTP port closed',
    domain: 'audit-closed.test',
    smtp: true,
    expect: ['mail.smtp.port-closed'],
    absent: ['mail.smtp.ok'],
    check: (r) => assert.equal(exitStatusFor(r.findings), 1),
  },
  {
    name: 'MTA-STS policy without the MX host; TLS-RPT without rua',
    domain: 'audit-sts-bad.test',
    expect: ['mail.mta-sts.mx-not-covered', 'mail.tlsrpt.invalid'],
    absent: ['mail.mta-sts.ok'],
  },
  {
    name: 'MTA-STS record without a policy host',
    domain: 'audit-sts-down.test',
    expect: ['mail.mta-sts.policy-unreachable', 'mail.tlsrpt.none'],
  },
];

describe('mail audit against BIND, Postfix and a loopback HTTPS server', () => {
  let bind: BindServer;
  let pki: TestPki;
  let smtpPort: number;
  const servers: PostfixServer[] = [];
  let web: HttpsServer;
  const skip = postfixSkipReason();

  before(async () => {
    pki = makePki();
    bind = await startBind();
    smtpPort = await freePort();
    const now = Date.now();
    const mxCert = pki.issue(['mx.audit-good.test'], new Date(now - DAY), new Date(now + 90 * DAY));
    const webCert = pki.issue(
      ['mta-sts.audit-good.test', 'mta-sts.audit-sts-bad.test'],
      new Date(now - DAY),
      new Date(now + 90 * DAY),
    );
    web = await startHttps({
      host: '127.25.0.80',
      ...webCert,
      routes: {
        'mta-sts.audit-good.test/.well-known/mta-sts.txt': { body: POLICY_GOOD },
        'mta-sts.audit-sts-bad.test/.well-known/mta-sts.txt': { body: POLICY_OTHER_MX },
      },
    });
    if (!skip) {
      servers.push(
        ...(await Promise.all([
          startPostfix({ host: '127.25.0.10', port: smtpPort, hostname: 'mx.audit-good.test', tls: mxCert }),
          startPostfix({ host: '127.25.5.10', port: smtpPort, hostname: 'localhost.invalid' }),
        ])),
      );
    }
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await web?.stop();
    await bind?.stop();
    pki?.cleanup();
  });

  for (const c of CASES) {
    it(c.name, { skip: c.smtp && skip ? skip : false }, async () => {
      const resolver = new Resolver({ servers: [bind.address], timeoutMs: 2000 });
      const r = await auditMail(resolver, {
        domain: c.domain,
        ...(c.ips ? { ips: c.ips } : {}),
        smtp: c.smtp
          ? { port: smtpPort, timeoutMs: 3000, ...(c.trustCa === false ? {} : { ca: pki.ca.cert }) }
          : false,
        mtaSts: { httpsPort: web.port, ca: pki.ca.cert },
      });
      for (const id of c.expect)
        assert.ok(ids(r).includes(id), `${c.domain}: expected ${id}, got ${ids(r).join(' ')}`);
      for (const id of c.absent ?? []) assert.ok(!ids(r).includes(id), `${c.domain}: did not expect ${id}`);
      c.check?.(r);
    });
  }
});
