/**
 * SPF, DKIM and DMARC against a real BIND serving test/fixtures/zones/auth-*.test.zone:
 * a table of zone cases and the finding ids each must produce (STYLE.md habit 9).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { localize } from '../../src/core/i18n.js';
import { Resolver } from '../../src/dns/resolver.js';
import { auditDkim, auditDmarc, auditSpf, mailAuthMessages } from '../../src/mail/auth/index.js';
import type { MailCheckContext } from '../../src/mail/context.js';
import { type BindServer, startBind } from '../harness/bind.js';

let bind: BindServer;
before(async () => {
  bind = await startBind();
});
after(async () => {
  await bind?.stop();
});

function ctx(domain: string, ips: string[] = [], selectors: string[] = []): MailCheckContext {
  return { resolver: new Resolver({ servers: [bind.address], timeoutMs: 2000 }), domain, ips, selectors };
}

async function ids(c: MailCheckContext) {
  const [spf, dkim, dmarc] = await Promise.all([auditSpf(c), auditDkim(c), auditDmarc(c)]);
  const findings = [...spf.findings, ...dkim.findings, ...dmarc.findings];
  // Every finding renders in every language: its id is in the catalog and its params fill every placeholder.
  for (const f of findings) for (const lang of ['en', 'ja'] as const) localize(f, mailAuthMessages, lang);
  return { ids: [...new Set(findings.map((f) => f.id))].sort(), findings, spf, dkim, dmarc };
}

interface Case {
  story: string;
  domain: string;
  ips?: string[];
  selectors?: string[];
  expect: string[];
}

const CASES: Case[] = [
  {
    story: 'a good domain passes everything',
    domain: 'auth-good.test',
    ips: ['192.0.2.10', '198.51.100.7', '2001:db8::25'],
    selectors: ['s2048', 'ed'],
    expect: ['mail.dkim.key-found', 'mail.dmarc.ok', 'mail.spf.ok', 'mail.spf.result.pass'],
  },
  {
    story: 'a stranger sending as the good domain fails SPF',
    domain: 'auth-good.test',
    ips: ['203.0.113.5'],
    selectors: ['s2048'],
    expect: ['mail.dkim.key-found', 'mail.dmarc.ok', 'mail.spf.ok', 'mail.spf.result.fail'],
  },
  {
    story: 'docomo "Unknown user": the domain has no SPF record',
    domain: 'auth-nospf.test',
    ips: ['192.0.2.10'],
    selectors: ['s2048'],
    expect: ['mail.dkim.key-found', 'mail.dmarc.ok', 'mail.spf.none'],
  },
  {
    story: '+all lets everyone pass; no DKIM under common selectors; no DMARC',
    domain: 'auth-plusall.test',
    ips: ['203.0.113.9'],
    expect: ['mail.dkim.none', 'mail.dmarc.none', 'mail.spf.plus-all', 'mail.spf.result.pass'],
  },
  {
    story: '12 DNS lookups over the include tree (an early match passes, the rest permerror), ?all, pct=50',
    domain: 'auth-lookups.test',
    ips: ['192.0.2.10', '198.51.100.99'],
    selectors: ['s1'],
    expect: [
      'mail.dkim.none',
      'mail.dmarc.ok',
      'mail.dmarc.pct-partial',
      'mail.spf.neutral-all',
      'mail.spf.result.error',
      'mail.spf.result.pass',
      'mail.spf.too-many-lookups',
    ],
  },
  {
    story: 'void lookups, an include that does not resolve, ptr; DMARC without reports',
    domain: 'auth-voids.test',
    ips: ['192.0.2.10'],
    selectors: ['s1'],
    expect: [
      'mail.dkim.none',
      'mail.dmarc.no-reports',
      'mail.dmarc.ok',
      'mail.spf.include-unresolved',
      'mail.spf.ptr',
      'mail.spf.result.error',
      'mail.spf.void-lookups',
    ],
  },
  {
    story: 'malformed SPF and DMARC records',
    domain: 'auth-syntax.test',
    ips: ['192.0.2.10'],
    selectors: ['s1'],
    expect: ['mail.dkim.none', 'mail.dmarc.syntax', 'mail.spf.result.error', 'mail.spf.syntax'],
  },
  {
    story: 'two SPF records and two DMARC records',
    domain: 'two.auth-syntax.test',
    ips: ['192.0.2.10'],
    selectors: ['s1'],
    expect: ['mail.dkim.none', 'mail.dmarc.several', 'mail.spf.result.error', 'mail.spf.several'],
  },
  {
    story: 'weak, revoked, testing and malformed DKIM keys',
    domain: 'auth-weakdkim.test',
    ips: ['192.0.2.10'],
    selectors: ['s1024', 's512', 'old', 'test', 'bad', 'missing'],
    expect: [
      'mail.dkim.key-found',
      'mail.dkim.key-short',
      'mail.dkim.key-too-short',
      'mail.dkim.revoked',
      'mail.dkim.selector-missing',
      'mail.dkim.syntax',
      'mail.dkim.testing',
      'mail.dmarc.ok',
      'mail.spf.ok',
      'mail.spf.result.pass',
    ],
  },
  {
    story: 'DMARC p=none, reports to an external domain that has not authorized them',
    domain: 'auth-dmarcnone.test',
    ips: ['192.0.2.10'],
    selectors: ['s1'],
    expect: [
      'mail.dkim.none',
      'mail.dmarc.ok',
      'mail.dmarc.policy-none',
      'mail.dmarc.report-unauthorized',
      'mail.spf.ok',
      'mail.spf.result.pass',
    ],
  },
  {
    story: 'a subdomain without its own DMARC record inherits the organizational one',
    domain: 'sub.auth-good.test',
    selectors: ['s1'],
    expect: ['mail.dkim.none', 'mail.dmarc.inherited', 'mail.dmarc.ok', 'mail.spf.none'],
  },
  {
    story: 'an include loop: the walk stops at the loop, receivers answer permerror',
    domain: 'auth-loop.test',
    ips: ['192.0.2.10'],
    selectors: ['s1'],
    expect: ['mail.dkim.none', 'mail.dmarc.ok', 'mail.spf.include-unresolved', 'mail.spf.result.error'],
  },
  {
    story: 'a redirect to itself',
    domain: 'self.auth-loop.test',
    ips: ['192.0.2.10'],
    selectors: ['s1'],
    expect: [
      'mail.dkim.none',
      'mail.dmarc.inherited',
      'mail.dmarc.ok',
      'mail.spf.include-unresolved',
      'mail.spf.result.error',
    ],
  },
  {
    story: 'no DMARC record anywhere',
    domain: 'auth-nodmarc.test',
    ips: ['192.0.2.10'],
    selectors: ['s2048'],
    expect: ['mail.dkim.key-found', 'mail.dmarc.none', 'mail.spf.ok', 'mail.spf.result.pass'],
  },
];

describe('mail auth against BIND: zone case → finding ids', () => {
  for (const c of CASES) {
    test(`${c.domain}: ${c.story}`, async () => {
      const got = await ids(ctx(c.domain, c.ips, c.selectors));
      assert.deepEqual(got.ids, [...c.expect].sort());
    });
  }
});

describe('mail auth against BIND: the data behind the findings', () => {
  test('the SPF result names the mechanism that matched, through includes', async () => {
    const { data } = await auditSpf(ctx('auth-good.test', ['192.0.2.10', '198.51.100.7', '203.0.113.5']));
    assert.deepEqual(
      data.results.map((r) => [r.ip, r.result, r.mechanism]),
      [
        ['192.0.2.10', 'pass', 'ip4:192.0.2.10'],
        ['198.51.100.7', 'pass', 'include:_spf.auth-good.test → ip4:198.51.100.0/24'],
        ['203.0.113.5', 'fail', '-all'],
      ],
    );
    assert.equal(data.lookups, 1);
    assert.equal(data.tree.children[0]?.domain, '_spf.auth-good.test');
  });

  test('lookups and void lookups are counted over the whole tree', async () => {
    const lookups = await auditSpf(ctx('auth-lookups.test'));
    assert.equal(lookups.data.lookups, 12);
    const tooMany = lookups.findings.find((f) => f.id === 'mail.spf.too-many-lookups');
    assert.deepEqual(tooMany?.params, { domain: 'auth-lookups.test', lookups: 12, limit: 10 });
    const voids = await auditSpf(ctx('auth-voids.test', ['192.0.2.10']));
    assert.equal(voids.data.voidLookups, 3);
    assert.equal(voids.data.results[0]?.result, 'permerror');
  });

  test('the fix for a domain without SPF names its sending IPs', async () => {
    const { findings } = await auditSpf(ctx('auth-nospf.test', ['192.0.2.10', '2001:db8::25']));
    assert.equal(findings[0]?.params?.suggestion, 'v=spf1 ip4:192.0.2.10 ip6:2001:db8::25 -all');
  });

  test('DKIM key types and lengths', async () => {
    const { data } = await auditDkim(ctx('auth-weakdkim.test', [], ['s1024', 's512', 'old', 'test']));
    assert.deepEqual(
      data.selectors.map((s) => [s.selector, s.key?.keyType, s.key?.bits, s.key?.revoked, s.key?.testing]),
      [
        ['s1024', 'rsa', 1024, false, false],
        ['s512', 'rsa', 512, false, false],
        ['old', 'rsa', undefined, true, false],
        ['test', 'rsa', 2048, false, true],
      ],
    );
    const good = await auditDkim(ctx('auth-good.test', [], ['ed']));
    assert.equal(good.data.selectors[0]?.key?.keyType, 'ed25519');
    assert.equal(good.data.selectors[0]?.key?.bits, 256);
  });

  test('an external rua is checked at <domain>._report._dmarc.<dest> (RFC 7489 §7.1)', async () => {
    const { findings, data } = await auditDmarc(ctx('auth-dmarcnone.test'));
    assert.deepEqual(
      data.destinations.map((d) => [d.host, d.external, d.authorized]),
      [
        ['auth-reports.test', true, false],
        ['auth-good.test', true, true],
        ['auth-dmarcnone.test', false, undefined],
      ],
    );
    const unauthorized = findings.filter((f) => f.id === 'mail.dmarc.report-unauthorized');
    assert.deepEqual(
      unauthorized.map((f) => f.params?.authName),
      ['auth-dmarcnone.test._report._dmarc.auth-reports.test'],
    );
    const none = findings.find((f) => f.id === 'mail.dmarc.policy-none');
    assert.match(String(none?.params?.stricter), /^v=DMARC1; p=quarantine; rua=/);
  });
});
