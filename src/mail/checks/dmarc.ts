/** DMARC: the policy record (or the organizational domain's) and its report destinations. */
import { dmarcMessages } from '../auth/dmarc-messages.js';
import { defineMailCheck } from './check.js';

export default defineMailCheck({
  meta: { id: 'dmarc', title: { en: 'DMARC policy', ja: 'DMARC ポリシー' }, messages: dmarcMessages },
  async run(ctx) {
    const { auditDmarc } = await import('../auth/dmarc.js');
    return auditDmarc(ctx);
  },
});
