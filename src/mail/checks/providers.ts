/**
 * The Gmail / Yahoo sender requirements, from what the other checks found: one row per provider
 * (PTR, FCrDNS, SPF or DKIM, DMARC, alignment, TLS) and one finding each.
 */
import { mailPolicyMessages } from '../messages/policy.js';
import type { RequirementFacts } from '../provider-requirements.js';
import { defineMailCheck, type MailAuditParts, messagesFor } from './check.js';

type Seen = Pick<MailAuditParts, 'addresses' | 'spf' | 'dkim' | 'dmarc' | 'smtp'>;

function requirementFacts(r: Seen): RequirementFacts {
  const sending = r.addresses.filter((a) => a.sending);
  const spfPass = r.spf.results.length > 0 && r.spf.results.every((x) => x.result === 'pass');
  const keys = r.dkim.selectors.filter(
    (s) => s.status === 'found' && s.key && !s.key.revoked && s.key.errors.length === 0,
  );
  const policy = r.dmarc.policy;
  // The providers' question: can mail From this domain pass DMARC? Its own SPF pass or its own
  // DKIM key authenticates the domain itself, the same name as the From domain, which aligns
  // under adkim/aspf r and s alike (RFC 7489 §3.1); so it can when a policy exists and either does.
  const alignment = policy !== undefined && (spfPass || keys.length > 0);
  // Hosts that could not be reached say nothing about TLS (their own findings say why).
  const sessions = (r.smtp?.sessions ?? []).filter(
    (s) => s.probe.outcome === 'ok' || s.probe.outcome === 'tls-error',
  );
  return {
    ptr: sending.length ? sending.every((a) => a.ptr.length > 0) : null,
    fcrdns: sending.length ? sending.every((a) => a.fcrdns) : null,
    'spf-or-dkim': spfPass || keys.length > 0,
    dmarc: policy !== undefined,
    alignment,
    tls: sessions.length ? sessions.every((s) => s.probe.starttls?.tls?.outcome === 'ok') : null,
  };
}

export default defineMailCheck({
  meta: {
    id: 'providers',
    title: { en: 'Gmail / Yahoo sender requirements', ja: 'Gmail・Yahoo の送信者要件' },
    severity: {
      'mail.provider.meets': 'ok',
      'mail.provider.misses': 'fail',
    },
    messages: messagesFor(mailPolicyMessages, 'mail.provider.'),
  },
  async run(ctx) {
    const { providerSummaries } = await import('../provider-requirements.js');
    const [addresses, spf, dkim, dmarc, smtp] = await Promise.all([
      ctx.part('addresses'),
      ctx.part('spf'),
      ctx.part('dkim'),
      ctx.part('dmarc'),
      ctx.part('smtp'),
    ]);
    const facts = requirementFacts({
      addresses: addresses.data,
      spf: spf.data,
      dkim: dkim.data,
      dmarc: dmarc.data,
      smtp: smtp.data,
    });
    const { summaries, findings } = providerSummaries(ctx.domain, facts);
    return { findings, data: summaries };
  },
});
