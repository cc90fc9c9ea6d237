/**
 * The message catalog of all of netdoctor, gathered from each capability's own entries.
 * A capability adds one line here. `catalog.test.ts` checks every id has every language with the
 * same placeholders, and that the README documents every id.
 */
import { diagnoseMessages } from './capture/analyses/diagnose-messages.js';
import { captureMessages } from './capture/capture-messages.js';
import { CAPTURE_ERRORS } from './capture/error-messages.js';
import { FILTER_ERRORS } from './capture/filter/lexer.js';
import { captureToolsMessages } from './capture/filter/messages.js';
import { CAPTURE_READ_ERRORS } from './capture/reader/errors.js';
import { coreErrorTexts, type ErrorText } from './core/errors.js';
import { mergeCatalogs } from './core/i18n.js';
import { INPUT_ERRORS } from './core/input.js';
import { OUTPUT_ERRORS } from './core/output.js';
import { DMARC_ERRORS } from './dmarc/error-messages.js';
import { dmarcMessages } from './dmarc/messages.js';
import { DNS_ERRORS } from './dns/error-messages.js';
import { dnsMessages } from './dns/messages.js';
import { ZONE_ERRORS } from './dns/zone/error-messages.js';
import { zoneLintMessages } from './dns/zone/lint/messages.js';
import { zoneLiveMessages } from './dns/zone/live/messages.js';
import { ZONE_SYNTAX } from './dns/zone/syntax-messages.js';
import { DOCTOR_ERRORS } from './doctor/error-messages.js';
import { doctorMessages } from './doctor/messages.js';
import { firewallMessages } from './firewall/messages.js';
import { LAN_ERRORS } from './lan/error-messages.js';
import { lanMessages } from './lan/messages.js';
import { LISTENERS_ERRORS } from './listeners/error-messages.js';
import { listenersMessages } from './listeners/messages.js';
import { LOGS_ERRORS } from './logs/error-messages.js';
import { DKIM_ERRORS } from './mail/dkim/error-messages.js';
import { dkimToolMessages } from './mail/dkim/messages.js';
import { MAIL_ERRORS } from './mail/error-messages.js';
import { mailAuditMessages } from './mail/messages/index.js'; // SPF, DKIM, DMARC included (mail/checks)
import { mailTraceMessages } from './mail/trace/messages.js';
import { MAILLOG_ERRORS } from './maillog/error-messages.js';
import { maillogMessages } from './maillog/messages.js';
import { MONITOR_ERRORS } from './monitor/error-messages.js';
import { monitorMessages } from './monitor/messages.js';
import { NET_ERRORS } from './net/error-messages.js';
import { SCAN_ERRORS } from './scan/error-messages.js';
import { scanMessages } from './scan/messages.js';
import { STORE_ERRORS } from './store/error-messages.js';
import { syslogMessages } from './syslog/messages.js';
import { WAF_ERRORS } from './waf/error-messages.js';
import { wafMessages } from './waf/messages.js';
import { WEB_ERRORS } from './web/error-messages.js';
import { webMessages } from './web/messages.js';

export const catalog = mergeCatalogs(
  captureMessages,
  captureToolsMessages,
  diagnoseMessages,
  dmarcMessages,
  dnsMessages,
  mailAuditMessages,
  dkimToolMessages,
  mailTraceMessages,
  maillogMessages,
  scanMessages,
  listenersMessages,
  lanMessages,
  zoneLintMessages,
  zoneLiveMessages,
  monitorMessages,
  firewallMessages,
  syslogMessages,
  wafMessages,
  doctorMessages,
  webMessages,
);

/**
 * Every library error sentence, by message id (the CLI's own, `CLI_ERRORS`, live in cli/l10n.ts,
 * which the library does not import). None may name a CLI flag; `errors.test.ts` checks that and
 * that both languages use the same placeholders.
 */
export const errorTexts: readonly ErrorText[] = [
  coreErrorTexts,
  INPUT_ERRORS,
  CAPTURE_READ_ERRORS,
  CAPTURE_ERRORS,
  FILTER_ERRORS,
  DMARC_ERRORS,
  DNS_ERRORS,
  LISTENERS_ERRORS,
  MAIL_ERRORS,
  DKIM_ERRORS,
  MAILLOG_ERRORS,
  LOGS_ERRORS,
  MONITOR_ERRORS,
  NET_ERRORS,
  SCAN_ERRORS,
  STORE_ERRORS,
  OUTPUT_ERRORS,
  ZONE_ERRORS,
  ZONE_SYNTAX,
  LAN_ERRORS,
  WAF_ERRORS,
  DOCTOR_ERRORS,
  WEB_ERRORS,
].flatMap((t) => Object.values(t));
