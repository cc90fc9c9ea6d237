/**
 * Which term of an SPF record decided a result: the record walked in order (RFC 7208 §4.6.2) for
 * one IP until a mechanism matches, through `include` and `redirect`. mailauth evaluates SPF and
 * gives the result only; this names the term behind it for the report. It is deliberately not a
 * second evaluator: a term it cannot judge without reimplementing check_host (macros, `ptr`,
 * `exists`) ends the walk with "cannot tell", and the caller shows a term only when the walk
 * arrives at the result mailauth computed.
 */
import net from 'node:net';
import { hasMacro, mechanisms, parseSpf, redirectOf, type SpfQualifier } from './spf-record.js';

type Resolve = (name: string, rrtype?: string) => Promise<unknown>;

/** The matched term as shown (`include:_spf.example.net → ip4:198.51.100.0/24`) and its qualifier. */
interface Match {
  text: string;
  qualifier: SpfQualifier;
}

/** undefined: cannot tell; null: no mechanism matched. */
type Step = Match | null | undefined;

const QUALIFIER_RESULT: Record<SpfQualifier, string> = {
  '+': 'pass',
  '-': 'fail',
  '~': 'softfail',
  '?': 'neutral',
};
/** §4.6.4 caps a real evaluation at 10 lookups; the walk stops at that depth of nesting too. */
const MAX_DEPTH = 10;
const MAX_MX_HOSTS = 10;

const isVoid = (e: unknown) => ['ENOTFOUND', 'ENODATA'].includes((e as { code?: string })?.code ?? '');

async function listOrEmpty<T>(p: Promise<unknown>): Promise<T[]> {
  try {
    const r = await p;
    return Array.isArray(r) ? (r as T[]) : [];
  } catch (e) {
    if (isVoid(e)) return [];
    throw e;
  }
}

/** `/24`, `//64` or `/24//64` → the prefix length for the client's family (default: whole address). */
function prefixFor(cidr: string | undefined, family: 4 | 6): number {
  const m = /^(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(cidr ?? '');
  const n = family === 4 ? m?.[1] : m?.[2];
  return n === undefined ? (family === 4 ? 32 : 128) : Number(n);
}

function inNetwork(ip: string, network: string, prefix: number): boolean {
  const family = net.isIPv6(ip) ? 'ipv6' : 'ipv4';
  if ((net.isIPv6(network) ? 'ipv6' : 'ipv4') !== family) return false;
  const list = new net.BlockList();
  list.addSubnet(network, prefix, family);
  return list.check(ip, family);
}

async function addresses(resolve: Resolve, name: string, family: 4 | 6): Promise<string[]> {
  return listOrEmpty<string>(resolve(name, family === 4 ? 'A' : 'AAAA'));
}

async function spfRecordOf(resolve: Resolve, name: string): Promise<string | undefined> {
  const texts = await listOrEmpty<string[] | string>(resolve(name, 'TXT'));
  const spf = texts.map((t) => (Array.isArray(t) ? t.join('') : t)).filter((t) => /^v=spf1( |$)/i.test(t));
  return spf.length === 1 ? spf[0] : undefined;
}

async function walk(
  resolve: Resolve,
  domain: string,
  record: string,
  ip: string,
  depth: number,
): Promise<Step> {
  if (depth > MAX_DEPTH) return undefined;
  const family = net.isIPv6(ip) ? 6 : 4;
  const parsed = parseSpf(record);
  for (const m of mechanisms(parsed)) {
    const target = (m.value ?? domain).replace(/\.$/, '').toLowerCase();
    if (m.name !== 'ip4' && m.name !== 'ip6' && hasMacro(target)) return undefined;
    const here = { text: m.text, qualifier: m.qualifier };
    switch (m.name) {
      case 'all':
        return here;
      case 'ip4':
      case 'ip6': {
        const bits = m.cidr ? Number(m.cidr.slice(1)) : m.name === 'ip4' ? 32 : 128;
        if (m.value && inNetwork(ip, m.value, bits)) return here;
        break;
      }
      case 'a': {
        const prefix = prefixFor(m.cidr, family);
        if ((await addresses(resolve, target, family)).some((a) => inNetwork(ip, a, prefix))) return here;
        break;
      }
      case 'mx': {
        const prefix = prefixFor(m.cidr, family);
        const hosts = (await listOrEmpty<{ exchange: string }>(resolve(target, 'MX')))
          .map((r) => r.exchange)
          .filter((h) => h && h !== '.')
          .slice(0, MAX_MX_HOSTS);
        for (const host of hosts) {
          if ((await addresses(resolve, host, family)).some((a) => inNetwork(ip, a, prefix))) return here;
        }
        break;
      }
      case 'include': {
        const inner = await spfRecordOf(resolve, target);
        if (!inner) return undefined;
        const step = await walk(resolve, target, inner, ip, depth + 1);
        if (step === undefined) return undefined;
        // §5.2: an include matches when the included policy passes.
        if (step && step.qualifier === '+')
          return { text: `${m.text} → ${step.text}`, qualifier: m.qualifier };
        break;
      }
      default:
        return undefined; // ptr, exists: not judged here
    }
  }
  const redirect = redirectOf(parsed);
  if (!redirect) return null;
  if (hasMacro(redirect)) return undefined;
  const target = redirect.replace(/\.$/, '').toLowerCase();
  const inner = await spfRecordOf(resolve, target);
  if (!inner) return undefined;
  const step = await walk(resolve, target, inner, ip, depth + 1);
  return step ? { text: `redirect=${target} → ${step.text}`, qualifier: step.qualifier } : step;
}

/**
 * The term of `record` (published at `domain`) that gives `ip` the SPF result `result`, or
 * undefined when no term decided (the default neutral) or the walk cannot tell.
 *
 * @example
 *   await decidingTerm(resolver.nodeStyle(), 'example.org', 'v=spf1 include:_spf.example.net -all', '198.51.100.7', 'pass');
 *   // 'include:_spf.example.net → ip4:198.51.100.0/24'
 */
export async function decidingTerm(
  resolve: Resolve,
  domain: string,
  record: string,
  ip: string,
  result: string,
): Promise<string | undefined> {
  const step = await walk(resolve, domain.toLowerCase(), record, ip, 0);
  return step && QUALIFIER_RESULT[step.qualifier] === result ? step.text : undefined;
}
