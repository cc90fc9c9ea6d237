/** Reverse DNS of the MX hosts' addresses and the sending IPs: PTR, FCrDNS, dynamic-pool names. */
import { mailDnsMessages } from '../messages/dns.js';
import { defineMailCheck, messagesFor } from './check.js';

export default defineMailCheck({
  meta: {
    id: 'addresses',
    title: { en: 'Reverse DNS (PTR, FCrDNS)', ja: '逆引き DNS (PTR・FCrDNS)' },
    severity: {
      'mail.fcrdns.mismatch': 'fail',
      'mail.fcrdns.ok': 'ok',
      'mail.fcrdns.unresolvable': 'fail',
      'mail.ptr.generic': 'warn',
      'mail.ptr.missing': 'fail',
      'mail.ptr.multiple': 'warn',
    },
    messages: messagesFor(mailDnsMessages, 'mail.ptr.', 'mail.fcrdns.'),
  },
  async run(ctx) {
    const { auditAddresses } = await import('../sending-ips.js');
    const [mx, ips] = await Promise.all([ctx.part('mx'), ctx.sendingIps()]);
    const r = await auditAddresses({ ...ctx, ips }, mx.data.hosts);
    return { findings: r.findings, data: r.data.addresses };
  },
});
