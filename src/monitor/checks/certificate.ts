/** The certificate verdict shared by `tls`, `https` and `smtp`: expiry, chain, name. */
import { both } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import type { TlsDetails } from '../../net/tls-probe.js';
import { worseState } from '../outcome.js';
import type { CheckOptions, CheckState, PerfValue } from '../types.js';

export const CERT_DEFAULTS = { warnDays: 21, critDays: 7 } as const;

export function certificateVerdict(
  tls: TlsDetails,
  target: string,
  o: CheckOptions,
): { state: CheckState; findings: Finding[]; perf: PerfValue[] } {
  const warnDays = o.certWarnDays ?? CERT_DEFAULTS.warnDays;
  const critDays = o.certCritDays ?? CERT_DEFAULTS.critDays;
  const cert = tls.certificate;
  const findings: Finding[] = [];
  let state: CheckState = 'ok';
  if (!cert)
    return {
      state: 'critical',
      findings: [
        finding('monitor.tls.failed', 'fail', {
          target,
          reason: both('no certificate', '証明書がありません'),
        }),
      ],
      perf: [],
    };
  const date = cert.validTo.slice(0, 10);
  if (cert.expired) {
    state = 'critical';
    findings.push(finding('monitor.cert.expired', 'fail', { target, date }));
  } else if (cert.daysLeft < critDays) {
    state = 'critical';
    findings.push(finding('monitor.cert.expiring', 'fail', { target, days: cert.daysLeft, date }));
  } else if (cert.daysLeft < warnDays) {
    state = 'warning';
    findings.push(finding('monitor.cert.expiring', 'warn', { target, days: cert.daysLeft, date }));
  }
  if (!tls.chainVerified) {
    state = worseState(state, 'critical');
    findings.push(finding('monitor.cert.untrusted', 'fail', { target, reason: tls.verifyError ?? '' }));
  }
  if (!tls.nameMatches) {
    state = worseState(state, 'critical');
    findings.push(
      finding('monitor.cert.name', 'fail', { target, name: tls.checkedName, reason: tls.nameError ?? '' }),
    );
  }
  findings.push(
    finding('monitor.cert.ok', 'ok', {
      target,
      subject: cert.subjectCN ?? cert.subject,
      days: cert.daysLeft,
      protocol: tls.protocol,
    }),
  );
  const perf: PerfValue[] = [
    { label: 'days', value: cert.daysLeft, uom: '', warn: warnDays, crit: critDays },
  ];
  return { state, findings, perf };
}
