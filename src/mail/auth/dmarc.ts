/**
 * DMARC policy records (RFC 7489 §6.3): discovery at `_dmarc.<domain>` then at the organizational
 * domain's (§6.6.3, PSL via tldts), the tags parsed and checked, and external report destinations
 * checked for their `<domain>._report._dmarc.<dest>` authorization (§7.1). mailauth's DMARC code
 * only returns the policy for a message verdict and does not check §7.1, so both live here.
 */
import { type Finding, finding } from '../../core/findings.js';
import type { Resolver } from '../../dns/resolver.js';
import type { MailCheckContext, MailPart } from '../context.js';
import { organizationalDomain } from './alignment.js';

export type DmarcPolicyAction = 'none' | 'quarantine' | 'reject';

export interface DmarcPolicy {
  tags: Record<string, string>;
  p?: DmarcPolicyAction;
  sp?: DmarcPolicyAction;
  pct: number;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  rua: string[];
  ruf: string[];
  errors: string[];
}

export interface ReportDestination {
  uri: string;
  kind: 'rua' | 'ruf';
  /** The mailbox's domain. */
  host: string;
  external: boolean;
  /** For an external host: whether `<domain>._report._dmarc.<host>` holds `v=DMARC1`. */
  authorized?: boolean;
  /** The name asked for the authorization. */
  authorizationName?: string;
}

export interface DmarcReport {
  domain: string;
  organizationalDomain: string;
  /** The `_dmarc` name the policy came from, if any. */
  foundAt?: string;
  /** Whether the policy is the organizational domain's, inherited by a subdomain. */
  inherited: boolean;
  records: string[];
  record?: string;
  policy?: DmarcPolicy;
  destinations: ReportDestination[];
}

const ACTIONS = ['none', 'quarantine', 'reject'];

/** §6.3: a record starts with "v=DMARC1" (tag names and values are case-insensitive here). */
export function isDmarcRecord(text: string): boolean {
  return /^\s*v\s*=\s*DMARC1\s*(;|$)/i.test(text);
}

/**
 * Reads a DMARC record's tags.
 *
 * @example
 *   parseDmarc('v=DMARC1; p=reject; rua=mailto:d@example.org').p; // 'reject'
 */
export function parseDmarc(text: string): DmarcPolicy {
  const tags: Record<string, string> = {};
  const errors: string[] = [];
  for (const part of text.split(';').map((p) => p.trim())) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      errors.push(`"${part}" is not a tag=value pair`);
      continue;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    if (name in tags) errors.push(`tag "${name}=" appears twice`);
    tags[name] = part.slice(eq + 1).trim();
  }
  if (!isDmarcRecord(text)) errors.push('does not start with "v=DMARC1"');
  const action = (tag: 'p' | 'sp'): DmarcPolicyAction | undefined => {
    const v = tags[tag]?.toLowerCase();
    if (v === undefined) return undefined;
    if (ACTIONS.includes(v)) return v as DmarcPolicyAction;
    errors.push(`${tag}=${tags[tag]}: must be none, quarantine or reject`);
    return undefined;
  };
  const p = action('p');
  const sp = action('sp');
  // The ABNF puts p= right after v=, but receivers accept any order; only its absence is an error.
  if (tags.p === undefined)
    errors.push('the required tag "p=" is missing (receivers then apply p=none at best)');
  let pct = 100;
  if (tags.pct !== undefined) {
    pct = /^\d{1,3}$/.test(tags.pct) ? Number(tags.pct) : Number.NaN;
    if (!(pct >= 0 && pct <= 100)) {
      errors.push(`pct=${tags.pct}: must be a whole number from 0 to 100`);
      pct = 100;
    }
  }
  const mode = (tag: 'adkim' | 'aspf'): 'r' | 's' => {
    const v = tags[tag]?.toLowerCase() ?? 'r';
    if (v === 'r' || v === 's') return v;
    errors.push(`${tag}=${tags[tag]}: must be r (relaxed) or s (strict)`);
    return 'r';
  };
  const uris = (tag: 'rua' | 'ruf'): string[] => {
    const v = tags[tag];
    if (v === undefined) return [];
    const list = v.split(',').map((u) => u.trim());
    for (const u of list) {
      // §6.2: a DMARC URI is a URI with an optional "!size" limit; in practice mailto: is what receivers send to.
      if (!/^mailto:[^@\s]+@[^@\s!]+(![0-9]+[kmgt]?)?$/i.test(u))
        errors.push(`${tag}: "${u}" is not a mailto:address`);
    }
    return list;
  };
  const policy: DmarcPolicy = {
    tags,
    pct,
    adkim: mode('adkim'),
    aspf: mode('aspf'),
    rua: uris('rua'),
    ruf: uris('ruf'),
    errors,
  };
  if (p) policy.p = p;
  if (sp) policy.sp = sp;
  return policy;
}

function hostOf(uri: string): string | undefined {
  const m = /^mailto:[^@]+@([^!\s]+)/i.exec(uri);
  return m ? (m[1] as string).toLowerCase().replace(/\.$/, '') : undefined;
}

