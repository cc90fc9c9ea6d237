import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, SAMPLE, SAMPLE_NS } from '../../test/dmarc/build.js';
import { parseAggregateXml } from './parse.js';
import { aligned, summarize } from './summarize.js';
import type { AggregateReport, SourcedReport } from './types.js';

const sample = parseAggregateXml(fixture(SAMPLE), SAMPLE);
const ns = parseAggregateXml(fixture(SAMPLE_NS), SAMPLE_NS);
const src = (report: AggregateReport): SourcedReport => ({ source: 'x', report });

test('relaxed and strict alignment', () => {
  assert.ok(aligned('mail.example.co.jp', 'example.co.jp', 'r'));
  assert.ok(!aligned('mail.example.co.jp', 'example.co.jp', 's'));
  assert.ok(!aligned('example.co.jp', 'other.co.jp', 'r'));
});

test('the sample report gives one finding per kind of problem, with the right sources and counts', () => {
  const ptr = new Map([['198.51.100.30', 'newsletter.example.test']]);
  const { findings, domains } = summarize([src(sample)], ptr);
  const brief = findings.map((f) => [
    f.id,
    f.severity,
    f.params?.ip ?? f.params?.signer ?? '',
    f.params?.count ?? f.params?.failing ?? '',
  ]);
  assert.deepEqual(brief, [
    ['dmarc.source.unauthorised', 'fail', '198.51.100.20', 7],
    ['dmarc.spf.missing-sender', 'warn', '198.51.100.30', 15],
    ['dmarc.dkim.other-domain', 'warn', 'mailer.example', 4],
    ['dmarc.policy.none', 'warn', '', 11],
    ['dmarc.domain.partial', 'info', '', ''],
  ]);
  assert.equal(findings[1]?.params?.ptr, 'newsletter.example.test');
  assert.deepEqual(domains, [{ domain: 'example.test', reports: 1, messages: 146, passed: 135 }]);
});

const cases: [string, SourcedReport[], string[]][] = [
  ['an all-pass quarantine report', [src(ns)], ['dmarc.domain.pass']],
  [
    'p=none with nothing failing is only info',
    [src({ ...ns, policy: { ...ns.policy, p: 'none' } })],
    ['dmarc.policy.none', 'dmarc.domain.pass'],
  ],
  [
    'three failure reports from one source are one finding',
    [1, 2, 3].map((n) => ({
      source: `ruf${n}.eml`,
      report: {
        kind: 'failure' as const,
        reporter: 'r@reporter.example',
        subject: 's',
        feedbackType: 'auth-failure',
        sourceIp: '198.51.100.20',
        reportedDomain: 'example.test',
        fields: {},
      },
    })),
    ['dmarc.failure.report'],
  ],
  [
    'a TLS report with failures',
    [
      {
        source: 't',
        report: {
          kind: 'tls',
          orgName: 'R',
          reportId: '1',
          begin: 0,
          end: 1,
          policies: [
            { policyType: 'sts', policyDomain: 'example.test', successful: 5, failed: 1, failureDetails: [] },
          ],
        },
      },
    ],
    ['dmarc.tls.failures'],
  ],
];
for (const [name, items, want] of cases) {
  test(`findings: ${name}`, () => {
    assert.deepEqual(
      summarize(items, new Map()).findings.map((f) => f.id),
      want,
    );
  });
}
