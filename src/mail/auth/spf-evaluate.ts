/**
 * SPF `check_host()` for one sending IP, evaluated by mailauth's evaluator (`spfVerify`), so that
 * netdoctor answers as receivers running mailauth do. mailauth's public `spf()` does not say which
 * mechanism matched, so this calls its evaluator directly with a lookup budget of our own (the
 * 10-lookup and 2-void limits of RFC 7208 §4.6.4) and maps the outcome to a result. Where
 * mailauth deviates from RFC 7208, the fix sits here, each with the section that demands it;
 * `test/mail-auth/spf-suite.test.ts` runs the RFC 7208 suite against this function.
 */
import net from 'node:net';
import { isSpfRecord, parseSpf } from './spf-record.js';
import { SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT } from './spf-tree.js';

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

interface SpfError extends Error {
  code?: string;
  spfResult?: { error: string; text?: string };
}

const fail = (error: 'permerror' | 'temperror' | 'none', text: string): SpfError =>
  Object.assign(new Error(text), { spfResult: { error, text } });

const isVoidError = (e: unknown) => ['ENOTFOUND', 'ENODATA'].includes((e as SpfError)?.code ?? '');

/**
 * An `a`/`mx` target is void only when it has neither A nor AAAA records (as mailauth counts it:
 * an IPv4-only host is not a void lookup for an IPv6 client); errors count for the client's family.
 */
async function dualStack(resolver: NodeStyleResolver, name: string, family: 4 | 6): Promise<unknown> {
  const [a, aaaa] = await Promise.allSettled([resolver(name, 'A'), resolver(name, 'AAAA')]);
  const mine = family === 6 ? aaaa : a;
  const other = family === 6 ? a : aaaa;
  if (mine.status === 'fulfilled') return mine.value;
  if (!isVoidError(mine.reason)) throw mine.reason;
  if (other.status === 'rejected' && isVoidError(other.reason)) throw mine.reason;
  return [];
}

/**
 * The lookup budget: every query after the first TXT costs one lookup; NXDOMAIN and NODATA
 * answers are void lookups (returned as empty lists, as check_host expects); more than 10 lookups
 * or 2 voids is permerror (§4.6.4); timeouts and REFUSED are temperror (§2.6.6).
 */
function budgeted(resolver: NodeStyleResolver, firstIsFree: boolean) {
  const state = { lookups: 0, voids: 0, free: firstIsFree };
  const query = async (name: string, type: string, opts?: { clientIpType?: 4 | 6 }): Promise<unknown> => {
    if (state.free) state.free = false;
    else state.lookups++;
    if (state.lookups > SPF_LOOKUP_LIMIT) throw fail('permerror', 'more than 10 DNS lookups');
    // §4.3: a name with an empty label or a label over 63 octets is not a domain name. An include
    // or redirect to one is permerror; an a/mx/exists target that a macro expanded into one (a HELO
    // of "[192.0.2.1]" in a:%{h}) simply does not match (§7.1 suite cases 7.1/2 and 7.1/6).
    if (!/^([\x20-\x2d\x2f-\x7e]{1,63}\.)+[a-z][a-z0-9-]*$/i.test(name) || name.length > 253) {
      if (type === 'TXT') throw fail('permerror', `invalid domain name ${name}`);
      return [];
    }
    try {
      if (opts?.clientIpType && (type === 'A' || type === 'AAAA'))
        return await dualStack(resolver, name, opts.clientIpType);
      const records = await resolver(name, type);
      // RFC 7505: a null MX ("0 .") says the domain takes no mail; it names no host to look up.
      if (type === 'MX' && Array.isArray(records)) {
        return records.filter((r: { exchange?: string }) => r.exchange && r.exchange !== '.');
      }
      return records;
    } catch (e) {
      const err = e as SpfError;
      if (err.code === 'ENOTFOUND' || err.code === 'ENODATA') {
        state.voids++;
        if (state.voids > SPF_VOID_LIMIT) throw fail('permerror', 'more than 2 void DNS lookups');
        return [];
      }
      if (err.spfResult) throw err;
      throw fail('temperror', `DNS error for ${name} ${type}: ${err.code ?? err.message}`);
    }
  };
  return { query, state };
}

interface VerifyOutcome {
  type?: string;
  val?: string;
  qualifier?: string;
  include?: VerifyOutcome;
  error?: string;
  text?: string;
  rr?: string;
}

