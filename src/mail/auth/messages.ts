/** The mail-authentication catalog (SPF, DKIM, DMARC): one entry per finding id, every language. */
import { mergeCatalogs } from '../../core/i18n.js';
import { dkimMessages } from './dkim-messages.js';
import { dmarcMessages } from './dmarc-messages.js';
import { spfMessages } from './spf-messages.js';

export const mailAuthMessages = mergeCatalogs(spfMessages, dkimMessages, dmarcMessages);
