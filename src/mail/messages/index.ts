/** The mail audit's message catalog (MX, reverse DNS, SMTP, MTA-STS/TLS-RPT, provider summary). */
import { mergeCatalogs } from '../../core/i18n.js';
import { mailDnsMessages } from './dns.js';
import { mailPolicyMessages } from './policy.js';
import { mailSmtpMessages } from './smtp.js';

export const mailAuditMessages = mergeCatalogs(mailDnsMessages, mailSmtpMessages, mailPolicyMessages);
