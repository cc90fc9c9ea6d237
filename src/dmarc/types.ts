/**
 * The typed shapes of what reporters send: DMARC aggregate (rua) reports, DMARC failure (ruf)
 * reports in ARF (RFC 6591), and SMTP TLS reports (RFC 8460). Field names follow the admin's
 * words and the RFCs' element names, so a reader of the XML recognises them.
 */

/** One `<dkim>` element of `<auth_results>`: a signature the receiver checked. */
export interface DkimAuthResult {
  domain: string;
  selector?: string;
  /** none, pass, fail, policy, neutral, temperror, permerror (lower-case). */
  result: string;
  humanResult?: string;
}

/** One `<spf>` element of `<auth_results>`. */
export interface SpfAuthResult {
  domain: string;
  /** mfrom or helo (absent in the draft schema). */
  scope?: string;
  result: string;
}

/** One `<record>`: a sending IP and what happened to its messages. */
export interface AggregateRecord {
  sourceIp: string;
  count: number;
  /** What the receiver did: none, quarantine, reject (RFC 9990 adds pass). */
  disposition: string;
  /** DMARC's own DKIM / SPF verdict: pass only when aligned with the header From. */
  dkim: string;
  spf: string;
  /** `<reason>` overrides (forwarded, mailing_list, local_policy …). */
  reasons: { type: string; comment?: string }[];
  headerFrom: string;
  envelopeFrom?: string;
  envelopeTo?: string;
  authDkim: DkimAuthResult[];
  authSpf: SpfAuthResult[];
}

/**
 * A `<record>` that was not believed and is neither summed nor stored: an empty or non-IP
 * `<source_ip>`, a `<count>` that is not a whole number or is beyond any real volume, or a report
 * period that cannot be true (then every record of the report is refused).
 */
export interface RefusedRecord {
  /** Its position in the report, from 1. */
  record: number;
  /** The `<source_ip>` text as sent (capped), for the admin to recognise it. */
  sourceIp: string;
  reason: string;
}

/** The `<policy_published>` the receiver found in DNS. */
export interface PublishedPolicy {
  domain: string;
  /** none, quarantine, reject. */
  p: string;
  sp?: string;
  np?: string;
  /** r (relaxed) or s (strict); RFC 7489 default r. */
  adkim: string;
  aspf: string;
  pct?: number;
  fo?: string;
  testing?: string;
}

export interface AggregateReport {
  kind: 'aggregate';
  /** draft (no `<version>`), 1.0 (RFC 7489) or 2.0 (RFC 9990 namespace). */
  schema: 'draft' | '1.0' | '2.0';
  orgName: string;
  email: string;
  extraContactInfo?: string;
  reportId: string;
  /** Report period, seconds since the epoch (UTC). */
  begin: number;
  end: number;
  errors: string[];
  policy: PublishedPolicy;
  records: AggregateRecord[];
  /** Records refused, with the reason; the report's other records are kept. */
  refused: RefusedRecord[];
}

/** A DMARC failure report (ruf): one message that failed, described in ARF (RFC 6591). */
export interface FailureReport {
  kind: 'failure';
  /** The report mail's own From / Subject / Date: who reported and when. */
  reporter: string;
  subject: string;
  arrivalDate?: string;
  feedbackType: string;
  userAgent?: string;
  sourceIp?: string;
  reportedDomain?: string;
  originalMailFrom?: string;
  originalRcptTo?: string;
  authFailure?: string;
  authenticationResults?: string;
  deliveryResult?: string;
  dkimDomain?: string;
  spfDns?: string;
  /** The failed message's From and Subject, when the report carries its headers. */
  originalFrom?: string;
  originalSubject?: string;
  /** All ARF fields as sent (names lower-case). */
  fields: Record<string, string>;
}

export interface TlsFailureDetail {
  resultType: string;
  sendingMtaIp?: string;
  receivingMxHostname?: string;
  receivingIp?: string;
  failedSessionCount: number;
  failureReasonCode?: string;
}

export interface TlsPolicyResult {
  policyType: string;
  policyDomain: string;
  mxHost?: string;
  successful: number;
  failed: number;
  failureDetails: TlsFailureDetail[];
}

/** An SMTP TLS report (RFC 8460). */
export interface TlsReport {
  kind: 'tls';
  orgName: string;
  reportId: string;
  contactInfo?: string;
  /** Report period, seconds since the epoch. */
  begin: number;
  end: number;
  policies: TlsPolicyResult[];
}

export type DmarcReport = AggregateReport | FailureReport | TlsReport;

/** A report and where it came from (`file`, `file:attachment.zip:inner.xml`, `mbox#12`). */
export interface SourcedReport {
  source: string;
  report: DmarcReport;
}
