/** `mail-audit`: netdoctor's mail audit of a domain (MX, SPF, DKIM, DMARC, MTA-STS, SMTP) as one check. */
import { auditMail, domainArgument } from '../../mail/audit.js';
import type { CheckKind } from '../types.js';
import { verdictOutcome } from './verdict.js';

export const mailAuditCheck: CheckKind = {
  kind: 'mail-audit',
  label: 'MAIL',
  validate: (target) => void domainArgument(target),
  async run(target, o, ctx) {
    const r = await auditMail(await ctx.resolver(), {
      domain: target,
      smtp: { timeoutMs: o.timeoutMs, ...(o.port ? { port: o.port } : {}), ...(o.ca ? { ca: o.ca } : {}) },
    });
    return verdictOutcome(r.domain, r.findings, { domain: r.domain, dnsQueries: r.dnsQueries });
  },
};
