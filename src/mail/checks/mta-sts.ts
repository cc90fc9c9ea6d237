/** MTA-STS (RFC 8461) record and policy against the MX hosts, and the TLS-RPT record (RFC 8460). */
import { mailPolicyMessages } from '../messages/policy.js';
import { defineMailCheck, messagesFor } from './check.js';

export default defineMailCheck({
  meta: {
    id: 'mtaSts',
    title: { en: 'MTA-STS and TLS-RPT', ja: 'MTA-STS と TLS-RPT' },
    severity: {
      'mail.mta-sts.multiple': 'fail',
      'mail.mta-sts.mx-not-covered': 'fail',
      'mail.mta-sts.none': 'info',
      'mail.mta-sts.not-enforced': 'info',
      'mail.mta-sts.ok': 'ok',
      'mail.mta-sts.policy-invalid': 'fail',
      'mail.mta-sts.policy-unreachable': 'fail',
      'mail.mta-sts.record-invalid': 'fail',
      'mail.tlsrpt.invalid': 'fail',
      'mail.tlsrpt.none': 'info',
      'mail.tlsrpt.ok': 'ok',
    },
    messages: messagesFor(mailPolicyMessages, 'mail.mta-sts.', 'mail.tlsrpt.'),
  },
  async run(ctx) {
    const { auditMtaSts } = await import('../mta-sts.js');
    const mx = await ctx.part('mx');
    return auditMtaSts(ctx, mx.data.hosts, ctx.settings.mtaSts);
  },
});
