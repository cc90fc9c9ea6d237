/**
 * Every reader of the project that takes text from the network or a file, as a function of one
 * long line: test/linear-time.test.ts feeds each megabyte lines and checks that its time grows
 * linearly with the line's length (STYLE habit 13). A new reader of text adds one entry here.
 */

import { compileFilter } from '../../src/capture/filter/compile.js';
import { parseAggregateXml, reportsFromBytes } from '../../src/dmarc/index.js';
import { parseTlsReport } from '../../src/dmarc/parse.js';
import { toRecord } from '../../src/dns/records.js';
import { emptyPacket, readPacket } from '../../src/firewall/index.js';
import { importInventory } from '../../src/lan/index.js';
import { parseAllowList, parseProcNet } from '../../src/listeners/index.js';
import { parseLine } from '../../src/logs/index.js';
import { isDmarcRecord, parseDkimKey, parseDmarc } from '../../src/mail/auth/index.js';
import { isSpfRecord, parseSpf } from '../../src/mail/auth/spf-record.js';
import { explainBounce, parseMailDate, parseReceived, traceHeaders } from '../../src/mail/trace/index.js';
import { parseEhlo } from '../../src/net/smtp-probe.js';
import { parseHttpHead } from '../../src/scan/banners/http.js';
import { parseSshBanner } from '../../src/scan/banners/ssh.js';
import { parsePorts } from '../../src/scan/ports.js';
import { messageTemplate } from '../../src/syslog/index.js';
import { parseRuleMessage } from '../../src/waf/entry.js';

type Reader = (line: string) => unknown;

/** A reader may refuse the line (a NetdoctorError); what is timed is how long it takes to say so. */
const quietly =
  (f: Reader): Reader =>
  async (line) => {
    try {
      await f(line);
    } catch {
      // refusing is an answer too
    }
  };

const HEAD = 'From: MAILER-DAEMON@mx.example.jp\nTo: taro@example.jp\nSubject: Undelivered Mail\n';
const dmarcXml = (org: string) =>
  `<?xml version="1.0"?><feedback><report_metadata><org_name>${org}</org_name><email>a@b.example</email><report_id>1</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata><policy_published><domain>example.jp</domain><p>none</p></policy_published><record><row><source_ip>192.0.2.1</source_ip><count>1</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.jp</header_from></identifiers><auth_results><spf><domain>example.jp</domain><result>pass</result></spf></auth_results></record></feedback>`;

