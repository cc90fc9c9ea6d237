/** SMTP on each MX address: banner, EHLO, STARTTLS, the certificate, the banner name against PTR. */
import { mailSmtpMessages } from '../messages/smtp.js';
import type { SmtpData } from '../smtp.js';
import { defineMailCheck, messagesFor } from './check.js';

export default defineMailCheck<SmtpData | undefined>({
  meta: {
    id: 'smtp',
    title: { en: 'SMTP and STARTTLS', ja: 'SMTP と STARTTLS' },
    severity: {
      'mail.smtp.banner-ptr-mismatch': 'warn',
      'mail.smtp.banner-rejected': 'fail',
      'mail.smtp.cert-expired': 'fail',
      'mail.smtp.cert-expiring': 'warn',
      'mail.smtp.cert-name-mismatch': 'warn',
      'mail.smtp.cert-untrusted': 'warn',
      'mail.smtp.closed': 'fail',
      'mail.smtp.ehlo-rejected': 'fail',
      'mail.smtp.no-starttls': 'fail',
      'mail.smtp.ok': 'ok',
      'mail.smtp.port-closed': 'fail',
      'mail.smtp.starttls-failed': 'fail',
      'mail.smtp.starttls-ok': 'ok',
      'mail.smtp.timeout': 'fail',
      'mail.smtp.tls-old': 'warn',
      'mail.smtp.unreachable': 'fail',
    },
    messages: messagesFor(mailSmtpMessages, 'mail.smtp.'),
  },
  async run(ctx) {
    const options = ctx.settings.smtp;
    if (!options) return { findings: [], data: undefined }; // --no-smtp
    const { probeMxHosts, SMTP_DEFAULTS, smtpFindings } = await import('../smtp.js');
    const mx = await ctx.part('mx');
    const data = await probeMxHosts(mx.data.hosts, options);
    // The banner's host name is checked against the PTR name of the address.
    const addresses = await ctx.part('addresses');
    return {
      findings: smtpFindings(data, addresses.data, options.timeoutMs ?? SMTP_DEFAULTS.timeoutMs),
      data,
    };
  },
});
