/** SPF: the record, its include tree against the lookup limits, and the result per sending IP. */
import { spfMessages } from '../auth/spf-messages.js';
import { defineMailCheck } from './check.js';

export default defineMailCheck({
  meta: { id: 'spf', title: { en: 'SPF', ja: 'SPF' }, messages: spfMessages },
  async run(ctx) {
    const { auditSpf } = await import('../auth/spf.js');
    // With --ip the sending IPs are known at once, and SPF starts without waiting for the MX.
    return auditSpf({ ...ctx, ips: await ctx.sendingIps() });
  },
});
