/** MX: the domain's mail hosts (RFC 5321 §5.1, null MX RFC 7505), and whether the domain exists. */
import { mailDnsMessages } from '../messages/dns.js';
import { defineMailCheck, messagesFor } from './check.js';

export default defineMailCheck({
  meta: {
    id: 'mx',
    title: { en: 'MX records', ja: 'MX レコード' },
    severity: {
      'mail.domain.nxdomain': 'fail',
      'mail.mx.cname': 'fail',
      'mail.mx.implicit': 'warn',
      'mail.mx.ip-literal': 'fail',
      'mail.mx.none': 'fail',
      'mail.mx.null': 'info',
      'mail.mx.ok': 'ok',
      'mail.mx.unresolvable': 'fail',
    },
    messages: messagesFor(mailDnsMessages, 'mail.domain.', 'mail.mx.'),
  },
  async run(ctx) {
    const { auditMx } = await import('../mx.js');
    return auditMx(ctx);
  },
});
