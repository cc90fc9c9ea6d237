/**
 * What the reports mean: per record, whether DMARC passed and why; per domain, the findings an
 * admin acts on — sources failing both SPF and DKIM alignment (spoofing or an unauthorised
 * sender), senders that sign with the domain but are missing from SPF, DKIM signatures by another
 * domain, and `p=none` with the volume a stricter policy would affect.
 *
 * DMARC passes when DKIM or SPF passes *and is aligned* with the header From (RFC 7489 §3.1);
 * the receiver's `<policy_evaluated>` dkim/spf fields already say "aligned pass", so we use them
 * and look at `<auth_results>` only to explain a failure.
 */

import type { NetdoctorError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import { tldts } from '../core/lazy-libraries.js';
import { arpaName } from '../dns/ip.js';
import type { Resolver } from '../dns/resolver.js';
import type { AggregateRecord, AggregateReport, FailureReport, SourcedReport, TlsReport } from './types.js';

/** At most this many per-source findings of one kind; the rest are counted in the last one. */
const MAX_SOURCE_FINDINGS = 20;

export function dmarcPass(r: AggregateRecord): boolean {
  return r.dkim === 'pass' || r.spf === 'pass';
}

/** Organisational domain (relaxed alignment), via the Public Suffix List. */
export function orgDomain(d: string): string {
  return tldts().getDomain(d, { allowPrivateDomains: true }) ?? d;
}

export function aligned(a: string, b: string, mode: string): boolean {
  if (!a || !b) return false;
  return mode === 's' ? a === b : orgDomain(a) === orgDomain(b);
}

/** PTR names of the sources, asked concurrently through a bounded pool (the resolver caches). */
export async function reverseNames(
  resolver: Resolver,
  ips: Iterable<string>,
  concurrency = 16,
): Promise<Map<string, string>> {
  const todo = [...new Set(ips)];
  const names = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const ip = todo[next++] as string;
      try {
        const a = await resolver.query(arpaName(ip), 'PTR');
        const name = a.records[0]?.text.replace(/\.$/, '');
        if (name) names.set(ip, name);
      } catch {
        // unreachable server or bad address: the source simply shows without a name
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  return names;
}

interface SourceTally {
  ip: string;
  count: number;
  reporters: Set<string>;
}

function tally(map: Map<string, SourceTally>, ip: string, count: number, reporter: string): void {
  const t = map.get(ip) ?? { ip, count: 0, reporters: new Set<string>() };
  t.count += count;
  t.reporters.add(reporter);
  map.set(ip, t);
}

function top(map: Map<string, SourceTally>): SourceTally[] {
  return [...map.values()].sort((a, b) => b.count - a.count || a.ip.localeCompare(b.ip));
}

function domainFindings(domain: string, reports: AggregateReport[], ptr: Map<string, string>): Finding[] {
  const out: Finding[] = [];
  const spoof = new Map<string, SourceTally>();
  const noSpf = new Map<string, SourceTally>();
  const signers = new Map<string, SourceTally>();
  let total = 0;
  let failing = 0;
  const policies = new Set<string>();
  for (const rep of reports) {
    policies.add(rep.policy.p);
    const who = rep.orgName || rep.email;
    for (const r of rep.records) {
      total += r.count;
      if (!dmarcPass(r)) failing += r.count;
      const dkimPassOther = r.authDkim.filter(
        (d) => d.result === 'pass' && !aligned(d.domain, r.headerFrom || domain, rep.policy.adkim),
      );
      if (r.dkim !== 'pass' && r.spf !== 'pass') {
        if (dkimPassOther.length === 0) tally(spoof, r.sourceIp, r.count, who);
      } else if (r.dkim === 'pass' && r.spf !== 'pass' && !r.authSpf.some((s) => s.result === 'pass')) {
        tally(noSpf, r.sourceIp, r.count, who);
      }
      if (r.dkim !== 'pass') for (const d of dkimPassOther) tally(signers, d.domain, r.count, r.sourceIp);
    }
  }
  const perSource = (id: string, map: Map<string, SourceTally>) => {
    const list = top(map);
    list.slice(0, MAX_SOURCE_FINDINGS).forEach((t, i) => {
      const more = i === MAX_SOURCE_FINDINGS - 1 ? list.length - MAX_SOURCE_FINDINGS : 0;
      const params = {
        domain,
        ip: t.ip,
        ptr: ptr.get(t.ip) ?? '-',
        count: t.count,
        reporters: [...t.reporters],
      };
      const evidence = {
        ip: t.ip,
        ptr: ptr.get(t.ip) ?? null,
        messages: t.count,
        reporters: [...t.reporters],
        ...(more > 0 ? { moreSources: more } : {}),
      };
      if (id === 'spoof') out.push(finding('dmarc.source.unauthorised', 'fail', params, evidence));
      else out.push(finding('dmarc.spf.missing-sender', 'warn', params, evidence));
    });
  };
  perSource('spoof', spoof);
  perSource('spf', noSpf);
  for (const t of top(signers).slice(0, MAX_SOURCE_FINDINGS)) {
    out.push(
      finding(
        'dmarc.dkim.other-domain',
        'warn',
        { domain, signer: t.ip, count: t.count, sources: [...t.reporters].slice(0, 5) },
        { signer: t.ip, messages: t.count, sources: [...t.reporters] },
      ),
    );
  }
  if (policies.has('none')) {
    out.push(
      finding(
        'dmarc.policy.none',
        failing > 0 ? 'warn' : 'info',
        { domain, failing, total },
        { policy: 'none', failing, total },
      ),
    );
  }
  const passed = total - failing;
  const rate = total ? Math.round((1000 * passed) / total) / 10 : 100;
  out.push(
    finding(
      failing === 0 ? 'dmarc.domain.pass' : 'dmarc.domain.partial',
      failing === 0 ? 'ok' : 'info',
      { domain, passed, total, rate, reports: reports.length },
      { passed, total, reports: reports.length },
    ),
  );
  return out;
}

/** Failure reports grouped by domain and source IP: one finding per group, not per mail. */
function failureFindings(reports: FailureReport[]): Finding[] {
  const groups = new Map<string, FailureReport[]>();
  for (const r of reports) {
    const key = `${r.reportedDomain ?? '?'} ${r.sourceIp ?? '?'}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_SOURCE_FINDINGS)
    .map((list) => {
      const r = list[0] as FailureReport;
      return finding(
        'dmarc.failure.report',
        'warn',
        {
          domain: r.reportedDomain ?? '?',
          ip: r.sourceIp ?? '?',
          from: r.originalFrom ?? r.originalMailFrom ?? '?',
          failed: r.authFailure ?? r.feedbackType,
          reporter: r.reporter,
          count: list.length,
        },
        list.map((x) => ({
          reporter: x.reporter,
          sourceIp: x.sourceIp ?? null,
          arrivalDate: x.arrivalDate ?? null,
          authFailure: x.authFailure ?? null,
          from: x.originalFrom ?? x.originalMailFrom ?? null,
          subject: x.originalSubject ?? null,
        })),
      );
    });
}

/** TLS reports summed per policy domain across reporters and days. */
function tlsFindings(reports: TlsReport[]): Finding[] {
  const byDomain = new Map<
    string,
    { ok: number; failed: number; types: Set<string>; reporters: Set<string>; details: unknown[] }
  >();
  for (const r of reports) {
    for (const p of r.policies) {
      const t = byDomain.get(p.policyDomain) ?? {
        ok: 0,
        failed: 0,
        types: new Set(),
        reporters: new Set(),
        details: [],
      };
      t.ok += p.successful;
      t.failed += p.failed;
      t.reporters.add(r.orgName);
      for (const d of p.failureDetails) {
        t.types.add(d.resultType);
        t.details.push({ reporter: r.orgName, policyType: p.policyType, ...d });
      }
      byDomain.set(p.policyDomain, t);
    }
  }
  return [...byDomain].map(([domain, t]) => {
    const total = t.ok + t.failed;
    const reporter = [...t.reporters];
    if (t.failed === 0) return finding('dmarc.tls.ok', 'ok', { domain, total, reporter });
    const types = t.types.size ? [...t.types] : ['unspecified'];
    return finding(
      'dmarc.tls.failures',
      'warn',
      { domain, failed: t.failed, total, types, reporter },
      t.details,
    );
  });
}

export interface DmarcSummary {
  findings: Finding[];
  /** Domains seen in aggregate reports, with their totals. */
  domains: { domain: string; reports: number; messages: number; passed: number }[];
}

/** Findings for everything read: per domain, per failure report, per TLS policy, and unreadable inputs. */
/** The finding for inputs that could not be read: how many, the first few names, each one's error line. */
export function unreadableFinding(errors: readonly NetdoctorError[]): Finding {
  return finding(
    'dmarc.input.unreadable',
    'fail',
    { count: errors.length, inputs: errors.slice(0, 5).map((e) => e.input ?? '?') },
    errors.map((e) => e.oneLine()),
  );
}

/**
 * The warning for records refused while reading (see `RefusedRecord`), or none: how many, in how
 * many reports, the distinct reasons; each record named in the evidence.
 */
export function refusedFinding(items: readonly SourcedReport[]): Finding[] {
  const evidence: {
    source: string;
    reporter: string;
    reportId: string;
    record: number;
    sourceIp: string;
    reason: string;
  }[] = [];
  let reports = 0;
  for (const { source, report: r } of items) {
    if (r.kind !== 'aggregate' || r.refused.length === 0) continue;
    reports++;
    for (const x of r.refused)
      evidence.push({ source, reporter: r.orgName || r.email, reportId: r.reportId, ...x });
  }
  if (evidence.length === 0) return [];
  const reasons = [...new Set(evidence.map((e) => e.reason.replace(/ ".*"| \(.*\)/g, '')))].slice(0, 3);
  return [finding('dmarc.record.refused', 'warn', { count: evidence.length, reports, reasons }, evidence)];
}

export function summarize(
  items: readonly SourcedReport[],
  ptr: Map<string, string>,
  errors: readonly NetdoctorError[] = [],
): DmarcSummary {
  const byDomain = new Map<string, AggregateReport[]>();
  const findings: Finding[] = [];
  const failures: FailureReport[] = [];
  const tls: TlsReport[] = [];
  for (const { report } of items) {
    if (report.kind === 'aggregate') {
      const list = byDomain.get(report.policy.domain) ?? [];
      list.push(report);
      byDomain.set(report.policy.domain, list);
    } else if (report.kind === 'failure') failures.push(report);
    else tls.push(report);
  }
  findings.push(...failureFindings(failures), ...tlsFindings(tls));
  const domains: DmarcSummary['domains'] = [];
  for (const [domain, reports] of [...byDomain].sort((a, b) => a[0].localeCompare(b[0]))) {
    findings.push(...domainFindings(domain, reports, ptr));
    let messages = 0;
    let passed = 0;
    for (const rep of reports) {
      for (const r of rep.records) {
        messages += r.count;
        if (dmarcPass(r)) passed += r.count;
      }
    }
    domains.push({ domain, reports: reports.length, messages, passed });
  }
  findings.push(...refusedFinding(items));
  if (errors.length > 0) findings.push(unreadableFinding(errors));
  return { findings, domains };
}
