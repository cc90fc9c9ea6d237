/**
 * Parsed reports → the store's rows. The store (`src/store/dmarc-history.ts`) knows rows and
 * columns only; this is the one place where a DMARC report's fields become them.
 *
 * @example
 *   await history.save([reportRow(report, 'google.com!example.org!1!2.xml')]);
 */
import type { DmarcRecordRow, DmarcReportRow } from '../store/dmarc-history.js';
import type { AggregateRecord, AggregateReport } from './types.js';

/** The reporter key: the organisation name, or its address when the name is empty. */
export function reporterKey(r: AggregateReport): string {
  return (r.orgName || r.email || 'unknown').toLowerCase();
}

function recordRow(x: AggregateRecord): DmarcRecordRow {
  return {
    sourceIp: x.sourceIp,
    count: x.count,
    headerFrom: x.headerFrom,
    envelopeFrom: x.envelopeFrom ?? null,
    disposition: x.disposition,
    dkim: x.dkim,
    spf: x.spf,
    authDkimJson: JSON.stringify(x.authDkim),
    authSpfJson: JSON.stringify(x.authSpf),
  };
}

/** The rows of one report: only the records believed (refused ones never reach the store). */
export function reportRow(r: AggregateReport, source: string): DmarcReportRow {
  return {
    reporter: reporterKey(r),
    reportId: r.reportId,
    reporterEmail: r.email,
    domain: r.policy.domain,
    begin: r.begin,
    end: r.end,
    policyP: r.policy.p,
    policyJson: JSON.stringify(r.policy),
    source,
    records: r.records.map(recordRow),
  };
}
