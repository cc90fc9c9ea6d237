/** DMARC: the policy record (or the organizational domain's) and its report destinations. */
import { dmarcMessages } from '../auth/dmarc-messages.js';
import { defineMailCheck } from './check.js';

export default defineMailCheck({
  meta: {
    id: 'dmarc',
    title: { en: 'DMARC policy', ja: 'DMARC ポリシー' },
    severity: {
      'mail.dmarc.dns-error': 'warn',
      'mail.dmarc.inherited': 'info',
      'mail.dmarc.no-reports': 'info',
      'mail.dmarc.none': 'fail',
      'mail.dmarc.ok': 'ok',
      'mail.dmarc.pct-partial': 'warn',
      'mail.dmarc.policy-none': 'warn',
      'mail.dmarc.report-unauthorized': 'warn',
      'mail.dmarc.several': 'fail',
      'mail.dmarc.syntax': 'fail',
    },
    messages: dmarcMessages,
  },
  async run(ctx) {
    const { auditDmarc } = await import('../auth/dmarc.js');
    return auditDmarc(ctx);
  },
});
