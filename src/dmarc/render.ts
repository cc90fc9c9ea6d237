/**
 * Reports for people and spreadsheets: the text summary (times in the user's time zone), CSV with
 * one flat row per record, and a complete RFC 5322 message for `sendmail -t`.
 */
import { hostname, userInfo } from 'node:os';
import { csvCell } from '../core/csv.js';
import { displayWidth, padEnd } from '../core/width.js';
import type { AggregateRecord, SourcedReport } from './types.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `2024-06-13 09:00 GMT+9`: the user's time zone (TZ or the system's) unless one is given. */
export function formatTime(seconds: number, timeZone?: string): string {
  const key = timeZone ?? '';
  let fmt = formatters.get(key);
  if (fmt === undefined) {
    // Building a DateTimeFormat costs ~0.1 ms: one per time zone, not one per date.
    fmt = new Intl.DateTimeFormat('en-US', {
      ...(timeZone ? { timeZone } : {}),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(key, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(new Date(seconds * 1000)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

function authDkim(r: AggregateRecord): string {
  return r.authDkim.map((d) => `${d.domain || '?'}=${d.result}`).join(' ') || '-';
}

function authSpf(r: AggregateRecord): string {
  return r.authSpf.map((s) => `${s.domain || '?'}=${s.result}`).join(' ') || '-';
}

function rows(cells: string[][]): string {
  const widths: number[] = [];
  for (const row of cells) {
    for (const [i, c] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, displayWidth(c));
  }
  return cells
    .map((row) =>
      row
        .map((c, i) => (i === row.length - 1 ? c : padEnd(c, widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The words of the text summary in each language (record values stay as the reporter wrote them). */
const WORDS = {
  en: {
    report: 'Report  ',
    noName: '(no name)',
    id: 'id',
    period: 'Period  ',
    domain: 'Domain  ',
    policy: 'policy',
    file: 'File    ',
    aggregate: [
      'SOURCE IP',
      'PTR',
      'COUNT',
      'HEADER FROM',
      'DISPOSITION',
      'DKIM',
      'SPF',
      'DKIM AUTH',
      'SPF AUTH',
    ],
    failureFrom: 'Failure report from',
    arrived: 'Arrived ',
    source: 'source',
    failed: 'failed',
    domainWord: 'domain',
    message: 'Message ',
    from: 'from',
    subject: 'subject',
    tlsReport: 'TLS report ',
    tls: ['POLICY', 'DOMAIN', 'OK', 'FAILED', 'FAILURES'],
  },
  ja: {
    report: 'レポート',
    noName: '（名前なし）',
    id: 'ID',
    period: '期間    ',
    domain: 'ドメイン',
    policy: 'ポリシー',
    file: 'ファイル',
    aggregate: ['送信元 IP', 'PTR', '通数', 'ヘッダー From', '処理', 'DKIM', 'SPF', 'DKIM 認証', 'SPF 認証'],
    failureFrom: '失敗レポート 送信元:',
    arrived: '到着    ',
    source: '送信元',
    failed: '失敗',
    domainWord: 'ドメイン',
    message: 'メール  ',
    from: '差出人',
    subject: '件名',
    tlsReport: 'TLS レポート',
    tls: ['ポリシー', 'ドメイン', '成功', '失敗', '失敗の内訳'],
  },
} as const;

/** A readable block per report. */
export function reportText(
  items: readonly SourcedReport[],
  ptr: ReadonlyMap<string, string>,
  timeZone?: string,
  lang: 'en' | 'ja' = 'en',
): string {
  const w = WORDS[lang];
  const blocks: string[] = [];
  for (const { report: r, source } of items) {
    if (r.kind === 'aggregate') {
      const p = r.policy;
      const policy = [
        `p=${p.p}`,
        p.sp ? `sp=${p.sp}` : '',
        `adkim=${p.adkim}`,
        `aspf=${p.aspf}`,
        p.pct !== undefined ? `pct=${p.pct}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      const head = [
        `${w.report} ${r.orgName || w.noName} <${r.email}>  ${w.id} ${r.reportId}`,
        `${w.period} ${formatTime(r.begin, timeZone)} – ${formatTime(r.end, timeZone)}`,
        `${w.domain} ${p.domain}  ${w.policy} ${policy}`,
        `${w.file} ${source}`,
      ];
      const table: string[][] = [[...w.aggregate]];
      for (const x of r.records) {
        table.push([
          x.sourceIp,
          ptr.get(x.sourceIp) ?? '-',
          String(x.count),
          x.headerFrom,
          x.disposition,
          x.dkim,
          x.spf,
          authDkim(x),
          authSpf(x),
        ]);
      }
      blocks.push(`${head.join('\n')}\n\n${rows(table)}`);
    } else if (r.kind === 'failure') {
      blocks.push(
        [
          `${w.failureFrom} ${r.reporter}: ${r.subject}`,
          `${w.arrived} ${r.arrivalDate ?? '?'}   ${w.source} ${r.sourceIp ?? '?'}   ${w.domainWord} ${r.reportedDomain ?? '?'}   ${w.failed} ${r.authFailure ?? r.feedbackType}`,
          `${w.message} ${w.from} ${r.originalFrom ?? r.originalMailFrom ?? '?'}   ${w.subject} ${r.originalSubject ?? '?'}`,
          `${w.file} ${source}`,
        ].join('\n'),
      );
    } else {
      const table: string[][] = [[...w.tls]];
      for (const p of r.policies) {
        const why = p.failureDetails.map((d) => `${d.resultType}×${d.failedSessionCount}`).join(' ') || '-';
        table.push([p.policyType, p.policyDomain, String(p.successful), String(p.failed), why]);
      }
      blocks.push(
        `${w.tlsReport} ${r.orgName}  ${w.id} ${r.reportId}\n${w.period} ${formatTime(r.begin, timeZone)} – ${formatTime(r.end, timeZone)}\n${w.file} ${source}\n\n${rows(table)}`,
      );
    }
  }
  return blocks.join('\n\n');
}

export const CSV_COLUMNS = [
  'file',
  'reporter',
  'report_id',
  'begin',
  'end',
  'domain',
  'policy_p',
  'source_ip',
  'ptr',
  'count',
  'header_from',
  'envelope_from',
  'disposition',
  'dkim_aligned',
  'spf_aligned',
  'dmarc',
  'dkim_domains',
  'dkim_results',
  'spf_domains',
  'spf_results',
] as const;

/** One row per aggregate record, with the report's fields repeated: for spreadsheets and scripts. */
export function reportCsv(items: readonly SourcedReport[], ptr: ReadonlyMap<string, string>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const { report: r, source } of items) {
    if (r.kind !== 'aggregate') continue;
    for (const x of r.records) {
      const row = [
        source,
        r.orgName || r.email,
        r.reportId,
        new Date(r.begin * 1000).toISOString(),
        new Date(r.end * 1000).toISOString(),
        r.policy.domain,
        r.policy.p,
        x.sourceIp,
        ptr.get(x.sourceIp) ?? '',
        x.count,
        x.headerFrom,
        x.envelopeFrom ?? '',
        x.disposition,
        x.dkim,
        x.spf,
        x.dkim === 'pass' || x.spf === 'pass' ? 'pass' : 'fail',
        x.authDkim.map((d) => d.domain).join(' '),
        x.authDkim.map((d) => d.result).join(' '),
        x.authSpf.map((s) => s.domain).join(' '),
        x.authSpf.map((s) => s.result).join(' '),
      ];
      lines.push(row.map(csvCell).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 2047 encoded-word for a header holding non-ASCII text (Japanese subjects). */
function encodeHeader(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

export interface MailOptions {
  to?: string;
  from?: string;
  subject: string;
  date?: Date;
}

/** A complete RFC 5322 message (UTF-8 text body) ready for `sendmail -t`. */
export function summaryMail(body: string, o: MailOptions): string {
  let user = 'root';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): keep root
  }
  const host = hostname();
  const date = o.date ?? new Date();
  const headers = [
    `From: ${o.from ?? `netdoctor <${user}@${host}>`}`,
    `To: ${o.to ?? user}`,
    `Subject: ${encodeHeader(o.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <netdoctor.${date.getTime()}.${process.pid}@${host}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    'Auto-Submitted: auto-generated',
  ];
  return `${headers.join('\n')}\n\n${body.replace(/\r?\n/g, '\n')}\n`;
}