async function destinations(
  resolver: Resolver,
  domain: string,
  policy: DmarcPolicy,
): Promise<ReportDestination[]> {
  const all: { uri: string; kind: 'rua' | 'ruf' }[] = [
    ...policy.rua.map((uri) => ({ uri, kind: 'rua' as const })),
    ...policy.ruf.map((uri) => ({ uri, kind: 'ruf' as const })),
  ];
  return Promise.all(
    all.flatMap(({ uri, kind }): Promise<ReportDestination>[] => {
      const host = hostOf(uri);
      if (host === undefined) return [];
      const external = organizationalDomain(host) !== organizationalDomain(domain);
      if (!external) return [Promise.resolve({ uri, kind, host, external })];
      // §7.1: the destination publishes "<policy domain>._report._dmarc.<destination host>" with v=DMARC1.
      const authorizationName = `${domain}._report._dmarc.${host}`;
      return [
        resolver.query(authorizationName, 'TXT').then((a) => ({
          uri,
          kind,
          host,
          external,
          authorizationName,
          authorized: a.records.some((r) => r.data.type === 'TXT' && isDmarcRecord(r.data.strings.join(''))),
        })),
      ];
    }),
  );
}

async function dmarcRecordsAt(
  resolver: Resolver,
  name: string,
): Promise<{ records: string[]; failed: boolean }> {
  const a = await resolver.query(name, 'TXT');
  const texts = a.records.map((r) => (r.data.type === 'TXT' ? r.data.strings.join('') : ''));
  return { records: texts.filter(isDmarcRecord), failed: a.status === 'servfail' || a.status === 'refused' };
}

/**
 * Finds and checks the DMARC policy that receivers apply to mail from ctx.domain.
 *
 * @example
 *   const { findings, data } = await auditDmarc({ resolver, domain: 'example.org', ips: [], selectors: [] });
 *   data.policy?.p; // 'reject'
 */
export async function auditDmarc(ctx: MailCheckContext): Promise<MailPart<DmarcReport>> {
  const domain = ctx.domain;
  const org = organizationalDomain(domain);
  let foundAt = `_dmarc.${domain}`;
  let got = await dmarcRecordsAt(ctx.resolver, foundAt);
  // §6.6.3: no record at the domain itself → the organizational domain's record applies.
  if (got.records.length === 0 && !got.failed && org !== domain) {
    foundAt = `_dmarc.${org}`;
    got = await dmarcRecordsAt(ctx.resolver, foundAt);
  }
  const inherited = foundAt !== `_dmarc.${domain}`;
  const data: DmarcReport = {
    domain,
    organizationalDomain: org,
    inherited,
    records: got.records,
    destinations: [],
  };
  const at = { domain, name: `_dmarc.${domain}`, org };
  if (got.failed)
    return { findings: [finding('mail.dmarc.dns-error', 'warn', { ...at, name: foundAt })], data };
  if (got.records.length === 0)
    return {
      findings: [
        finding('mail.dmarc.none', 'fail', at, {
          queried: [...new Set([`_dmarc.${domain}`, `_dmarc.${org}`])],
        }),
      ],
      data,
    };
  data.foundAt = foundAt;
  const ev = { name: foundAt, records: got.records };
  // §6.6.3: more than one DMARC record means none applies.
  if (got.records.length > 1)
    return {
      findings: [
        finding('mail.dmarc.several', 'fail', { ...at, name: foundAt, count: got.records.length }, ev),
      ],
      data,
    };
  const record = got.records[0] as string;
  const policy = parseDmarc(record);
  Object.assign(data, { record, policy });
  data.destinations = await destinations(ctx.resolver, inherited ? org : domain, policy);
  const findings: Finding[] = [];
  const policyDomain = inherited ? org : domain;
  const here = { ...at, name: foundAt, policyDomain, record };
  if (policy.errors.length > 0)
    findings.push(finding('mail.dmarc.syntax', 'fail', { ...here, errors: policy.errors }, ev));
  // A subdomain using the organizational record gets sp= when present (§6.3).
  const applied = inherited ? (policy.sp ?? policy.p) : policy.p;
  if (applied === 'none') {
    const tag = inherited && policy.sp ? 'sp' : 'p';
    const stricter = record.replace(
      new RegExp(`(^|;)(\\s*)${tag}\\s*=\\s*none`, 'i'),
      `$1$2${tag}=quarantine`,
    );
    findings.push(finding('mail.dmarc.policy-none', 'warn', { ...here, stricter }, ev));
  }
  if (policy.pct < 100 && applied !== 'none')
    findings.push(
      finding('mail.dmarc.pct-partial', 'warn', { ...here, pct: policy.pct, policy: applied ?? 'none' }, ev),
    );
  if (policy.rua.length === 0) findings.push(finding('mail.dmarc.no-reports', 'info', here, ev));
  for (const d of data.destinations) {
    if (d.external && !d.authorized) {
      const params = { ...here, uri: d.uri, tag: d.kind, host: d.host, authName: d.authorizationName ?? '' };
      findings.push(finding('mail.dmarc.report-unauthorized', 'warn', params, { ...ev, destination: d }));
    }
  }
  if (inherited) findings.push(finding('mail.dmarc.inherited', 'info', here, ev));
  if (policy.errors.length === 0) {
    findings.push(
      finding(
        'mail.dmarc.ok',
        'ok',
        { ...here, policy: applied ?? 'none', pct: policy.pct, adkim: policy.adkim, aspf: policy.aspf },
        ev,
      ),
    );
  }
  return { findings, data };
}
