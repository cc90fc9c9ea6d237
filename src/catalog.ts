/**
 * The message catalog of all of netdoctor, gathered from each capability's own entries.
 * A capability adds one line here. `catalog.test.ts` checks every id has every language with the
 * same placeholders, and that the README documents every id.
 */
import { diagnoseMessages } from './capture/analyses/diagnose-messages.js';
import { captureMessages } from './capture/capture-messages.js';
import { captureToolsMessages } from './capture/filter/messages.js';
import { mergeCatalogs } from './core/i18n.js';
import { dmarcMessages } from './dmarc/messages.js';
import { dnsMessages } from './dns/messages.js';
import { zoneLintMessages } from './dns/zone/lint/messages.js';
import { zoneLiveMessages } from './dns/zone/live/messages.js';
import { listenersMessages } from './listeners/messages.js';
import { mailAuthMessages } from './mail/auth/messages.js';
import { mailAuditMessages } from './mail/messages/index.js';
import { mailTraceMessages } from './mail/trace/messages.js';
import { scanMessages } from './scan/messages.js';

export const catalog = mergeCatalogs(
  captureMessages,
  captureToolsMessages,
  diagnoseMessages,
  dmarcMessages,
  dnsMessages,
  mailAuthMessages,
  mailAuditMessages,
  mailTraceMessages,
  scanMessages,
  listenersMessages,
  zoneLintMessages,
  zoneLiveMessages,
);
