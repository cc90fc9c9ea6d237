/**
 * One SPF record read term by term (RFC 7208 §4.6, §5, §6), for the report: which mechanisms,
 * which cost a DNS lookup, what is malformed. Evaluation itself is mailauth's (see spf-evaluate.ts);
 * mailauth does not expose its parse, so the few lines of syntax that a report needs live here.
 */
import net from 'node:net';

export type SpfQualifier = '+' | '-' | '~' | '?';

export const SPF_MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
export type SpfMechanismName = (typeof SPF_MECHANISMS)[number];

export interface SpfMechanism {
  kind: 'mechanism';
  qualifier: SpfQualifier;
  /** Whether the qualifier was written out (`+all`) or implied (`all`). */
  explicitQualifier: boolean;
  name: SpfMechanismName;
  /** The domain-spec or address after `:` (without any `/cidr`), if given. */
  value?: string;
  /** The `/cidr` or `//cidr6` suffix, if given. */
  cidr?: string;
  text: string;
}

export interface SpfModifier {
  kind: 'modifier';
  name: string;
  value: string;
  text: string;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export interface ParsedSpf {
  terms: SpfTerm[];
  /** Problems that make receivers answer `permerror`, one sentence each. */
  errors: string[];
}

/** RFC 7208 §4.5: a record is SPF when it is exactly "v=spf1", or starts with "v=spf1 ". */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1( |$)/i.test(text);
}

/** Mechanisms that cost one of the 10 DNS lookups (RFC 7208 §4.6.4), plus `redirect`. */
export const LOOKUP_MECHANISMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

/** §7.1 macro-string: `%{letter digits r delimiters}`, `%%`, `%_`, `%-`. */
const MACRO = /%(\{[slodiphcrtv]\d*r?[.\-+,/_=]*\}|[%_-])/gi;

export function hasMacro(s: string): boolean {
  return s.includes('%');
}

function macroProblem(s: string): string | undefined {
  const rest = s.replace(MACRO, '');
  if (rest.includes('%')) return `bad macro in "${s}"`;
  return undefined;
}

/** A domain-spec (§4.6.1) that is not a macro must be a name with a dot and labels of 1-63 octets. */
function domainProblem(spec: string): string | undefined {
  const m = macroProblem(spec);
  if (m) return m;
  // §7.1: the c, r and t macro letters are allowed only in the explanation text, not in a domain-spec.
  if (/%\{[crt]/i.test(spec)) return `"${spec}": macros %{c}, %{r} and %{t} are allowed only in exp= text`;
  if (hasMacro(spec)) return undefined;
  const d = spec.replace(/\.$/, '');
  const labels = d.split('.');
  if (labels.length < 2 || labels.some((l) => l.length === 0 || l.length > 63)) {
    return `"${spec}" is not a valid domain name`;
  }
  // toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
  const top = labels.at(-1) as string;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(top) || /^\d+$/.test(top)) {
    return `"${spec}" does not end in a valid top-level label`;
  }
  return undefined;
}

function cidrProblem(name: SpfMechanismName, cidr: string | undefined): string | undefined {
  if (cidr === undefined) return undefined;
  const m = /^(?:\/(\d{1,3}))?(?:\/\/(\d{1,3}))?$/.exec(cidr);
  if (!m) return `bad prefix length "${cidr}"`;
  const [, v4, v6] = m;
  const bad = (s: string | undefined, max: number) => s !== undefined && (/^0\d/.test(s) || Number(s) > max);
  if (name === 'ip6') {
    if (v6 !== undefined || bad(v4, 128)) return `bad prefix length "${cidr}"`;
  } else if (name === 'ip4') {
    if (v6 !== undefined || bad(v4, 32)) return `bad prefix length "${cidr}"`;
  } else if (bad(v4, 32) || bad(v6, 128)) {
    return `bad prefix length "${cidr}"`;
  }
  return undefined;
}

