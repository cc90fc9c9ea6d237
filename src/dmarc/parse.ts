/**
 * Report bytes → typed reports: DMARC aggregate XML (the pre-RFC draft, RFC 7489's 1.0 and
 * RFC 9990's namespaced schema, with or without namespace prefixes) and SMTP TLS reports (RFC
 * 8460 JSON). Failure reports (ARF) are e-mails and are read in `failure.ts`.
 *
 * XML safety policy: any `<!DOCTYPE` (and so any entity declaration) is refused outright before
 * the parser sees the text. No DMARC reporter sends one, and refusing it closes billion-laughs
 * expansion and external entities (XXE) in one rule. Depth is capped while building the tree
 * (`xml-tree.ts`); the size by the caller's byte cap.
 *
 * @example
 *   const report = parseAggregateXml(readFileSync('google.com!example.org!1!2.xml'), 'file.xml');
 *   report.records[0].sourceIp; // '192.0.2.10'
 */
import { isIP } from 'node:net';
import {
  both,
  causeText,
  type ErrorParams,
  type ErrorText,
  type LocalParam,
  NetdoctorError,
} from '../core/errors.js';
import { DMARC_ERRORS as E } from './error-messages.js';
import type { AggregateRecord, AggregateReport, RefusedRecord, TlsPolicyResult, TlsReport } from './types.js';
import { xmlTree } from './xml-tree.js';

/** DMARC XML is six levels deep; 64 leaves room for odd wrappers and stops deep-nesting bombs. */
const MAX_XML_DEPTH = 64;
/** A report with more records than this is refused (Google's biggest daily reports hold a few thousand). */
export const MAX_RECORDS = 1_000_000;
/**
 * The largest `<count>` believed: 2^32 − 1 messages from one address in one report period, i.e.
 * ~49,700 a second for a whole day — beyond any real sender. Below 2^53 − 1 on purpose: even a
 * report of MAX_RECORDS such records sums exactly in a JavaScript number (2^32 × 10^6 < 2^53),
 * and a history's SQL sums stay exact 64-bit integers. A bigger count is a broken or hostile
 * report, and one such record would otherwise outweigh every real message (`1e+23` messages
 * "passing" makes any domain look 100 % fine for ever).
 */
export const MAX_RECORD_COUNT = 2 ** 32 - 1;
/**
 * How far past `now` a report period may end: a day, for reporters' clock skew and time zones.
 * A report describes mail already received, so a period ending later is a broken clock or a
 * forgery (a year-5138 report would sit at the top of every history for ever).
 */
export const MAX_FUTURE_SECONDS = 86_400;

export interface ParseOptions {
  /** "Now" in seconds since the epoch, for the future-date check (default: the clock). */
  now?: number;
}

/**
 * Elements that may repeat, decided by name. `dkim` and `spf` are also single elements under
 * `<policy_evaluated>`; `first()` takes them there.
 */
const REPEATED = new Set(['record', 'dkim', 'spf', 'reason', 'error']);

type Node = Record<string, unknown>;

function formatError(text: ErrorText, input: string, params?: ErrorParams): NetdoctorError {
  return new NetdoctorError('ND_INPUT_FORMAT', text, { input, ...(params ? { params } : {}) });
}

/** Decodes bytes as UTF-8; invalid bytes become U+FFFD (a deliberate leniency: reporters do send them). */
export function decodeText(buf: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Refuses DOCTYPE / ENTITY declarations: the whole XXE and entity-expansion policy. */
export function refuseDoctype(text: string, input: string): void {
  const m = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (m) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.doctype, {
      input,
      offset: m.index,
      params: { decl: m[1]?.toUpperCase() ?? '' },
    });
  }
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && '#text' in (v as Node)) return str((v as Node)['#text']);
  return '';
}

function opt(v: unknown): string | undefined {
  const s = str(v);
  return s === '' ? undefined : s;
}

/** Result words are compared lower-case: some reporters send `Pass` (a deliberate leniency). */
function word(v: unknown): string {
  return str(v).trim().toLowerCase();
}

function node(v: unknown): Node {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {};
}

function list(v: unknown): Node[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).map(node);
}

function integer(v: unknown, what: LocalParam, input: string): number {
  const s = str(v).trim();
  if (!/^\d+$/.test(s)) throw formatError(E.notWholeNumber, input, { what, value: s.slice(0, 40) });
  return Number(s);
}