function describe(o: VerifyOutcome | undefined): string | undefined {
  if (!o?.type) return undefined;
  const q = o.qualifier && o.qualifier !== '+' ? o.qualifier : '';
  const here = `${q}${o.type}${o.val ? `:${o.val}` : ''}`;
  const inner = describe(o.include);
  return inner ? `${here} → ${inner}` : here;
}

const QUALIFIER_RESULT: Record<string, SpfResult> = {
  '+': 'pass',
  '-': 'fail',
  '~': 'softfail',
  '?': 'neutral',
};

/** §4.3: check_host's <domain> must be a fully qualified name of valid labels, else "none". */
function validDomain(d: string): boolean {
  return (
    d.length <= 253 &&
    !/[\s[\]@\\]/.test(d) &&
    d.includes('.') &&
    d.split('.').every((l) => l.length > 0 && l.length <= 63) &&
    !/^\d+$/.test(d.split('.').at(-1) ?? '')
  );
}

/**
 * Evaluates SPF for one IP and sender, as a receiving mail server would.
 *
 * @example
 *   const r = await evaluateSpf({ ip: '192.0.2.10', sender: 'postmaster@example.org', resolver: res.nodeStyle() });
 *   r.result;    // 'pass'
 *   r.mechanism; // 'ip4:192.0.2.0/24'
 */
export async function evaluateSpf(input: SpfEvaluateInput): Promise<SpfEvaluation> {
  let ip = input.ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip); // §5: IPv4-mapped addresses are IPv4
  if (mapped) ip = mapped[1] as string;
  const helo = input.helo ?? '';
  let sender = input.sender || `postmaster@${helo}`;
  if (!sender.includes('@')) sender = `postmaster@${sender}`;
  else if (sender.startsWith('@')) sender = `postmaster${sender}`; // §4.3: empty local-part
  const domain = (sender.split('@').pop() ?? '').toLowerCase().trim();
  const { query, state } = budgeted(input.resolver, true);
  const base = { ip, domain };
  const counts = () => ({ lookups: state.lookups, voidLookups: state.voids });
  if (!net.isIP(ip)) return { ...base, result: 'none', reason: `not an IP address: ${ip}`, ...counts() };
  if (!validDomain(domain))
    return { ...base, result: 'none', reason: `not a domain name: ${domain}`, ...counts() };

  const subBudget = () => budgeted(input.resolver, false).query;
  let outcome: VerifyOutcome | false;
  try {
    // mailauth is loaded on first use (~180 ms at start-up), so commands without SPF start fast.
    const { default: mailauthSpf } = await import('mailauth/lib/spf/spf-verify.js');
    outcome = await mailauthSpf.spfVerify(domain, {
      sender,
      ip,
      helo,
      mta: input.mta ?? 'netdoctor.invalid',
      resolver: Object.assign(query, {
        updateSubQueries: () => {},
        getResolveCount: () => state.lookups,
        getVoidCount: () => state.voids,
      }),
      createSubResolver: () => {
        const q = subBudget();
        return Object.assign(q, { getResolveCount: () => 0, getVoidCount: () => 0 });
      },
    });
  } catch (e) {
    const err = e as SpfError;
    outcome = err.spfResult ?? { error: 'temperror', text: err.message };
  }
  if (outcome === false) return { ...base, result: 'none', ...counts() };
  const record = outcome.rr;
  const withRecord = record ? { record } : {};
  if (outcome.error) {
    const result = (
      ['none', 'permerror', 'temperror'].includes(outcome.error) ? outcome.error : 'temperror'
    ) as SpfResult;
    return { ...base, ...withRecord, result, ...(outcome.text ? { reason: outcome.text } : {}), ...counts() };
  }
  // §4.6: a syntax error anywhere in the record is permerror, even after a matching mechanism.
  if (record && isSpfRecord(record)) {
    const problems = parseSpf(record).errors;
    if (problems.length > 0)
      return { ...base, ...withRecord, result: 'permerror', reason: problems[0] as string, ...counts() };
  }
  const result = QUALIFIER_RESULT[outcome.qualifier ?? '?'] ?? 'neutral';
  const mechanism = describe(outcome);
  return { ...base, ...withRecord, result, ...(mechanism ? { mechanism } : {}), ...counts() };
}
