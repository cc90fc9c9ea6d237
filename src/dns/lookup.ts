/**
 * `lookup`: what the DNS says about a name, type by type, with TTLs — and what each answer means.
 *
 * @example
 *   const { answers, findings } = await lookup(new Resolver(), 'example.org', ['MX', 'TXT']);
 */
import { type Finding, finding } from '../core/findings.js';
import { unicodeName, withUnicode } from './idn.js';
import type { LookupType } from './records.js';
import type { DnsAnswer, Resolver } from './resolver.js';

export interface LookupResult {
  /** The name asked, as DNS carries it (A-labels for an internationalised name). */
  name: string;
  /** Its U-label form, when it has A-labels (`例え.jp` for `xn--r8jz45g.jp`). */
  unicode?: string;
  answers: DnsAnswer[];
  findings: Finding[];
}

/** The findings one answer gives: its records, round-robin, or why there are none. */
export function answerFindings(a: DnsAnswer): Finding[] {
  const at = { name: withUnicode(a.name), type: a.type, server: a.server };
  const evidence = {
    name: a.name,
    type: a.type,
    rcode: a.rcode,
    server: a.server,
    ...(a.zone ? { zone: a.zone } : {}),
  };
  switch (a.status) {
    case 'ok': {
      const out = [
        finding(
          'dns.answer.ok',
          'ok',
          { ...at, count: a.records.length },
          { records: a.records.map((r) => r.text) },
        ),
      ];
      if ((a.type === 'A' || a.type === 'AAAA') && a.records.length > 1) {
        const addresses = a.records.map((r) => r.text);
        out.push(
          finding(
            'dns.records.round-robin',
            'info',
            { ...at, count: addresses.length, addresses },
            { addresses },
          ),
        );
      }
      return out;
    }
    case 'nxdomain':
      return [finding('dns.name.nxdomain', 'fail', at, evidence)];
    case 'nodata':
      return [finding('dns.type.nodata', 'info', at, evidence)];
    case 'servfail':
      return [finding('dns.server.servfail', 'fail', at, evidence)];
    case 'refused':
      return [finding('dns.server.refused', 'fail', at, evidence)];
    case 'error':
      return [finding('dns.answer.error', 'fail', { ...at, rcode: a.rcode }, evidence)];
  }
}

/** Looks up `name` for each type in turn (default A and AAAA). */
export async function lookup(
  resolver: Resolver,
  name: string,
  types: readonly LookupType[] = ['A', 'AAAA'],
): Promise<LookupResult> {
  const answers = await Promise.all(types.map((t) => resolver.query(name, t)));
  const findings: Finding[] = [];
  let nxdomainSaid = false;
  for (const a of answers) {
    if (a.status === 'nxdomain') {
      if (nxdomainSaid) continue; // one NXDOMAIN finding per name, not one per type
      nxdomainSaid = true;
    }
    findings.push(...answerFindings(a));
  }
  const asked = answers[0]?.name ?? name;
  const unicode = unicodeName(asked);
  return { name: asked, ...(unicode !== asked ? { unicode } : {}), answers, findings };
}
