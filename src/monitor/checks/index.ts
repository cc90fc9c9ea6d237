/**
 * The check kinds, one line each, sorted by name. A new kind is `checks/<kind>.ts` plus its line
 * here (`registry.test.ts` compares this list with the folder).
 */
import type { CheckKind } from '../types.js';
import { dnsCheck } from './dns.js';
import { dnsblCheck } from './dnsbl.js';
import { exposureCheck } from './exposure.js';
import { httpCheck } from './http.js';
import { httpsCheck } from './https.js';
import { icmpCheck } from './icmp.js';
import { imapCheck } from './imap.js';
import { listenersCheck } from './listeners.js';
import { mailAuditCheck } from './mail-audit.js';
import { pop3Check } from './pop3.js';
import { smtpCheck } from './smtp.js';
import { tcpCheck } from './tcp.js';
import { tlsCheck } from './tls.js';

export const CHECK_KINDS: readonly CheckKind[] = [
  dnsCheck,
  dnsblCheck,
  exposureCheck,
  httpCheck,
  httpsCheck,
  icmpCheck,
  imapCheck,
  listenersCheck,
  mailAuditCheck,
  pop3Check,
  smtpCheck,
  tcpCheck,
  tlsCheck,
];

/** Files in this folder that are shared helpers, not kinds. */
export const CHECK_HELPERS = ['certificate', 'greeting', 'index', 'verdict'] as const;
