/** SPF: the record, its include tree against the lookup limits, and the result per sending IP. */
import { spfMessages } from '../auth/spf-messages.js';
import { defineMailCheck } from './check.js';

export default defineMailCheck({
  meta: {
    id: 'spf',
    title: { en: 'SPF', ja: 'SPF' },
    severity: {
      'mail.spf.dns-error': 'warn',
      'mail.spf.include-unresolved': 'fail',
      'mail.spf.neutral-all': 'warn',
      'mail.spf.none': 'fail',
      'mail.spf.ok': 'ok',
      'mail.spf.plus-all': 'fail',
      'mail.spf.ptr': 'warn',
      'mail.spf.result.error': ['fail', 'warn'],
      'mail.spf.result.fail': 'fail',
      'mail.spf.result.neutral': 'warn',
      'mail.spf.result.pass': 'ok',
      'mail.spf.result.softfail': 'warn',
      'mail.spf.several': 'fail',
      'mail.spf.syntax': 'fail',
      'mail.spf.too-many-lookups': 'fail',
      'mail.spf.void-lookups': 'fail',
    },
    messages: spfMessages,
  },
  async run(ctx) {
    const { auditSpf } = await import('../auth/spf.js');
    // With --ip the sending IPs are known at once, and SPF starts without waiting for the MX.
    return auditSpf({ ...ctx, ips: await ctx.sendingIps() });
  },
});