/** Quotes untrusted text for a reason: at most 40 characters, control bytes escaped by JSON. */
function quoted(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** Why one `<record>` cannot be believed, or undefined when it can. */
function recordProblem(row: Node): string | undefined {
  const ip = str(row.source_ip).trim();
  if (ip === '') return 'no <source_ip>';
  if (isIP(ip) === 0) return `<source_ip> ${quoted(ip)} is not an IP address`;
  const count = str(row.count).trim();
  if (!/^\d+$/.test(count)) return `<count> ${quoted(count)} is not a whole number`;
  if (count.replace(/^0+(?=\d)/, '').length > 10 || Number(count) > MAX_RECORD_COUNT)
    return `<count> ${quoted(count)} is beyond ${MAX_RECORD_COUNT} messages from one address`;
  return undefined;
}

function record(r: Node): AggregateRecord {
  const row = node(r.row);
  const pe = node(row.policy_evaluated);
  const ids = node(r.identifiers);
  const auth = node(r.auth_results);
  const out: AggregateRecord = {
    sourceIp: str(row.source_ip).trim(),
    count: Number(str(row.count).trim()),
    disposition: word(pe.disposition),
    dkim: word(first(pe.dkim)),
    spf: word(first(pe.spf)),
    reasons: list(pe.reason)
      .map((x) => ({ type: str(x.type).trim(), comment: opt(x.comment) }))
      .filter((x) => x.type !== '' || x.comment !== undefined)
      .map((x) => (x.comment === undefined ? { type: x.type } : { type: x.type, comment: x.comment })),
    headerFrom: str(ids.header_from).trim().toLowerCase(),
    authDkim: list(auth.dkim).map((d) => {
      const o: AggregateRecord['authDkim'][number] = {
        domain: str(d.domain).trim().toLowerCase(),
        result: word(d.result),
      };
      const sel = opt(d.selector);
      if (sel !== undefined) o.selector = sel;
      const human = opt(d.human_result);
      if (human !== undefined) o.humanResult = human;
      return o;
    }),
    authSpf: list(auth.spf).map((s) => {
      const o: AggregateRecord['authSpf'][number] = {
        domain: str(s.domain).trim().toLowerCase(),
        result: word(s.result),
      };
      const scope = opt(s.scope);
      if (scope !== undefined) o.scope = scope.toLowerCase();
      return o;
    }),
  };
  const ef = opt(ids.envelope_from);
  if (ef !== undefined) out.envelopeFrom = ef.toLowerCase();
  const et = opt(ids.envelope_to);
  if (et !== undefined) out.envelopeTo = et.toLowerCase();
  return out;
}

/**
 * The ikea.com sample (and others from the same software) open a stray `<xs:schema …>` element
 * before `<feedback>` and never close it; we drop such an unclosed opening tag and retry once.
 */
function repairStrayWrapper(text: string): string | undefined {
  const m = /<([A-Za-z_][\w.-]*:)?schema\b[^>]*>/.exec(text);
  if (!m) return undefined;
  const closeTag = `</${m[1] ?? ''}schema>`;
  if (text.includes(closeTag)) return undefined;
  return text.slice(0, m.index) + text.slice(m.index + m[0].length);
}

function parseXml(text: string, input: string): Node {
  try {
    return xmlTree(text, input, REPEATED, MAX_XML_DEPTH);
  } catch (first) {
    const repaired = repairStrayWrapper(text);
    if (repaired === undefined) throw first;
    try {
      return xmlTree(repaired, input, REPEATED, MAX_XML_DEPTH);
    } catch {
      throw first; // it describes the original text
    }
  }
}

/** Why the report's period cannot be believed (every record is then refused), or undefined. */
function periodProblem(begin: number, end: number, now: number): string | undefined {
  if (begin > end) return `the report period begins (${begin}) after it ends (${end})`;
  if (end > now + MAX_FUTURE_SECONDS) {
    const year = new Date(Math.min(end, 8.64e12) * 1000).getUTCFullYear();
    return `the report period ends in the future (${Number.isNaN(year) ? end : `year ${year}`})`;
  }
  return undefined;
}

/**
 * Splits the `<record>`s into those believed and those refused. A refused record (an empty or
 * non-IP `<source_ip>`, an impossible `<count>`, or a period that cannot be true) never reaches
 * the summary or the store; the rest of the report is kept, and the caller warns about it.
 */
function records(
  list: readonly Node[],
  period: string | undefined,
): { records: AggregateRecord[]; refused: RefusedRecord[] } {
  const kept: AggregateRecord[] = [];
  const refused: RefusedRecord[] = [];
  list.forEach((r, i) => {
    const row = node(r.row);
    const why = period ?? recordProblem(row);
    if (why === undefined) kept.push(record(r));
    else refused.push({ record: i + 1, sourceIp: str(row.source_ip).trim().slice(0, 64), reason: why });
  });
  return { records: kept, refused };
}

/**
 * Parses one DMARC aggregate report from XML bytes; throws a one-line NetdoctorError when it is
 * not one. Records that cannot be believed are in `refused`, with the reason, not in `records`.
 */
export function parseAggregateXml(
  bytes: Uint8Array | string,
  input: string,
  o: ParseOptions = {},
): AggregateReport {
  const text = typeof bytes === 'string' ? bytes : decodeText(bytes);
  refuseDoctype(text, input);
  if (text.trim() === '') throw formatError(E.emptyFile, input);
  const doc = parseXml(text, input);
  const fb = node(doc.feedback ?? node(doc.schema).feedback);
  if (!('report_metadata' in fb) || !('policy_published' in fb)) {
    const root = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#')) ?? 'none';
    throw formatError(E.notAggregate, input, { root });
  }
  const meta = node(fb.report_metadata);
  const range = node(meta.date_range);
  const pp = node(fb.policy_published);
  const recordNodes = list(fb.record);
  if (recordNodes.length > MAX_RECORDS) throw formatError(E.tooManyRecords, input, { max: MAX_RECORDS });
  const begin = integer(range.begin, both('<date_range><begin>', '<date_range><begin>'), input);
  const end = integer(range.end, both('<date_range><end>', '<date_range><end>'), input);
  const now = o.now ?? Math.floor(Date.now() / 1000);
  const rows = records(recordNodes, periodProblem(begin, end, now));
  const version = str(fb.version).trim();
  const ns2 = /xmlns(?::\w+)?\s*=\s*["']urn:ietf:params:xml:ns:dmarc-2\.0["']/.test(text.slice(0, 2000));
  const report: AggregateReport = {
    kind: 'aggregate',
    schema: ns2 || version.startsWith('2') ? '2.0' : version === '' ? 'draft' : '1.0',
    orgName: str(meta.org_name).trim(),
    email: str(meta.email).trim(),
    reportId: str(meta.report_id).trim(),
    begin,
    end,
    errors: (Array.isArray(meta.error) ? meta.error : []).map(str),
    policy: {
      domain: str(pp.domain).trim().toLowerCase(),
      p: word(pp.p),
      adkim: word(pp.adkim) || 'r',
      aspf: word(pp.aspf) || 'r',
    },
    records: rows.records,
    refused: rows.refused,
  };
  if (report.reportId === '') throw formatError(E.noReportId, input);
  const extra = opt(meta.extra_contact_info);
  if (extra !== undefined) report.extraContactInfo = extra;
  const sp = word(pp.sp);
  if (sp) report.policy.sp = sp;
  const np = word(pp.np);
  if (np) report.policy.np = np;
  const pct = str(pp.pct).trim();
  if (/^\d+$/.test(pct)) report.policy.pct = Number(pct);
  const fo = opt(pp.fo);
  if (fo !== undefined) report.policy.fo = fo;
  const testing = opt(pp.testing);
  if (testing !== undefined) report.policy.testing = testing;
  return report;
}

function seconds(iso: unknown, what: string, input: string): number {
  const t = Date.parse(str(iso));
  if (Number.isNaN(t)) throw formatError(E.notDate, input, { what, value: str(iso).slice(0, 40) });
  return Math.floor(t / 1000);
}

function count(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(str(v));
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0;
}

/** Parses an SMTP TLS report (RFC 8460 §4.4 JSON). */
export function parseTlsReport(bytes: Uint8Array | string, input: string): TlsReport {
  const text = typeof bytes === 'string' ? bytes : decodeText(bytes);
  let doc: Node;
  try {
    doc = node(JSON.parse(text));
  } catch (e) {
    throw formatError(E.badJson, input, { why: causeText(e) });
  }
  if (!('policies' in doc) || !('date-range' in doc)) {
    throw formatError(E.notTlsReport, input);
  }
  const range = node(doc['date-range']);
  const policies: TlsPolicyResult[] = list(doc.policies).map((p) => {
    const pol = node(p.policy);
    const sum = node(p.summary);
    const out: TlsPolicyResult = {
      policyType: str(pol['policy-type']),
      policyDomain: str(pol['policy-domain']).toLowerCase(),
      successful: count(sum['total-successful-session-count']),
      failed: count(sum['total-failure-session-count']),
      failureDetails: list(p['failure-details']).map((d) => {
        const o: TlsPolicyResult['failureDetails'][number] = {
          resultType: str(d['result-type']),
          failedSessionCount: count(d['failed-session-count']),
        };
        const fields = [
          ['sending-mta-ip', 'sendingMtaIp'],
          ['receiving-mx-hostname', 'receivingMxHostname'],
          ['receiving-ip', 'receivingIp'],
          ['failure-reason-code', 'failureReasonCode'],
        ] as const;
        for (const [k, name] of fields) {
          const v = opt(d[k]);
          if (v !== undefined) o[name] = v;
        }
        return o;
      }),
    };
    const mx = opt(pol['mx-host']);
    if (mx !== undefined) out.mxHost = mx;
    return out;
  });
  const report: TlsReport = {
    kind: 'tls',
    orgName: str(doc['organization-name']),
    reportId: str(doc['report-id']),
    begin: seconds(range['start-datetime'], 'start-datetime', input),
    end: seconds(range['end-datetime'], 'end-datetime', input),
    policies,
  };
  const contact = opt(doc['contact-info']);
  if (contact !== undefined) report.contactInfo = contact;
  return report;
}
