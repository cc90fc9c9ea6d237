/**
 * The checks of `mail audit`, one file each (see check.ts): a sorted static list, compared with
 * this folder by `checks/registry.test.ts`. Adding a check is its file plus one line here.
 */
import addresses from './addresses.js';
import type { MailCheck } from './check.js';
import dkim from './dkim.js';
import dmarc from './dmarc.js';
import mtaSts from './mta-sts.js';
import mx from './mx.js';
import providers from './providers.js';
import smtp from './smtp.js';
import spf from './spf.js';

export const MAIL_CHECKS: readonly MailCheck<unknown>[] = [
  addresses,
  dkim,
  dmarc,
  mtaSts,
  mx,
  providers,
  smtp,
  spf,
];