function parseMechanism(term: string): { mech: SpfMechanism; error?: string } | { error: string } {
  const q = /^[-+~?]/.test(term) ? (term[0] as SpfQualifier) : undefined;
  const body = q ? term.slice(1) : term;
  const nameText = (/^[a-z0-9]+/i.exec(body)?.[0] ?? '').toLowerCase();
  if (!(SPF_MECHANISMS as readonly string[]).includes(nameText)) {
    return { error: `unknown mechanism "${term}"` };
  }
  const name = nameText as SpfMechanismName;
  const rest = body.slice(nameText.length);
  let value: string | undefined;
  let cidr: string | undefined;
  if (name === 'ip6' && rest.startsWith(':')) {
    const slash = rest.indexOf('/');
    value = slash < 0 ? rest.slice(1) : rest.slice(1, slash);
    cidr = slash < 0 ? undefined : rest.slice(slash);
  } else if (rest.startsWith(':')) {
    const cut = /(\/\/?\d*)+$/.exec(rest);
    value = cut ? rest.slice(1, cut.index) : rest.slice(1);
    cidr = cut ? cut[0] : undefined;
  } else if (rest !== '') {
    if (!rest.startsWith('/')) return { error: `unknown mechanism "${term}"` };
    cidr = rest;
  }
  const mech: SpfMechanism = {
    kind: 'mechanism',
    qualifier: q ?? '+',
    explicitQualifier: q !== undefined,
    name,
    text: term,
    ...(value !== undefined ? { value } : {}),
    ...(cidr !== undefined ? { cidr } : {}),
  };
  let error: string | undefined;
  if (value === '') error = `"${term}" has an empty value after ":"`;
  else if (name === 'all' && (value !== undefined || cidr !== undefined))
    error = `"${term}": all takes no value`;
  else if (name === 'ip4' && (value === undefined || !net.isIPv4(value)))
    error = `"${term}": not an IPv4 address`;
  else if (name === 'ip6' && (value === undefined || !net.isIPv6(value)))
    error = `"${term}": not an IPv6 address`;
  else if ((name === 'include' || name === 'exists') && value === undefined)
    error = `"${term}" needs a domain ("${name}:<domain>")`;
  else if ((name === 'include' || name === 'exists') && cidr !== undefined)
    error = `"${term}": ${name} takes no prefix length`;
  else if (name === 'ptr' && cidr !== undefined) error = `"${term}": ptr takes no prefix length`;
  else if (value !== undefined && name !== 'ip4' && name !== 'ip6') error = domainProblem(value);
  error ??= cidrProblem(name, cidr);
  return error ? { mech, error } : { mech };
}

/**
 * Splits an SPF record into mechanisms and modifiers and lists its syntax errors.
 *
 * @example
 *   parseSpf('v=spf1 mx include:_spf.example.net -all').terms.map((t) => t.text)
 *   // ['mx', 'include:_spf.example.net', '-all']
 */
export function parseSpf(record: string): ParsedSpf {
  const terms: SpfTerm[] = [];
  const errors: string[] = [];
  if (!isSpfRecord(record)) return { terms, errors: [`does not start with "v=spf1"`] };
  if (/[^\x20-\x7e]/.test(record)) errors.push('contains characters other than printable ASCII');
  const seen = new Set<string>();
  for (const term of record.slice('v=spf1'.length).split(' ').filter(Boolean)) {
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term);
    if (mod) {
      const name = (mod[1] as string).toLowerCase();
      const value = mod[2] as string;
      terms.push({ kind: 'modifier', name, value, text: term });
      // §6: redirect and exp may each appear at most once.
      if ((name === 'redirect' || name === 'exp') && seen.has(name)) errors.push(`"${name}=" appears twice`);
      seen.add(name);
      if ((name === 'redirect' || name === 'exp') && value === '') errors.push(`"${term}" has no value`);
      else if (name === 'redirect' || name === 'exp') {
        const p = domainProblem(value);
        if (p) errors.push(p);
      } else {
        const p = macroProblem(value);
        if (p) errors.push(p);
      }
      continue;
    }
    const parsed = parseMechanism(term);
    if ('mech' in parsed) terms.push(parsed.mech);
    if (parsed.error) errors.push(parsed.error);
  }
  return { terms, errors };
}

/** The mechanisms of a parsed record (modifiers left out). */
export function mechanisms(p: ParsedSpf): SpfMechanism[] {
  return p.terms.filter((t): t is SpfMechanism => t.kind === 'mechanism');
}

/** The `redirect=` target, if any. */
export function redirectOf(p: ParsedSpf): string | undefined {
  const r = p.terms.find((t): t is SpfModifier => t.kind === 'modifier' && t.name === 'redirect');
  return r?.value;
}
