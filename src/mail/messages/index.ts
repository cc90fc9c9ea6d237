/**
 * The mail audit's message catalog, gathered from its checks (`mail/checks/`): each check's meta
 * carries the sentences of the finding ids it reports (MX, reverse DNS, SPF, DKIM, DMARC,
 * MTA-STS/TLS-RPT, SMTP, the provider summary).
 */
import { mergeCatalogs } from '../../core/i18n.js';
import { MAIL_CHECKS } from '../checks/index.js';

export const mailAuditMessages = mergeCatalogs(...MAIL_CHECKS.map((c) => c.meta.messages));
