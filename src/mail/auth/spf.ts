/**
 * The SPF part of the mail audit: the domain's record(s), the include/redirect tree with its
 * lookup counts (spf-tree.ts), and for each sending IP the result receivers compute
 * (spf-evaluate.ts, mailauth) with the mechanism that decided.
 */
import net from 'node:net';
import { type Finding, finding } from '../../core/findings.js';
import type { MailCheckContext, MailPart } from '../context.js';
import { evaluateSpf, type SpfEvaluation } from './spf-evaluate.js';
import { mechanisms, parseSpf } from './spf-record.js';
import { SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT, type SpfNode, spfNodes, spfTree } from './spf-tree.js';

export interface SpfReport {
  domain: string;
  /** Every TXT string at the domain that starts with v=spf1. */
  records: string[];
  /** The record, when there is exactly one. */
  record?: string;
  tree: SpfNode;
  /** DNS lookups over the whole tree (worst case), against the limit of 10. */
  lookups: number;
  lookupLimit: number;
  voidLookups: number;
  voidLimit: number;
  /** Per sending IP: the result and the mechanism that matched. */
  results: SpfEvaluation[];
}

/** The record to suggest for a domain without one: its sending IPs, else its MX hosts. */
export function suggestedSpf(ips: readonly string[]): string {
  const terms = ips.length > 0 ? ips.map((ip) => (net.isIPv6(ip) ? `ip6:${ip}` : `ip4:${ip}`)) : ['mx'];
  return `v=spf1 ${terms.join(' ')} -all`;
}

function recordFindings(ctx: MailCheckContext, report: SpfReport): Finding[] {
  const { domain, tree } = report;
  const out: Finding[] = [];
  const suggestion = suggestedSpf(ctx.ips);
  if (tree.problem === 'none') {
    return [
      finding(
        'mail.spf.none',
        'fail',
        { domain, suggestion },
        { name: domain, status: tree.status ?? 'nodata' },
      ),
    ];
  }
  if (tree.problem === 'dns-error') {
    return [finding('mail.spf.dns-error', 'warn', { domain, name: domain, status: tree.status ?? 'error' })];
  }
  if (tree.problem === 'several') {
    return [
      finding(
        'mail.spf.several',
        'fail',
        { domain, count: report.records.length, records: report.records },
        { records: report.records },
      ),
    ];
  }
  const record = report.record as string;
  const parsed = parseSpf(record);
  const ev = { record };
  for (const n of spfNodes(tree)) {
    if (n.errors.length > 0)
      out.push(
        finding(
          'mail.spf.syntax',
          'fail',
          { domain, name: n.domain, errors: n.errors, record: n.record ?? '' },
          { name: n.domain, record: n.record },
        ),
      );
  }
  const all = mechanisms(parsed).find((m) => m.name === 'all');
  const fixed = all ? record.replace(/(^|\s)[+?]?all(\s|$)/i, '$1-all$2') : record;
  if (all?.qualifier === '+')
    out.push(finding('mail.spf.plus-all', 'fail', { domain, term: all.text, record, fixed }, ev));
  if (all?.qualifier === '?')
    out.push(finding('mail.spf.neutral-all', 'warn', { domain, term: all.text, record, fixed }, ev));
  const ptrUsers = spfNodes(tree)
    .filter((n) => n.usesPtr)
    .map((n) => n.domain);
  if (ptrUsers.length > 0)
    out.push(finding('mail.spf.ptr', 'warn', { domain, names: ptrUsers }, { names: ptrUsers }));
  for (const n of spfNodes(tree).slice(1)) {
    if (
      n.problem === 'none' ||
      n.problem === 'dns-error' ||
      n.problem === 'several' ||
      n.problem === 'loop'
    ) {
      out.push(
        finding(
          'mail.spf.include-unresolved',
          'fail',
          { domain, target: n.domain, via: n.via, problem: n.problem },
          { name: n.domain, status: n.status, records: n.records },
        ),
      );
    }
  }
  const counts = { domain, lookups: report.lookups, limit: SPF_LOOKUP_LIMIT };
  const perNode = spfNodes(tree)
    .filter((n) => n.lookups > 0)
    .map((n) => `${n.domain}: ${n.lookups}`);
  if (report.lookups > SPF_LOOKUP_LIMIT)
    out.push(finding('mail.spf.too-many-lookups', 'fail', counts, { perRecord: perNode }));
  if (report.voidLookups > SPF_VOID_LIMIT) {
    const voids = spfNodes(tree).flatMap((n) => n.voids);
    out.push(
      finding(
        'mail.spf.void-lookups',
        'fail',
        { domain, count: report.voidLookups, limit: SPF_VOID_LIMIT, targets: voids },
        { voids },
      ),
    );
  }
  if (!out.some((f) => f.severity === 'fail'))
    out.push(finding('mail.spf.ok', 'ok', { ...counts, record }, { record, perRecord: perNode }));
  return out;
}

const RESULT_SEVERITY = {
  pass: 'ok',
  fail: 'fail',
  softfail: 'warn',
  neutral: 'warn',
  none: 'fail',
  permerror: 'fail',
  temperror: 'warn',
} as const;

function resultFinding(domain: string, r: SpfEvaluation): Finding {
  const id = ['pass', 'fail', 'softfail', 'neutral'].includes(r.result)
    ? `mail.spf.result.${r.result}`
    : 'mail.spf.result.error';
  const term = r.ip.includes(':') ? `ip6:${r.ip}` : `ip4:${r.ip}`;
  const params = {
    domain,
    ip: r.ip,
    result: r.result,
    mechanism: r.mechanism ?? '(none: default)',
    reason: r.reason ?? r.result,
    term,
  };
  return finding(id, RESULT_SEVERITY[r.result], params, r);
}

/**
 * Checks the SPF policy of ctx.domain and evaluates it for each of ctx.ips.
 *
 * @example
 *   const { findings, data } = await auditSpf({ resolver, domain: 'example.org', ips: ['192.0.2.10'], selectors: [] });
 *   data.lookups;              // 4 (of 10)
 *   data.results[0].result;    // 'pass'
 */
export async function auditSpf(ctx: MailCheckContext): Promise<MailPart<SpfReport>> {
  const resolver = ctx.resolver.nodeStyle();
  const [tree, results] = await Promise.all([
    spfTree(ctx.resolver, ctx.domain),
    Promise.all(
      ctx.ips.map((ip) =>
        evaluateSpf({ ip, sender: `postmaster@${ctx.domain}`, helo: ctx.domain, resolver }),
      ),
    ),
  ]);
  const report: SpfReport = {
    domain: ctx.domain,
    records: tree.root.records,
    ...(tree.root.record !== undefined ? { record: tree.root.record } : {}),
    tree: tree.root,
    lookups: tree.lookups,
    lookupLimit: SPF_LOOKUP_LIMIT,
    voidLookups: tree.voidLookups,
    voidLimit: SPF_VOID_LIMIT,
    results,
  };
  const findings = recordFindings(ctx, report);
  // Without a record, each IP's "none" says nothing the missing-record finding does not.
  if (tree.root.problem !== 'none') findings.push(...results.map((r) => resultFinding(ctx.domain, r)));
  return { findings, data: report };
}
