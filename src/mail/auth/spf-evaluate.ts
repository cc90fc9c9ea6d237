/**
 * SPF `check_host()` for one sending IP, evaluated by mailauth's public `spf()` in its strict mode
 * (RFC 7208 exactly: the whole record validated before evaluation, void lookups counted per
 * §4.6.4, no lenient macro letters), so that netdoctor answers as receivers running mailauth do.
 * `test/mail-auth/spf-suite.test.ts` runs the RFC 7208 suite against this function.
 *
 * mailauth's result says pass or fail but not which term decided; an admin needs that ("which
 * include lets this relay in?"), so `spf-explain.ts` names it by walking the same record through
 * the same resolver, and the name is given only when that walk reaches mailauth's result.
 */
import { decidingTerm } from './spf-explain.js';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

/** A resolver with `dns.promises` semantics (`Resolver.nodeStyle()`). */
export type NodeStyleResolver = (name: string, rrtype?: string) => Promise<unknown>;

export interface SpfEvaluation {
  ip: string;
  /** The domain whose policy was evaluated (the MAIL FROM domain, or the HELO name). */
  domain: string;
  result: SpfResult;
  /** The mechanism that decided, e.g. `ip4:192.0.2.0/24`, `include:_spf.example.net → ip4:…`. */
  mechanism?: string;
  /** The top-level SPF record evaluated. */
  record?: string;
  /** Why: the error text for permerror/temperror. */
  reason?: string;
  /** DNS lookups this evaluation spent (the first TXT query is free, §4.6.4). */
  lookups: number;
  voidLookups: number;
}

export interface SpfEvaluateInput {
  ip: string;
  /** MAIL FROM address; empty for a null sender (then `postmaster@<helo>`, §2.4). */
  sender?: string;
  helo?: string;
  resolver: NodeStyleResolver;
  /** Our host name, for the `%{r}` macro. */
  mta?: string;
}

const RESULTS: ReadonlySet<string> = new Set([
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'permerror',
  'temperror',
]);

/**
 * Evaluates SPF for one IP and sender, as a receiving mail server would.
 *
 * @example
 *   const r = await evaluateSpf({ ip: '192.0.2.10', sender: 'postmaster@example.org', resolver: res.nodeStyle() });
 *   r.result;    // 'pass'
 *   r.mechanism; // 'ip4:192.0.2.0/24'
 */
export async function evaluateSpf(input: SpfEvaluateInput): Promise<SpfEvaluation> {
  const mta = input.mta ?? 'netdoctor.invalid';
  // mailauth's package entry (its public API), loaded on first use: commands without SPF start
  // without it.
  const { spf } = await import('mailauth');
  const r = await spf({
    ip: input.ip,
    ...(input.sender ? { sender: input.sender } : {}),
    ...(input.helo ? { helo: input.helo } : {}),
    mta,
    strict: true,
    resolver: input.resolver as never,
  });
  const result = (RESULTS.has(r.status.result) ? r.status.result : 'temperror') as SpfResult;
  const base: SpfEvaluation = {
    ip: r['client-ip'] || input.ip,
    domain: r.domain || '',
    result,
    lookups: r.lookups?.count ?? 0,
    voidLookups: r.lookups?.void ?? 0,
    ...(r.rr ? { record: r.rr } : {}),
  };
  if (result === 'permerror' || result === 'temperror' || result === 'none') {
    // mailauth's comment: "<mta>: permanent error in processing during lookup of <sender>: <why>"
    const comment = r.status.comment?.replace(`${mta}: `, '');
    return { ...base, ...(comment ? { reason: comment } : {}) };
  }
  const mechanism = r.rr
    ? await decidingTerm(input.resolver, base.domain, r.rr, base.ip, result).catch(() => undefined)
    : undefined;
  return { ...base, ...(mechanism ? { mechanism } : {}) };
}
