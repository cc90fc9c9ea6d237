/** DKIM: the key records of the selectors (given, or the common list). */
import { dkimMessages } from '../auth/dkim-messages.js';
import { defineMailCheck } from './check.js';

export default defineMailCheck({
  meta: { id: 'dkim', title: { en: 'DKIM keys', ja: 'DKIM 公開鍵' }, messages: dkimMessages },
  async run(ctx) {
    const { auditDkim } = await import('../auth/dkim.js');
    return auditDkim(ctx);
  },
});
