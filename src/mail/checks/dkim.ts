/** DKIM: the key records of the selectors (given, or the common list). */
import { dkimMessages } from '../auth/dkim-messages.js';
import { defineMailCheck } from './check.js';

export default defineMailCheck({
  meta: {
    id: 'dkim',
    title: { en: 'DKIM keys', ja: 'DKIM 公開鍵' },
    severity: {
      'mail.dkim.dns-error': 'warn',
      'mail.dkim.key-found': 'ok',
      'mail.dkim.key-short': 'warn',
      'mail.dkim.key-too-short': 'fail',
      'mail.dkim.none': ['warn', 'fail'],
      'mail.dkim.revoked': ['warn', 'fail'],
      'mail.dkim.selector-missing': 'fail',
      'mail.dkim.syntax': 'fail',
      'mail.dkim.testing': 'warn',
      'mail.dkim.split-records': 'fail',
      'mail.dkim.string-too-long': 'fail',
      'mail.dkim.hash-sha1': 'fail',
      'mail.dkim.service-not-email': 'fail',
    },
    messages: dkimMessages,
  },
  async run(ctx) {
    const { auditDkim } = await import('../auth/dkim.js');
    return auditDkim(ctx);
  },
});
