/**
 * The whole include/redirect tree of a domain's SPF policy, with the DNS lookups it costs against
 * RFC 7208's limit of 10 (§4.6.4) and the void lookups against 2. mailauth counts lookups only
 * along the path one IP takes; an admin needs the worst case over every branch, so the tree is
 * walked here, independent of any IP. Branches are fetched in parallel through the shared resolver.
 */
import type { DnsAnswer, Resolver } from '../../dns/resolver.js';
import {
  hasMacro,
  isSpfRecord,
  LOOKUP_MECHANISMS,
  mechanisms,
  type ParsedSpf,
  parseSpf,
  redirectOf,
} from './spf-record.js';

/** RFC 7208 §4.6.4: at most 10 terms that cause DNS queries, at most 2 void lookups. */
export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;
/** DoS cap: a tree wider or deeper than this is not walked further (receivers stop at 10 anyway). */
const MAX_NODES = 50;
const MAX_DEPTH = 12;

export type SpfNodeProblem = 'none' | 'several' | 'loop' | 'dns-error' | 'too-deep';

export interface SpfNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  /** The SPF record found, if exactly one. */
  record?: string;
  /** Every TXT string at the name that looks like SPF. */
  records: string[];
  problem?: SpfNodeProblem;
  /** The DNS status when the TXT lookup itself failed or found nothing. */
  status?: DnsAnswer['status'];
  errors: string[];
  /** DNS lookups this record's own terms cost (include, a, mx, ptr, exists, redirect). */
  lookups: number;
  /** Targets of a/mx/exists/include/redirect here that returned no records. */
  voids: string[];
  /** Whether the record uses the `ptr` mechanism. */
  usesPtr: boolean;
  children: SpfNode[];
}

export interface SpfTree {
  root: SpfNode;
  /** Sum over the whole tree: the worst case a receiver may have to look up. */
  lookups: number;
  voidLookups: number;
}

function expand(spec: string, domain: string): string {
  return spec.replace(/\.$/, '').toLowerCase() || domain;
}

/** Only names a receiver could look up are asked (the syntax finding covers the others). */
function queryable(name: string): boolean {
  return (
    name.length <= 253 && name.split('.').every((l) => l.length > 0 && l.length <= 63) && !/[\s"]/.test(name)
  );
}

const isVoid = (a: DnsAnswer) => a.status === 'nxdomain' || a.status === 'nodata';

interface Walk {
  resolver: Resolver;
  nodes: number;
}

async function targetIsVoid(w: Walk, name: string, kind: 'a' | 'mx' | 'exists'): Promise<boolean> {
  return voidAnswer(w, name, kind).catch(() => false); // a timeout is not a void lookup (§4.6.4)
}

async function voidAnswer(w: Walk, name: string, kind: 'a' | 'mx' | 'exists'): Promise<boolean> {
  if (kind === 'mx') return isVoid(await w.resolver.query(name, 'MX'));
  if (kind === 'exists') return isVoid(await w.resolver.query(name, 'A'));
  // mailauth (and common practice) counts an `a` target void only when it has neither A nor AAAA.
  const [a, aaaa] = await Promise.all([w.resolver.query(name, 'A'), w.resolver.query(name, 'AAAA')]);
  return isVoid(a) && isVoid(aaaa);
}

async function walk(w: Walk, domain: string, via: SpfNode['via'], path: readonly string[]): Promise<SpfNode> {
  const node: SpfNode = {
    domain,
    via,
    records: [],
    errors: [],
    lookups: 0,
    voids: [],
    usesPtr: false,
    children: [],
  };
  w.nodes++;
  if (path.includes(domain)) return { ...node, problem: 'loop' };
  if (path.length >= MAX_DEPTH || w.nodes > MAX_NODES) return { ...node, problem: 'too-deep' };
  if (!queryable(domain)) return { ...node, problem: 'dns-error', status: 'error' };
  let answer: DnsAnswer;
  try {
    answer = await w.resolver.query(domain, 'TXT');
  } catch (e) {
    if (path.length === 0) throw e; // the domain itself unreachable: the audit cannot run
    return { ...node, problem: 'dns-error', status: 'error' };
  }
  const texts = answer.records.map((r) => (r.data.type === 'TXT' ? r.data.strings.join('') : ''));
  node.records = texts.filter(isSpfRecord);
  if (answer.status !== 'ok' && answer.status !== 'nodata' && answer.status !== 'nxdomain') {
    return { ...node, problem: 'dns-error', status: answer.status };
  }
  if (node.records.length === 0) return { ...node, problem: 'none', status: answer.status };
  if (node.records.length > 1) return { ...node, problem: 'several' };
  node.record = node.records[0] as string;
  const parsed: ParsedSpf = parseSpf(node.record);
  node.errors = parsed.errors;
  const mechs = mechanisms(parsed);
  const hasAll = mechs.some((m) => m.name === 'all');
  const redirect = hasAll ? undefined : redirectOf(parsed); // §6.1: redirect is ignored when "all" is present
  node.usesPtr = mechs.some((m) => m.name === 'ptr');
  node.lookups = mechs.filter((m) => LOOKUP_MECHANISMS.has(m.name)).length + (redirect ? 1 : 0);

  const sub = [...path, domain];
  const jobs: Promise<void>[] = [];
  for (const m of mechs) {
    if (m.name === 'include' && m.value && !hasMacro(m.value)) {
      jobs.push(walk(w, expand(m.value, domain), 'include', sub).then((c) => void node.children.push(c)));
    } else if ((m.name === 'a' || m.name === 'mx' || m.name === 'exists') && !hasMacro(m.value ?? '')) {
      if (m.name === 'exists' && !m.value) continue;
      const target = expand(m.value ?? '', domain);
      if (!queryable(target)) continue;
      jobs.push(
        targetIsVoid(w, target, m.name).then((v) => {
          if (v) node.voids.push(`${m.name}:${target}`);
        }),
      );
    }
  }
  if (redirect && !hasMacro(redirect)) {
    jobs.push(walk(w, expand(redirect, domain), 'redirect', sub).then((c) => void node.children.push(c)));
  }
  await Promise.all(jobs);
  // Children arrive in completion order; show them in record order (includes first, then redirect).
  const order = (c: SpfNode) =>
    c.via === 'redirect'
      ? Number.MAX_SAFE_INTEGER
      : mechs.findIndex((m) => m.value && expand(m.value, domain) === c.domain);
  node.children.sort((a, b) => order(a) - order(b));
  for (const c of node.children) {
    if (c.problem === 'none' || (c.problem === 'dns-error' && c.status !== 'servfail'))
      node.voids.push(`${c.via}:${c.domain}`);
  }
  return node;
}

function total(n: SpfNode, pick: (n: SpfNode) => number): number {
  return pick(n) + n.children.reduce((s, c) => s + total(c, pick), 0);
}

/** Every node of the tree, depth first. */
export function spfNodes(n: SpfNode): SpfNode[] {
  return [n, ...n.children.flatMap(spfNodes)];
}

/**
 * Fetches `domain`'s SPF record and everything it includes or redirects to.
 *
 * @example
 *   const t = await spfTree(resolver, 'example.org');
 *   t.lookups; // 7 — the worst case a receiver looks up, against the limit of 10
 */
export async function spfTree(resolver: Resolver, domain: string): Promise<SpfTree> {
  const root = await walk({ resolver, nodes: 0 }, domain.toLowerCase().replace(/\.$/, ''), 'root', []);
  return {
    root,
    lookups: total(root, (n) => n.lookups),
    voidLookups: total(root, (n) => n.voids.length),
  };
}