export const TEXT_READERS: Record<string, Reader> = {
  'mail explain (pasted reply)': quietly((l) => explainBounce(Buffer.from(`550 5.1.1 ${l}`))),
  'mail explain (bounce body)': quietly((l) =>
    explainBounce(Buffer.from(`${HEAD}\n<hanako@example.net>: 550 5.1.1 ${l}\n`)),
  ),
  'mail explain (DSN Diagnostic-Code)': quietly((l) =>
    explainBounce(
      Buffer.from(
        `${HEAD}MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: text/plain\n\n${l}\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.jp\n\nFinal-Recipient: rfc822; ${l}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 ${l}\n--b--\n`,
      ),
    ),
  ),
  'mail explain (bare CR message)': quietly((l) =>
    explainBounce(Buffer.from(`${HEAD}\n${l}\n550 5.1.1 <${l}>\n`.replace(/\n/g, '\r'))),
  ),
  'mail explain (HTML bounce)': quietly((l) =>
    explainBounce(Buffer.from(`${HEAD}Content-Type: text/html\n\n<p>${l}</p>\n`)),
  ),
  'mail headers (Received)': quietly((l) => traceHeaders(`Received: from ${l} by ${l} for <${l}>; ${l}\n`)),
  'mail headers (Authentication-Results)': quietly((l) =>
    traceHeaders(`Authentication-Results: mx.example.jp; ${l}\nDKIM-Signature: ${l}\nARC-Seal: ${l}\n`),
  ),
  'mail headers (field without colon)': quietly((l) => traceHeaders(`${l}\n`)),
  'mail headers (Date)': quietly((l) => parseMailDate(l)),
  'mail headers (parseReceived)': quietly((l) => parseReceived(l)),
  'dmarc (XML report)': quietly((l) => parseAggregateXml(dmarcXml(l), 'x.xml')),
  'dmarc (XML report, long tag)': quietly((l) => parseAggregateXml(`<feedback><${l}>`, 'x.xml')),
  'dmarc (TLS-RPT JSON)': quietly((l) => parseTlsReport(`{"organization-name":"${l}"}`, 'x.json')),
  'dmarc (report in an e-mail)': quietly((l) =>
    reportsFromBytes(
      Buffer.from(`From: a@b.example\nSubject: Report ${l}\nContent-Type: text/xml\n\n${dmarcXml(l)}\n`),
      'x.eml',
      { maxBytes: 64 * 1024 * 1024 },
    ),
  ),
  'dns TXT (record text)': quietly((l) =>
    toRecord({ type: 'TXT', name: 'example.jp', ttl: 1, data: [Buffer.from(l)] } as never),
  ),
  'dns TXT (SPF)': quietly((l) => {
    isSpfRecord(`v=spf1 ${l}`);
    return parseSpf(`v=spf1 ${l}`);
  }),
  'dns TXT (DMARC)': quietly((l) => {
    isDmarcRecord(`v=DMARC1; ${l}`);
    return parseDmarc(`v=DMARC1; p=none; ${l}`);
  }),
  'dns TXT (DKIM key)': quietly((l) => parseDkimKey(`v=DKIM1; k=rsa; ${l}`)),
  'listeners --allow': quietly((l) => parseAllowList(`tcp/22 ${l}\n${l}\n`, 'allow.txt')),
  'listeners /proc/net': quietly((l) => parseProcNet(`  sl  local_address\n ${l}\n`, 'tcp')),
  'scan HTTP head': quietly((l) => parseHttpHead(`HTTP/1.1 200 ${l}\r\nServer: ${l}\r\n\r\n`)),
  'scan SSH banner': quietly((l) => parseSshBanner(`SSH-2.0-${l}`)),
  'scan SMTP EHLO reply': quietly((l) => parseEhlo({ code: 250, lines: [l, `SIZE ${l}`, l] } as never)),
  'scan --ports': quietly((l) => parsePorts(l)),
  'pcap --filter': quietly((l) => compileFilter(l)),
  'log firewall (kernel LOG fields)': quietly((l) => {
    const b = Buffer.from(`P: IN=${l} OUT=${l} MAC=${l} SRC=${l} DST=${l} LEN=1 ${l} PROTO=${l} [${l}`);
    return readPacket(b, 0, b.length, emptyPacket());
  }),
  'log syslog (template)': quietly((l) => messageTemplate(l)),
  'lan import (dhcpd.conf)': quietly((l) =>
    importInventory([
      {
        path: 'dhcpd.conf',
        format: 'dhcpd',
        text: `host ${l} { hardware ethernet ${l}; fixed-address ${l}; option ${l} }\n${l}`,
      },
    ]),
  ),
  'lan import (format detected)': quietly((l) =>
    importInventory([{ path: 'hosts', text: `${l}\n192.168.1.10 ${l}\n00:11:22:33:44:55 ${l}\n${l}` }]),
  ),
  'logs (RFC 5424 structured data)': quietly((l) =>
    parseLine(`<14>1 2026-12-06T10:00:00Z h a - - [x@1 a="${l}" ${l}][${l}] ${l}`, {
      year: 2026,
      lastMonth: -1,
      reference: 0,
      utcOffsetMinutes: 0,
    }),
  ),
  'log waf (rule message)': quietly((l) =>
    parseRuleMessage(
      `Warning. Matched "Operator \`Rx' against variable \`${l}' ${l}" at ARGS:${l}. [file "${l}"] [id "942100"] [msg "${l}"] [data "Matched Data: ${l} found within ARGS:${l}: ${l}"] [tag "${l}"] [${l}`,
    ),
  ),
};

/** Line shapes that make unbounded or overlapping patterns backtrack: runs of one class. */
export const SHAPES: Record<string, string> = {
  letters: 'a',
  'address characters': 'a.b-',
  'digits and spaces': '1 ',
  brackets: '(<[',
  'name=value': 'a=b;',
  'at signs': 'a@',
  'CJK text': '宛先',
  // Full-width, vertical-tab and no-break spaces: white space to /\s/ but not to a reader that
  // lists ' \t\r\n' (dhcpd.conf's tokenizer stood still on them for ever).
  'unusual white space': '\u3000a\u000bb\u00a0',
};

/** A line of `bytes` UTF-8 bytes (about) made of `shape` repeated. */
export function line(shape: string, bytes: number): string {
  const unit = Buffer.byteLength(shape);
  return shape.repeat(Math.ceil(bytes / unit));
}
