/**
 * DMARC failure (ruf) reports: an e-mail whose `message/feedback-report` part holds ARF fields
 * (RFC 6591 §3.1 adds Auth-Failure, DKIM-Domain, SPF-DNS … to RFC 5965's Feedback-Type,
 * Source-IP, Reported-Domain …), followed by the failed message or its headers.
 *
 * Exim's DMARC module sends a plain-text report without an ARF part ("Sender Domain:", "Sender
 * IP Address:" lines); it is read too, as a deliberate leniency, because admins do receive it.
 */
import type { ParsedMail } from 'mailparser';
import type { FailureReport } from './types.js';

/** Parses `Name: value` lines with RFC 5322 folding into lower-case names (first value wins). */
export function headerFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last !== undefined) {
      fields[last] = `${fields[last]} ${line.trim()}`;
      continue;
    }
    const m = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/.exec(line);
    if (!m) continue;
    const name = (m[1] as string).toLowerCase();
    if (name in fields) {
      last = undefined;
      continue;
    }
    fields[name] = (m[2] as string).trim();
    last = name;
  }
  return fields;
}

function setIf<K extends keyof FailureReport>(
  r: FailureReport,
  key: K,
  v: FailureReport[K] | undefined,
): void {
  if (v !== undefined && v !== '') r[key] = v;
}

function angle(v: string | undefined): string | undefined {
  return v?.replace(/^<|>$/g, '');
}

function base(mail: ParsedMail, feedbackType: string, fields: Record<string, string>): FailureReport {
  return {
    kind: 'failure',
    reporter: mail.from?.value[0]?.address ?? mail.from?.text ?? '',
    subject: mail.subject ?? '',
    feedbackType,
    fields,
  };
}

/** The failed message's headers: an attached message/rfc822 or text/rfc822-headers part. */
function originalHeaders(mail: ParsedMail): Record<string, string> {
  const part = mail.attachments.find(
    (a) => a.contentType === 'message/rfc822' || a.contentType === 'text/rfc822-headers',
  );
  return part ? headerFields(part.content.toString('utf8')) : {};
}

/** A failure report from a parsed e-mail, or undefined when the mail carries no ARF part. */
export function failureFromMail(mail: ParsedMail): FailureReport | undefined {
  const arf = mail.attachments.find((a) => a.contentType === 'message/feedback-report');
  if (arf) {
    const f = headerFields(arf.content.toString('utf8'));
    const r = base(mail, (f['feedback-type'] ?? '').toLowerCase(), f);
    setIf(r, 'arrivalDate', f['arrival-date'] ?? f['received-date']);
    setIf(r, 'userAgent', f['user-agent']);
    setIf(r, 'sourceIp', f['source-ip']);
    setIf(r, 'reportedDomain', f['reported-domain']?.toLowerCase());
    setIf(r, 'originalMailFrom', angle(f['original-mail-from']));
    setIf(r, 'originalRcptTo', angle(f['original-rcpt-to']));
    setIf(r, 'authFailure', f['auth-failure']);
    setIf(r, 'authenticationResults', f['authentication-results']);
    setIf(r, 'deliveryResult', f['delivery-result']);
    setIf(r, 'dkimDomain', f['dkim-domain']);
    setIf(r, 'spfDns', f['spf-dns']);
    const orig = originalHeaders(mail);
    setIf(r, 'originalFrom', orig.from);
    setIf(r, 'originalSubject', orig.subject);
    return r;
  }
  return eximFailure(mail);
}

/** Exim's plain-text DMARC forensic report (no ARF part). */
function eximFailure(mail: ParsedMail): FailureReport | undefined {
  const text = mail.text ?? '';
  const domain = /^\s*Sender Domain:\s*(\S+)/m.exec(text)?.[1];
  const ip = /^\s*Sender IP Address:\s*(\S+)/m.exec(text)?.[1];
  if (domain === undefined || ip === undefined) return undefined;
  const fields: Record<string, string> = {};
  for (const m of text.matchAll(/^\s{2}([A-Z][A-Za-z ]+):\s*(.+)$/gm)) {
    fields[(m[1] as string).toLowerCase()] = (m[2] as string).trim();
  }
  const r = base(mail, 'auth-failure', fields);
  r.sourceIp = ip;
  r.reportedDomain = domain.toLowerCase();
  setIf(r, 'arrivalDate', fields['received date']);
  const spf = fields['spf alignment'];
  const dkim = fields['dkim alignment'];
  const failed = [dkim === 'no' ? 'dkim' : '', spf === 'no' ? 'spf' : ''].filter(Boolean).join(', ');
  setIf(r, 'authFailure', failed || 'dmarc');
  setIf(r, 'deliveryResult', fields['dmarc results']);
  const copied = text.split(/^-{3,}.*copy of the headers.*$/m)[1];
  if (copied) {
    const orig = headerFields(copied.replace(/^\s*\n/, ''));
    setIf(r, 'originalFrom', orig.from);
    setIf(r, 'originalSubject', orig.subject);
  }
  return r;
}
